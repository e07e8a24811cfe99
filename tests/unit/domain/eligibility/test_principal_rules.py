"""The principal's criteria: the pass, fail and refer path of each, in the specification's words."""

from __future__ import annotations

import pytest

from tests.unit.domain.eligibility.builders import application, assess, finding, mainland_id, status

# --- identity -------------------------------------------------------------------------------

def test_a_valid_mainland_id_matching_the_date_of_birth_passes_identity():
    assert status(application(), "identity") == "pass"


def test_a_lower_case_x_check_character_passes_identity():
    data = application(applicant={"date_of_birth": "1988-02-29", "mainland_id_number": "11010519880229109x"})
    assert status(data, "identity") == "pass"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (mainland_id()[:-1], "length"),
        (mainland_id()[:5] + "O" + mainland_id()[6:], "characters"),
        (mainland_id()[:-1] + ("0" if mainland_id()[-1] != "0" else "1"), "check_character"),
        (mainland_id("1990-02-30"), "birth_date_invalid"),
        (mainland_id("1990-05-17", "810000"), "province_not_mainland"),
        (mainland_id("1990-05-18"), "birth_date_mismatch"),
    ],
)
def test_an_invalid_mainland_id_fails_identity_with_its_reason(number, reason):
    result = finding(assess(application(applicant={"mainland_id_number": number})), "identity")
    assert (result["status"], result["reason_code"]) == ("fail", reason)
    assert result["next_step"]["zh-Hans"]


def test_a_birth_date_mismatch_names_both_dates():
    result = finding(assess(application(applicant={"mainland_id_number": mainland_id("1990-05-18")})), "identity")
    assert "1990-05-18" in result["reason"]["en"] and "1990-05-17" in result["reason"]["en"]


def test_an_eep_of_the_letter_series_passes_identity():
    data = application(applicant={"travel_document": {"type": "EEP", "number": "CB1234567"}})
    assert status(data, "identity") == "pass"


def test_a_malformed_travel_document_number_fails_identity():
    data = application(applicant={"travel_document": {"type": "PRC_PASSPORT", "number": "E1234567"}})
    result = finding(assess(data), "identity")
    assert (result["status"], result["reason_code"]) == ("fail", "travel_document_format")


# --- route ----------------------------------------------------------------------------------

def test_a_mainland_resident_passes_the_route():
    assert status(application(), "route") == "pass"


def test_twelve_months_overseas_fails_the_route_pointing_to_gep():
    result = finding(assess(application(applicant={"residence": "overseas", "overseas_residence_months": 12})), "route")
    assert result["status"] == "fail" and "GEP" in result["next_step"]["en"]


def test_eleven_months_overseas_still_passes_the_route():
    assert status(application(applicant={"residence": "overseas", "overseas_residence_months": 11}), "route") == "pass"


def test_overseas_residence_of_unknown_length_is_referred():
    assert status(application(applicant={"residence": "overseas"}), "route") == "refer"


def test_a_hong_kong_degree_graduate_is_referred_pointing_to_iang():
    result = finding(assess(application(applicant={"hk_degree_graduate": True})), "route")
    assert result["status"] == "refer" and "IANG" in result["next_step"]["en"]


def test_the_iang_reason_covers_a_hong_kong_universitys_greater_bay_area_campus_in_three_languages():
    result = finding(assess(application(applicant={"hk_degree_graduate": True})), "route")
    assert "campus in the Greater Bay Area" in result["reason"]["en"]
    assert "大灣區校園" in result["reason"]["zh-Hant"] and "大湾区校区" in result["reason"]["zh-Hans"]
    assert "Greater Bay Area" in result["reference"]


def test_long_overseas_residence_fails_even_for_a_hong_kong_graduate():
    data = application(applicant={"residence": "overseas", "overseas_residence_months": 30, "hk_degree_graduate": True})
    assert status(data, "route") == "fail"


def test_an_applicant_living_in_hong_kong_is_referred():
    assert status(application(applicant={"residence": "hong_kong"}), "route") == "refer"


# --- age ------------------------------------------------------------------------------------

def test_an_applicant_turning_18_on_the_assessment_date_passes_age():
    dob = "2007-06-02"
    assert status(application(applicant={"date_of_birth": dob, "mainland_id_number": mainland_id(dob)}), "age") == "pass"


def test_an_applicant_aged_17_is_referred_on_age():
    dob = "2007-06-03"
    result = finding(assess(application(applicant={"date_of_birth": dob, "mainland_id_number": mainland_id(dob)})), "age")
    assert (result["status"], result["facts"]["age_years"]) == ("refer", 17)


# --- character ------------------------------------------------------------------------------

def test_no_objection_and_no_conviction_passes_character():
    assert status(application(), "character") == "pass"


def test_a_security_objection_fails_character():
    assert status(application(applicant={"security_objection": True}), "character") == "fail"


def test_a_declared_conviction_is_referred():
    assert status(application(applicant={"criminal_conviction_declared": True}), "character") == "refer"


def test_a_security_objection_outweighs_a_declared_conviction():
    data = application(applicant={"security_objection": True, "criminal_conviction_declared": True})
    assert status(data, "character") == "fail"


# --- education ------------------------------------------------------------------------------

@pytest.mark.parametrize("level", ["bachelor", "master", "doctorate"])
def test_a_degree_passes_education(level):
    assert status(application(applicant={"education_level": level}), "education") == "pass"


def test_a_sub_degree_with_professional_qualifications_is_referred():
    data = application(applicant={"education_level": "sub_degree", "professional_qualifications": ["HKICPA"]})
    result = finding(assess(data), "education")
    assert (result["status"], result["reason_code"]) == ("refer", "professional_qualifications")


def test_secondary_education_with_five_years_experience_is_referred():
    data = application(applicant={"education_level": "secondary", "experience_years": 5})
    assert finding(assess(data), "education")["reason_code"] == "experience"


def test_secondary_education_with_four_years_and_no_qualification_fails():
    data = application(applicant={"education_level": "secondary", "experience_years": 4})
    result = finding(assess(data), "education")
    assert result["status"] == "fail" and "5" in result["next_step"]["en"]


# --- employment offer and job relevance -----------------------------------------------------

def test_an_offer_passes_employment_offer():
    assert status(application(), "employment_offer") == "pass"


def test_no_offer_fails_employment_offer_under_the_immd_edition():
    assert status(application(employment=None), "employment_offer", edition="immd") == "fail"


def test_no_offer_makes_offer_criteria_not_applicable_under_the_direct_edition():
    result = assess(application(employment=None), edition="direct")
    for criterion in ("employment_offer", "job_relevance", "remuneration", "market_test", "employer"):
        assert finding(result, criterion)["status"] == "not_applicable", criterion


def test_an_offer_is_assessed_the_same_under_both_editions():
    direct, immd = assess(application(), "direct"), assess(application(), "immd")
    assert [f["status"] for f in direct["findings"]] == [f["status"] for f in immd["findings"]]


def test_a_post_unrelated_to_the_background_is_referred():
    assert status(application(employment={"relevant_to_background": False}), "job_relevance") == "refer"


# --- remuneration ---------------------------------------------------------------------------

def test_a_salary_at_the_industry_median_passes_remuneration():
    # J (information and communications) median, 2023 survey, in force from 25 Mar 2024.
    data = application(submitted_on="2024-06-03", employment={"monthly_salary_hkd": 26000})
    assert status(data, "remuneration") == "pass"


def test_a_salary_below_the_industry_median_is_referred_never_failed():
    data = application(submitted_on="2024-06-03", employment={"monthly_salary_hkd": 25999})
    result = finding(assess(data), "remuneration")
    assert result["status"] == "refer"
    assert result["parameters"]["wage_benchmark"]["value"] == 26000
    assert "26,000" in result["next_step"]["en"]


def test_a_section_without_an_industry_median_uses_the_overall_median():
    data = application(submitted_on="2024-06-03", employment={"industry": "M", "monthly_salary_hkd": 19800})
    result = finding(assess(data), "remuneration")
    assert (result["status"], result["parameters"]["wage_benchmark"]["series"]) == ("pass", "overall")


def test_a_date_before_the_wage_table_uses_its_first_value():
    data = application(submitted_on="2016-01-04", employment={"industry": "K", "monthly_salary_hkd": 31599})
    result = finding(assess(data), "remuneration")
    assert (result["status"], result["parameters"]["wage_benchmark"]["value"]) == ("refer", 31600)


# --- market test ----------------------------------------------------------------------------

def _market(submitted_on: str, **employment: object) -> dict:
    return finding(assess(application(submitted_on=submitted_on, employment={"local_recruitment_evidence": False, **employment})), "market_test")


def test_a_talent_list_post_is_exempt_from_the_market_test_from_28_december_2022():
    result = _market("2022-12-28", talent_list_profession="actuaries")
    assert (result["status"], result["reason_code"]) == ("pass", "exempt_talent_list")


def test_a_talent_list_post_was_not_exempt_before_28_december_2022():
    result = _market("2022-12-27", talent_list_profession="actuaries")
    assert (result["status"], result["reason_code"]) == ("refer", "no_local_recruitment_evidence_no_exemption")


def test_a_profession_not_yet_on_the_list_in_force_is_not_exempt():
    # Accountants joined the list on 1 Mar 2025.
    assert _market("2025-02-28", talent_list_profession="accountants")["status"] == "refer"
    assert _market("2025-03-01", talent_list_profession="accountants")["status"] == "pass"


def test_an_annual_package_of_two_million_is_exempt():
    result = _market("2024-01-02", monthly_salary_hkd=150000, annual_package_hkd=2000000)
    assert result["reason_code"] == "exempt_salary"


def test_twelve_times_the_monthly_salary_counts_as_the_annual_salary():
    assert _market("2024-01-02", monthly_salary_hkd=166667)["reason_code"] == "exempt_salary"
    assert _market("2024-01-02", monthly_salary_hkd=166666)["reason_code"] == "no_local_recruitment_evidence"


def test_local_recruitment_evidence_passes_the_market_test():
    assert status(application(employment={"local_recruitment_evidence": True}), "market_test") == "pass"


def test_no_evidence_and_no_exemption_is_referred_with_the_exemptions_as_next_step():
    result = _market("2024-01-02")
    assert result["status"] == "refer" and "2,000,000" in result["next_step"]["en"]


# --- employer -------------------------------------------------------------------------------

def test_a_registered_employer_passes():
    assert status(application(), "employer") == "pass"


def test_a_company_established_less_than_12_months_before_is_referred():
    data = application(submitted_on="2025-06-02", employment={"employer_established_on": "2024-06-03"})
    assert status(data, "employer") == "refer"


def test_a_company_established_exactly_12_months_before_passes():
    data = application(submitted_on="2025-06-02", employment={"employer_established_on": "2024-06-02"})
    assert status(data, "employer") == "pass"


@pytest.mark.parametrize("number", ["1234567", "123456789", "1234567A", "12345678-000"])
def test_a_malformed_business_registration_number_fails(number):
    assert status(application(employment={"business_registration_number": number}), "employer") == "fail"


# --- outcome --------------------------------------------------------------------------------

def test_all_criteria_passing_gives_eligible():
    assert assess(application())["outcome"] == "eligible"


def test_one_refer_and_no_fail_gives_refer():
    assert assess(application(applicant={"criminal_conviction_declared": True}))["outcome"] == "refer"


def test_any_fail_gives_ineligible_even_with_refers():
    data = application(applicant={"criminal_conviction_declared": True, "security_objection": True})
    assert assess(data)["outcome"] == "ineligible"


def test_every_finding_explains_itself_in_three_languages_with_a_reference():
    result = assess(application(applicant={"criminal_conviction_declared": True}))
    for item in result["findings"]:
        assert set(item["reason"]) == {"en", "zh-Hant", "zh-Hans"} and item["reference"]
        assert ("next_step" in item) == (item["status"] in ("fail", "refer"))
