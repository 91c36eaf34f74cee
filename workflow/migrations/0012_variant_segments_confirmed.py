"""Variant.segments_confirmed: the sentences a person has confirmed, counted for every
existing version from its segments (segments.is_confirmed: a person's text)."""

from django.db import migrations, models
from django.db.models import Count, Q


def count_confirmed(apps, schema_editor):
    Variant = apps.get_model("workflow", "Variant")
    counted = Variant.objects.annotate(n=Count("segments", filter=Q(segments__origin="human")))
    for variant in counted.filter(n__gt=0).only("pk"):
        Variant.objects.filter(pk=variant.pk).update(segments_confirmed=variant.n)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0011_search_order")]

    operations = [
        migrations.AddField(
            model_name="variant",
            name="segments_confirmed",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_confirmed, migrations.RunPython.noop),
    ]
