"""The e-Visa pages: public verification, the holder's downloads, the officer's issue and revoke."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import segno

from asmtp.evisa.models import EVisa
from asmtp.evisa.services import issue_evisa
from tests.integration.evisa.factories import SPOUSE, approved_case
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, dependants=(SPOUSE,), with_fee=True)
    return issue_evisa(case.pk, officer, today=dt.date.today())


def sign_in(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_anyone_can_paste_a_token_and_see_it_is_valid_in_their_language(client, issued):
    response = client.post("/zh-hans/evisa/verify/", {"token": issued[0].token_work})

    page = response.content.decode()
    assert response.status_code == 200
    assert "有效" in page
    assert "李伟" in page
    assert "1990-05-17" not in page


def test_an_uploaded_photo_of_the_qr_code_is_decoded_and_verified(client, issued):
    picture = io.BytesIO()
    segno.make(issued[1].token_full, error="m").save(picture, kind="png", scale=6)
    picture.name = "photo.png"
    picture.seek(0)

    page = client.post("/en/evisa/verify/", {"file": picture}).content.decode()

    assert "Valid: genuine and in force" in page
    assert "WANG, Fang" in page
    assert "1991-08-02" in page  # the full code discloses the date of birth


def test_an_upload_without_a_qr_code_is_told_so_next_to_the_field_and_the_pasted_text_is_kept(client, db):
    picture = io.BytesIO()
    segno.make("just a shop's QR code").save(picture, kind="png", scale=4)
    picture.name = "shop.png"
    picture.seek(0)

    page = client.post("/en/evisa/verify/", {"file": picture, "token": "kept text"}).content.decode()

    assert 'class="field-error"' in page
    assert "No e-Visa QR code was found in this file" in page
    assert "kept text" in page


def test_submitting_nothing_asks_for_the_code_in_an_error_summary(client, db):
    page = client.post("/zh-hant/evisa/verify/", {}).content.decode()

    assert 'class="error-summary"' in page
    assert 'href="#id_token"' in page


def test_an_altered_token_is_shown_as_not_genuine_without_any_particulars(client, issued):
    tampered = issued[0].token_full[:30] + ("Z" if issued[0].token_full[30] != "Z" else "Y") + issued[0].token_full[31:]

    page = client.post("/en/evisa/verify/", {"token": tampered}).content.decode()

    assert "Not genuine" in page
    assert "LI, Wei" not in page


def test_the_holder_downloads_their_evisa_pdf_and_the_right_to_work_copy(client, applicant, issued):
    sign_in(client, applicant)

    full = client.get(f"/en/evisa/{issued[0].number}/pdf/full/")
    work = client.get(f"/en/evisa/{issued[1].number}/pdf/work/")

    assert full["Content-Type"] == "application/pdf" and full.content.startswith(b"%PDF-")
    assert work["Content-Disposition"].endswith('-right-to-work.pdf"')


def test_another_applicant_gets_a_404_for_someone_elses_evisa(client, other_applicant, issued):
    sign_in(client, other_applicant)

    assert client.get(f"/en/evisa/{issued[0].number}/pdf/full/").status_code == 404
    assert issued[0].number not in client.get("/en/evisa/").content.decode()


def test_an_applicant_gets_a_404_for_the_officers_pages(client, applicant, issued):
    sign_in(client, applicant)

    assert client.get(f"/en/evisa/case/{issued[0].application_id}/").status_code == 404
    assert client.post(f"/en/evisa/{issued[0].number}/revoke/", {"reason": "x"}).status_code == 404
    assert EVisa.objects.get(pk=issued[0].pk).status == EVisa.Status.ISSUED


def test_an_officer_records_the_fee_and_issues_from_the_case_page(client, applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer)
    sign_in(client, officer)

    page = client.get(f"/en/evisa/case/{case.pk}/").content.decode()
    recorded = client.post(re.search(r'<form method="post" action="([^"]+/issuance-fee/)"', page).group(1), follow=True)
    assert "The issuance fee is recorded." in recorded.content.decode()
    assert recorded.redirect_chain[-1][0] == f"/en/evisa/case/{case.pk}/"  # back on the case's e-Visa page
    fee = case.bills.get(kind="issuance").lines.get().amount_hkd
    assert fee >= 1000  # so that the separator is there to see
    page = client.get(f"/zh-hant/evisa/case/{case.pk}/").content.decode()
    assert re.search(rf"<td[^>]*>{fee:,}</td>", page)  # 1,300 under an "amount (HK$)" heading, in Chinese too
    response = client.post(f"/en/evisa/case/{case.pk}/issue/", follow=True)

    assert "The e-Visas are issued." in response.content.decode()
    assert EVisa.objects.filter(application=case).count() == 1


def test_issuing_before_the_fee_shows_why_in_the_officers_language(client, applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer)
    sign_in(client, officer)

    response = client.post(f"/zh-hant/evisa/case/{case.pk}/issue/", follow=True)

    assert "簽發電子簽證前，請先記錄簽發費用。" in response.content.decode()
    assert not EVisa.objects.exists()


def test_revoking_without_a_reason_keeps_the_form_with_an_error_and_revokes_nothing(client, officer, issued):
    sign_in(client, officer)

    page = client.post(f"/en/evisa/{issued[0].number}/revoke/", {"reason": ""}).content.decode()

    assert "Say why the e-Visa is revoked." in page
    assert EVisa.objects.get(pk=issued[0].pk).status == EVisa.Status.ISSUED


def test_an_officer_revokes_with_a_reason_and_the_dependants_evisa_goes_too(client, officer, issued):
    sign_in(client, officer)

    client.post(f"/en/evisa/{issued[0].number}/revoke/", {"reason": "Employment ended."})

    assert set(EVisa.objects.values_list("status", flat=True)) == {EVisa.Status.REVOKED}


def test_the_admin_lists_evisas_but_cannot_add_change_or_delete_them(client, administrator, issued):
    sign_in(client, administrator)

    listing = client.get("/en/admin/evisa/evisa/")
    adding = client.get("/en/admin/evisa/evisa/add/")
    deleting = client.post(f"/en/admin/evisa/evisa/{issued[0].pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200 and issued[0].number in listing.content.decode()
    assert adding.status_code == 403
    assert deleting.status_code == 403
    assert EVisa.objects.filter(pk=issued[0].pk).exists()
