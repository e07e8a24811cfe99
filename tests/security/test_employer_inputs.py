"""What an employer types is made safe before anyone relies on it (issue #20, findings 8 and 13):
one spelling per Business Registration number, names on one line without direction overrides,
plain-text e-mails that show the name as typed, and a limit on invitations."""

from __future__ import annotations

import pytest
from django.test import override_settings

from asmtp.accounts.models import User
from asmtp.domain.identity import brn_error, eep_error, hkid_error
from asmtp.domain.plain_text import ascii_digits
from asmtp.employers import services as service
from asmtp.employers.errors import EmployerError
from asmtp.employers.models import Company
from tests.integration.employers.factories import make_offer
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def registration(**overrides: str) -> dict[str, str]:
    return {"business_registration_number": "3141 5926", "name_en": "Lion Rock Robotics Limited", "name_zh": "",
            "established_on": "2019-06-01", "industry": "M", "contact_person": "Ho Ka Yan", "contact_phone": "",
            "email": "hr@lionrock.example.hk", "first_name": "Ka Yan", "last_name": "Ho", "password": PASSWORD,
            "password_again": PASSWORD, **overrides}


def test_digits_of_any_script_become_ascii_digits():
    assert ascii_digits("٨٧٦٥٤٣٢١") == "87654321"
    assert ascii_digits("１２３４-５６７８") == "1234-5678"


@pytest.mark.parametrize("check, number", [(brn_error, "٨٧٦٥٤٣٢١"), (eep_error, "C٨٧٦٥٤٣٢١"), (hkid_error, "A١٢٣٤٥٦(7)")])
def test_identity_numbers_written_in_another_scripts_digits_are_not_valid_as_they_stand(check, number):
    assert check(number) is not None


def test_a_registered_company_cannot_be_claimed_again_in_arabic_indic_digits(client, company):
    response = client.post("/en/employer/register/", registration(business_registration_number="١٢٣٤٥٦٧٨"))
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Company.objects.count() == 1


def test_a_number_typed_in_full_width_digits_is_stored_in_ascii(client):
    assert client.post("/en/employer/register/", registration(business_registration_number="３１４１５９２６")).status_code == 302
    assert Company.objects.get().business_registration_number == "31415926"


@pytest.mark.parametrize("field", ["name_en", "name_zh", "contact_person", "first_name", "last_name"])
def test_a_line_break_in_a_name_is_refused_beside_the_field(client, field):
    response = client.post("/en/employer/register/", registration(**{field: "Lion Rock\r\nBcc: everyone@example.com"}))
    assert response.status_code == 400
    assert "A name is one line of text" in response.content.decode()
    assert not Company.objects.exists()


def test_direction_override_characters_are_dropped_from_names(client):
    client.post("/en/employer/register/", registration(name_en="Lion Rock \u202eLTD\u202c Robotics", first_name="Ka\u2066 Yan"))
    company = Company.objects.get()
    assert company.name_en == "Lion Rock LTD Robotics"
    assert User.objects.get(email="hr@lionrock.example.hk").first_name == "Ka Yan"


def test_an_applicant_name_with_a_direction_override_is_stored_without_it(client):
    client.post("/en/accounts/register/", {"last_name": "Li\u202e", "first_name": "Wei", "email": "li@example.cn",
                                           "preferred_language": "en", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get(email="li@example.cn").last_name == "Li"


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_the_plain_text_invitation_shows_the_company_name_as_typed(employer_staff, mailoutbox, run_jobs):
    Company.objects.filter(pk=employer_staff.company_id).update(name_en='Harbour "Analytics" & Co')
    employer_staff.refresh_from_db()
    offer = make_offer(employer_staff)
    service.invite_applicant(employer_staff, offer, "li.wei@example.cn", language="en", link="https://x/")
    run_jobs()
    [mail] = mailoutbox
    assert 'Harbour "Analytics" & Co' in mail.subject and 'Harbour "Analytics" & Co' in mail.body
    assert "&quot;" not in mail.body + mail.subject and "&amp;" not in mail.body + mail.subject


@override_settings(ASMTP_INVITATIONS_PER_COMPANY_HOUR=2)
def test_a_company_can_send_only_so_many_invitations_an_hour(client, employer_staff):
    offer = make_offer(employer_staff)
    for n in range(2):
        service.invite_applicant(employer_staff, offer, f"person{n}@example.cn", language="en", link="https://x/")
    with pytest.raises(EmployerError) as refused:
        service.invite_applicant(employer_staff, offer, "person9@example.cn", language="en", link="https://x/")
    assert refused.value.code == "invitations_throttled"
    client.force_login(employer_staff)
    response = client.post(f"/en/employer/offers/{offer.pk}/invite/", {"email": "person8@example.cn", "language": "en"})
    assert "many invitations in the last hour" in response.content.decode()
