import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asmtp.employers import services as service
from asmtp.employers.errors import EmployerError
from asmtp.employers.models import JobOffer
from tests.integration.employers.factories import make_offer, offer_details, pdf_upload
from tests.personas import make_company, make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_an_offer_without_an_exemption_needs_local_recruitment_evidence(employer_staff):
    offer = make_offer(employer_staff, filed=False)
    assert service.market_test_exemption(offer, TODAY) is None
    assert service.required_offer_documents(offer, TODAY) == ["br_certificate", "employment_contract", "recruitment_evidence"]


def test_a_talent_list_post_is_exempt_from_the_market_test(employer_staff):
    offer = make_offer(employer_staff, "talent_list", filed=False)
    assert service.market_test_exemption(offer, TODAY) == "talent_list"
    assert "recruitment_evidence" not in service.required_offer_documents(offer, TODAY)


def test_a_post_paying_two_million_a_year_is_exempt_from_the_market_test(employer_staff):
    offer = make_offer(employer_staff, "high_salary", filed=False)
    assert service.market_test_exemption(offer, TODAY) == "salary"


def test_the_exemptions_did_not_exist_before_28_december_2022(employer_staff):
    offer = make_offer(employer_staff, "high_salary", filed=False)
    assert service.market_test_exemption(offer, dt.date(2022, 12, 27)) is None
    assert service.market_test_exemption(offer, dt.date(2022, 12, 28)) == "salary"


def test_an_annual_package_just_under_two_million_is_not_exempt(employer_staff):
    offer = make_offer(employer_staff, filed=False, monthly_salary_hkd=150_000, annual_package_hkd=1_999_999)
    assert service.market_test_exemption(offer, TODAY) is None


def test_a_company_under_12_months_old_adds_a_business_plan(db):
    young = make_company("55554444", "Startup Limited", established_on=dt.date(2025, 6, 15))
    staff = make_user("founder@startup.example.hk", "employer", company=young)
    offer = make_offer(staff, filed=False)
    assert "business_plan" in service.required_offer_documents(offer, TODAY)
    assert "business_plan" not in service.required_offer_documents(offer, dt.date(2026, 6, 15))


def test_an_offer_cannot_be_filed_until_every_document_is_uploaded(employer_staff):
    offer = make_offer(employer_staff, filed=False)
    service.upload_offer_document(employer_staff, offer, "br_certificate", pdf_upload())
    with pytest.raises(EmployerError) as refused:
        service.file_offer(employer_staff, offer)
    assert refused.value.code == "offer_incomplete"
    offer.refresh_from_db()
    assert offer.status == JobOffer.Status.DRAFT


def test_a_filed_offer_is_fixed(employer_staff):
    offer = make_offer(employer_staff)
    assert offer.status == JobOffer.Status.FILED and offer.filed_at is not None
    with pytest.raises(EmployerError) as refused:
        service.save_offer(employer_staff, offer_details(monthly_salary_hkd=1), offer)
    assert refused.value.code == "offer_not_draft"


def test_a_file_that_only_claims_to_be_a_pdf_is_refused_by_its_content(client, employer_staff):
    offer = make_offer(employer_staff, filed=False)
    client.force_login(employer_staff)
    fake = SimpleUploadedFile("contract.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    response = client.post(f"/en/employer/offers/{offer.pk}/documents/", {"kind": "employment_contract", "file": fake})
    assert response.status_code == 400
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()
    assert not offer.documents.exists()


def test_the_offer_page_shows_which_exemption_applies(client, employer_staff):
    offer = make_offer(employer_staff, "high_salary", filed=False)
    client.force_login(employer_staff)
    page = client.get(f"/en/employer/offers/{offer.pk}/").content.decode()
    assert "Exempt: the annual salary (HK$2,160,000) is HK$2,000,000 or more." in page


def test_the_offer_form_keeps_what_was_typed_when_the_salary_is_missing(client, employer_staff):
    client.force_login(employer_staff)
    response = client.post("/zh-hans/employer/offers/new/", {"post_title": "量化分析师", "duties": "建模"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "量化分析师" in page
    assert 'id="id_monthly_salary_hkd"' in page and 'aria-invalid="true"' in page
    assert not JobOffer.objects.exists()


def test_filing_through_the_pages_gives_an_offer_code(client, employer_staff):
    client.force_login(employer_staff)
    response = client.post("/en/employer/offers/new/", {
        "post_title": "Quant Analyst", "duties": "Pricing", "monthly_salary_hkd": "70000",
        "talent_list_profession": "", "local_recruitment_evidence": "on",
    })
    offer = JobOffer.objects.get()
    assert response["Location"] == f"/en/employer/offers/{offer.pk}/"
    for kind in ("br_certificate", "employment_contract", "recruitment_evidence"):
        client.post(f"/en/employer/offers/{offer.pk}/documents/", {"kind": kind, "file": pdf_upload()})
    client.post(f"/en/employer/offers/{offer.pk}/file/")
    offer.refresh_from_db()
    assert offer.status == "filed"
    assert offer.code in client.get(f"/en/employer/offers/{offer.pk}/").content.decode()


HOSTILE = Path(__file__).resolve().parents[2] / "security" / "hostile"


@pytest.mark.parametrize(("fixture", "name", "words"), [
    ("eicar.pdf", "contract.pdf", "our virus check found a threat"),
    ("polyglot-pdf-javascript.pdf", "contract.pdf", "contains scripts, attachments or actions"),
    ("pdf-with-trailer.pdf", "contract.pdf", "extra data hidden after its end"),
])
def test_an_employers_document_is_screened_like_an_applicants(client, employer_staff, fixture, name, words):
    offer = make_offer(employer_staff, filed=False)
    client.force_login(employer_staff)
    hostile = SimpleUploadedFile(name, (HOSTILE / fixture).read_bytes(), content_type="application/pdf")
    response = client.post(f"/en/employer/offers/{offer.pk}/documents/", {"kind": "employment_contract", "file": hostile})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not offer.documents.exists()


def test_a_photo_an_employer_uploads_loses_its_metadata(employer_staff):
    from PIL import Image

    offer = make_offer(employer_staff, filed=False)
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    Image.new("RGB", (40, 30), "white").save(photo, "JPEG", exif=exif.tobytes())
    assert b"SecretCam" in photo.getvalue()
    document = service.upload_offer_document(employer_staff, offer, "employment_contract",
                                             SimpleUploadedFile("contract.jpg", photo.getvalue(), content_type="image/jpeg"))
    with document.file.open("rb") as stored:
        kept = stored.read()
    assert b"SecretCam" not in kept and kept.startswith(b"\xff\xd8\xff")
