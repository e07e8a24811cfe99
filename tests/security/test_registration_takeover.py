"""Registering a known address never changes that account, and a verification link confirms an
address once without ever signing anyone in (issue #20, findings 1 and 2)."""

from __future__ import annotations

import re

import pytest

from asmtp.accounts.models import User
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
REGISTER = "/en/accounts/register/"
ATTACKER_PASSWORD = "attacker chose this passphrase 99"


def registration(email: str, password: str = ATTACKER_PASSWORD, **overrides: str) -> dict[str, str]:
    return {"last_name": "Mallory", "first_name": "Eve", "email": email, "preferred_language": "en",
            "password1": password, "password2": password, **overrides}


def link_in(message) -> str:
    return re.search(r"https?://testserver(\S+)", message.body).group(1)


def test_registering_the_address_of_an_unconfirmed_account_changes_nothing_in_it(client, mailoutbox, run_jobs):
    client.post(REGISTER, registration("victim@example.cn", PASSWORD, first_name="Wei", last_name="Li",
                                       preferred_language="zh-hans"))
    before = User.objects.values().get(email="victim@example.cn")
    response = client.post(REGISTER, registration("Victim@Example.cn"))
    assert response["Location"] == "/en/accounts/register/done/"
    assert User.objects.values().get(email="victim@example.cn") == before  # names, password, language
    run_jobs()
    assert [m.to for m in mailoutbox] == [["victim@example.cn"], ["victim@example.cn"]]
    client.get(link_in(mailoutbox[1]))  # the owner's fresh link, in the owner's language
    assert "确认" in mailoutbox[1].subject
    victim = User.objects.get(email="victim@example.cn")
    assert victim.is_active and victim.check_password(PASSWORD) and not victim.check_password(ATTACKER_PASSWORD)


def test_registering_the_address_of_a_disabled_officer_neither_changes_nor_reopens_it(client, officer, mailoutbox, run_jobs):
    officer.is_active = False
    officer.save()
    response = client.post(REGISTER, registration(officer.email))
    assert response["Location"] == "/en/accounts/register/done/"
    officer.refresh_from_db()
    assert (officer.role, officer.first_name, officer.is_active) == ("officer", "Ka Ming", False)
    assert officer.check_password(PASSWORD)
    run_jobs()
    [mail] = mailoutbox
    assert "您已经有账户" in mail.body  # in the owner's language
    assert "/accounts/verify/" not in mail.body
    assert client.post("/en/accounts/login/", {"username": officer.email, "password": ATTACKER_PASSWORD}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_disabled_applicant_is_not_reopened_by_registering_again(client, applicant, mailoutbox, run_jobs):
    applicant.is_active = False
    applicant.save()
    client.post(REGISTER, registration(applicant.email))
    applicant.refresh_from_db()
    assert not applicant.is_active and applicant.check_password(PASSWORD) and applicant.first_name == "Wei"
    run_jobs()
    assert "/accounts/verify/" not in mailoutbox[0].body


def test_a_verification_link_confirms_the_address_but_does_not_sign_in(client, mailoutbox, run_jobs):
    client.post(REGISTER, registration("new.person@example.cn", PASSWORD))
    run_jobs()
    response = client.get(link_in(mailoutbox[0]))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/en/portal/").status_code == 302  # still signed out
    assert User.objects.get(email="new.person@example.cn").is_active
    signed_in = client.post(response["Location"], {"username": "new.person@example.cn", "password": PASSWORD})
    assert signed_in["Location"] == "/en/portal/"


def test_a_verification_link_used_twice_says_so_and_points_to_sign_in(client, mailoutbox, run_jobs):
    client.post(REGISTER, registration("new.person@example.cn", PASSWORD))
    run_jobs()
    link = link_in(mailoutbox[0])
    client.get(link)
    again = client.get(link)
    assert again.status_code == 400
    page = again.content.decode()
    assert "already been used" in page and 'href="/en/accounts/login/"' in page
    assert "_auth_user_id" not in client.session


def test_a_verification_link_does_not_reopen_an_account_disabled_after_it_was_used(client, mailoutbox, run_jobs):
    client.post(REGISTER, registration("new.person@example.cn", PASSWORD))
    run_jobs()
    link = link_in(mailoutbox[0])
    client.get(link)
    user = User.objects.get(email="new.person@example.cn")
    user.is_active = False
    user.save()
    assert client.get(link).status_code == 400
    user.refresh_from_db()
    assert not user.is_active
