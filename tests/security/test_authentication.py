"""Authentication: Argon2id, password rules, throttled sign-in without enumeration, staff
two-factor sign-in, session lifetimes and disabled accounts."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from asmtp.audit.models import AuditEntry
from asmtp.security.sessions import SEEN_KEY, STARTED_KEY, end_sessions_of
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/en/accounts/login/"


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _sign_in(client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_passwords_are_stored_with_argon2id(applicant):
    assert applicant.password.startswith("argon2$argon2id$")


@pytest.mark.parametrize("password", ["elevenchars", "Short pass1"])
def test_a_password_shorter_than_12_characters_is_refused(password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password)


@pytest.mark.parametrize("length", [12, 64, 65, 200])
def test_long_passphrases_of_64_characters_and_more_are_accepted(length):
    phrase = ("lantern orchard velvet quarry " * 10)[:length]
    password_validation.validate_password(phrase)


@pytest.mark.parametrize(
    "password",
    ["password123456", "P@ssw0rd12345!", "iloveyou1234567", "Qwertyuiop123", "abcdefghijklmnop", "asmtp2026!!!!", "abcabcabcabcabc", "1234567890123"],
)
def test_breached_and_predictable_passwords_are_refused(password):
    with pytest.raises(ValidationError) as error:
        password_validation.validate_password(password)
    assert {e.code for e in error.value.error_list} & {"password_breached", "password_pattern", "password_too_common"}


def test_registration_shows_why_a_breached_password_is_refused_beside_the_field(client):
    response = client.post(
        "/en/accounts/register/",
        {"last_name": "Chen", "first_name": "Jie", "email": "chen.jie@example.cn", "preferred_language": "en",
         "password1": "Password12345!", "password2": "Password12345!"},
    )
    assert response.status_code == 400
    assert "stolen from other websites" in response.content.decode()
    assert 'value="chen.jie@example.cn"' in response.content.decode()


def test_five_failures_lock_the_address_and_the_right_password_is_then_refused(client, applicant):
    for _ in range(5):
        _sign_in(client, applicant.email, "not the password at all")
    response = _sign_in(client, applicant.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many sign-in attempts" in response.content.decode()


def test_lockout_answer_is_the_same_for_an_address_with_no_account(client, applicant):
    for _ in range(6):
        known = _sign_in(client, applicant.email, "wrong password here")
        unknown = _sign_in(client, "nobody.here@example.cn", "wrong password here")
    assert known.status_code == unknown.status_code == 429
    assert _without_tokens(known.content.decode()) == _without_tokens(unknown.content.decode())


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, applicant):
    known = _sign_in(client, applicant.email, "wrong password here")
    unknown = _sign_in(client, "nobody.here@example.cn", "wrong password here")
    assert known.status_code == unknown.status_code == 200
    assert _without_tokens(known.content.decode()).replace(applicant.email, "X") == _without_tokens(
        unknown.content.decode()
    ).replace("nobody.here@example.cn", "X")


def test_guessing_from_elsewhere_never_delays_the_owner_at_an_address_they_used_before(client, applicant):
    assert _sign_in(client, applicant.email, PASSWORD, ip="198.51.100.7").status_code == 302
    client.post("/en/accounts/logout/")
    for _ in range(6):
        _sign_in(client, applicant.email, "guessing from far away", ip="203.0.113.9")
    response = _sign_in(client, applicant.email, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_password_reset_answers_alike_for_known_and_unknown_addresses(client, applicant, mailoutbox, run_jobs):
    known = client.post("/en/accounts/password/reset/", {"email": applicant.email})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody.here@example.cn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    run_jobs()
    assert [m.to for m in mailoutbox] == [[applicant.email]]


# --- staff two-factor -------------------------------------------------------------------------

two_factor_on = override_settings(ASMTP_REQUIRE_STAFF_2FA=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


@two_factor_on
def test_an_officer_signed_in_with_a_password_only_is_sent_to_the_second_step(client, officer):
    assert _sign_in(client, officer.email, PASSWORD).status_code == 302
    response = client.get("/en/workbench/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/two-factor/")


@two_factor_on
def test_an_officer_enrols_with_the_qr_page_and_then_reaches_the_workbench(client, officer):
    client.force_login(officer)
    page = client.get("/en/accounts/two-factor/setup/?next=/en/workbench/")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post("/en/accounts/two-factor/setup/", {"token": _code(device), "next": "/en/workbench/"})
    assert response.status_code == 302
    # On to the recovery codes, shown once, and then to the page that was asked for.
    assert response["Location"] == "/en/accounts/two-factor/recovery-codes/?next=%2Fen%2Fworkbench%2F"
    assert client.get("/en/workbench/").status_code == 200
    assert AuditEntry.objects.filter(action="security.two_factor_enrolled", actor_id=officer.pk).exists()


@two_factor_on
def test_a_wrong_code_is_refused_with_a_message_and_staff_pages_stay_closed(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(officer)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = client.post("/en/accounts/two-factor/", {"token": wrong})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert client.get("/en/workbench/").status_code == 302
    assert AuditEntry.objects.filter(action="security.two_factor_failed", actor_id=officer.pk).exists()


@two_factor_on
def test_an_enrolled_analyst_passes_the_second_step_with_the_current_code(client, analyst):
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    client.force_login(analyst)
    response = client.post("/en/accounts/two-factor/", {"token": _code(device), "next": "/en/analytics/"})
    assert response["Location"] == "/en/analytics/"
    assert client.get("/en/analytics/").status_code != 302


@two_factor_on
def test_an_applicant_never_needs_a_second_factor_and_cannot_see_the_staff_pages(client, applicant):
    client.force_login(applicant)
    assert client.get("/en/portal/").status_code == 200
    assert client.get("/en/accounts/two-factor/setup/").status_code == 404


@two_factor_on
def test_the_next_address_after_the_second_step_cannot_leave_the_site(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(officer)
    response = client.post("/en/accounts/two-factor/", {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


# --- sessions ---------------------------------------------------------------------------------


def _age_session(client, *, started_ago: float, seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[STARTED_KEY] = now - started_ago
    session[SEEN_KEY] = now - seen_ago
    session.save()


def test_a_staff_session_ends_after_30_minutes_without_a_request(client, officer):
    client.force_login(officer)
    assert client.get("/en/workbench/").status_code == 200
    _age_session(client, started_ago=31 * 60, seen_ago=31 * 60)
    response = client.get("/en/workbench/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_staff_session_in_use_is_not_ended_by_the_inactivity_timeout(client, officer):
    client.force_login(officer)
    client.get("/en/workbench/")
    _age_session(client, started_ago=3 * 3600, seen_ago=29 * 60)
    assert client.get("/en/workbench/").status_code == 200


def test_an_applicant_away_for_an_hour_is_still_signed_in(client, applicant):
    client.force_login(applicant)
    client.get("/en/portal/")
    _age_session(client, started_ago=3600, seen_ago=3600)
    assert client.get("/en/portal/").status_code == 200


def test_every_session_ends_12_hours_after_sign_in_however_busy(client, applicant):
    client.force_login(applicant)
    client.get("/en/portal/")
    _age_session(client, started_ago=12 * 3600 + 1, seen_ago=10)
    assert client.get("/en/portal/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_disabling_an_account_ends_its_open_sessions(client, applicant):
    client.force_login(applicant)
    assert client.get("/en/portal/").status_code == 200
    applicant.is_active = False
    applicant.save(update_fields=["is_active"])
    assert end_sessions_of(applicant) == 1
    response = client.get("/en/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
