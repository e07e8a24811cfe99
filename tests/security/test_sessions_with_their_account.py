"""Sessions keep the signed-in account as a column (Django's documented session extension), so an
account's sessions end with one indexed delete; every check Django makes on a session's user is made."""

from __future__ import annotations

import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asmtp.security.models import SignedInSession
from asmtp.security.sessions import end_sessions_of
from tests.integration.perf.factories import submitted_case

pytestmark = pytest.mark.django_db


def _session_row(client) -> SignedInSession:
    return SignedInSession.objects.get(session_key=client.session.session_key)


def test_signing_in_stores_the_account_beside_the_session(client, applicant):
    client.force_login(applicant)
    assert _session_row(client).user_id == applicant.pk


def test_signing_out_leaves_no_session_of_the_account(client, applicant):
    client.force_login(applicant)
    client.post("/en/accounts/logout/")
    assert not SignedInSession.objects.filter(user_id=applicant.pk).exists()


def test_a_signed_in_status_request_reads_the_session_the_user_the_case_and_its_events_once_each(client, applicant):
    case = submitted_case(applicant)
    client.force_login(applicant)
    client.get(f"/api/v1/cases/{case.reference}/status")  # the first request stamps the session's times
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/cases/{case.reference}/status")
    assert response.status_code == 200
    assert response.json()["reference"] == case.reference
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 4, statements  # Django's session read, Django's user read, the case, its events
    tables = ("security_session", "accounts_user", "cases_application", "cases_caseevent")
    assert [sum(f'FROM "{table}"' in sql for sql in statements) for table in tables] == [1, 1, 1, 1]


def test_a_tampered_account_column_shows_no_one_elses_case(client, applicant, other_applicant):
    """Who is signed in is decided by the signed session data, never by the account column."""
    theirs = submitted_case(other_applicant)
    client.force_login(applicant)
    SignedInSession.objects.filter(session_key=client.session.session_key).update(user_id=other_applicant.pk)
    assert client.get(f"/api/v1/cases/{theirs.reference}/status").status_code == 404


def test_a_disabled_account_is_signed_out_at_its_next_request(client, applicant):
    client.force_login(applicant)
    assert client.get("/en/portal/").status_code == 200
    type(applicant).objects.filter(pk=applicant.pk).update(is_active=False)
    response = client.get("/en/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_a_changed_password_ends_the_other_sessions(client, applicant):
    client.force_login(applicant)
    assert client.get("/en/portal/").status_code == 200
    applicant.set_password("a completely different passphrase 42")
    applicant.save(update_fields=["password"])
    response = client.get("/en/portal/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_a_session_whose_account_was_deleted_is_deleted_with_it(client, applicant):
    client.force_login(applicant)
    key = client.session.session_key
    applicant.delete()
    assert not SignedInSession.objects.filter(session_key=key).exists()


def test_ending_the_sessions_of_one_account_leaves_the_others_signed_in(client, applicant, other_applicant):
    from django.test import Client

    theirs = Client()
    theirs.force_login(other_applicant)
    client.force_login(applicant)
    second = Client()
    second.force_login(applicant)
    assert end_sessions_of(applicant) == 2
    assert client.get("/en/portal/").status_code == 302
    assert second.get("/en/portal/").status_code == 302
    assert theirs.get("/en/portal/").status_code == 200


def test_a_session_row_whose_data_names_another_account_signs_nobody_in_as_the_column_says(client, applicant, other_applicant):
    """The user column only saves a query: the account is still the one the signed data names."""
    client.force_login(applicant)
    SignedInSession.objects.filter(session_key=client.session.session_key).update(user_id=other_applicant.pk)
    response = client.get("/en/portal/")
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == applicant.pk


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_moves_open_sessions_across_with_their_account(applicant):
    """The migration's copy of Django's session table: open sessions kept, signed in as before."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.sessions.models import Session

    migration = import_module("asmtp.security.migrations.0002_signed_in_sessions")
    encoder = SessionBase()
    later = timezone.now() + timezone.timedelta(hours=1)
    Session.objects.create(session_key="a" * 32, expire_date=later, session_data=encoder.encode(
        {SESSION_KEY: str(applicant.pk), HASH_SESSION_KEY: applicant.get_session_auth_hash()}))
    Session.objects.create(session_key="b" * 32, expire_date=later, session_data=encoder.encode({"django_language": "zh-hant"}))
    Session.objects.create(session_key="c" * 32, expire_date=timezone.now() - timezone.timedelta(hours=1),
                           session_data=encoder.encode({SESSION_KEY: str(applicant.pk)}))
    migration.copy_open_sessions(apps, None)
    moved = {s.session_key: s.user_id for s in SignedInSession.objects.all()}
    assert moved == {"a" * 32: applicant.pk, "b" * 32: None}
    assert not Session.objects.exists()


def test_the_daily_retention_run_deletes_expired_sessions_and_keeps_open_ones(client, applicant, capsys):
    from asmtp.cli import main

    client.force_login(applicant)
    open_key = client.session.session_key
    SignedInSession.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - timezone.timedelta(seconds=1),
                                   user_id=applicant.pk)
    assert main(["privacy", "retention"]) == 0
    assert "and 1 expired session(s)" in capsys.readouterr().out
    assert list(SignedInSession.objects.values_list("session_key", flat=True)) == [open_key]


def test_a_database_lost_while_the_session_is_saved_gets_the_outage_page_not_a_bare_400(applicant, monkeypatch):
    """Django reads any error on updating a session as "deleted meanwhile" and answers a bare 400;
    a lost connection is an outage, and the user is told so (503, retry) in their language."""
    from django.db import OperationalError
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(applicant)

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SignedInSession, "save", connection_lost)
    response = client.get("/zh-hans/portal/")  # the first request stamps the session's times: a save
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"] == "30"
    assert "服务暂时无法使用" in response.content.decode()


def test_a_session_deleted_while_its_request_ran_is_still_djangos_own_answer(applicant, monkeypatch):
    from django.contrib.sessions.backends.base import UpdateError

    from asmtp.security.session_store import SessionStore

    store = SessionStore()
    store["note"] = "kept"
    store.save(must_create=True)
    SignedInSession.objects.filter(session_key=store.session_key).delete()
    store["note"] = "changed"
    with pytest.raises(UpdateError):
        store.save()
