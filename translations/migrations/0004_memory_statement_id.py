"""A memory unit names its statement by id, not by a foreign key into the workflow.

translations/ must not depend on workflow/. The ids are kept: the foreign key is renamed
out of the way (and its index dropped, so the new column's index can take the name),
the plain column is added and filled from it, and then the foreign key is removed.
Reversed, only ids of statements that still exist go back into the foreign key.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def copy_to_plain_id(apps, schema_editor):
    MemoryUnit = apps.get_model("translations", "MemoryUnit")
    MemoryUnit.objects.exclude(statement_fk=None).update(statement_id=F("statement_fk"))


def copy_to_foreign_key(apps, schema_editor):
    MemoryUnit = apps.get_model("translations", "MemoryUnit")
    Statement = apps.get_model("workflow", "Statement")
    MemoryUnit.objects.filter(statement_id__in=Statement.objects.values("pk")).update(
        statement_fk=F("statement_id")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("translations", "0003_memory_token_rowid"),
    ]

    operations = [
        migrations.RenameField(
            model_name="memoryunit",
            old_name="statement",
            new_name="statement_fk",
        ),
        migrations.AlterField(
            model_name="memoryunit",
            name="statement_fk",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="workflow.statement",
            ),
        ),
        migrations.AddField(
            model_name="memoryunit",
            name="statement_id",
            field=models.PositiveBigIntegerField(blank=True, db_index=True, null=True),
        ),
        migrations.RunPython(copy_to_plain_id, copy_to_foreign_key),
        migrations.RemoveField(
            model_name="memoryunit",
            name="statement_fk",
        ),
    ]
