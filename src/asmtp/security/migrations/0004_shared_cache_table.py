"""The table of Django's database cache (settings.CACHES), where the rate limits are counted.

Made here, not by a separate `createcachetable` step, so every way the schema is brought up
to date (`asmtp serve`, `asmtp manage migrate`, a restore followed by migrate, the test
databases) has it. `createcachetable` leaves a table that exists alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("security", "0003_staff_passkeys_and_recovery_codes")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
