"""Registration with e-mail verification, and password reset."""

from __future__ import annotations

import re

import pytest

from asmtp.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

REGISTRATION = {
    "last_name": "Chen", "first_name": "Jing", "email": "Chen.Jing@Example.cn", "preferred_language": "zh-hans",
    "password1": "harbour lantern 2026 tea", "password2": "harbour lantern 2026 tea",
}


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_registering_sends_a_link_that_opens_the_account_for_signing_in(client, mailoutbox, run_jobs):
    response = client.post("/en/accounts/register/", REGISTRATION)
    assert response["Location"] == "/en/accounts/register/done/"
    user = User.objects.get(email="chen.jing@example.cn")
    assert not user.is_active and user.email_verified_at is None and user.role == "applicant"
    run_jobs()
    assert len(mailoutbox) == 1
    assert "确认" in mailoutbox[0].subject  # in the language chosen for letters
    response = client.get(_link(mailoutbox[0]).split("testserver", 1)[1])
    assert response["Location"] == "/en/accounts/login/?next=/en/portal/"
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None
    client.post(response["Location"], {"username": REGISTRATION["email"], "password": REGISTRATION["password1"]})
    assert client.get("/en/portal/").status_code == 200


def test_an_unverified_account_cannot_sign_in(client):
    client.post("/en/accounts/register/", REGISTRATION)
    response = client.post("/en/accounts/login/", {"username": REGISTRATION["email"], "password": REGISTRATION["password1"]})
    assert response.status_code == 200
    assert "not right" in response.content.decode()


def test_registering_an_address_that_has_an_account_looks_the_same_and_tells_the_owner(client, applicant, mailoutbox, run_jobs):
    response = client.post("/en/accounts/register/", {**REGISTRATION, "email": applicant.email.upper()})
    assert response["Location"] == "/en/accounts/register/done/"
    assert User.objects.filter(email__iexact=applicant.email).count() == 1
    applicant.refresh_from_db()
    assert applicant.check_password("correct horse battery staple 2026")  # the password was not changed
    run_jobs()
    assert len(mailoutbox) == 1
    assert "您已经有账户" in mailoutbox[0].body  # in the owner's preferred language


def test_a_weak_or_mismatched_password_is_explained_and_the_rest_is_kept(client):
    response = client.post("/zh-hans/accounts/register/", {**REGISTRATION, "password1": "12345678", "password2": "12345679"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "两次输入的密码不一致" in page
    assert 'value="Chen"' in page and 'value="Chen.Jing@Example.cn"' in page
    assert not User.objects.exists()


def test_a_tampered_verification_link_is_refused_politely(client):
    response = client.get("/en/accounts/verify/not-a-real-token/")
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()


def test_password_reset_sends_a_link_that_sets_a_new_password(client, applicant, mailoutbox, run_jobs):
    response = client.post("/en/accounts/password/reset/", {"email": applicant.email})
    assert response["Location"] == "/en/accounts/password/reset/sent/"
    run_jobs()
    assert len(mailoutbox) == 1
    path = _link(mailoutbox[0]).split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "a brand new phrase 2026", "new_password2": "a brand new phrase 2026"})
    assert response["Location"] == "/en/accounts/password/reset/complete/"
    applicant.refresh_from_db()
    assert applicant.check_password("a brand new phrase 2026")
