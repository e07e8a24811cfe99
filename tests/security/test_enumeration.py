"""No page tells whether an address has an account, by its words or by its time: registration
(applicant and employer) and password reset give the same answer, do the same work (the password
hashed either way) and leave the mail to the job worker (issue #20, finding 7)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import get_hasher
from django_tasks_db.models import DBTaskResult

from asmtp.accounts.models import User
from asmtp.employers.models import Company
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
NEW_PASSWORD = "a lantern over the harbour 2026"


@pytest.fixture
def hashings(monkeypatch):
    """How many times the password hasher ran (the slow step whose absence would tell)."""
    hasher = type(get_hasher())
    calls: list[str] = []
    encode = hasher.encode

    def counting(self, password, salt, *args, **kwargs):
        calls.append(password)
        return encode(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting)
    return calls


def applicant_registration(email: str) -> dict[str, str]:
    return {"last_name": "Chen", "first_name": "Jing", "email": email, "preferred_language": "en",
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}


def employer_registration(email: str, brn: str) -> dict[str, str]:
    return {"business_registration_number": brn, "name_en": "Lion Rock Robotics Limited", "name_zh": "",
            "established_on": "2019-06-01", "industry": "M", "contact_person": "Ho Ka Yan", "contact_phone": "",
            "email": email, "first_name": "Ka Yan", "last_name": "Ho", "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD}


def test_applicant_registration_hashes_the_password_for_a_known_address_too(client, applicant, hashings):
    known = client.post("/en/accounts/register/", applicant_registration(applicant.email))
    assert hashings == [NEW_PASSWORD]
    new = client.post("/en/accounts/register/", applicant_registration("chen.jing@example.cn"))
    assert hashings == [NEW_PASSWORD, NEW_PASSWORD]
    assert known["Location"] == new["Location"] == "/en/accounts/register/done/"


def test_employer_registration_never_says_an_address_has_an_account(client, applicant, mailoutbox, run_jobs, hashings):
    known = client.post("/en/employer/register/", employer_registration(applicant.email, "31415926"))
    new = client.post("/en/employer/register/", employer_registration("hr@lionrock.example.hk", "27182818"))
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"] == "/en/accounts/register/done/"
    assert hashings == [NEW_PASSWORD, NEW_PASSWORD]  # the same work both ways
    applicant.refresh_from_db()
    assert (applicant.role, applicant.company, applicant.check_password(PASSWORD)) == ("applicant", None, True)
    assert not Company.objects.filter(business_registration_number="31415926").exists()
    run_jobs()
    to_owner = next(m for m in mailoutbox if m.to == [applicant.email])
    assert "您已经有账户" in to_owner.body  # in the owner's language


def test_password_reset_queues_one_job_for_any_address_and_sends_nothing_in_the_request(client, applicant, mailoutbox, run_jobs):
    known = client.post("/en/accounts/password/reset/", {"email": applicant.email})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody.here@example.cn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert mailoutbox == []  # nothing sent while the visitor waits
    jobs = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert jobs == ["asmtp.accounts.tasks.send_password_reset"] * 2  # the same work for both
    run_jobs()
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert User.objects.get(pk=applicant.pk).check_password(PASSWORD)
