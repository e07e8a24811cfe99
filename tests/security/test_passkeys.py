"""Staff passkeys (WebAuthn) as a second factor: enrolment, sign-in, refusals and removal.

A software authenticator (tests/security/soft_authenticator.py) answers as a browser would;
py_webauthn on the server checks every answer.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from asmtp.audit.models import AuditEntry
from asmtp.security.models import StaffPasskey
from tests.security.soft_authenticator import SoftAuthenticator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.ASMTP_REQUIRE_STAFF_2FA = True

REGISTER_OPTIONS = "/en/accounts/two-factor/passkeys/new/options/"
REGISTER = "/en/accounts/two-factor/passkeys/new/"
SIGN_IN_OPTIONS = "/en/accounts/two-factor/passkey/options/"
SIGN_IN = "/en/accounts/two-factor/passkey/"


def _post_json(client: Client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _enrol(client: Client, authenticator: SoftAuthenticator, name: str = "Work laptop", **create_args):
    options = _post_json(client, REGISTER_OPTIONS).json()
    return _post_json(client, f"{REGISTER}?next=/en/workbench/", {"credential": authenticator.create(options, **create_args), "name": name})


def _sign_in_with(client: Client, authenticator: SoftAuthenticator, origin: str = "http://testserver"):
    options = _post_json(client, SIGN_IN_OPTIONS).json()
    return _post_json(client, f"{SIGN_IN}?next=/en/workbench/", {"credential": authenticator.get(options, origin=origin)})


@pytest.fixture
def enrolled(officer):
    """An officer with one passkey, enrolled through the pages; a fresh session signed in by password only."""
    authenticator = SoftAuthenticator()
    first = Client()
    first.force_login(officer)
    assert _enrol(first, authenticator).status_code == 200
    client = Client()
    client.force_login(officer)
    return client, authenticator


def test_an_officer_enrols_a_passkey_and_that_session_passes_the_second_step(client, officer):
    client.force_login(officer)
    assert client.get("/en/workbench/").status_code == 302
    options = _post_json(client, REGISTER_OPTIONS).json()
    assert options["rp"]["id"] == "testserver"
    assert options["attestation"] == "none"
    authenticator = SoftAuthenticator()
    response = _post_json(client, f"{REGISTER}?next=/en/workbench/", {"credential": authenticator.create(options), "name": "Work laptop"})
    assert response.status_code == 200
    # The first factor goes on to the recovery codes, which are shown once, now.
    assert response.json()["redirect"].startswith("/en/accounts/two-factor/recovery-codes/")
    passkey = StaffPasskey.objects.get(user=officer)
    assert passkey.credential_id == authenticator.credential_id_text
    assert passkey.name == "Work laptop"
    assert passkey.transports == ["usb", "nfc"]
    assert passkey.created_at is not None and passkey.last_used_at is None
    assert AuditEntry.objects.filter(action="security.passkey_enrolled", actor_id=officer.pk).exists()
    assert client.get("/en/workbench/").status_code == 200


def test_a_passkey_signs_an_officer_in_instead_of_a_code_from_the_app(enrolled, officer):
    client, authenticator = enrolled
    assert client.get("/en/workbench/").status_code == 302
    page = client.get("/en/accounts/two-factor/?next=/en/workbench/").content.decode()
    assert "data-passkey=\"sign_in\"" in page and "security/passkeys.js" in page
    assert 'name="token"' not in page  # no app enrolled: no code to type
    response = _sign_in_with(client, authenticator)
    assert response.status_code == 200
    assert response.json() == {"redirect": "/en/workbench/"}
    assert client.get("/en/workbench/").status_code == 200
    passkey = StaffPasskey.objects.get(user=officer)
    assert passkey.sign_count == 1 and passkey.last_used_at is not None
    entry = AuditEntry.objects.filter(action="security.two_factor_verified", actor_id=officer.pk).latest("pk")
    assert entry.data["method"] == "passkey"


def test_an_answer_made_for_another_site_is_refused(enrolled, officer):
    client, authenticator = enrolled
    response = _sign_in_with(client, authenticator, origin="https://asmtp.example.org")
    assert response.status_code == 400
    assert "not accepted" in response.json()["error"]["message"]
    assert client.get("/en/workbench/").status_code == 302
    assert AuditEntry.objects.filter(action="security.two_factor_failed", actor_id=officer.pk).exists()


def test_a_replayed_answer_is_refused_because_its_challenge_served_once(enrolled, officer):
    client, authenticator = enrolled
    options = _post_json(client, SIGN_IN_OPTIONS).json()
    answer = authenticator.get(options)
    assert _post_json(client, SIGN_IN, {"credential": answer}).status_code == 200
    other = Client()
    other.force_login(officer)
    _post_json(other, SIGN_IN_OPTIONS)
    assert _post_json(other, SIGN_IN, {"credential": answer}).status_code == 400
    assert other.get("/en/workbench/").status_code == 302


def test_a_cloned_authenticator_whose_count_went_backwards_is_refused(enrolled, officer):
    client, authenticator = enrolled
    assert _sign_in_with(client, authenticator).status_code == 200
    authenticator.sign_count = 0  # a copy of the key that has not seen the original's uses
    again = Client()
    again.force_login(officer)
    assert _sign_in_with(again, authenticator).status_code == 400
    assert again.get("/en/workbench/").status_code == 302


def test_someone_elses_passkey_does_not_sign_an_officer_in(enrolled, senior_officer):
    _client, authenticator = enrolled
    theirs = Client()
    theirs.force_login(senior_officer)
    assert _enrol(theirs, SoftAuthenticator()).status_code == 200
    client = Client()
    client.force_login(senior_officer)
    assert _sign_in_with(client, authenticator).status_code == 400
    assert client.get("/en/workbench/").status_code == 302


def test_a_registration_for_another_relying_party_is_refused_and_nothing_is_stored(client, officer):
    client.force_login(officer)
    response = _enrol(client, SoftAuthenticator(), rp_id="asmtp.example.org")
    assert response.status_code == 400
    assert not StaffPasskey.objects.exists()
    assert AuditEntry.objects.filter(action="security.passkey_refused", actor_id=officer.pk).exists()


def test_a_password_only_session_cannot_add_a_passkey_to_an_account_with_a_second_factor(client, officer):
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(officer)
    assert _post_json(client, REGISTER_OPTIONS).status_code == 403
    assert _post_json(client, REGISTER, {"credential": {}}).status_code == 403
    assert not StaffPasskey.objects.exists()


@override_settings(ASMTP_WEBAUTHN_RP_ID="asmtp.example.org", ALLOWED_HOSTS=["asmtp.example.org"])
def test_the_relying_party_id_can_be_set_for_the_whole_site(officer):
    client = Client(HTTP_HOST="asmtp.example.org")
    client.force_login(officer)
    options = _post_json(client, REGISTER_OPTIONS).json()
    assert options["rp"]["id"] == "asmtp.example.org"


def test_removing_a_passkey_is_audited_and_it_signs_no_one_in_afterwards(enrolled, officer):
    client, authenticator = enrolled
    second = SoftAuthenticator()
    assert _sign_in_with(client, authenticator).status_code == 200
    assert _enrol(client, second, name="Blue key").status_code == 200
    passkey = StaffPasskey.objects.get(user=officer, credential_id=authenticator.credential_id_text)
    response = client.post(f"/en/accounts/two-factor/passkeys/{passkey.pk}/remove/")
    assert response.status_code == 302
    assert not StaffPasskey.objects.filter(pk=passkey.pk).exists()
    entry = AuditEntry.objects.get(action="security.passkey_removed", actor_id=officer.pk)
    assert entry.data["name"] == "Work laptop"
    fresh = Client()
    fresh.force_login(officer)
    assert _sign_in_with(fresh, authenticator).status_code == 400


def test_the_only_second_factor_cannot_be_removed(enrolled, officer):
    client, authenticator = enrolled
    _sign_in_with(client, authenticator)
    passkey = StaffPasskey.objects.get(user=officer)
    response = client.post(f"/en/accounts/two-factor/passkeys/{passkey.pk}/remove/", follow=True)
    assert "This is your only way to confirm it is you" in response.content.decode()
    assert StaffPasskey.objects.filter(pk=passkey.pk).exists()


def test_a_password_only_session_cannot_remove_a_passkey(enrolled, officer):
    client, _authenticator = enrolled
    passkey = StaffPasskey.objects.get(user=officer)
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    response = client.post(f"/en/accounts/two-factor/passkeys/{passkey.pk}/remove/")
    assert response["Location"].startswith("/en/accounts/two-factor/?")
    assert StaffPasskey.objects.filter(pk=passkey.pk).exists()


def test_the_methods_page_lists_passkeys_in_the_readers_language(enrolled, officer):
    client, authenticator = enrolled
    _sign_in_with(client, authenticator)
    page = client.get("/zh-hant/accounts/two-factor/methods/").content.decode()
    assert "Work laptop" in page
    assert "通行密鑰" in page


def test_an_administrator_removes_a_lost_passkey_in_the_admin_and_it_is_audited(enrolled, officer, administrator, settings):
    settings.ASMTP_REQUIRE_STAFF_2FA = False  # the administrator's own second step is not what is tested here
    passkey = StaffPasskey.objects.get(user=officer)
    admin = Client()
    admin.force_login(administrator)
    response = admin.post(f"/en/admin/security/staffpasskey/{passkey.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not StaffPasskey.objects.filter(pk=passkey.pk).exists()
    entry = AuditEntry.objects.get(action="security.passkey_removed")
    assert entry.actor_id == administrator.pk and entry.object_id == str(officer.pk)
