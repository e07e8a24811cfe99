import re

import pytest

from asmtp.accounts.models import User
from asmtp.audit.models import AuditEntry
from asmtp.employers.models import Company
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "business_registration_number": "3141 5926",
        "name_en": "Lion Rock Robotics Limited",
        "name_zh": "獅子山機械人有限公司",
        "established_on": "2019-06-01",
        "industry": "M",
        "contact_person": "Ho Ka Yan",
        "contact_phone": "2345 6789",
        "email": "hr@lionrock.example.hk",
        "first_name": "Ka Yan",
        "last_name": "Ho",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_a_company_registers_confirms_its_address_signs_in_and_lands_on_its_dashboard(client, mailoutbox, run_jobs):
    response = client.post("/en/employer/register/", form())
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/register/done/"
    company = Company.objects.get(business_registration_number="31415926")
    user = User.objects.get(email="hr@lionrock.example.hk")
    assert (user.role, user.company, user.is_active) == ("employer", company, False)
    assert AuditEntry.objects.filter(action="employer.registered", object_id=str(company.pk)).exists()
    run_jobs()
    link = re.search(r"https?://testserver(\S+)", mailoutbox[0].body).group(1)
    sign_in = client.get(link)["Location"]
    assert sign_in == "/en/accounts/login/?next=/en/employer/"
    assert client.post(sign_in, {"username": "hr@lionrock.example.hk", "password": PASSWORD})["Location"] == "/en/employer/"
    dashboard = client.get("/en/employer/")
    assert "Lion Rock Robotics Limited" in dashboard.content.decode()


@pytest.mark.parametrize("brn", ["1234567", "1234567A", "123456789"])
def test_a_malformed_business_registration_number_is_refused_next_to_the_field_keeping_what_was_typed(client, brn):
    response = client.post("/en/employer/register/", form(business_registration_number=brn))
    page = response.content.decode()
    assert response.status_code == 400
    assert "A Business Registration number is 8 digits" in page
    assert 'href="#id_business_registration_number"' in page  # the error summary links to the field
    assert "Lion Rock Robotics Limited" in page
    assert not Company.objects.exists()


def test_the_refusal_speaks_the_users_language(client):
    response = client.post("/zh-hant/employer/register/", form(business_registration_number="12"))
    assert "商業登記號碼" in response.content.decode()


def test_a_company_cannot_be_registered_twice(client, company):
    response = client.post("/en/employer/register/", form(business_registration_number=company.business_registration_number))
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert not User.objects.filter(email="hr@lionrock.example.hk").exists()


def test_mismatched_passwords_are_caught_before_anything_is_stored(client):
    response = client.post("/en/employer/register/", form(password_again="something else entirely 99"))
    assert response.status_code == 400
    assert "The two passwords are not the same." in response.content.decode()
    assert not Company.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_a_colleague_added_by_staff_gets_a_link_to_choose_a_password_and_shares_the_companys_cases(
    client, employer_staff, mailoutbox, run_jobs
):
    client.force_login(employer_staff)
    response = client.post("/en/employer/staff/", {"email": "ops@harbour-analytics.example.hk", "first_name": "Mei",
                                                    "last_name": "Chan", "preferred_language": "zh-hant"})
    assert response.status_code == 302
    run_jobs()
    colleague = User.objects.get(email="ops@harbour-analytics.example.hk")
    assert colleague.company == employer_staff.company
    assert not colleague.has_usable_password()
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/employer/welcome/" in line)
    assert "/zh-hant/" in link  # the colleague's own language
    client.logout()
    path = link.split("testserver", 1)[1]
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD)
    assert client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD}).status_code == 400  # used once


def test_an_applicant_visiting_the_employer_portal_is_told_it_is_for_employers(client, applicant):
    client.force_login(applicant)
    response = client.get("/en/employer/")
    assert response.status_code == 403
    assert "registered Hong Kong employer" in response.content.decode()


def test_a_visitor_sees_how_to_register_or_sign_in(client):
    response = client.get("/zh-hans/employer/")
    assert response.status_code == 200
    assert "/zh-hans/employer/register/" in response.content.decode()
