"""Staff recovery codes: ten single-use codes, shown once, kept only as hashes, renewable."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from asmtp.audit.models import AuditEntry
from asmtp.security.models import RecoveryCode

pytestmark = pytest.mark.django_db
CODES_PAGE = "/en/accounts/two-factor/recovery-codes/"
USE = "/en/accounts/two-factor/recovery/"
CODE = re.compile(r"<code>([0-9A-Z]{5}-[0-9A-Z]{5})</code>")


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.ASMTP_REQUIRE_STAFF_2FA = True


def _enrol_app(client: Client, officer) -> list[str]:
    """Enrol an authenticator app through the setup page; the codes page follows, shown once."""
    client.force_login(officer)
    client.get("/en/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post("/en/accounts/two-factor/setup/", {"token": f"{totp(device.bin_key):06d}", "next": "/en/workbench/"})
    assert response["Location"].startswith(CODES_PAGE)
    page = client.get(response["Location"]).content.decode()
    return CODE.findall(page)


def _password_only(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def test_ten_codes_are_shown_once_at_enrolment_and_kept_only_as_hashes(client, officer):
    codes = _enrol_app(client, officer)
    assert len(codes) == len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(code_set__user=officer).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(code in h or code.replace("-", "") in h for code in codes for h in stored)
    again = client.get(CODES_PAGE).content.decode()
    assert CODE.findall(again) == []
    assert "You have 10 unused recovery codes." in again
    assert AuditEntry.objects.filter(action="security.recovery_codes_generated", actor_id=officer.pk).count() == 1


def test_a_recovery_code_passes_the_second_step_once_and_each_use_is_audited(client, officer):
    code = _enrol_app(client, officer)[0]
    first = _password_only(officer)
    assert first.get("/en/workbench/").status_code == 302
    response = first.post(USE, {"code": code, "next": "/en/workbench/"})
    assert response["Location"] == "/en/workbench/"
    assert first.get("/en/workbench/").status_code == 200
    entry = AuditEntry.objects.filter(action="security.recovery_code_used", actor_id=officer.pk).get()
    assert entry.data["left"] == 9

    second = _password_only(officer)
    response = second.post(USE, {"code": code, "next": "/en/workbench/"})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert second.get("/en/workbench/").status_code == 302


def test_a_code_typed_in_small_letters_without_its_dash_still_works(client, officer):
    code = _enrol_app(client, officer)[3]
    other = _password_only(officer)
    response = other.post(USE, {"code": code.replace("-", "").lower(), "next": "/en/workbench/"})
    assert response["Location"] == "/en/workbench/"


def test_new_codes_void_every_old_one(client, officer):
    old = _enrol_app(client, officer)
    page = client.post(CODES_PAGE, {"next": "/en/workbench/"}).content.decode()
    new = CODE.findall(page)
    assert len(new) == 10 and not set(new) & set(old)
    assert AuditEntry.objects.filter(action="security.recovery_codes_regenerated", actor_id=officer.pk).exists()
    stale = _password_only(officer)
    assert stale.post(USE, {"code": old[0], "next": "/en/workbench/"}).status_code == 400
    assert stale.get("/en/workbench/").status_code == 302
    assert stale.post(USE, {"code": new[0], "next": "/en/workbench/"}).status_code == 302


def test_a_password_only_session_can_neither_see_nor_renew_the_codes(client, officer):
    old = _enrol_app(client, officer)
    stranger = _password_only(officer)
    response = stranger.post(CODES_PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/two-factor/?")
    assert stranger.post(USE, {"code": old[0]}).status_code == 302  # the old codes still work


def test_a_wrong_code_is_refused_with_a_message_in_the_readers_language(client, officer):
    _enrol_app(client, officer)
    other = _password_only(officer)
    response = other.post("/zh-hans/accounts/two-factor/recovery/", {"code": "AAAAA-AAAAA"})
    assert response.status_code == 400
    assert "恢复码" in response.content.decode()
    assert AuditEntry.objects.filter(action="security.two_factor_failed", actor_id=officer.pk).exists()
