"""Finding the e-Visa page: after approval the case stays within the officers' reach.

Approved cases sit in "Awaiting the fee" until the issuance fee is paid, then in "Ready to issue"
until the e-Visas are issued; the approved case's page links to its fee and e-Visa page; the
search box finds a case by reference, name, or ID or travel document number; and staff who sign
in from the home page land in their own area. The officers' pages answer in zh-hant too.
"""

from __future__ import annotations

import datetime as dt

import pytest

from asmtp.evisa.services import issue_evisa
from tests.integration.evisa.factories import CHILD, SPOUSE, approved_case
from tests.integration.workbench.factories import draft_case, submitted_case
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def case_links(html: str, case) -> bool:
    return f'href="/en/workbench/cases/{case.pk}/"' in html or f'href="/zh-hant/workbench/cases/{case.pk}/"' in html


# --- the queues after approval --------------------------------------------------------------------


def test_an_approved_case_waits_in_awaiting_the_fee_until_the_fee_is_paid(client, applicant, officer, senior_officer):
    unpaid = approved_case(applicant, officer, senior_officer)
    html = page(client, officer, "/en/workbench/?queue=awaiting_fee")
    assert "Awaiting the fee" in html
    assert case_links(html, unpaid)
    assert not case_links(page(client, officer, "/en/workbench/?queue=ready_to_issue"), unpaid)


def test_a_paid_case_is_ready_to_issue_until_its_e_visas_are_issued(client, applicant, officer, senior_officer):
    paid = approved_case(applicant, officer, senior_officer, with_fee=True)
    ready = page(client, officer, "/en/workbench/?queue=ready_to_issue")
    assert "Ready to issue" in ready and case_links(ready, paid)
    assert not case_links(page(client, officer, "/en/workbench/?queue=awaiting_fee"), paid)

    issue_evisa(paid.pk, officer, today=dt.date.today())
    assert not case_links(page(client, officer, "/en/workbench/?queue=ready_to_issue"), paid)


def test_the_queues_after_approval_are_named_in_traditional_chinese(client, applicant, officer, senior_officer):
    paid = approved_case(applicant, officer, senior_officer, with_fee=True)
    html = page(client, officer, "/zh-hant/workbench/?queue=ready_to_issue")
    assert "待繳費" in html and "可簽發" in html
    assert case_links(html, paid)


# --- the approved case's page links to its fee and e-Visa page ----------------------------------


@pytest.mark.parametrize(("with_fee", "words"), [(False, "the issuance fee has not been paid yet"), (True, "the e-Visas can be issued")])
def test_the_approved_case_page_links_to_its_fee_and_e_visa_page(client, applicant, officer, senior_officer, with_fee, words):
    case = approved_case(applicant, officer, senior_officer, with_fee=with_fee)
    html = page(client, officer, f"/en/workbench/cases/{case.pk}/")
    assert f'href="/en/evisa/case/{case.pk}/"' in html
    assert words in html
    assert client.get(f"/en/evisa/case/{case.pk}/").status_code == 200


def test_the_link_to_the_e_visa_page_is_in_traditional_chinese_too(client, applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer)
    html = page(client, officer, f"/zh-hant/workbench/cases/{case.pk}/")
    assert f'href="/zh-hant/evisa/case/{case.pk}/"' in html
    assert "繳費及電子簽證" in html


def test_a_case_not_yet_decided_has_no_link_to_the_e_visa_page(client, applicant, officer):
    case = submitted_case(applicant)
    assert f"/evisa/case/{case.pk}/" not in page(client, officer, f"/en/workbench/cases/{case.pk}/")


# --- the search box --------------------------------------------------------------------------------


@pytest.fixture
def family_case(applicant, officer, senior_officer):
    spouse = {**SPOUSE, "mainland_id_number": "110105199108020028"}
    return approved_case(applicant, officer, senior_officer, dependants=(spouse, CHILD))


@pytest.mark.parametrize("typed", [
    "reference",
    "LI, Wei",        # part of the name in English, as typed
    "li, wei",        # in any case
    "李伟",            # the name in Chinese
    "110105199005170011",  # the principal's Mainland ID number
    "c12345678",      # the principal's EEP number, typed in lower case
    "C87654321",      # the spouse's travel document
    "110105199108020028",  # the spouse's Mainland ID number
])
def test_the_search_box_finds_a_case(client, officer, family_case, typed):
    text = family_case.reference if typed == "reference" else typed
    client.force_login(officer)
    response = client.get("/en/workbench/", {"q": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert case_links(html, family_case)
    assert "Cases found for" in html


def test_the_search_box_finds_nothing_for_a_stranger_and_never_a_draft(client, applicant, officer):
    draft = draft_case(applicant)
    client.force_login(officer)
    html = client.get("/en/workbench/", {"q": "LI"}).content.decode()
    assert not case_links(html, draft)
    html = client.get("/en/workbench/", {"q": "ASMTP-2026-999999"}).content.decode()
    assert "No case matches this search." in html


def test_the_search_box_answers_in_traditional_chinese(client, officer, family_case):
    client.force_login(officer)
    html = client.get("/zh-hant/workbench/", {"q": family_case.reference}).content.decode()
    assert case_links(html, family_case)
    assert "按檔案編號、姓名或身份證明文件號碼尋找個案" in html


def test_only_officers_can_search(client, applicant, analyst, family_case):
    for user in (applicant, analyst):
        client.force_login(user)
        assert client.get("/en/workbench/", {"q": family_case.reference}).status_code == 404


# --- signing in from the home page -----------------------------------------------------------------


@pytest.mark.parametrize(("persona", "lands_on"), [
    ("officer", "/en/workbench/"),
    ("senior_officer", "/en/workbench/"),
    ("analyst", "/en/analytics/"),
    ("administrator", "/en/admin/"),
    ("applicant", "/en/"),
])
def test_signing_in_from_the_home_page_lands_staff_in_their_own_area(client, request, persona, lands_on):
    user = request.getfixturevalue(persona)
    login_url = "/en/accounts/login/"
    assert login_url in client.get("/en/").content.decode()  # the home page's "Sign in" link
    response = client.post(login_url, {"username": user.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == lands_on
    assert response.status_code == 200


def test_an_officer_signing_in_in_traditional_chinese_lands_on_the_workbench_in_traditional_chinese(client, officer):
    response = client.post("/zh-hant/accounts/login/", {"username": officer.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/zh-hant/workbench/"
    assert "待繳費" in response.content.decode()


def test_a_page_asked_for_before_signing_in_still_wins(client, officer):
    response = client.post("/en/accounts/login/?next=/en/evisa/verify/", {"username": officer.email, "password": PASSWORD})
    assert response["Location"] == "/en/evisa/verify/"


@pytest.mark.parametrize(("typed", "index"), [("ouyang", "case_name_en_trgm"), ("欧阳明", "case_name_zh_trgm")])
def test_on_postgresql_a_search_by_part_of_a_name_can_read_the_trigram_index(settings, applicant, typed, index):
    """Over a million cases a name search was a sequential scan. Migration cases/0008 indexes the
    very expression Django writes for the search (UPPER(name::text) LIKE ...): the planner, told
    to avoid scanning the table, reads the index — the day the two drift apart, this fails. (A trigram needs
    three characters: a two-character Chinese name is still matched, by a scan.)"""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from asmtp.workbench.selectors import search_cases
    from tests.factories import PRINCIPAL, make_case
    from tests.processes import require_postgresql

    require_postgresql(settings.DATABASES["default"], "the trigram index of the name search")
    case = make_case(applicant, "submitted", applicant_data={**PRINCIPAL, "name_en": "OUYANG, Ming", "name_zh": "欧阳明"})
    with CaptureQueriesContext(connection) as queries:
        assert [row["id"] for row in search_cases(typed).rows] == [case.pk]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: a scan is what it would
        cursor.execute("SET LOCAL enable_indexscan = off")  # choose, or walking the ids backwards
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
