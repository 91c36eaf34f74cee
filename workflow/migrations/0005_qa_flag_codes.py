"""Stored QA flags become a code and parameters instead of an English sentence, so the desk
can show them in each person's interface language."""

from django.db import migrations

from translations import legacy_flags

BATCH = 500


def _rewrite(apps, change):
    Segment = apps.get_model("workflow", "Segment")
    pks = list(Segment.objects.order_by("pk").values_list("pk", flat=True))
    # In batches read whole before any is written: no cursor stays open across the updates.
    for start in range(0, len(pks), BATCH):
        rows = Segment.objects.filter(pk__in=pks[start : start + BATCH]).only("pk", "qa_flags")
        changed = []
        for segment in rows:
            flags = change(segment.qa_flags or [])
            if flags != segment.qa_flags:
                segment.qa_flags = flags
                changed.append(segment)
        Segment.objects.bulk_update(changed, ["qa_flags"])


def to_codes(apps, schema_editor):
    _rewrite(apps, legacy_flags.convert)


def to_sentences(apps, schema_editor):
    _rewrite(apps, legacy_flags.revert)


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0004_revisions"),
    ]

    operations = [
        migrations.RunPython(to_codes, to_sentences),
    ]
