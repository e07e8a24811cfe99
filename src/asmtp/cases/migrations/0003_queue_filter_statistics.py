"""Queues at a million cases: two more indexes (industry with outcome; an officer's open cases), and PostgreSQL statistics on how the
filtered columns go together.

Without the statistics, PostgreSQL multiplies the selectivities of status, industry, outcome,
Talent List and "unassigned" as if they were independent, expects a handful of rows, and picks a
bitmap scan plus sort over ~100,000 rows instead of reading the index in id order and stopping
after one page (benchmarks/queue_bench.py: 468 ms against 14 ms on a loaded machine).
"""

from django.db import migrations, models

STATISTICS = "case_queue_stats"
COLUMNS = "status, industry, rules_outcome, assigned_officer_id, talent_list_profession"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv, dependencies) ON {COLUMNS} FROM cases_application")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0002_queue_filter_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["status", "industry", "rules_outcome", "id"], name="case_status_ind_outcome_id"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(status__in=["submitted", "assessing", "recommended", "awaiting_applicant"]),
                fields=["assigned_officer", "id"],
                name="case_open_officer_id",
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
