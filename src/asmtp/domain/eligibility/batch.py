"""Assess a whole batch of applications at once: every criterion, outcome, stay and fee."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from asmtp.domain.eligibility.calendar import cached_civil, day_numbers
from asmtp.domain.eligibility.codes import OUTCOMES, PASS, Criterion, Evaluation
from asmtp.domain.eligibility.columns import DependantColumns, PrincipalColumns
from asmtp.domain.eligibility.context import RowPolicy
from asmtp.domain.eligibility.dependant import DEPENDANT_CRITERIA, DependantRows
from asmtp.domain.eligibility.principal import PRINCIPAL_CRITERIA, mainland_id_checks, talent_list_flags
from asmtp.domain.eligibility.stay import StayAndFees, stay_and_fees
from asmtp.policy import Policy

ParamsSource = Policy | Callable[[str], Policy]
Codes = npt.NDArray[np.int8]


@dataclass(frozen=True)
class CriterionResults:
    """Status and reason code per row for each criterion, with the derived facts they used."""

    status: Mapping[str, Codes]
    reason: Mapping[str, Codes]
    values: Mapping[str, Mapping[str, npt.NDArray[Any]]]


@dataclass(frozen=True)
class BatchResult:
    """Everything the engine decided for a batch, as arrays aligned with the input rows.

    Statuses use ``codes.STATUSES`` (0 not applicable, 1 pass, 2 refer, 3 fail) and outcomes
    ``codes.OUTCOMES`` (1 eligible, 2 refer, 3 ineligible).
    """

    policy: Policy
    as_of: npt.NDArray[np.datetime64]
    principal: CriterionResults
    outcome: Codes
    dependant: CriterionResults
    dependant_principal_index: npt.NDArray[np.int64]
    dependant_own_outcome: Codes  # before the cap by the principal
    dependant_outcome: Codes
    stay: StayAndFees
    persons: npt.NDArray[np.int32]  # principal + dependants: each pays the fees
    talent_list: npt.NDArray[np.bool_]
    talent_list_segment: npt.NDArray[np.int16]  # index into policy.talent_list.segment_ids; -1 = none
    province_code: Codes  # two-digit GB/T 2260 prefix of the principal's ID (0 when unreadable)

    @property
    def edition(self) -> str:
        return self.policy.edition.id

    def __len__(self) -> int:
        return len(self.outcome)

    def outcome_names(self) -> npt.NDArray[np.str_]:
        """Outcomes as words ("eligible", "refer", "ineligible"), e.g. for a DataFrame column."""
        names = np.array(["", *OUTCOMES.values()])
        return np.asarray(names[self.outcome])

    def extension_months(self, row: int) -> list[int]:
        """The extension pattern granted to a row's principal (TP stream, top tier or standard)."""
        if self.stay.technical_professional[row]:
            periods = self.policy.parameter("tp.stay.extension_months").periods
            return list(periods[self.stay.tp_extension_period[row]].value)
        if self.stay.top_tier[row]:
            periods = self.policy.parameter("stay.top_tier_extension_months").periods
            return list(periods[self.stay.top_tier_extension_period[row]].value)
        periods = self.policy.parameter("stay.extension_months").periods
        return list(periods[self.stay.extension_period[row]].value)


def _resolve(params_source: ParamsSource, edition: str | None) -> Policy:
    if isinstance(params_source, Policy):
        if edition is not None and edition != params_source.edition.id:
            raise ValueError(f"the policy given is edition {params_source.edition.id!r}, not {edition!r}")
        return params_source
    if edition is None:
        raise ValueError("name the edition when params_source is a loader")
    return params_source(edition)


def _as_of(principals: PrincipalColumns, as_of: npt.NDArray[np.datetime64] | date | None) -> npt.NDArray[np.datetime64]:
    if as_of is None:
        return principals.submitted_on.astype("datetime64[D]")
    if isinstance(as_of, date):
        return np.full(len(principals), np.datetime64(as_of, "D"))
    dates = np.asarray(as_of).astype("datetime64[D]")
    if dates.shape != (len(principals),):
        raise ValueError(f"as_of has {dates.shape} dates for {len(principals)} applications")
    return dates


def _run(criteria: tuple[Criterion[Any], ...], rows: Any, context: RowPolicy) -> CriterionResults:
    evaluations: dict[str, Evaluation] = {c.id: c.evaluate(rows, context) for c in criteria}
    return CriterionResults(
        status={c.id: c.reasons.status_lookup[evaluations[c.id].reason] for c in criteria},
        reason={c.id: evaluations[c.id].reason for c in criteria},
        values={c.id: evaluations[c.id].values for c in criteria},
    )


def _outcome(status: Mapping[str, Codes], size: int) -> Codes:
    # Statuses are ordered by severity (n/a < pass < refer < fail), so the outcome is the worst.
    worst = np.full(size, PASS, dtype=np.int8)
    for codes in status.values():
        np.maximum(worst, codes, out=worst)
    return worst


def assess_batch(
    principals: PrincipalColumns,
    dependants: DependantColumns | None,
    params_source: ParamsSource,
    edition: str | None = None,
    as_of: npt.NDArray[np.datetime64] | date | None = None,
) -> BatchResult:
    """Assess every application of a batch under one edition.

    ``params_source`` is a :class:`Policy` or a loader such as ``asmtp.policy.load_policy``
    (then ``edition`` names which). ``as_of`` is one date for all, a date per row, or ``None``
    for each application's ``submitted_on``. Identity checks are kept on the columns, so a
    second edition over the same columns does not repeat them.
    """
    policy = _resolve(params_source, edition)
    dates = _as_of(principals, as_of)
    # The calendar form of the dates is shared by every edition when it is submitted_on.
    civil = cached_civil(principals.memo, "submitted_on", principals.submitted_on) if as_of is None else None
    context = RowPolicy(policy, day_numbers(dates), civil)
    principal = _run(PRINCIPAL_CRITERIA, principals, context)
    outcome = _outcome(principal.status, len(principals))

    deps = dependants if dependants is not None else DependantColumns.empty()
    index = deps.principal_index
    rows = DependantRows(deps, principals.monthly_salary_hkd[index], principals.has_offer[index])
    dependant = _run(DEPENDANT_CRITERIA, rows, context.for_rows(index))
    own = _outcome(dependant.status, len(deps))
    capped = np.maximum(own, outcome[index])

    listed, segment = talent_list_flags(principals, context)
    _, _, province = mainland_id_checks(principals.mainland_id, principals.memo, policy)
    return BatchResult(
        policy=policy,
        as_of=dates,
        principal=principal,
        outcome=outcome,
        dependant=dependant,
        dependant_principal_index=index,
        dependant_own_outcome=own,
        dependant_outcome=capped,
        stay=stay_and_fees(principals, context),
        persons=(1 + np.bincount(index, minlength=len(principals))).astype(np.int32),
        talent_list=listed,
        talent_list_segment=segment,
        province_code=province,
    )
