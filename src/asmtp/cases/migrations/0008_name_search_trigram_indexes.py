"""The officers' search by part of a name, as an index read on PostgreSQL.

The workbench's search matches part of the principal's name (`icontains`: PostgreSQL's
``UPPER(name::text) LIKE UPPER('%...%')``), which no B-tree index can answer: over a million
cases it was a sequential scan (`python -m benchmarks pages`: 257 ms for one search, 9 ms with
this index). A trigram GIN index
on the same expression (PostgreSQL's `pg_trgm`, a trusted extension the database's owner may
create) turns it into an index read. SQLite has no such index and keeps its scan; its caseloads
are a demo's.
"""

from django.db import migrations

INDEXES = {"case_name_en_trgm": "name_en", "case_name_zh_trgm": "name_zh"}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        # The very expression Django writes for icontains, so the planner can use the index.
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON cases_application USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_letters_move_to_the_case_core"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
