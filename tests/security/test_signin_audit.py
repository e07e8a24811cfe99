"""Sign-ins, sign-outs, failures, lockouts and account changes are appended to the audit chain,
without a password or a mistyped name ever being written to it."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from asmtp.audit.models import AuditEntry
from asmtp.audit.services import verify_audit_chain
from asmtp.security.signin_audit import name_digest
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/en/accounts/login/"
WRONG = "Tr0ub4dor&3-not-mine"
NEW_PASSWORD = "a different horse, battery and staple 2027"


def _sign_in(client, name: str, password: str, ip: str = "10.0.0.7"):
    return client.post(LOGIN, {"username": name, "password": password}, REMOTE_ADDR=ip)


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def the_whole_log() -> str:
    return json.dumps(
        list(AuditEntry.objects.values("actor_label", "object_id", "data")), ensure_ascii=False, default=str
    )


def chain_intact() -> bool:
    return verify_audit_chain()[1] == []


def test_a_sign_in_is_recorded_with_the_account_and_address(client, applicant):
    assert _sign_in(client, applicant.email, PASSWORD).status_code == 302
    [entry] = entries("account.signed_in")
    assert (entry.actor_id, entry.object_id, entry.data) == (
        applicant.pk,
        str(applicant.pk),
        {"ip": "10.0.0.7"},
    )
    assert chain_intact()


def test_a_sign_out_is_recorded(client, applicant):
    _sign_in(client, applicant.email, PASSWORD)
    client.post("/en/accounts/logout/")
    [entry] = entries("account.signed_out")
    assert entry.actor_id == applicant.pk
    assert chain_intact()


def test_a_failed_sign_in_names_the_account_but_never_the_password(client, applicant):
    _sign_in(client, applicant.email.upper(), WRONG)
    [entry] = entries("account.sign_in_failed")
    assert entry.object_id == str(applicant.pk)
    assert entry.data == {"name_digest": name_digest(applicant.email), "ip": "10.0.0.7"}
    assert WRONG not in the_whole_log()
    assert chain_intact()


def test_a_name_with_no_account_is_kept_only_as_a_digest(client, applicant):
    _sign_in(client, "nobody.here@example.cn", WRONG)
    # The admin's form takes any text: people type their password into the name field.
    client.post("/en/admin/login/", {"username": "MySecretPassphrase2026", "password": WRONG})
    unknown, typed = entries("account.sign_in_failed")
    assert (unknown.object_id, unknown.data["name_digest"]) == ("", name_digest("nobody.here@example.cn"))
    assert (typed.object_id, typed.data["name_digest"]) == ("", name_digest("mysecretpassphrase2026"))
    log = the_whole_log().lower()
    assert "nobody.here" not in log and "mysecretpassphrase2026" not in log


def test_a_try_refused_by_the_accounts_delay_is_recorded_as_a_lockout(client, applicant):
    for _ in range(5):
        _sign_in(client, applicant.email, WRONG)
    assert len(entries("account.sign_in_failed")) == 5
    assert _sign_in(client, applicant.email, PASSWORD).status_code == 429
    [locked] = entries("account.locked_out")
    assert (locked.object_id, locked.data["ip"]) == (str(applicant.pk), "10.0.0.7")
    assert not entries("account.signed_in")
    assert WRONG not in the_whole_log() and PASSWORD not in the_whole_log()
    assert chain_intact()


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_a_password_reset_through_the_mailed_link_is_recorded(client, applicant, mailoutbox, run_jobs):
    client.post("/en/accounts/password/reset/", {"email": applicant.email})
    run_jobs()
    link = re.search(r"/en/accounts/password/reset/[^/\s]+/[^/\s]+/", mailoutbox[0].body).group(0)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    [entry] = entries("account.password_changed")
    assert entry.object_id == str(applicant.pk)
    assert NEW_PASSWORD not in the_whole_log()
    assert chain_intact()


def test_a_password_changed_anywhere_else_is_recorded_too(applicant):
    applicant.set_password(NEW_PASSWORD)
    applicant.save()
    applicant.first_name = "Wai"
    applicant.save()  # no new password this time
    assert len(entries("account.password_changed")) == 1


def test_a_new_account_is_not_a_password_change(db):
    from tests.personas import make_user

    make_user("new.person@example.cn", "applicant")
    assert not entries("account.password_changed")


@override_settings(ASMTP_REQUIRE_STAFF_2FA=True)
def test_two_factor_enrolment_is_recorded(client, officer):
    client.force_login(officer)
    client.get("/en/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    client.post("/en/accounts/two-factor/setup/", {"token": f"{totp(device.bin_key):06d}"})
    [entry] = entries("security.two_factor_enrolled")
    assert entry.actor_id == officer.pk
    assert chain_intact()


def test_disabling_and_enabling_an_account_are_recorded(applicant):
    applicant.is_active = False
    applicant.save()
    applicant.save()  # saved again, still disabled: nothing new
    applicant.is_active = True
    applicant.save(update_fields=["is_active"])
    assert [e.action for e in AuditEntry.objects.filter(object_id=str(applicant.pk)).order_by("id")] == [
        "account.disabled",
        "account.enabled",
    ]
    assert chain_intact()
