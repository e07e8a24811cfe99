"""The single-case path: applications in, explained results out, through the batch engine.

One application is assessed as a batch of one (many applications as one batch per edition), so
a single case and a population run the very same rule functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from asmtp.domain.eligibility.application import Application, ApplicationInputError, parse_application
from asmtp.domain.eligibility.batch import assess_batch
from asmtp.domain.eligibility.columns import (
    DependantColumns,
    PrincipalColumns,
    dependant_columns,
    principal_columns,
)
from asmtp.domain.eligibility.explain import explain
from asmtp.policy import Policy


def parse_for_policy(
    data: object,
    policy: Policy,
    *,
    default_edition: str,
    edition: str | None = None,
    as_of: date | None = None,
) -> Application:
    """Check one application against what ``policy`` knows (editions, industries, Talent List ids)."""
    talent_list, tp_list = policy.talent_list, policy.tp_list
    return parse_application(
        data,
        editions=policy.editions,
        default_edition=default_edition,
        industries=policy.industry_letters,
        profession_known=lambda pid: pid in talent_list.professions,
        professions_in_force=lambda day: talent_list.version_at(day).professions,
        edition=edition,
        as_of=as_of,
        trades_in_force=lambda day: tp_list.version_at(day).trades,
        trade_known=lambda trade: trade in tp_list.trades,
    )


def columns_from_dicts(
    applications: Iterable[Mapping[str, Any]], policy: Policy, *, default_edition: str | None = None
) -> tuple[PrincipalColumns, DependantColumns]:
    """Columns for decoded JSON applications; raises :class:`ApplicationInputError` on the first bad one.

    The error's ``field`` is prefixed with the application's position: ``[3].applicant.sex``.
    """
    parsed = []
    for index, data in enumerate(applications):
        try:
            parsed.append(parse_for_policy(data, policy, default_edition=default_edition or policy.edition.id))
        except ApplicationInputError as exc:
            raise ApplicationInputError(exc.code, f"[{index}].{exc.field}", exc.message) from exc
    return principal_columns(parsed), dependant_columns(parsed)


def assess_applications(applications: Sequence[Application], policy_for: Callable[[str], Policy]) -> list[dict[str, Any]]:
    """Explained results for validated applications, in their order (one batch per edition)."""
    results: list[dict[str, Any]] = [{} for _ in applications]
    by_edition: dict[str, list[int]] = {}
    for position, application in enumerate(applications):
        by_edition.setdefault(application.edition, []).append(position)
    for edition, positions in by_edition.items():
        batch = [applications[position] for position in positions]
        as_of = np.array([application.as_of for application in batch], dtype="datetime64[D]")
        result = assess_batch(principal_columns(batch), dependant_columns(batch), policy_for(edition), as_of=as_of)
        # dependant_columns keeps applications' dependants together and in order.
        offsets = np.concatenate([[0], np.cumsum([len(application.dependants) for application in batch])])
        for row, application in enumerate(batch):
            dependant_rows = range(int(offsets[row]), int(offsets[row + 1]))
            results[positions[row]] = explain(result, row, application, dependant_rows)
    return results
