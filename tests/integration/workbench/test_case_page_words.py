"""The case page in an officer's words: history, the applicant's answers and the letters sent,
named in the officer's language rather than by the codes stored behind them."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.utils import translation

from asmtp.audit.models import AuditEntry
from asmtp.cases.models import CaseStatus, Letter
from asmtp.domain.lifecycle import Action
from asmtp.web.formats import day
from asmtp.workbench.presentation import ACTION_LABELS, CRITERION_LABELS
from asmtp.workbench.services import recommend, record_assessment
from tests.integration.workbench.factories import FakeEngine, claimed_case, finding, submitted_case

pytestmark = pytest.mark.django_db


def page_text(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def history_of(html: str) -> str:
    return html.split('id="history-heading"', 1)[1].split("</table>", 1)[0]


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_every_lifecycle_action_status_and_criterion_has_a_chinese_label(language):
    with translation.override(language):
        untranslated = [
            code
            for table in (ACTION_LABELS, dict(CaseStatus.choices), CRITERION_LABELS)
            for code, text in table.items()
            if not re.search(r"[\u4e00-\u9fff]", str(text))
        ]
    assert {str(action) for action in Action} <= set(ACTION_LABELS)
    assert untranslated == []


def test_the_history_names_actions_and_statuses_and_keeps_the_reason_as_typed(client, applicant, officer):
    case = claimed_case(applicant, officer)
    record_assessment(
        case.pk, officer, engine=FakeEngine(outcome="refer", findings=[finding("remuneration", "refer")])
    )
    recommend(case.pk, officer, verdict="refuse", reason="月薪 HK$18,000 <低於> 市場水平")

    history = history_of(page_text(client, officer, f"/zh-hant/workbench/cases/{case.pk}/"))

    for words in (
        "遞交申請",
        "接手個案",
        "執行資格評估",
        "建議拒絕",
        "審核中 → 已提出建議，等待決定",
        "入境事務主任",
    ):
        assert words in history
    assert "月薪 HK$18,000 &lt;低於&gt; 市場水平" in history
    for code in ("recommend_refusal", "record_assessment", "claim<", "assessing", "(officer)"):
        assert code not in history


def test_a_step_that_keeps_the_status_shows_it_once(client, applicant, officer):
    case = claimed_case(applicant, officer)
    record_assessment(case.pk, officer, engine=FakeEngine())
    history = history_of(page_text(client, officer, f"/en/workbench/cases/{case.pk}/"))
    assert re.search(r"Eligibility rules run</td>\s*<td[^>]*>Being assessed</td>", history)


def test_residence_education_and_criteria_are_named_in_the_officers_language(client, applicant, officer):
    case = claimed_case(applicant, officer)
    record_assessment(case.pk, officer, engine=FakeEngine(findings=[finding("market_test", "pass")]))

    html = page_text(client, officer, f"/zh-hans/workbench/cases/{case.pk}/")

    assert re.search(r"<dt>居住地</dt><dd>内地</dd>", html)
    assert re.search(r"<dt>学历</dt><dd>硕士</dd>", html)
    assert re.search(r"<td[^>]*>本地招聘</td>", html) and ">market_test<" not in html
    assert ">mainland<" not in html and ">master" not in html
    english = page_text(client, officer, f"/en/workbench/cases/{case.pk}/")
    assert "<dd>In the Mainland</dd>" in english and "<dd>Master&#x27;s degree</dd>" in english


def test_the_case_page_lists_each_letter_with_its_date_kind_language_and_a_download(
    client, applicant, officer
):
    case = claimed_case(applicant, officer, language="zh-hant")
    letter = Letter.objects.get(application=case, kind="acknowledgement")

    html = page_text(client, officer, f"/en/workbench/cases/{case.pk}/")
    letters = html.split('id="letters-heading"', 1)[1].split("</section>", 1)[0]

    assert day(letter.created_at, "en") in letters
    assert "Acknowledgement" in letters and "Traditional Chinese" in letters
    assert f'href="/en/workbench/cases/{case.pk}/letters/{letter.pk}/"' in letters


def test_an_officer_downloads_the_letter_the_applicant_was_sent_as_a_pdf(
    client, applicant, officer, tmp_path
):
    case = claimed_case(applicant, officer, language="zh-hant")
    letter = Letter.objects.get(application=case, kind="acknowledgement")
    client.force_login(officer)

    response = client.get(f"/en/workbench/cases/{case.pk}/letters/{letter.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-acknowledgement.pdf"'
    assert (
        response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    )
    text = pdf_text(response.content, tmp_path)
    assert f"已收到申請 {case.reference}" in text and "本處已收到" in text
    downloaded = AuditEntry.objects.filter(action="letter.viewed").get()
    assert (downloaded.actor_id, downloaded.data) == (officer.pk, {"letter": letter.pk})


def test_a_letter_is_found_only_under_its_own_case_and_only_by_officers(
    client, applicant, other_applicant, officer
):
    case = submitted_case(applicant)
    other = submitted_case(other_applicant)
    letter = Letter.objects.get(application=other)
    client.force_login(officer)
    assert client.get(f"/en/workbench/cases/{case.pk}/letters/{letter.pk}/").status_code == 404
    client.force_login(other_applicant)
    assert client.get(f"/en/workbench/cases/{other.pk}/letters/{letter.pk}/").status_code == 404


def test_the_findings_a_refusal_may_rest_on_are_named_with_chinese_punctuation(
    client, applicant, officer, senior_officer
):
    case = claimed_case(applicant, officer)
    record_assessment(
        case.pk, officer, engine=FakeEngine(outcome="refer", findings=[finding("remuneration", "refer")])
    )
    recommend(case.pk, officer, verdict="approve", reason="")
    html = page_text(client, senior_officer, f"/zh-hans/workbench/cases/{case.pk}/")
    assert "薪酬符合市场水平（须由主任判断）" in html


@pytest.mark.parametrize(("language", "heading"), [("zh-hans", "申请记录"), ("zh-hant", "個案紀錄"), ("en", "Case history")])
def test_the_history_heading_is_the_workbenchs_own_words_not_another_areas(client, applicant, officer, language, heading):
    # "History" alone is an employer's offer history (记录); Django would show one area's words in both.
    case = claimed_case(applicant, officer)
    html = page_text(client, officer, f"/{language}/workbench/cases/{case.pk}/")
    assert f'<h2 id="history-heading">{heading}</h2>' in html
