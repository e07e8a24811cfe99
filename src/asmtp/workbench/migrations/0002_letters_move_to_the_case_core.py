"""Letters moved to the case core (`cases` 0007): the workbench forgets the model; the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0001_letters_policy_flags"),
        ("cases", "0007_letters_move_to_the_case_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Letter")], database_operations=[]),
    ]
