"""The Technical Professionals stream in the portal: the self-check and the application form ask
for the stream, the trade and the qualification declaration; the quota left is shown before an
applicant starts, and a draft for a full trade is refused at the trade in three languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from asmtp.cases.engine_input import build_engine_input
from asmtp.cases.models import Application, TPQuotaCounter
from tests.integration.portal.factories import mainland_id, ready_to_submit

pytestmark = pytest.mark.django_db

BORN = dt.date(1998, 3, 8)  # 28 on every day these tests run
SELF_CHECK = {
    "stream": "technical_professional", "tp_trade": "nurse", "meets_trade_minimum_qualification": "yes",
    "date_of_birth": BORN.isoformat(), "mainland_id_number": mainland_id(BORN, address="440305", sequence="021"),
    "residence": "mainland", "overseas_residence_months": "", "hk_degree_graduate": "no", "education_level": "sub_degree",
    "experience_years": "4", "has_professional_qualifications": "yes", "criminal_conviction_declared": "no", "has_offer": "yes",
    "business_registration_number": "12345678", "industry": "Q", "monthly_salary_hkd": "30000", "relevant_to_background": "yes",
    "local_recruitment_evidence": "yes",
}
OFFER = {
    "has_offer": "yes", "employer_name": "Kowloon Care Limited", "business_registration_number": "12345678",
    "job_title": "Registered nurse", "industry": "Q", "monthly_salary_hkd": "30000", "contract_months": "36",
    "relevant_to_background": "yes", "local_recruitment_evidence": "yes",
}
TP_OFFER = {**OFFER, "stream": "technical_professional", "tp_trade": "nurse", "meets_trade_minimum_qualification": "yes"}
FULL_MESSAGES = {
    "en": "The Technical Professionals quota for Nurse is full: all 3,000 places for this trade have been taken",
    "zh-hans": "技术专才类别中“护士”工种的名额已满：该工种全部 3,000 个名额均已用完",
    "zh-hant": "技術專才類別中「護士」工種的名額已滿：此工種全部 3,000 個名額均已用完",
}


@pytest.fixture
def today(monkeypatch):
    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_day


def _fill_nurse_quota() -> None:
    TPQuotaCounter.objects.create(trade="nurse", used=3000)
    TPQuotaCounter.objects.create(trade="", used=3000)


@pytest.mark.parametrize(
    ("language", "stream", "nurse"),
    [("en", "Technical Professionals stream", "Nurse"), ("zh-hans", "技术专才类别", "护士"), ("zh-hant", "技術專才類別", "護士")],
)
def test_the_self_check_asks_for_the_stream_and_names_the_trades_in_the_pages_language(client, language, stream, nurse):
    page = client.get(f"/{language}/portal/check/").content.decode()
    assert 'name="stream"' in page and stream in page
    assert f'<option value="nurse">{nurse}</option>' in page
    assert 'name="meets_trade_minimum_qualification"' in page


def test_the_trade_is_not_marked_optional_since_the_tp_stream_needs_it(client):
    page = client.get("/en/portal/check/").content.decode()
    trade_field = page.split('id="field-tp_trade"')[1].split("</div>")[0]
    assert "(optional)" not in trade_field
    assert "(optional)" in page.split('id="field-overseas_residence_months"')[1].split("</div>")[0]


def test_the_self_check_has_no_stream_question_before_the_tp_stream_opened(client, today):
    today(dt.date(2025, 6, 1))
    page = client.get("/en/portal/check/").content.decode()
    assert 'name="stream"' not in page and 'name="tp_trade"' not in page and "places left" not in page


def test_a_tp_self_check_in_traditional_chinese_is_assessed_in_the_stream_and_its_stay_names_the_trade(client, engine):
    page = client.post("/zh-hant/portal/check/", SELF_CHECK).content.decode()
    assert "評估結果" in page
    assert "技術專才類別" in page  # the technical_stream criterion, assessed
    assert "持證人獲准來港從事「技術專才清單」的護士工作" in page  # conditions of stay name the trade
    assert "此工種今天尚餘名額：3,000。" in page


def test_a_tp_self_check_without_a_trade_or_an_offer_is_refused_at_those_questions(client):
    response = client.post("/en/portal/check/", {**SELF_CHECK, "tp_trade": "", "has_offer": "no"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the trade of your job offer from the Technical Professionals List." in page
    assert "The Technical Professionals stream needs a job offer in a trade of the Technical Professionals List." in page


@pytest.mark.parametrize(
    ("language", "heading", "full"),
    [("en", "Technical Professionals stream: places left", "Full"), ("zh-hans", "技术专才类别：尚余名额", "已满"),
     ("zh-hant", "技術專才類別：尚餘名額", "已滿")],
)
def test_before_starting_the_dashboard_shows_the_places_left_for_each_trade(client, applicant, language, heading, full):
    _fill_nurse_quota()
    client.force_login(applicant)
    page = client.get(f"/{language}/portal/").content.decode()
    assert heading in page
    nurse_row = page.split('id="tp-quota-nurse"')[1].split("</tr>")[0]
    assert full in nurse_row
    bim_row = page.split('id="tp-quota-bim_coordinator"')[1].split("</tr>")[0]
    assert "3,000" in bim_row  # the trade's places, capped by the 7,000 left in the pilot


def test_choosing_the_tp_stream_stores_the_stream_trade_and_declaration_where_the_engine_reads_them(client, applicant):
    case = ready_to_submit(applicant, offer=True)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/step/employment/", TP_OFFER)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stream == "technical_professional"
    engine_input = build_engine_input(case)
    assert engine_input["stream"] == "technical_professional"
    assert engine_input["employment"]["tp_trade"] == "nurse"
    assert engine_input["applicant"]["meets_trade_minimum_qualification"] is True
    page = client.get(f"/en/portal/applications/{case.pk}/step/employment/").content.decode()
    assert 'value="technical_professional" checked' in page.replace('" required', '"').replace(' id="id_stream_1"', "")


def test_going_back_to_the_general_stream_drops_the_trade_and_the_declaration(client, applicant):
    case = ready_to_submit(applicant, offer=True)
    client.force_login(applicant)
    client.post(f"/en/portal/applications/{case.pk}/step/employment/", TP_OFFER)
    client.post(f"/en/portal/applications/{case.pk}/step/employment/", {**TP_OFFER, "stream": "general"})
    case.refresh_from_db()
    assert case.stream == "general"
    assert "tp_trade" not in case.employment_data
    assert "meets_trade_minimum_qualification" not in case.applicant_data
    assert "stream" not in build_engine_input(case)


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_starting_a_tp_draft_for_a_full_trade_is_refused_at_the_trade_in_the_pages_language(client, applicant, language):
    _fill_nurse_quota()
    case = ready_to_submit(applicant, offer=True)
    client.force_login(applicant)
    response = client.post(f"/{language}/portal/applications/{case.pk}/step/employment/", TP_OFFER)
    page = response.content.decode()
    assert response.status_code == 400
    trade_field = page.split('id="field-tp_trade"')[1].split('id="field-meets_trade_minimum_qualification"')[0]
    assert FULL_MESSAGES[language] in trade_field
    case.refresh_from_db()
    assert case.stream == "general"  # nothing was saved


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_continuing_a_tp_draft_whose_trade_filled_up_meanwhile_says_so_and_submission_is_refused(client, applicant, language):
    case = ready_to_submit(applicant, offer=True)
    client.force_login(applicant)
    client.post(f"/{language}/portal/applications/{case.pk}/step/employment/", TP_OFFER)
    _fill_nurse_quota()
    page = client.get(f"/{language}/portal/applications/{case.pk}/step/education/").content.decode()
    assert FULL_MESSAGES[language] in page.split('class="card warning tp-refusal"')[1]
    case.refresh_from_db()
    response = client.post(
        f"/{language}/portal/applications/{case.pk}/review/", {"idempotency_key": case.idempotency_key, "declaration": "on"}
    )
    assert response.status_code == 400 and FULL_MESSAGES[language] in response.content.decode()
    assert Application.objects.get(pk=case.pk).status == "draft"
