"""Sign-in throttling behind the TLS proxy: counted per client address (as the trusted proxy saw
it), a spray across accounts from one address is locked out, and guessing at one account only
slows further tries, never locking its owner out (issue #20, finding 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings

from asmtp.security.throttling import client_address
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/en/accounts/login/"
PROXY = "10.0.0.2"
behind_one_proxy = override_settings(ASMTP_TRUSTED_PROXY_HOPS=1)


def sign_in(client, email: str, password: str, *, client_ip: str, forwarded: str = ""):
    """A sign-in through the proxy: it appends the address it saw to whatever the client sent."""
    chain = f"{forwarded}, {client_ip}" if forwarded else client_ip
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def pass_time(seconds: float) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= dt.timedelta(seconds=seconds)
        attempt.save(update_fields=["attempt_time"])


def test_without_trusted_proxies_the_address_is_remote_addr_whatever_the_client_writes():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client_address(request) == "198.51.100.7"


@behind_one_proxy
def test_behind_one_proxy_the_address_is_the_one_it_appended_not_what_the_client_wrote():
    spoofed = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7")
    assert client_address(spoofed) == "198.51.100.7"
    garbage = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(garbage) == PROXY


@override_settings(ASMTP_TRUSTED_PROXY_HOPS=2)
def test_behind_two_proxies_the_address_is_the_second_from_the_right():
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7, 10.0.0.9")
    assert client_address(request) == "198.51.100.7"


@behind_one_proxy
def test_an_attacker_behind_the_same_proxy_cannot_lock_the_owner_out(client, applicant):
    assert sign_in(client, applicant.email, PASSWORD, client_ip="198.51.100.7").status_code == 302
    client.post("/en/accounts/logout/")
    for _ in range(10):
        sign_in(client, applicant.email, "guessing through the proxy", client_ip="203.0.113.9")
    assert sign_in(client, applicant.email, "one more guess", client_ip="203.0.113.9").status_code == 429
    response = sign_in(client, applicant.email, PASSWORD, client_ip="198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


@behind_one_proxy
def test_a_password_spray_across_many_accounts_from_one_address_is_locked_out(client, applicant):
    for n in range(20):
        sign_in(client, f"person{n}@example.cn", "Summer2026!Summer", client_ip="203.0.113.9")
    assert sign_in(client, applicant.email, PASSWORD, client_ip="203.0.113.9").status_code == 429
    assert "_auth_user_id" not in client.session
    assert sign_in(client, applicant.email, PASSWORD, client_ip="198.51.100.7").status_code == 302  # others unaffected


@behind_one_proxy
def test_guessing_at_one_account_from_many_addresses_slows_each_further_try_more(client, applicant):
    for n in range(5):
        sign_in(client, applicant.email, "distributed guess", client_ip=f"203.0.113.{n + 1}")
    assert sign_in(client, applicant.email, PASSWORD, client_ip="192.0.2.50").status_code == 429
    pass_time(31)  # the first delay: 30 seconds
    sign_in(client, applicant.email, "one more guess", client_ip="203.0.113.77")
    pass_time(31)
    assert sign_in(client, applicant.email, PASSWORD, client_ip="192.0.2.50").status_code == 429  # now 60 s
    pass_time(30)
    response = sign_in(client, applicant.email, PASSWORD, client_ip="192.0.2.50")
    assert response.status_code == 302  # slowed, never locked out


@behind_one_proxy
def test_tries_refused_while_waiting_do_not_lengthen_the_wait(client, applicant):
    for n in range(5):
        sign_in(client, applicant.email, "distributed guess", client_ip=f"203.0.113.{n + 1}")
    for _ in range(10):
        assert sign_in(client, applicant.email, "hammering", client_ip="203.0.113.99").status_code == 429
    pass_time(31)
    assert sign_in(client, applicant.email, PASSWORD, client_ip="192.0.2.50").status_code == 302
