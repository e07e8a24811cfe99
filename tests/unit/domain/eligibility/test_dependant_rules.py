"""Dependants: relationship, identity and support, and the cap by the principal's outcome."""

from __future__ import annotations

from tests.unit.domain.eligibility.builders import application, assess, child, finding, mainland_id, spouse


def _dependant(*people: dict, edition: str = "immd", **changes: object) -> dict:
    return assess(application(dependants=list(people), **changes), edition)


def test_a_spouse_is_a_recognised_dependant():
    assert finding(_dependant(spouse()), "relationship", 0)["status"] == "pass"


def test_a_civil_partner_is_recognised_from_19_september_2018():
    assert finding(_dependant(spouse("civil_partner"), submitted_on="2018-09-19"), "relationship", 0)["status"] == "pass"


def test_a_civil_partner_was_not_recognised_before_19_september_2018():
    result = finding(_dependant(spouse("civil_partner"), submitted_on="2018-09-18"), "relationship", 0)
    assert (result["status"], result["reason_code"]) == ("fail", "partner_not_recognised")


def test_an_unmarried_child_under_18_is_a_dependant():
    assert finding(_dependant(child("2008-06-03")), "relationship", 0)["status"] == "pass"


def test_child_turning_18_before_submission_is_not_a_dependant():
    result = finding(_dependant(child("2007-06-01")), "relationship", 0)
    assert (result["status"], result["reason_code"], result["facts"]["age_years"]) == ("fail", "child_over_age", 18)


def test_a_married_child_is_not_a_dependant():
    result = finding(_dependant(child(marital_status="married")), "relationship", 0)
    assert (result["status"], result["reason_code"]) == ("fail", "child_married")


def test_a_divorced_child_counts_as_unmarried():
    assert finding(_dependant(child(marital_status="divorced")), "relationship", 0)["status"] == "pass"


def test_a_parent_cannot_be_sponsored():
    parent = {"relationship": "parent", "name_en": "Chen Wei", "date_of_birth": "1960-01-01"}
    result = finding(_dependant(parent), "relationship", 0)
    assert (result["status"], result["reason_code"]) == ("fail", "not_eligible_relationship")
    assert "父母" in result["reason"]["zh-Hans"]


def test_a_relationship_the_rules_do_not_know_fails_with_its_own_name():
    cousin = {"relationship": "Cousin", "name_en": "Chen Bo", "date_of_birth": "1995-01-01"}
    result = finding(_dependant(cousin), "relationship", 0)
    assert result["status"] == "fail" and "cousin" in result["reason"]["en"]


def test_a_dependant_without_a_mainland_id_passes_identity():
    assert finding(_dependant(spouse()), "identity", 0)["reason_code"] == "not_given"


def test_a_dependants_valid_mainland_id_passes_identity():
    person = child("2015-03-01", mainland_id_number=mainland_id("2015-03-01", sequence="124"))
    assert finding(_dependant(person), "identity", 0)["reason_code"] == "valid"


def test_a_dependants_id_with_another_birth_date_fails_identity():
    person = child("2015-03-01", mainland_id_number=mainland_id("2015-03-02"))
    result = finding(_dependant(person), "identity", 0)
    assert (result["status"], result["reason_code"]) == ("fail", "birth_date_mismatch")


def test_support_passes_at_the_overall_median():
    # Overall median from 24 Mar 2025 (2024 survey): HK$20,500.
    result = finding(_dependant(spouse(), employment={"monthly_salary_hkd": 20500, "industry": "M"}), "support", 0)
    assert (result["status"], result["parameters"]["overall_median"]["value"]) == ("pass", 20500)


def test_support_below_the_overall_median_is_referred():
    result = finding(_dependant(spouse(), employment={"monthly_salary_hkd": 20499, "industry": "M"}), "support", 0)
    assert result["status"] == "refer"


def test_support_without_an_offer_is_referred_under_the_direct_edition():
    result = _dependant(spouse(), edition="direct", employment=None)
    assert finding(result, "support", 0)["reason_code"] == "no_offer"
    assert result["dependants"][0]["outcome"] == "refer"


def test_an_eligible_dependant_of_a_referred_principal_is_referred():
    result = _dependant(spouse(), applicant={"criminal_conviction_declared": True})
    assert all(f["status"] == "pass" for f in result["dependants"][0]["findings"])
    assert (result["outcome"], result["dependants"][0]["outcome"]) == ("refer", "refer")


def test_every_dependant_of_an_ineligible_principal_is_ineligible():
    result = _dependant(spouse(), child(), applicant={"security_objection": True})
    assert [d["outcome"] for d in result["dependants"]] == ["ineligible", "ineligible"]


def test_an_ineligible_dependant_does_not_change_the_principals_outcome():
    result = _dependant(spouse(), child("2000-01-01"))
    assert result["outcome"] == "eligible"
    assert [d["outcome"] for d in result["dependants"]] == ["eligible", "ineligible"]
