"""Bad input is named by its field path; a malformed identity number is a finding, not bad input."""

from __future__ import annotations

import pytest

from asmtp.domain.eligibility import ApplicationInputError, parse_for_policy
from asmtp.policy import load_policy
from tests.unit.domain.eligibility.builders import application, child

POLICY = load_policy("direct")


def _error(data: object, **kwargs: object) -> ApplicationInputError:
    with pytest.raises(ApplicationInputError) as raised:
        parse_for_policy(data, POLICY, default_edition="direct", **kwargs)
    return raised.value


def test_a_valid_application_parses_with_its_defaults():
    parsed = parse_for_policy(application(), POLICY, default_edition="direct")
    assert (parsed.edition, parsed.as_of.isoformat(), parsed.applicant.hk_degree_graduate) == ("direct", "2025-06-02", False)


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ([1, 2], "invalid_type", ""),
        (application(id=None), "missing_field", "id"),
        (application(id=True), "invalid_type", "id"),
        (application(submitted_on="2025/06/02"), "invalid_date", "submitted_on"),
        (application(submitted_on="2025-02-30"), "invalid_date", "submitted_on"),
        (application(applicant={"date_of_birth": None}), "missing_field", "applicant.date_of_birth"),
        (application(applicant={"experience_years": "six"}), "invalid_type", "applicant.experience_years"),
        (application(applicant={"experience_years": -1}), "invalid_value", "applicant.experience_years"),
        (application(applicant={"criminal_conviction_declared": "no"}), "invalid_type", "applicant.criminal_conviction_declared"),
        (application(applicant={"sex": "X"}), "invalid_value", "applicant.sex"),
        (application(applicant={"education_level": "phd"}), "invalid_value", "applicant.education_level"),
        (application(applicant={"mainland_id_number": 110105194912310020}), "invalid_type", "applicant.mainland_id_number"),
        (application(applicant={"travel_document": {"type": "VISA", "number": "X"}}), "invalid_value", "applicant.travel_document.type"),
        (application(applicant={"date_of_birth": "2025-06-03"}), "invalid_value", "applicant.date_of_birth"),
        (application(applicant={"nickname": "Jing"}), "unknown_field", "applicant.nickname"),
        (application(employment={"industry": "Z"}), "invalid_value", "employment.industry"),
        (application(employment={"monthly_salary_hkd": None}), "missing_field", "employment.monthly_salary_hkd"),
        (application(employment={"contract_months": 0}), "invalid_value", "employment.contract_months"),
        (application(employment={"contract_months": 17.5}), "invalid_value", "employment.contract_months"),
        (application(employment={"business_registration_number": 12345678}), "invalid_type", "employment.business_registration_number"),
        (application(dependants={"relationship": "spouse"}), "invalid_type", "dependants"),
        # Empty but not a list is still the wrong type: "no dependants" is [] or null.
        (application(dependants={}), "invalid_type", "dependants"),
        (application(dependants=""), "invalid_type", "dependants"),
        (application(dependants=0), "invalid_type", "dependants"),
        (application(dependants=[child(), {"relationship": "spouse", "name_en": "Lam Yan"}]), "missing_field", "dependants[1].date_of_birth"),
        (application(dependants=[child(marital_status="engaged")]), "invalid_value", "dependants[0].marital_status"),
        (application(edition="eu"), "unknown_edition", "edition"),
    ],
)
def test_bad_input_names_its_field(data, code, field):
    error = _error(data)
    assert (error.code, error.field) == (code, field)
    assert error.as_dict() == {"code": code, "field": field, "message": error.message}


def test_an_unknown_talent_list_id_lists_the_ids_valid_on_the_assessment_date():
    error = _error(application(employment={"talent_list_profession": "astronauts"}))
    assert (error.code, error.field) == ("unknown_talent_list_profession", "employment.talent_list_profession")
    assert "accountants" in error.message and "actuaries" in error.message


def test_a_talent_list_id_of_another_version_is_known_but_not_listed():
    # The 2018 creative-industries item is a known id; in 2025 it is simply not on the list.
    parsed = parse_for_policy(application(employment={"talent_list_profession": "creative-industries-professionals"}), POLICY, default_edition="direct")
    assert parsed.employment is not None and parsed.employment.talent_list_profession == "creative-industries-professionals"


def test_an_edition_given_by_the_caller_wins_over_the_applications_own():
    parsed = parse_for_policy(application(edition="direct"), POLICY, default_edition="direct", edition="immd")
    assert parsed.edition == "immd"


def test_an_unknown_edition_given_by_the_caller_is_an_input_error():
    assert _error(application(), edition="eu").field == "edition"


def test_a_malformed_mainland_id_is_left_to_the_identity_criterion():
    parsed = parse_for_policy(application(applicant={"mainland_id_number": "123"}), POLICY, default_edition="direct")
    assert parsed.applicant.mainland_id_number == "123"
