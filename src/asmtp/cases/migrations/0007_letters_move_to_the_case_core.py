"""Letters belong to the case core (issue 23): the model moves from the workbench to `cases`.

State only: the table keeps its name (`workbench_letter`, set in the model's Meta), its rows,
its indexes and its constraints; nothing is copied or rebuilt. The workbench's migration 0002
removes the model from its own state after this one adds it here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_ready_to_issue_index"),
        ("workbench", "0001_letters_policy_flags"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Letter",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("acknowledgement", "Acknowledgement"), ("information_request", "Request for information"), ("approval", "Approval"), ("refusal", "Refusal")], max_length=24)),
                        ("key", models.CharField(max_length=80, unique=True)),
                        ("language", models.CharField(max_length=10)),
                        ("subject", models.CharField(max_length=200)),
                        ("body", models.TextField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("emailed_at", models.DateTimeField(blank=True, null=True)),
                        ("application", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="letters", to="cases.application")),
                    ],
                    options={"ordering": ["application", "id"], "db_table": "workbench_letter"},
                ),
            ],
            database_operations=[],
        ),
    ]
