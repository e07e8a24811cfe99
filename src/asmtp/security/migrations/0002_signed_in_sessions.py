"""Sessions move to `security_session`, which keeps the signed-in account as a column.

The open sessions in Django's `django_session` are copied across with their account read from
their data, and removed from the old table, so nobody is signed out by the upgrade and no session
is kept twice.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_open_sessions(apps, schema_editor):
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils import timezone

    from asmtp.security.session_store import account_id_in

    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("security", "SignedInSession")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    decoder = SessionBase()
    old = Old.objects.filter(expire_date__gt=timezone.now())
    for batch_start in range(0, old.count(), 1000):
        batch = [(s, account_id_in(decoder.decode(s.session_data)))
                 for s in old.order_by("session_key")[batch_start:batch_start + 1000]]
        known = set(User.objects.filter(pk__in={user for _s, user in batch} - {None}).values_list("pk", flat=True))
        New.objects.bulk_create([
            New(session_key=s.session_key, session_data=s.session_data, expire_date=s.expire_date,
                user_id=user if user in known else None)
            for s, user in batch
        ], ignore_conflicts=True)
    Old.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('security', '0001_idempotency_records'),
        ('sessions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SignedInSession',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'db_table': 'security_session',
                'abstract': False,
            },
        ),
        migrations.RunPython(copy_open_sessions, migrations.RunPython.noop),
    ]
