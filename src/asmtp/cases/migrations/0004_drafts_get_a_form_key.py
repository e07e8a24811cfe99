"""Drafts opened from an employer's offer code (a new application or a change of employment) were
created without the form key that submitting checks, so they could never be submitted ("Idempotency
key: This field is required."). Give every such draft its own key, as the portal's "new
application" does; drafts that already have one keep it. Safe to run with the old code still
serving: it only fills an empty column.
"""

import uuid

from django.db import migrations
from django.db.models import Q


def give_drafts_a_form_key(apps, schema_editor):
    Application = apps.get_model("cases", "Application")
    keyless = Application.objects.filter(Q(idempotency_key__isnull=True) | Q(idempotency_key=""), status="draft")
    for pk in keyless.values_list("pk", flat=True).iterator():
        Application.objects.filter(pk=pk).update(idempotency_key=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_queue_filter_statistics")]

    operations = [migrations.RunPython(give_drafts_a_form_key, migrations.RunPython.noop)]
