"""A company's claim to its Business Registration number counts only once an officer has checked
its certificate: until then its offers cannot be filed, sent or linked, and a first claim holds
nothing against a second."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from asmtp.accounts.models import User
from asmtp.audit.models import AuditEntry
from asmtp.employers import claims as company_claims
from asmtp.employers import services as service
from asmtp.employers.errors import EmployerError
from asmtp.employers.models import Company
from tests.integration.employers.factories import make_draft, make_offer, offer_details, pdf_bytes, pdf_upload
from tests.integration.employers.test_registration import form
from tests.personas import make_company, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(db):
    """A company just registered: its staff confirmed their address but no officer checked anything."""
    company = make_company("31415926", "Lion Rock Robotics Limited", status="pending")
    staff = make_user("hr@lionrock.example.hk", "employer", company=company, preferred_language="zh-hant")
    return company, staff


def _uploaded(staff):
    return company_claims.upload_registration_certificate(staff, pdf_upload("br.pdf"))


# --- until verified ------------------------------------------------------------------------------


def test_a_company_registered_through_the_portal_awaits_an_officer(client):
    client.post("/en/employer/register/", form())
    assert Company.objects.get(business_registration_number="31415926").status == "pending"


def test_an_unverified_company_can_prepare_an_offer_but_not_file_it(claim):
    _company, staff = claim
    offer = make_offer(staff, filed=False)
    for kind in service.required_offer_documents(offer, dt.date.today()):
        service.upload_offer_document(staff, offer, kind, pdf_upload())
    with pytest.raises(EmployerError) as refused:
        service.file_offer(staff, offer)
    assert refused.value.code == "company_not_verified"
    offer.refresh_from_db()
    assert offer.status == "draft"


def test_an_offer_filed_before_the_company_lost_its_verification_cannot_be_sent_or_linked(claim, client, applicant):
    company, staff = claim
    Company.objects.filter(pk=company.pk).update(status="verified")
    offer = make_offer(staff)
    Company.objects.filter(pk=company.pk).update(status="rejected")
    with pytest.raises(EmployerError) as refused:
        service.invite_applicant(staff, offer, "li.wei@example.cn", language="en", link="https://x/")
    assert refused.value.code == "company_not_verified"
    draft = make_draft(applicant)
    client.force_login(applicant)
    response = client.post("/en/employer/link/", {"code": offer.code, "target": f"app:{draft.pk}"})
    assert response.status_code == 400
    assert "The employer has not been verified yet" in response.content.decode()
    draft.refresh_from_db()
    assert draft.offer is None


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Your company's registration is not yet verified"),
    ("zh-hans", "贵公司的登记尚未核实"),
    ("zh-hant", "貴公司的登記尚未核實"),
])
def test_the_dashboard_of_an_unverified_company_says_what_is_pending_in_each_language(claim, client, language, words):
    client.force_login(claim[1])
    page = client.get(f"/{language}/employer/").content.decode()
    assert words in page
    assert 'enctype="multipart/form-data"' in page  # the certificate can be uploaded from here


def test_a_verified_companys_dashboard_asks_for_nothing(client, employer_staff):
    client.force_login(employer_staff)
    assert "not yet verified" not in client.get("/en/employer/").content.decode()


# --- a second claim -----------------------------------------------------------------------------


def test_a_second_registration_of_a_number_still_pending_goes_to_the_officers_beside_the_first(client, claim):
    response = client.post("/en/employer/register/", form(email="boss@lionrock.example.hk"))
    assert response["Location"] == "/en/accounts/register/done/"  # the same page as any registration
    claims = Company.objects.filter(business_registration_number="31415926")
    assert sorted(claims.values_list("status", flat=True)) == ["pending", "pending"]
    assert User.objects.get(email="hr@lionrock.example.hk").company == claim[0]  # the first claim is untouched


def test_a_verified_number_is_not_taken_over_and_the_refusal_names_nobody(client, company, employer_staff):
    response = client.post("/en/employer/register/", form(business_registration_number=company.business_registration_number))
    page = response.content.decode()
    assert response.status_code == 400
    assert "This company is already registered. Ask a colleague who has an account to add you as staff." in page
    assert employer_staff.email not in page and company.name_en not in page
    assert Company.objects.filter(business_registration_number=company.business_registration_number).count() == 1


def test_approving_one_claim_rejects_the_others_for_the_same_number(claim, officer):
    company, staff = claim
    rival = make_company("31415926", "Lion Rock Robots (Fake) Limited", status="pending")
    _uploaded(staff)
    company_claims.approve_company_claim(officer, company)
    rival.refresh_from_db()
    assert rival.status == "rejected"
    assert AuditEntry.objects.filter(action="employer.claim_rejected", object_id=str(rival.pk)).exists()


def test_a_rejected_claim_cannot_come_back_once_another_company_holds_the_number(claim, officer):
    company, staff = claim
    make_company("31415926", "The Real Lion Rock Limited", status="verified", contact_email="x@example.hk")
    Company.objects.filter(pk=company.pk).update(status="rejected")
    with pytest.raises(EmployerError) as refused:
        _uploaded(staff)
    assert refused.value.code == "claim_taken"


# --- the certificate and the officer ------------------------------------------------------------


def test_the_certificate_goes_through_the_upload_screen(claim, client):
    client.force_login(claim[1])
    fake = SimpleUploadedFile("br.pdf", b"MZ\x90\x00 not a certificate", content_type="application/pdf")
    response = client.post("/en/employer/certificate/", {"file": fake})
    assert response.status_code == 400
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()
    assert not claim[0].certificates.exists()


def test_an_uploaded_certificate_puts_the_claim_in_the_officers_queue(claim, client, officer):
    company, staff = claim
    client.force_login(staff)
    response = client.post("/en/employer/certificate/", {"file": pdf_upload("br.pdf")})
    assert response["Location"] == "/en/employer/"
    certificate = company.certificates.get()
    assert AuditEntry.objects.filter(action="employer.certificate_uploaded", object_id=str(company.pk),
                                     data__sha256=certificate.sha256).exists()
    client.force_login(officer)
    queue = client.get("/en/workbench/companies/").content.decode()
    assert "Lion Rock Robotics Limited" in queue and f"/en/workbench/companies/{company.pk}/" in queue


def test_the_officer_downloads_the_certificate_as_an_attachment_never_inline(claim, client, officer):
    company, staff = claim
    _uploaded(staff)
    client.force_login(officer)
    response = client.get(f"/en/workbench/companies/{company.pk}/certificate/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == pdf_bytes()


@pytest.mark.django_db(transaction=True)  # the worker sends only committed mail
def test_an_officer_approves_a_claim_and_the_staff_are_told_in_their_language(claim, client, officer, mailoutbox, run_jobs):
    company, staff = claim
    _uploaded(staff)
    client.force_login(officer)
    assert "Approve the registration" in client.get(f"/en/workbench/companies/{company.pk}/").content.decode()
    response = client.post(f"/en/workbench/companies/{company.pk}/decide/", {"decision": "approve"})
    assert response["Location"] == "/en/workbench/companies/"
    company.refresh_from_db()
    assert company.status == "verified"
    entry = AuditEntry.objects.get(action="employer.claim_approved", object_id=str(company.pk))
    assert (entry.actor_id, entry.data["from"], entry.data["to"]) == (officer.pk, "pending", "verified")
    run_jobs()
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert mailoutbox[0].subject == "Lion Rock Robotics Limited 的登記已經核實"  # zh-hant, the staff member's language
    assert service.file_offer(staff, _complete_draft(staff)).status == "filed"  # offers count from now on


def _complete_draft(staff):
    offer = service.save_offer(staff, offer_details())
    for kind in service.required_offer_documents(offer, dt.date.today()):
        service.upload_offer_document(staff, offer, kind, pdf_upload())
    return offer


@pytest.mark.django_db(transaction=True)
def test_a_rejection_needs_a_reason_which_the_company_reads(claim, client, officer, mailoutbox, run_jobs):
    company, staff = claim
    _uploaded(staff)
    client.force_login(officer)
    refused = client.post(f"/en/workbench/companies/{company.pk}/decide/", {"decision": "reject", "reason": " "})
    assert refused.status_code == 400
    assert "Give the reason for the rejection" in refused.content.decode()
    reason = "The certificate expired on 2025-03-31."
    client.post(f"/en/workbench/companies/{company.pk}/decide/", {"decision": "reject", "reason": reason})
    company.refresh_from_db()
    assert (company.status, company.status_reason) == ("rejected", reason)
    run_jobs()
    assert reason in mailoutbox[0].body
    client.force_login(staff)
    assert reason in client.get("/zh-hant/employer/").content.decode()


def test_a_decided_claim_cannot_be_decided_again(claim, officer):
    company, staff = claim
    _uploaded(staff)
    company_claims.approve_company_claim(officer, company)
    with pytest.raises(EmployerError) as refused:
        company_claims.reject_company_claim(officer, company, "changed my mind")
    assert refused.value.code == "claim_not_pending"


def test_a_claim_without_a_certificate_cannot_be_approved(claim, officer):
    with pytest.raises(EmployerError) as refused:
        company_claims.approve_company_claim(officer, claim[0])
    assert refused.value.code == "certificate_missing"


def test_a_rejected_company_uploads_again_and_returns_to_the_queue(claim, officer):
    company, staff = claim
    _uploaded(staff)
    company_claims.reject_company_claim(officer, company, "Unreadable scan.")
    _uploaded(staff)
    company.refresh_from_db()
    assert company.status == "pending"
    assert company in company_claims.pending_claims()


# --- the daily release of unfinished claims ----------------------------------------------------


def test_a_claim_left_without_a_certificate_is_released_by_the_daily_job(claim, settings):
    from asmtp.employers.tasks import release_unfinished_claims
    from asmtp.jobs.scheduler import PERIODIC_JOBS

    settings.ASMTP_COMPANY_CLAIM_DAYS = 30
    company, _staff = claim
    finished = make_company("27182818", "Euler Limited", status="pending", contact_email="e@example.hk")
    _uploaded(make_user("hr@euler.example.hk", "employer", company=finished))
    recent = make_company("16180339", "Golden Ratio Limited", status="pending", contact_email="g@example.hk")
    long_ago = timezone.now() - dt.timedelta(days=31)
    Company.objects.filter(pk__in=[company.pk, finished.pk]).update(status_changed_at=long_ago)
    assert "asmtp.employers.tasks.release_unfinished_claims" in {job.task_path for job in PERIODIC_JOBS}
    release_unfinished_claims.call()
    statuses = dict(Company.objects.values_list("pk", "status"))
    assert statuses == {company.pk: "rejected", finished.pk: "pending", recent.pk: "pending"}
    assert AuditEntry.objects.filter(action="employer.claim_released", object_id=str(company.pk)).exists()


# --- adding a colleague -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_adding_a_colleague_who_already_has_an_account_answers_as_for_a_new_address_and_tells_the_owner(
    client, employer_staff, applicant, mailoutbox, run_jobs
):
    client.force_login(employer_staff)

    def add(email):
        response = client.post("/en/employer/staff/", {"email": email, "preferred_language": "en"}, follow=True)
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return response.status_code, page.replace(email, "EMAIL")

    known = add(applicant.email)
    new = add("new.colleague@harbour-analytics.example.hk")
    assert known == new
    assert "already exists" not in known[1]
    applicant.refresh_from_db()
    assert (applicant.role, applicant.company) == ("applicant", None)  # the account is left as it is
    run_jobs()
    told = next(m for m in mailoutbox if m.to == [applicant.email])
    assert "已有账户" in told.body and "Harbour Analytics Limited" in told.body  # in the owner's language
    assert not re.search(r"/employer/welcome/", told.body)
