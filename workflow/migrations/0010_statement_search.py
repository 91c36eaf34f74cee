"""Search text per statement and language (workflow.search), filled for what is live now.

On PostgreSQL both columns get a trigram index (pg_trgm, GIN), which serves the LIKE '%…%'
lookups of reader search; SQLite scans the one narrow table.
"""

import django.db.models.deletion
from django.db import migrations, models

from translations import languages

_INDEXES = {
    "workflow_statementsearch_text_trgm": "text",
    "workflow_statementsearch_latin_trgm": "latin",
}


def fill(apps, schema_editor):
    from workflow.search import SEARCHED_FIELDS, search_values

    Statement = apps.get_model("workflow", "Statement")
    Variant = apps.get_model("workflow", "Variant")
    StatementSearch = apps.get_model("workflow", "StatementSearch")
    live = set(
        Variant.objects.filter(published_at__isnull=False)
        .exclude(state="withdrawn")
        .values_list("statement_id", "language")
    )
    rows = []
    for statement in Statement.objects.filter(withdrawn_at__isnull=True).iterator():
        for code in languages.CODES:
            if (statement.pk, code) not in live:
                continue
            text = {name: getattr(statement, f"{name}_{code}") for name in SEARCHED_FIELDS}
            rows.append(
                StatementSearch(statement_id=statement.pk, language=code, **search_values(text, code))
            )
    StatementSearch.objects.bulk_create(rows, batch_size=1000)


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in _INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX {name} ON workflow_statementsearch USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")



class Migration(migrations.Migration):

    dependencies = [
        ('workflow', '0009_variant_lease'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatementSearch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('en', 'English'), ('hi', 'Hindi'), ('bn', 'Bengali'), ('ur', 'Urdu')], max_length=5)),
                ('text', models.TextField()),
                ('latin', models.TextField(blank=True, default='')),
                ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workflow.statement')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('statement', 'language'), name='one_search_text_per_language')],
            },
        ),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
