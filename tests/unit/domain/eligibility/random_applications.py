"""Seeded random applications that reach every rule's paths: valid ones, odd ones, wrong ones."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from asmtp.policy import load_policy
from tests.unit.domain.eligibility.builders import mainland_id

_POLICY = load_policy()
PROFESSIONS = sorted(_POLICY.talent_list.professions)
INDUSTRIES = list(_POLICY.industry_letters)
PROVINCES = sorted(_POLICY.provinces.mainland)
TRADES = list(_POLICY.tp_list.trade_ids)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _identity_number(rng: random.Random, birth: date) -> str:
    region = rng.choice(PROVINCES) + "0102"
    roll = rng.random()
    if roll < 0.75:
        number = mainland_id(birth.isoformat(), region, f"{rng.randrange(1000):03d}")
        return number[:-1] + "x" if number.endswith("X") and rng.random() < 0.5 else number
    if roll < 0.82:
        return mainland_id((birth + timedelta(days=1)).isoformat(), region)
    if roll < 0.88:
        return mainland_id(birth.isoformat(), rng.choice(["810000", "820000", "830000", "710000", "990000"]))
    if roll < 0.91:
        return mainland_id(f"{birth.year}-02-30", region)
    if roll < 0.95:
        number = mainland_id(birth.isoformat(), region)
        position = rng.randrange(18)
        return number[:position] + rng.choice("0123456789X") + number[position + 1 :]
    valid = mainland_id(birth.isoformat(), region)
    # Odd text a population file may hold: blanks around, a NUL, a full-width digit.
    return rng.choice(["X", "123", "11010519491231002X1", "ABCDEFGHIJKLMNOPQR", "1101051949123100２X", f" {valid}\t", valid[:9] + "\x00" + valid[10:]])


def random_application(rng: random.Random, index: int) -> dict[str, Any]:
    submitted = _day(rng, date(2004, 1, 1), date(2026, 6, 30))
    birth = _day(rng, date(1950, 1, 1), min(submitted, date(2010, 12, 31)))
    applicant: dict[str, Any] = {
        "name_en": f"Applicant {index}",
        "sex": rng.choice("MF"),
        "date_of_birth": birth.isoformat(),
        "mainland_id_number": _identity_number(rng, birth),
        "residence": rng.choices(["mainland", "overseas", "hong_kong"], [8, 1, 1])[0],
        "education_level": rng.choice(["none", "secondary", "sub_degree", "bachelor", "master", "doctorate"]),
        "experience_years": rng.randrange(0, 16),
        "criminal_conviction_declared": rng.random() < 0.1,
    }
    if applicant["residence"] == "overseas" and rng.random() < 0.8:
        applicant["overseas_residence_months"] = rng.randrange(0, 30)
    if rng.random() < 0.1:
        applicant["hk_degree_graduate"] = True
    if rng.random() < 0.05:
        applicant["security_objection"] = True
    if rng.random() < 0.3:
        applicant["professional_qualifications"] = ["a qualification"] * rng.randrange(0, 3)
    if rng.random() < 0.4:
        applicant["previous_year_assessable_income_hkd"] = rng.choice([0, 500000, 1999999, 2000000, 3500000])
    if rng.random() < 0.5:
        kind = rng.choice(["EEP", "PRC_PASSPORT"])
        applicant["travel_document"] = {"type": kind, "number": rng.choice(["C12345678", "CA1234567", "CI1234567", "E12345678", "G1234567"])}
    data: dict[str, Any] = {"id": f"R{index}", "submitted_on": submitted.isoformat(), "applicant": applicant}
    if rng.random() < 0.8:
        employment: dict[str, Any] = {
            "employer_name": "Employer",
            "business_registration_number": rng.choice(["12345678", "87654321", "1234567", "1234567A"]),
            "job_title": "Post",
            "industry": rng.choice(INDUSTRIES),
            "monthly_salary_hkd": rng.choice([12000, 19100, 20500, 26000, 31600, 45000, 166667, 250000]),
            "relevant_to_background": rng.random() < 0.85,
            "local_recruitment_evidence": rng.random() < 0.5,
        }
        if rng.random() < 0.5:
            employment["talent_list_profession"] = rng.choice(PROFESSIONS)
        if rng.random() < 0.2:
            employment["annual_package_hkd"] = rng.choice([1500000, 2000000, 2400000])
        if rng.random() < 0.4:
            employment["contract_months"] = rng.choice([3, 5, 6, 12, 24, 36, 48])
        if rng.random() < 0.5:
            employment["employer_established_on"] = _day(rng, submitted - timedelta(days=800), submitted).isoformat()
        data["employment"] = employment
    data["dependants"] = [_dependant(rng, submitted) for _ in range(rng.choice([0, 0, 1, 2, 3]))]
    if rng.random() < 0.2:
        _technical_professional(rng, data, submitted)
    return data


def _technical_professional(rng: random.Random, data: dict[str, Any], submitted: date) -> None:
    """Move an application into the TP stream, on a day around the pilot (before, during, after)."""
    data["stream"] = rng.choice(["technical_professional", "tp"])
    data["submitted_on"] = max(submitted, _day(rng, date(2025, 3, 1), date(2028, 12, 31))).isoformat()
    data["applicant"]["meets_trade_minimum_qualification"] = rng.random() < 0.8
    employment = data.get("employment")
    if employment is not None and rng.random() < 0.9:
        employment["tp_trade"] = rng.choice(TRADES)


def _dependant(rng: random.Random, submitted: date) -> dict[str, Any]:
    relationship = rng.choices(["spouse", "civil_partner", "child", "parent", "sibling"], [4, 1, 6, 1, 1])[0]
    birth = _day(rng, date(1940, 1, 1), submitted)
    person: dict[str, Any] = {"relationship": relationship, "name_en": "Dependant", "date_of_birth": birth.isoformat()}
    if rng.random() < 0.5:
        person["marital_status"] = rng.choice(["single", "married", "divorced", "widowed", "separated"])
    if rng.random() < 0.4:
        person["mainland_id_number"] = _identity_number(rng, birth)
    return person


def random_applications(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [random_application(rng, index) for index in range(count)]


def as_population_row(data: dict[str, Any]) -> dict[str, Any]:
    """One application flattened into the population layout (see asmtp.population.schema)."""
    applicant, employment = data["applicant"], data.get("employment") or {}
    document = applicant.get("travel_document") or {}
    row = {"id": data["id"], "submitted_on": date.fromisoformat(data["submitted_on"]), "stream": data.get("stream")}
    row.update({key: value for key, value in applicant.items() if key != "travel_document"})
    row["date_of_birth"] = date.fromisoformat(applicant["date_of_birth"])
    row["travel_document_type"] = document.get("type")
    row["travel_document_number"] = document.get("number")
    row["has_employment"] = bool(employment)
    row.update(employment)
    if "employer_established_on" in employment:
        row["employer_established_on"] = date.fromisoformat(employment["employer_established_on"])
    row["dependants"] = [
        {**person, "date_of_birth": date.fromisoformat(person["date_of_birth"])} for person in data["dependants"]
    ]
    return row
