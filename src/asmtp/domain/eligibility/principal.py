"""The principal's criteria (rules.md "Principal criteria"), each a pure function over columns.

Every rule reads columns and the policy at each row's date and returns a reason code per row;
the reason's status (pass, fail, refer, not applicable) is fixed in its table. Cases are listed
in order of precedence, as the specification states them.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from asmtp.domain.eligibility.calendar import (
    age_in_years,
    cached_civil,
    dates_from_ymd,
    months_later_is_after,
    ymd,
)
from asmtp.domain.eligibility.codes import (
    EDUCATION_LEVELS,
    FAIL,
    NOT_APPLICABLE,
    PASS,
    REFER,
    RESIDENCES,
    TRAVEL_DOCUMENTS,
    Criterion,
    Evaluation,
    reason_table,
)
from asmtp.domain.eligibility.columns import PrincipalColumns
from asmtp.domain.eligibility.context import RowPolicy, first_match
from asmtp.domain.identity import brn_errors, mainland_id_errors, province_mask, travel_document_errors
from asmtp.policy import Policy, day_number

_OVERSEAS = RESIDENCES.index("overseas")
_HONG_KONG = RESIDENCES.index("hong_kong")


def mainland_id_checks(
    numbers: npt.NDArray[np.bytes_], memo: dict[Any, Any], policy: Policy
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int32], npt.NDArray[np.int8]]:
    """Identity-number checks of a column, computed once per batch and province table."""
    provinces = tuple(sorted(policy.provinces.mainland))
    key = ("mainland_id", provinces)
    if key not in memo:
        memo[key] = mainland_id_errors(numbers, province_mask(provinces))
    result: tuple[npt.NDArray[np.int8], npt.NDArray[np.int32], npt.NDArray[np.int8]] = memo[key]
    return result


class Identity(IntEnum):
    # The first six codes line up with asmtp.domain.identity.IDENTITY_ERRORS (+1).
    valid = 0
    length = 1
    characters = 2
    check_character = 3
    birth_date_invalid = 4
    province_not_mainland = 5
    birth_date_mismatch = 6
    travel_document_format = 7


def identity(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    key = ("identity", tuple(sorted(p.policy.provinces.mainland)))
    if key not in c.memo:  # nothing here depends on the edition or the date: once per batch
        errors, birth, province = mainland_id_checks(c.mainland_id, c.memo, p.policy)
        travel_bad = travel_document_errors(c.travel_document_type, c.travel_document_number, TRAVEL_DOCUMENTS) != 0
        reason, embedded = birth_date_match(errors, birth, c.date_of_birth, c.memo, Identity.birth_date_mismatch)
        reason[(reason == Identity.valid) & travel_bad] = Identity.travel_document_format
        c.memo[key] = Evaluation(reason, {"embedded_birth_date": embedded, "province_code": province})
    evaluation: Evaluation = c.memo[key]
    return evaluation


def birth_date_match(
    errors: npt.NDArray[np.int8],
    birth: npt.NDArray[np.int32],
    date_of_birth: npt.NDArray[np.datetime64],
    memo: dict[Any, Any],
    mismatch_code: IntEnum,
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.datetime64]]:
    """Reasons with a birth-date mismatch added, and the birth date each valid number embeds."""
    valid = errors == 0
    mismatch = valid & (birth != ymd(cached_civil(memo, "date_of_birth", date_of_birth)))
    reason = errors.copy()
    reason[mismatch] = mismatch_code
    # Where the number matches, the embedded date is the date of birth: convert only the others.
    embedded = np.where(valid, date_of_birth, np.datetime64("NaT"))
    embedded[mismatch] = dates_from_ymd(birth[mismatch])
    return reason, embedded


class Route(IntEnum):
    mainland = 0
    overseas_short = 1
    overseas_long = 2
    overseas_unknown = 3
    hk_graduate = 4
    in_hong_kong = 5


def route(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    limit = p.number("route.overseas_residence_months_limit")
    overseas = c.residence == _OVERSEAS
    months = c.overseas_residence_months
    reason = first_match(
        len(c),
        Route.mainland,
        (overseas & (months >= limit), Route.overseas_long),
        (c.hk_degree_graduate, Route.hk_graduate),
        (overseas & np.isnan(months), Route.overseas_unknown),
        (c.residence == _HONG_KONG, Route.in_hong_kong),
        (overseas, Route.overseas_short),
    )
    return Evaluation(reason, {})


class Age(IntEnum):
    adult = 0
    under_minimum = 1
    tp_within_range = 2
    tp_under_minimum = 3
    tp_over_maximum = 4


def age(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    years = age_in_years(ymd(cached_civil(c.memo, "date_of_birth", c.date_of_birth)), p.ymd)
    tp = c.technical_professional
    reason = first_match(
        len(c),
        Age.adult,
        (tp & (years < p.number("tp.minimum_age_years")), Age.tp_under_minimum),
        (tp & (years > p.number("tp.maximum_age_years")), Age.tp_over_maximum),
        (tp, Age.tp_within_range),
        (years < p.number("age.minimum_years"), Age.under_minimum),
    )
    return Evaluation(reason, {"age_years": years})


class Character(IntEnum):
    clear = 0
    security_objection = 1
    conviction_declared = 2


def character(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    reason = first_match(
        len(c),
        Character.clear,
        (c.security_objection, Character.security_objection),
        (c.criminal_conviction_declared, Character.conviction_declared),
    )
    return Evaluation(reason, {})


class Education(IntEnum):
    degree = 0
    professional_qualifications = 1
    experience = 2
    no_degree = 3
    tp_meets_trade_minimum = 4
    tp_below_trade_minimum = 5


def education(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    degree = p.listed("education.degree_levels", EDUCATION_LEVELS, c.education_level)
    years = p.number("education.special_experience_years")
    tp = c.technical_professional
    reason = first_match(
        len(c),
        Education.no_degree,
        (tp & c.meets_trade_minimum_qualification, Education.tp_meets_trade_minimum),
        (tp, Education.tp_below_trade_minimum),
        (degree, Education.degree),
        (c.qualification_count > 0, Education.professional_qualifications),
        (c.experience_years >= years, Education.experience),
    )
    return Evaluation(reason, {})


class EmploymentOffer(IntEnum):
    offer = 0
    no_offer_required = 1
    no_offer_optional = 2
    tp_no_offer = 3


def employment_offer(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    required = p.flag("employment.offer_required")
    reason = first_match(
        len(c),
        EmploymentOffer.no_offer_optional,
        (c.has_offer, EmploymentOffer.offer),
        (c.technical_professional, EmploymentOffer.tp_no_offer),
        (required, EmploymentOffer.no_offer_required),
    )
    return Evaluation(reason, {})


class JobRelevance(IntEnum):
    relevant = 0
    not_relevant = 1
    no_offer = 2


def job_relevance(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    reason = first_match(
        len(c),
        JobRelevance.not_relevant,
        (~c.has_offer, JobRelevance.no_offer),
        (c.relevant_to_background, JobRelevance.relevant),
    )
    return Evaluation(reason, {})


def industry_sections(c: PrincipalColumns, policy: Policy) -> npt.NDArray[np.intp]:
    """Each row's HSIC section as an index into ``policy.industry_letters`` (-1 without an offer)."""
    lookup = np.full(256, -1, dtype=np.intp)
    for index, letter in enumerate(policy.industry_letters):
        lookup[ord(letter)] = index
    return np.asarray(lookup[c.industry])


class Remuneration(IntEnum):
    at_or_above_benchmark = 0
    below_benchmark = 1
    no_offer = 2
    tp_at_or_above_floor = 3
    tp_below_floor = 4


def tp_pay_floor(c: PrincipalColumns, p: RowPolicy) -> npt.NDArray[np.float64]:
    """The TP stream's pay floor: the higher of the industry's benchmark and the non-degree median."""
    benchmark = p.wage_benchmark(industry_sections(c, p.policy))
    return np.maximum(benchmark, p.number("tp.non_degree_median_monthly_hkd"))


def remuneration(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    benchmark = p.wage_benchmark(industry_sections(c, p.policy))
    tp = c.technical_professional
    floor = tp_pay_floor(c, p)
    reason = first_match(
        len(c),
        Remuneration.below_benchmark,
        (~c.has_offer, Remuneration.no_offer),
        (tp & (c.monthly_salary_hkd >= floor), Remuneration.tp_at_or_above_floor),
        (tp, Remuneration.tp_below_floor),
        (c.monthly_salary_hkd >= benchmark, Remuneration.at_or_above_benchmark),
    )
    return Evaluation(reason, {})


def talent_list_flags(c: PrincipalColumns, p: RowPolicy) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int16]]:
    """Whether each row's post is on the Talent List in force on its date, and its segment (-1 if not)."""

    def compute() -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int16]]:
        talent_list = p.policy.talent_list
        registry = {pid: k for k, pid in enumerate(talent_list.profession_ids)}
        # The trailing -1 is where the column's own -1 ("no profession") lands.
        to_policy = np.array([registry.get(pid, -1) for pid in c.professions] + [-1], dtype=np.intp)
        profession = to_policy[c.talent_list_profession]
        known = profession >= 0
        on_version = talent_list.membership[p.periods(talent_list.starts), np.maximum(profession, 0)]
        listed = known & on_version & c.has_offer
        segment = np.where(listed, talent_list.segment_index[np.maximum(profession, 0)], -1).astype(np.int16)
        return listed, segment

    result: tuple[npt.NDArray[np.bool_], npt.NDArray[np.int16]] = p.derived("talent_list", compute)
    return result


def annual_salary(c: PrincipalColumns, p: RowPolicy) -> npt.NDArray[np.float64]:
    """The stated annual package, or the monthly salary times the months in a year's pay."""
    months = p.number("remuneration.annual_salary_months")
    return np.where(np.isnan(c.annual_package_hkd), c.monthly_salary_hkd * months, c.annual_package_hkd)


class MarketTest(IntEnum):
    exempt_talent_list = 0
    exempt_salary = 1
    local_recruitment = 2
    no_local_recruitment_evidence = 3
    no_local_recruitment_evidence_no_exemption = 4
    no_offer = 5


def market_test(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    listed, _ = talent_list_flags(c, p)
    annual = annual_salary(c, p)
    threshold = p.number("market_test.salary_exemption_annual_hkd")
    reason = first_match(
        len(c),
        MarketTest.no_local_recruitment_evidence_no_exemption,
        (~c.has_offer, MarketTest.no_offer),
        (listed & p.flag("market_test.talent_list_exemption"), MarketTest.exempt_talent_list),
        (annual >= threshold, MarketTest.exempt_salary),
        (c.local_recruitment_evidence, MarketTest.local_recruitment),
        (~np.isnan(threshold), MarketTest.no_local_recruitment_evidence),
    )
    return Evaluation(reason, {"annual_salary_hkd": annual, "on_talent_list": listed})


class Employer(IntEnum):
    registered = 0
    newly_established = 1
    malformed_brn = 2
    no_offer = 3


def employer(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    if "brn" not in c.memo:
        c.memo["brn"] = brn_errors(c.business_registration_number) != 0
    malformed = c.memo["brn"]
    known = ~np.isnat(c.employer_established_on)
    months = p.number("employer.new_company_months").astype(np.int64)
    established = cached_civil(c.memo, "employer_established_on", c.employer_established_on)
    reason = first_match(
        len(c),
        Employer.registered,
        (~c.has_offer, Employer.no_offer),
        (malformed, Employer.malformed_brn),
        (known & months_later_is_after(established, months, p.civil), Employer.newly_established),
    )
    return Evaluation(reason, {})



class TechnicalStream(IntEnum):
    general_stream = 0
    in_trade = 1
    not_yet_open = 2
    closed = 3
    no_offer = 4
    no_trade = 5
    trade_not_listed = 6


def tp_opening_day(policy: Policy) -> int:
    """The day number from which the TP stream first accepted applications."""
    periods = policy.parameter("tp.accepting_applications").periods
    return next((day_number(period.effective_from) for period in periods if period.value), np.iinfo(np.int64).max)


def technical_stream(c: PrincipalColumns, p: RowPolicy) -> Evaluation:
    tp = c.technical_professional
    tp_list = p.policy.tp_list
    registry = {tid: k for k, tid in enumerate(tp_list.trade_ids)}
    # The trailing -1 is where the column's own -1 ("no trade") lands.
    to_policy = np.array([registry.get(tid, -1) for tid in c.tp_trades] + [-1], dtype=np.intp)
    trade = to_policy[c.tp_trade]
    listed = (trade >= 0) & tp_list.membership[p.periods(tp_list.starts), np.maximum(trade, 0)]
    open_ = p.flag("tp.accepting_applications")
    reason = first_match(
        len(c),
        TechnicalStream.in_trade,
        (~tp, TechnicalStream.general_stream),
        (~open_ & (p.days < tp_opening_day(p.policy)), TechnicalStream.not_yet_open),
        (~open_, TechnicalStream.closed),
        (~c.has_offer, TechnicalStream.no_offer),
        (c.tp_trade < 0, TechnicalStream.no_trade),
        (~listed, TechnicalStream.trade_not_listed),
    )
    return Evaluation(reason, {})


PRINCIPAL_CRITERIA: tuple[Criterion[PrincipalColumns], ...] = (
    Criterion(
        "identity",
        reason_table(Identity, valid=PASS, length=FAIL, characters=FAIL, check_character=FAIL, birth_date_invalid=FAIL,
               province_not_mainland=FAIL, birth_date_mismatch=FAIL, travel_document_format=FAIL),
        identity,
        facts=("applicant.date_of_birth", "applicant.travel_document.type"),
        tables=("provinces",),
    ),
    Criterion(
        "route",
        reason_table(Route, mainland=PASS, overseas_short=PASS, overseas_long=FAIL, overseas_unknown=REFER,
               hk_graduate=REFER, in_hong_kong=REFER),
        route,
        facts=("applicant.residence", "applicant.overseas_residence_months", "applicant.hk_degree_graduate"),
        parameters=("route.overseas_residence_months_limit",),
    ),
    Criterion(
        "age",
        reason_table(Age, adult=PASS, under_minimum=REFER, tp_within_range=PASS, tp_under_minimum=FAIL, tp_over_maximum=FAIL),
        age,
        facts=("applicant.date_of_birth",),
        parameters=("age.minimum_years",),
        tp_parameters=("tp.minimum_age_years", "tp.maximum_age_years"),
    ),
    Criterion(
        "character",
        reason_table(Character, clear=PASS, security_objection=FAIL, conviction_declared=REFER),
        character,
        facts=("applicant.criminal_conviction_declared", "applicant.security_objection"),
    ),
    Criterion(
        "education",
        reason_table(Education, degree=PASS, professional_qualifications=REFER, experience=REFER, no_degree=FAIL,
                     tp_meets_trade_minimum=PASS, tp_below_trade_minimum=FAIL),
        education,
        facts=("applicant.education_level", "applicant.field_of_study", "applicant.professional_qualifications",
               "applicant.experience_years"),
        parameters=("education.degree_levels", "education.special_experience_years"),
        tp_facts=("applicant.meets_trade_minimum_qualification", "employment.tp_trade"),
    ),
    Criterion(
        "employment_offer",
        reason_table(EmploymentOffer, offer=PASS, no_offer_required=FAIL, no_offer_optional=NOT_APPLICABLE, tp_no_offer=FAIL),
        employment_offer,
        facts=("employment.employer_name",),
        parameters=("employment.offer_required",),
    ),
    Criterion(
        "job_relevance",
        reason_table(JobRelevance, relevant=PASS, not_relevant=REFER, no_offer=NOT_APPLICABLE),
        job_relevance,
        facts=("employment.job_title", "employment.relevant_to_background"),
    ),
    Criterion(
        "remuneration",
        reason_table(Remuneration, at_or_above_benchmark=PASS, below_benchmark=REFER, no_offer=NOT_APPLICABLE,
                     tp_at_or_above_floor=PASS, tp_below_floor=REFER),
        remuneration,
        facts=("employment.industry", "employment.monthly_salary_hkd"),
        tables=("wage_benchmark", "tp_pay_floor"),
        tp_parameters=("tp.non_degree_median_monthly_hkd",),
    ),
    Criterion(
        "market_test",
        reason_table(MarketTest, exempt_talent_list=PASS, exempt_salary=PASS, local_recruitment=PASS,
               no_local_recruitment_evidence=REFER, no_local_recruitment_evidence_no_exemption=REFER,
               no_offer=NOT_APPLICABLE),
        market_test,
        facts=("employment.talent_list_profession", "employment.monthly_salary_hkd", "employment.annual_package_hkd",
               "employment.local_recruitment_evidence"),
        parameters=("market_test.talent_list_exemption", "market_test.salary_exemption_annual_hkd",
                    "remuneration.annual_salary_months"),
        tables=("talent_list",),
    ),
    Criterion(
        "employer",
        reason_table(Employer, registered=PASS, newly_established=REFER, malformed_brn=FAIL, no_offer=NOT_APPLICABLE),
        employer,
        facts=("employment.employer_name", "employment.business_registration_number", "employment.employer_established_on"),
        parameters=("employer.new_company_months",),
    ),
    Criterion(
        "technical_stream",
        reason_table(TechnicalStream, general_stream=NOT_APPLICABLE, in_trade=PASS, not_yet_open=FAIL, closed=FAIL,
                     no_offer=FAIL, no_trade=FAIL, trade_not_listed=FAIL),
        technical_stream,
        tp_facts=("stream", "employment.tp_trade"),
        tp_parameters=("tp.accepting_applications",),
        tables=("tp_list",),
    ),
)
