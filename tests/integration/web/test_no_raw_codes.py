"""No page shows a raw policy code, or a Talent List profession in English, to a Chinese reader.

A crawl with the Django test client over the main pages of each role, in zh-hans and zh-hant.
The codes are collected from the policy data itself (education levels, Talent List professions,
criteria, TP trades, editions, finding and case statuses), so a code added to the data is
checked without touching this test. Addresses (URLs, e-mail) are left out of the visible text.
"""

from __future__ import annotations

import html
import re

import pytest

from asmtp.cases.models import CaseStatus
from asmtp.domain.eligibility.codes import EDUCATION_LEVELS, STATUSES
from asmtp.policy import available_editions, load_policy
from asmtp.workbench.services import default_engine
from tests.factories import PORTAL_CHILD, PORTAL_SPOUSE, make_case
from tests.integration.evisa.factories import CHILD, SPOUSE, approved_case
from tests.integration.portal.factories import fill_particulars, start
from tests.integration.portal.test_self_check import ANSWERS

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "zh-hant")


def _policy_codes() -> set[str]:
    policy = load_policy()
    criteria = {name for group in ("principal", "dependant") for name in policy.reasons[group] if name != "conditions_of_stay"}
    return (
        set(EDUCATION_LEVELS) - {"none"}  # "none" is also the English word; the Chinese pages have no English words to hide it
        | set(policy.talent_list.professions)
        | criteria
        | set(policy.tp_list.trades)
        | set(available_editions())
        | {status for status in STATUSES if "_" in status}
        | {str(status) for status in CaseStatus}
    )


def _english_profession_names() -> set[str]:
    return {profession.names.en for profession in load_policy().talent_list.professions.values()}


def visible_text(page: str) -> str:
    # Scripts and styles are not read; a text area holds what its user typed (a reform written in the
    # policy file's own codes, on the simulations page), not words the service chose.
    page = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"https?://\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+", " ", text)
    return re.sub(r"\s+", " ", text)


def offending_words(page: str) -> list[str]:
    text = visible_text(page)
    codes = sorted(code for code in _policy_codes() if re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/-])", text))
    names = sorted(name for name in _english_profession_names() if name in text)
    return codes + names


@pytest.fixture
def cases(applicant, officer, senior_officer):
    draft = fill_particulars(start(applicant), applicant)
    open_case = make_case(applicant, "assessed", "portal", dependants=(PORTAL_SPOUSE, PORTAL_CHILD), officer=officer,
                          engine=default_engine())  # the real rules: their findings are what the pages word
    approved = approved_case(applicant, officer, senior_officer, dependants=(SPOUSE, CHILD))
    return {"draft": draft, "open": open_case, "approved": approved}


def _pages(cases) -> dict[str, list[str]]:
    draft, open_case, approved = cases["draft"], cases["open"], cases["approved"]
    return {
        "applicant": ["/portal/", f"/portal/applications/{draft.pk}/review/", f"/portal/applications/{open_case.pk}/",
                      f"/portal/applications/{approved.pk}/", "/evisa/", f"/payments/case/{open_case.pk}/",
                      f"/payments/case/{approved.pk}/"],
        "officer": ["/workbench/", f"/workbench/cases/{open_case.pk}/", f"/workbench/cases/{approved.pk}/",
                    f"/evisa/case/{approved.pk}/", "/payments/statements/", "/payments/exceptions/"],
        "analyst": ["/analytics/"],
        "public": ["/statistics/"],
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_of_the_crawl_shows_a_policy_code_or_an_english_talent_list_name(client, language, cases, applicant, officer, analyst):
    people = {"applicant": applicant, "officer": officer, "analyst": analyst, "public": None}
    found = {}
    for role, paths in _pages(cases).items():
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        for path in paths:
            response = client.get(f"/{language}{path}")
            if response.status_code == 404:
                continue  # a page this deployment does not offer
            assert response.status_code == 200, (path, response.status_code)
            words = offending_words(response.content.decode())
            if words:
                found[path] = words
    client.logout()
    result = client.post(f"/{language}/portal/check/", ANSWERS).content.decode()
    if offending_words(result):
        found["/portal/check/ (result)"] = offending_words(result)
    assert found == {}


def test_the_crawl_would_catch_a_raw_code_and_an_english_profession_name():
    page = "<p>最高学历：master</p><p>专业：Experienced systems architects</p><a href='https://www.immd.gov.hk/x'>immd</a>"
    assert offending_words(page) == ["immd", "master", "Experienced systems architects"]
