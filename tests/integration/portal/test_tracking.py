"""After submission: stages with dates, the pledge, officer messages, requests answered by
upload, withdrawal, the e-Visa and fee records, and an extension pre-filled from the grant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asmtp.cases.models import Application, CaseStatus, InformationRequest, Message
from asmtp.domain.lifecycle import add_months
from asmtp.web.formats import day
from asmtp.workbench.services import claim_case, request_information
from tests.factories import PORTAL_CHILD, PORTAL_SPOUSE, decided_for, make_case
from tests.integration.portal.factories import file_upload, pdf_bytes, submitted

pytestmark = pytest.mark.django_db


def test_the_status_page_names_the_stages_with_dates_and_shows_the_pledge(client, applicant):
    case = submitted(applicant)
    client.force_login(applicant)
    page = client.get(f"/en/portal/applications/{case.pk}/").content.decode()
    assert case.reference in page
    assert "Submission" in page and day(timezone.localdate()) in page
    assert "Assessment" in page and "Decision" in page and "e-Visa" in page
    assert f"by {day(case.pledge_due_on)}" in page


def test_messages_from_the_officer_are_shown(client, applicant, officer):
    case = submitted(applicant)
    Message.objects.create(application=case, sender=officer, body="Please check your e-mail for our letter.")
    client.force_login(applicant)
    assert "Please check your e-mail for our letter." in client.get(f"/en/portal/applications/{case.pk}/").content.decode()


def _request_documents(case: Application, officer) -> InformationRequest:
    claim_case(case.pk, officer)
    return request_information(case.pk, officer, items=[{"kind": "transcript", "dependant_id": None}],
                               message="Send your degree transcript.")


def test_the_status_page_shows_open_and_answered_requests_from_one_read_of_the_requests(client, applicant, officer):
    case = submitted(applicant)
    _request_documents(case, officer)
    InformationRequest.objects.create(application=case, requested_by=officer, message="Send your payslips.",
                                      items=[{"kind": "payslip", "dependant_id": None}], answered_at=timezone.now())
    client.force_login(applicant)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/en/portal/applications/{case.pk}/").content.decode()
    assert "Send your degree transcript." in page and "Send your payslips." in page
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "cases_informationrequest"')]
    assert len(reads) == 1, reads


def test_a_request_for_documents_is_answered_by_upload_and_the_case_goes_back_to_the_officer(client, applicant, officer):
    case = submitted(applicant)
    request = _request_documents(case, officer)
    client.force_login(applicant)
    assert "Send your degree transcript." in client.get(f"/en/portal/applications/{case.pk}/").content.decode()
    response = client.post(
        f"/en/portal/applications/{case.pk}/requests/{request.pk}/",
        {"person": "principal", "kind": "transcript", "file": file_upload(pdf_bytes(), "transcript.pdf")},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    request.refresh_from_db()
    assert case.status == CaseStatus.ASSESSING and request.answered_at is not None
    assert case.documents.filter(information_request=request, kind="transcript").count() == 1


def test_a_wrong_file_in_answer_to_a_request_is_refused_and_the_request_stays_open(client, applicant, officer):
    case = submitted(applicant)
    request = _request_documents(case, officer)
    client.force_login(applicant)
    response = client.post(
        f"/en/portal/applications/{case.pk}/requests/{request.pk}/",
        {"person": "principal", "kind": "transcript", "file": file_upload(b"just text", "transcript.pdf")},
    )
    assert response.status_code == 400
    assert "not a PDF, JPEG or PNG" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_APPLICANT


def test_withdrawing_stops_the_application(client, applicant):
    case = submitted(applicant)
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/withdraw/", {"reason": "I accepted another post."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert case.events.filter(action="withdraw", reason="I accepted another post.").exists()
    assert "Withdraw this application" not in client.get(f"/en/portal/applications/{case.pk}/").content.decode()


@pytest.fixture
def approved(applicant, officer, senior_officer):
    """A family's case with its e-Visas issued, whose stay (granted by decide_case 36 months
    before, the fee paid at the counter) ends on `limit`."""

    def make(*, limit: dt.date) -> Application:
        case = make_case(applicant, "issued", "portal", officer=officer, senior_officer=senior_officer,
                         dependants=(PORTAL_SPOUSE, PORTAL_CHILD), at=decided_for(limit))
        assert case.limit_of_stay_on == limit
        return case

    return make


def test_the_fees_are_listed_with_their_receipts_and_a_link_to_the_bill(client, applicant, approved):
    case = approved(limit=timezone.localdate() + dt.timedelta(days=400))
    issuance = case.bills.get(kind="issuance", status="paid")
    client.force_login(applicant)
    page = client.get(f"/en/portal/applications/{case.pk}/").content.decode()
    assert f"HK${issuance.amount_hkd:,}" in page and issuance.receipt_number in page
    assert f'href="/en/payments/case/{case.pk}/"' in page
    assert 'href="/en/evisa/"' in page  # the e-Visa area's holder page, where the PDF is


def test_an_extension_is_prefilled_from_the_previous_grant(client, applicant, approved):
    case = approved(limit=timezone.localdate() + dt.timedelta(days=10))
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/extend/", {"idempotency_key": "extend-1"})
    extension = Application.objects.get(previous=case)
    assert response["Location"] == f"/en/portal/applications/{extension.pk}/step/personal/"
    assert extension.kind == "extension" and extension.status == CaseStatus.DRAFT
    assert extension.applicant_data == case.applicant_data
    assert [d.name_en for d in extension.dependants.all()] == [d.name_en for d in case.dependants.all()]
    assert extension.first_admitted_on == case.first_admitted_on == add_months(case.limit_of_stay_on, -36)
    page = client.get(f"/en/portal/applications/{extension.pk}/step/personal/").content.decode()
    assert 'value="LI Wei"' in page and "Application for extension of stay" in page


EXTEND_BUTTON = "Apply for an extension of stay"


def test_the_status_page_offers_an_extension_only_in_the_window_before_the_limit_of_stay(client, applicant, approved):
    case = approved(limit=timezone.localdate() + dt.timedelta(days=10))
    client.force_login(applicant)
    page = client.get(f"/en/portal/applications/{case.pk}/").content.decode()
    assert EXTEND_BUTTON in page and f'action="/en/portal/applications/{case.pk}/extend/"' in page


def test_before_the_window_the_status_page_says_from_which_day_an_extension_can_be_applied_for(client, applicant, approved):
    limit = timezone.localdate() + dt.timedelta(days=200)
    case = approved(limit=limit)
    client.force_login(applicant)
    page = client.get(f"/zh-hans/portal/applications/{case.pk}/").content.decode()
    opens = day(add_months(limit, -3), "zh-hans")  # 2026年9月3日: the 3-month window, in force since 2026-03-01
    assert f"您可由{opens}起（逗留期限届满前3个月内）申请延长逗留" in page
    assert "申请延长逗留期限" not in page and "/extend/" not in page  # no button that could only be refused


def test_after_the_limit_of_stay_the_status_page_says_it_can_no_longer_be_extended_online(client, applicant, approved):
    case = approved(limit=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(applicant)
    page = client.get(f"/en/portal/applications/{case.pk}/").content.decode()
    assert "Your limit of stay has passed, so it can no longer be extended online." in page
    assert EXTEND_BUTTON not in page and "/extend/" not in page


def test_an_extension_too_early_is_refused_with_the_reason(client, applicant, approved):
    case = approved(limit=timezone.localdate() + dt.timedelta(days=200))
    client.force_login(applicant)
    response = client.post(f"/en/portal/applications/{case.pk}/extend/", {"idempotency_key": "extend-2"})
    assert response.status_code == 409
    assert "It is too early to apply to extend your stay." in response.content.decode()
    assert not Application.objects.filter(previous=case).exists()


@pytest.mark.parametrize("path", [
    "", "step/personal/", "family/", "documents/", "review/", "withdraw/", "requests/1/",
])
def test_another_applicants_case_is_not_found(client, applicant, other_applicant, path):
    case = submitted(applicant)
    client.force_login(other_applicant)
    assert client.get(f"/en/portal/applications/{case.pk}/{path}").status_code == 404


def test_staff_do_not_see_the_applicant_portal(client, officer):
    client.force_login(officer)
    assert client.get("/en/portal/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/en/portal/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
