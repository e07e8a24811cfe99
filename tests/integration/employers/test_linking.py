import pytest

from asmtp.cases.engine_input import employment_for_engine
from asmtp.cases.models import Application
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action
from asmtp.employers import services as service
from asmtp.employers.errors import EmployerError
from tests.factories import advance
from tests.integration.employers.factories import DRAFT_DATA, make_draft, make_offer

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_the_invitation_e_mail_carries_the_offer_code_and_a_link_in_the_chosen_language(
    client, employer_staff, mailoutbox, run_jobs
):
    offer = make_offer(employer_staff)
    client.force_login(employer_staff)
    response = client.post(f"/en/employer/offers/{offer.pk}/invite/", {"email": "Li.Wei@example.cn", "language": "en"})
    assert response.status_code == 302
    run_jobs()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["li.wei@example.cn"]
    assert offer.code in mail.body
    assert f"/en/employer/link/?code={offer.code}" in mail.body
    assert "Harbour Analytics Limited" in mail.subject


def test_a_draft_offer_cannot_be_sent_to_an_applicant(employer_staff):
    offer = make_offer(employer_staff, filed=False)
    with pytest.raises(EmployerError) as refused:
        service.invite_applicant(employer_staff, offer, "li.wei@example.cn", language="en", link="https://x/")
    assert refused.value.code == "offer_not_filed"


def test_linking_puts_the_employers_data_on_the_case_whatever_the_applicant_claimed(employer_staff, applicant):
    offer = make_offer(employer_staff, "talent_list")
    draft = make_draft(applicant, employment_data={
        "employer_name": "Claimed Ltd", "business_registration_number": "99999999", "job_title": "CEO",
        "industry": "K", "monthly_salary_hkd": 999_999, "relevant_to_background": True,
    })
    case = service.link_offer_to_application(draft, offer.code.lower(), applicant)
    assert case.offer == offer
    assert case.employment_data == {
        "employer_name": "Harbour Analytics Limited", "business_registration_number": "12345678",
        "employer_established_on": "2015-03-01", "job_title": "Senior Data Scientist", "industry": "J",
        "talent_list_profession": "data-scientists-cyber-security-specialists", "monthly_salary_hkd": 65_000, "contract_months": 24,
        "relevant_to_background": True, "local_recruitment_evidence": False,
    }
    assert (case.industry, case.monthly_salary_hkd, case.talent_list_profession) == ("J", 65_000, "data-scientists-cyber-security-specialists")


def test_the_engine_input_reads_the_employer_even_if_the_stored_block_was_changed_later(employer_staff, applicant):
    offer = make_offer(employer_staff)
    case = service.link_offer_to_application(make_draft(applicant), offer.code, applicant)
    case.employment_data = {**case.employment_data, "monthly_salary_hkd": 1, "relevant_to_background": True}
    block = employment_for_engine(case)
    assert block["monthly_salary_hkd"] == 65_000
    assert block["relevant_to_background"] is True  # the applicant's (or officer's) own answer


def test_without_an_offer_the_engine_input_is_what_the_applicant_filed(applicant):
    case = make_draft(applicant, employment_data=None)
    assert employment_for_engine(case) is None


def test_an_unknown_code_is_refused_next_to_the_code_field(client, applicant):
    client.force_login(applicant)
    response = client.post("/en/employer/link/", {"code": "NOPE2345", "target": "new"})
    assert response.status_code == 400
    assert "No filed job offer has this code." in response.content.decode()
    assert 'value="NOPE2345"' in response.content.decode()
    assert not Application.objects.exists()


def test_one_offer_travels_with_one_application_only(employer_staff, applicant, other_applicant):
    offer = make_offer(employer_staff)
    service.start_application_with_offer(applicant, offer.code)
    with pytest.raises(EmployerError) as refused:
        service.start_application_with_offer(other_applicant, offer.code)
    assert refused.value.code == "offer_already_linked"
    assert Application.objects.count() == 1


def test_an_offer_freed_by_a_withdrawn_application_can_be_linked_again(employer_staff, applicant, other_applicant):
    offer = make_offer(employer_staff)
    first = service.start_application_with_offer(applicant, offer.code)
    perform_action(first.pk, Action.WITHDRAW, applicant)
    second = service.start_application_with_offer(other_applicant, offer.code)
    assert second.offer == offer


def test_a_submitted_application_cannot_take_an_offer(employer_staff, applicant):
    draft = make_draft(applicant)
    perform_action(draft.pk, Action.SUBMIT, applicant)
    with pytest.raises(EmployerError) as refused:
        service.link_offer_to_application(draft, make_offer(employer_staff).code, applicant)
    assert refused.value.code == "application_not_draft"


def test_the_applicant_links_through_the_page_and_sees_the_employers_part(client, employer_staff, applicant):
    offer = make_offer(employer_staff)
    draft = make_draft(applicant)
    client.force_login(applicant)
    page = client.get(f"/en/employer/link/?code={offer.code}").content.decode()
    assert f'value="{offer.code}"' in page and f'value="app:{draft.pk}"' in page
    response = client.post("/en/employer/link/", {"code": offer.code, "target": f"app:{draft.pk}"})
    assert response["Location"] == f"/en/employer/link/{draft.pk}/"
    assert "Senior Data Scientist" in client.get(response["Location"]).content.decode()
    draft.refresh_from_db()
    assert draft.offer == offer


def test_an_applicant_cannot_link_an_offer_to_someone_elses_draft(client, employer_staff, applicant, other_applicant):
    offer = make_offer(employer_staff)
    theirs = make_draft(other_applicant)
    client.force_login(applicant)
    response = client.post("/en/employer/link/", {"code": offer.code, "target": f"app:{theirs.pk}"})
    assert response.status_code == 400  # not among the applicant's own choices
    theirs.refresh_from_db()
    assert theirs.offer is None


def test_employer_staff_see_the_linked_case_on_their_dashboard(client, employer_staff, applicant):
    offer = make_offer(employer_staff)
    case = service.start_application_with_offer(applicant, offer.code)
    perform_action(case.pk, Action.SUBMIT, applicant)
    case.refresh_from_db()
    client.force_login(employer_staff)
    assert case.reference in client.get("/en/employer/").content.decode()
    page = client.get(f"/en/employer/cases/{case.pk}/").content.decode()
    assert "Submitted" in page


def _grant(applicant, officer, senior_officer, **applicant_data):
    """An approved case (through decide_case) whose applicant's particulars add `applicant_data`."""
    return make_draft(applicant, "approved", officer=officer, senior_officer=senior_officer,
                      applicant_data={**DRAFT_DATA, **applicant_data})


def test_a_new_employer_files_a_change_of_employment_that_needs_an_officers_approval(
    employer_staff, other_company_staff, applicant, officer, senior_officer
):
    grant = _grant(applicant, officer, senior_officer)
    new_offer = make_offer(other_company_staff)
    change = service.change_of_employment(grant, new_offer.code, applicant)
    assert (change.kind, change.previous, change.offer) == ("change_of_employment", grant, new_offer)
    assert change.applicant_data["mainland_id_number"] == "11010519491231002X"
    perform_action(change.pk, Action.SUBMIT, applicant)
    change.refresh_from_db()
    assert not service.is_notification_only(change)
    assert not service.employment_change_in_effect(change)
    change = advance(change, "approved", officer=officer, senior_officer=senior_officer)
    assert service.employment_change_in_effect(change)


def test_a_top_tier_persons_change_of_employment_takes_effect_on_notification(
    other_company_staff, applicant, officer, senior_officer
):
    grant = _grant(applicant, officer, senior_officer, previous_year_assessable_income_hkd=2_400_000)
    change = service.change_of_employment(grant, make_offer(other_company_staff).code, applicant)
    assert service.is_notification_only(change)
    assert not service.employment_change_in_effect(change)  # still a draft: nothing notified yet
    perform_action(change.pk, Action.SUBMIT, applicant)
    change.refresh_from_db()
    assert service.employment_change_in_effect(change)


def test_a_change_of_employment_needs_a_grant(employer_staff, applicant):
    with pytest.raises(EmployerError) as refused:
        service.change_of_employment(make_draft(applicant), make_offer(employer_staff).code, applicant)
    assert refused.value.code == "no_grant"


def test_an_application_started_from_an_offer_code_is_in_the_language_of_the_page_it_was_started_from(
    client, employer_staff, applicant
):
    offer = make_offer(employer_staff)
    client.force_login(applicant)  # prefers Simplified Chinese, links the offer on a Traditional Chinese page
    response = client.post("/zh-hant/employer/link/", {"code": offer.code, "target": "new"})
    assert response.status_code == 302
    assert Application.objects.get(offer=offer).language == "zh-hant"
