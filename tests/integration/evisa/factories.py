"""Approved cases for the e-Visa tests: `make_case` (tests/factories.py) with the e-Visa tests' defaults.

`approved_case(...)` files an application on `SUBMITTED`, has `officer` claim, assess and
recommend it and `senior_officer` approve it through `decide_case` (today, or at `at`), which
grants the stay (36 months from the day of the decision: `case.limit_of_stay_on`) and opens the
issuance bill; `with_fee=True` records the issuance fee as well.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from asmtp.cases.models import Application
from tests.factories import CHILD, CONTRACT_RESULT, PRINCIPAL, SPOUSE, make_case

SUBMITTED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)

__all__ = ["CHILD", "CONTRACT_RESULT", "PRINCIPAL", "SPOUSE", "SUBMITTED", "approved_case"]


def approved_case(
    applicant: Any,
    officer: Any,
    senior_officer: Any,
    *,
    dependants: tuple[dict[str, Any], ...] = (),
    offer_by: Any = None,
    with_fee: bool = False,
    principal: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Application:
    return make_case(
        applicant, "fee_paid" if with_fee else "approved", officer=officer, senior_officer=senior_officer,
        dependants=dependants, offer_by=offer_by, applicant_data=principal, submitted_at=SUBMITTED, at=at,
    )
