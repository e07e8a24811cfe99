"""The engine's own criteria, asked about one offer or one family member outside an assessment.

The employer portal needs the market-test exemption and the new-company rule for an offer
before any application exists, and the applicant's family step needs the child rule before a
child is added. Rather than a second definition each, these run the criteria of
``principal.py`` and ``dependant.py`` on a batch of one row, with the policy in force on the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from asmtp.domain.eligibility.application import Applicant, Application, Employment
from asmtp.domain.eligibility.codes import MARITAL_STATUSES, RELATIONSHIPS
from asmtp.domain.eligibility.columns import DependantColumns, principal_columns
from asmtp.domain.eligibility.context import RowPolicy
from asmtp.domain.eligibility.dependant import DependantRows, Relationship, relationship
from asmtp.domain.eligibility.principal import Employer, MarketTest, employer, market_test
from asmtp.policy import Policy, day_number

# The offer rules read the employment only; the applicant is a placeholder they never look at.
_NOBODY = Applicant(
    name_en="", sex="M", date_of_birth=date(1970, 1, 1), mainland_id_number="", residence="mainland",
    education_level="none", experience_years=0, criminal_conviction_declared=False,
)


@dataclass(frozen=True)
class OfferFindings:
    """What the market_test and employer criteria say of an offer on one day."""

    market_test_exemption: str | None  # "talent_list", "salary" or None (local recruitment to show)
    annual_salary_hkd: int
    salary_exemption_annual_hkd: int | None  # the threshold in force (None: no salary route)
    new_company: bool  # established too recently: a business plan is needed
    new_company_months: int


def _context(policy: Policy, on: date) -> RowPolicy:
    return RowPolicy(policy, np.array([day_number(on)], dtype=np.int64))


def offer_findings(employment: Employment, policy: Policy, on: date) -> OfferFindings:
    """The market test and new-company findings for one offer, as the engine reaches them on ``on``."""
    application = Application("offer", on, _NOBODY, employment, (), policy.edition.id, on)
    columns = principal_columns([application])
    context = _context(policy, on)
    market = market_test(columns, context)
    exemption = {MarketTest.exempt_talent_list: "talent_list", MarketTest.exempt_salary: "salary"}.get(
        MarketTest(int(market.reason[0]))
    )
    threshold = float(context.number("market_test.salary_exemption_annual_hkd")[0])
    return OfferFindings(
        market_test_exemption=exemption,
        annual_salary_hkd=round(float(market.values["annual_salary_hkd"][0])),
        salary_exemption_annual_hkd=None if np.isnan(threshold) else round(threshold),
        new_company=Employer(int(employer(columns, context).reason[0])) is Employer.newly_established,
        new_company_months=int(context.number("employer.new_company_months")[0]),
    )


@dataclass(frozen=True)
class ChildFinding:
    """Whether a child qualifies as a dependant on one day, and the age limit in force."""

    over_age: bool
    married: bool
    age_limit_years: int


def child_finding(date_of_birth: date, marital_status: str | None, policy: Policy, on: date) -> ChildFinding:
    """The relationship criterion for a child on ``on`` (a status not in the vocabulary counts as married)."""
    if not marital_status:
        status = -1  # not given: taken as unmarried, as the engine does
    else:
        status = MARITAL_STATUSES.index(marital_status if marital_status in MARITAL_STATUSES else "married")
    columns = DependantColumns(
        principal_index=np.zeros(1, dtype=np.int64),
        relationship=np.array([RELATIONSHIPS.index("child")], dtype=np.int8),
        date_of_birth=np.array([np.datetime64(date_of_birth, "D")]),
        marital_status=np.array([status], dtype=np.int8),
        mainland_id=np.zeros(1, dtype="S19"),
        has_mainland_id=np.zeros(1, dtype=np.bool_),
    )
    rows = DependantRows(columns, np.zeros(1), np.zeros(1, dtype=np.bool_))
    context = _context(policy, on)
    reason = Relationship(int(relationship(rows, context).reason[0]))
    return ChildFinding(
        over_age=reason is Relationship.child_over_age,
        married=reason is Relationship.child_married,
        age_limit_years=int(context.number("dependants.child_age_limit_years")[0]),
    )
