"""Another company's staff get 404 on every URL of the first company's offers and cases."""

import pytest

from asmtp.employers import services as service
from tests.integration.employers.factories import make_offer

pytestmark = pytest.mark.django_db

# (method, path template): every employer URL that names one of the company's objects.
COMPANY_URLS = [
    ("get", "/en/employer/offers/{draft}/"),
    ("get", "/en/employer/offers/{draft}/edit/"),
    ("post", "/en/employer/offers/{draft}/edit/"),
    ("post", "/en/employer/offers/{draft}/documents/"),
    ("get", "/en/employer/offers/{draft}/documents/{document}/"),
    ("post", "/en/employer/offers/{draft}/documents/{document}/remove/"),
    ("post", "/en/employer/offers/{draft}/file/"),
    ("get", "/en/employer/offers/{filed}/"),
    ("post", "/en/employer/offers/{filed}/invite/"),
    ("post", "/en/employer/offers/{filed}/withdraw/"),
    ("get", "/en/employer/cases/{case}/"),
]


@pytest.fixture
def first_company_things(employer_staff, applicant):
    draft = make_offer(employer_staff, filed=False)
    from tests.integration.employers.factories import pdf_upload

    document = service.upload_offer_document(employer_staff, draft, "br_certificate", pdf_upload())
    filed = make_offer(employer_staff)
    case = service.start_application_with_offer(applicant, filed.code)
    return {"draft": draft.pk, "document": document.pk, "filed": filed.pk, "case": case.pk}


@pytest.mark.parametrize(("method", "template"), COMPANY_URLS)
def test_another_companys_staff_get_404(client, other_company_staff, first_company_things, method, template):
    client.force_login(other_company_staff)
    path = template.format(**first_company_things)
    data = {"email": "x@example.cn", "language": "en", "post_title": "Stolen", "duties": "x", "monthly_salary_hkd": "1"}
    response = client.get(path) if method == "get" else client.post(path, data)
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "template"), COMPANY_URLS)
def test_the_companys_own_staff_reach_the_same_urls(client, employer_staff, first_company_things, method, template):
    # The other half of the check above: the 404s are about ownership, not broken URLs.
    client.force_login(employer_staff)
    path = template.format(**first_company_things)
    response = client.get(path) if method == "get" else client.post(path, {"email": "x@example.cn", "language": "en"})
    assert response.status_code != 404


def test_the_dashboard_lists_only_the_companys_own_offers(client, other_company_staff, first_company_things):
    client.force_login(other_company_staff)
    page = client.get("/en/employer/").content.decode()
    assert "Senior Data Scientist" not in page


def test_an_applicant_cannot_download_an_employers_document(client, applicant, first_company_things):
    client.force_login(applicant)
    path = "/en/employer/offers/{draft}/documents/{document}/".format(**first_company_things)
    assert client.get(path).status_code == 404


def test_an_officer_sees_an_offer_document_only_once_the_case_is_submitted(client, officer, employer_staff, applicant):
    from asmtp.cases.services import perform_action
    from asmtp.domain.lifecycle import Action

    offer = make_offer(employer_staff)
    document = offer.documents.first()
    case = service.start_application_with_offer(applicant, offer.code)
    client.force_login(officer)
    path = f"/en/employer/offers/{offer.pk}/documents/{document.pk}/"
    assert client.get(path).status_code == 404
    perform_action(case.pk, Action.SUBMIT, applicant)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
