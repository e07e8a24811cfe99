"""The holder's status page after an officer revokes an e-Visa: it says so, and offers no download.

Revoking leaves the case's status as it was ("e-Visa issued"), so the status page used to go on
saying the e-Visa was issued and offering it for download. The reason stays in the audit log: the
revocation form tells officers that the holder sees only that the e-Visa is revoked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.evisa.services import issue_evisa, revoke_evisa
from asmtp.web.formats import day
from tests.integration.evisa.factories import SPOUSE, approved_case

pytestmark = pytest.mark.django_db

REASON = "Employment ended; confirmed with the employer on 2026-05-04"


@pytest.fixture
def issued(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, dependants=(SPOUSE,), with_fee=True)
    return case, issue_evisa(case.pk, officer, today=dt.date.today())


def status_page(client, applicant, case, language="en") -> str:
    client.force_login(applicant)
    response = client.get(f"/{language}/portal/applications/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_before_revocation_the_status_page_offers_the_download(client, applicant, issued):
    case, _evisas = issued
    page = status_page(client, applicant, case)
    assert "Download your e-Visa" in page
    assert "revoked" not in page


def test_a_revoked_e_visa_is_shown_as_revoked_with_its_date_and_no_download(client, applicant, officer, issued):
    case, evisas = issued
    principal = next(e for e in evisas if e.dependant_id is None)
    revoke_evisa(principal.number, officer, REASON)

    page = status_page(client, applicant, case)

    assert "e-Visa revoked" in page
    assert f"The e-Visa {principal.number} (LI, Wei) was revoked on {day(dt.date.today())}" in page
    assert "Download your e-Visa" not in page
    assert "has been issued" not in page
    assert "Apply for an extension of stay" not in page
    assert REASON not in page  # the holder sees that it is revoked, not the officer's reasons


@pytest.mark.parametrize(("language", "words"), [("zh-hans", "电子签证已撤销"), ("zh-hant", "電子簽證已撤銷")])
def test_the_revocation_is_told_in_the_holders_language(client, applicant, officer, issued, language, words):
    case, evisas = issued
    revoke_evisa(evisas[0].number, officer, REASON)
    page = status_page(client, applicant, case, language)
    assert words in page
    assert evisas[0].number in page


def test_when_only_a_dependants_e_visa_is_revoked_the_rest_can_still_be_downloaded(client, applicant, officer, issued):
    case, evisas = issued
    spouse = next(e for e in evisas if e.dependant_id is not None)
    revoke_evisa(spouse.number, officer, REASON)

    page = status_page(client, applicant, case)

    assert f"The e-Visa {spouse.number} (WANG, Fang) was revoked on" in page
    assert "Download your e-Visa" in page
