"""On PostgreSQL the database refuses TRUNCATE of the audit table too, as it refuses UPDATE and
DELETE of its rows (0002): one statement would otherwise empty the log without a row trigger
firing. The table's owner can still drop the trigger; the signed checkpoints outside the database
(ADR 0004) are what catch that. Test databases disable this trigger after migrating, since Django
empties tables between tests with TRUNCATE (tests/conftest.py).
"""

from django.db import migrations

CREATE = """
CREATE TRIGGER audit_auditentry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_on_postgresql")]
    operations = [migrations.RunPython(forwards, backwards)]
