"""Caseloads for the statistics, written straight to the tables: the one exception to tests/factories.py.

`make_caseload` builds a varied, deterministic caseload (every status, industries, provinces,
dependants, extensions and people who have reached 7 years) for the dashboard, the open
statistics and the screenshot runs. The figures read only the columns the extract takes
(asmtp.analytics.extract), never the event log, so these rows have no `CaseEvent`s behind their
status and must not be used where the lifecycle matters: a test of one case's figures builds it
with tests/factories.py (test_dashboard's filters, test_stream_split).

Why not through the use cases: the fixtures build 5 to 300 cases for each test (about 30 times a
suite run); through the use cases a case takes some 50 ms against half a millisecond here, which
would add well over a minute to the suite, and the long-stayers (extended, first admitted 8 years
ago) would need a chain of earlier grants that would change every count the tests check.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from asmtp.accounts.models import User
from asmtp.cases.models import Application, Dependant

HK = dt.timezone(dt.timedelta(hours=8))
ADMITTED = {"approved", "evisa_issued"}
DECIDED = ADMITTED | {"refused"}


def make_applicant(index: int) -> User:
    email = f"analytics.person{index:05d}@example.cn"
    return User.objects.create(username=email, email=email, role="applicant")


def _stored_case(
    applicant: User,
    *,
    status: str = "evisa_issued",
    submitted: dt.datetime,
    days_to_decision: float = 20,
    industry: str = "J",
    province: str = "44",
    salary: int | None = 30_000,
    edition: str = "direct",
    kind: str = "entry",
    profession: str = "",
    spouses: int = 0,
    children: int = 0,
    first_admitted_on: dt.date | None = None,
    limit_of_stay_on: dt.date | None = None,
    pledge_days: int = 28,
) -> Application:
    decided = submitted + dt.timedelta(days=days_to_decision) if status in DECIDED else None
    admitted_on = first_admitted_on or (decided.date() if decided and status in ADMITTED else None)
    case = Application.objects.create(
        applicant=applicant,
        kind=kind,
        edition=edition,
        status=status,
        industry=industry,
        province_code=province,
        monthly_salary_hkd=salary,
        talent_list_profession=profession,
        submitted_at=submitted,
        pledge_due_on=submitted.astimezone(HK).date() + dt.timedelta(days=pledge_days),
        decided_at=decided,
        first_admitted_on=admitted_on if status in ADMITTED else None,
        limit_of_stay_on=limit_of_stay_on or (admitted_on + dt.timedelta(days=3 * 365) if admitted_on and status in ADMITTED else None),
        dependant_count=spouses + children,
    )
    for position in range(spouses + children):
        Dependant.objects.create(
            application=case,
            position=position,
            relationship="spouse" if position < spouses else "child",
            name_en=f"Dependant {position}",
            date_of_birth=dt.date(1990, 1, 1) if position < spouses else dt.date(2018, 1, 1),
        )
    return case


INDUSTRIES = {"G": 22, "K": 18, "P": 14, "J": 12, "M": 10, "C": 5, "F": 5, "Q": 4, "H": 4, "R": 2}
PROVINCES = {"44": 22, "11": 12, "31": 12, "32": 8, "33": 8, "37": 5, "51": 5, "42": 5, "43": 4, "41": 4, "35": 3, "61": 2, "65": 1}
STATUSES = {"evisa_issued": 50, "approved": 8, "refused": 7, "assessing": 10, "submitted": 10, "withdrawn": 5}
PROFESSIONS = ["", "", "", "", "", "asset-management-professionals", "actuaries", "fintech-professionals",
               "data-scientists-cyber-security-specialists", "ai-specialists", "doctors", "accountants", "naval-architects"]


def make_caseload(cases: int = 300, seed: int = 9, now: dt.datetime | None = None) -> int:
    """A varied caseload over the last two years; returns the number of cases created."""
    rng = random.Random(seed)
    now = now or timezone.now()
    for index in range(cases):
        applicant = make_applicant(index)
        submitted = now - dt.timedelta(days=rng.randrange(10, 720), hours=rng.randrange(0, 24))
        spouse = rng.random() < 0.45
        status = rng.choices(list(STATUSES), weights=list(STATUSES.values()))[0]
        days = rng.gammavariate(4.0, 6.5)
        if status in DECIDED and submitted + dt.timedelta(days=days) > now:
            status = "assessing"  # not decided yet: no decisions in the future
        _stored_case(
            applicant,
            status=status,
            submitted=submitted,
            days_to_decision=days,
            industry=rng.choices(list(INDUSTRIES), weights=list(INDUSTRIES.values()))[0],
            province=rng.choices(list(PROVINCES), weights=list(PROVINCES.values()))[0],
            salary=int(round(min(rng.lognormvariate(10.1, 0.55), 400_000), -2)),
            edition=rng.choice(["direct", "direct", "immd"]),
            profession=rng.choice(PROFESSIONS),
            spouses=1 if spouse else 0,
            children=rng.choice([0, 1, 2]) if spouse else 0,
        )
    # Long-stayers: first admitted 8 years ago, extended and still here (they reached 7 years).
    for index in range(cases, cases + 12):
        applicant = make_applicant(index)
        first = (now - dt.timedelta(days=8 * 365 + rng.randrange(0, 300))).date()
        _stored_case(
            applicant, status="evisa_issued", kind="extension", submitted=now - dt.timedelta(days=rng.randrange(30, 400)),
            first_admitted_on=first, limit_of_stay_on=(now + dt.timedelta(days=700)).date(),
            industry=rng.choice(list(INDUSTRIES)), province=rng.choice(list(PROVINCES)), salary=rng.randrange(40_000, 120_000),
        )
    return cases + 12
