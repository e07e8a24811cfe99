"""Limit of stay and fees (rules.md), vectorised; dependants follow their principal."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from asmtp.domain.eligibility.columns import PrincipalColumns
from asmtp.domain.eligibility.context import RowPolicy

# A stay granted in months is compared with a limit in days using the average calendar month.
# This is calendar arithmetic, not policy: every 5-month stay is at most 153 days and every
# 6-month stay at least 181, so no limit between them depends on when the stay starts.
AVERAGE_DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class StayAndFees:
    initial_months: npt.NDArray[np.int16]
    top_tier: npt.NDArray[np.bool_]
    extension_period: npt.NDArray[np.intp]  # period index of stay.extension_months
    top_tier_extension_period: npt.NDArray[np.intp]  # period index of stay.top_tier_extension_months
    technical_professional: npt.NDArray[np.bool_]  # the TP stream's own pattern applies
    tp_extension_period: npt.NDArray[np.intp]  # period index of tp.stay.extension_months
    application_fee_hkd: npt.NDArray[np.int32]  # per person
    issuance_fee_hkd: npt.NDArray[np.int32]  # per person, payable on approval


def stay_and_fees(c: PrincipalColumns, p: RowPolicy) -> StayAndFees:
    initial = p.number("stay.initial_months")
    capped = p.flag("stay.initial_capped_by_contract") & ~np.isnan(c.contract_months)
    initial = np.where(capped, np.minimum(initial, c.contract_months), initial)
    # Technical Professionals: the full term, or the shorter term when the contract is under it.
    tp = c.technical_professional
    tp_full = p.number("tp.stay.initial_months")
    tp_initial = np.where(c.contract_months < tp_full, p.number("tp.stay.short_contract_initial_months"), tp_full)
    initial = np.where(tp, tp_initial, initial)
    initial_months = initial.astype(np.int16)  # whole months: contract_months is checked to be whole
    threshold = p.number("stay.top_tier_assessable_income_hkd")
    # NaN (no tier, or no income given) is never top tier; nor is the TP stream.
    top_tier = (c.previous_year_income_hkd >= threshold) & ~tp

    stay_days = initial_months * AVERAGE_DAYS_PER_MONTH
    short = stay_days <= p.number("fees.short_stay_max_days")
    issuance = np.where(short, p.number("fees.issuance_fee_short_stay_hkd"), p.number("fees.issuance_fee_hkd"))
    policy = p.policy
    return StayAndFees(
        initial_months=initial_months,
        top_tier=np.asarray(top_tier),
        extension_period=p.periods(policy.parameter("stay.extension_months").starts),
        top_tier_extension_period=p.periods(policy.parameter("stay.top_tier_extension_months").starts),
        technical_professional=tp,
        tp_extension_period=p.periods(policy.parameter("tp.stay.extension_months").starts),
        application_fee_hkd=p.number("fees.application_fee_hkd").astype(np.int32),
        issuance_fee_hkd=issuance.astype(np.int32),
    )
