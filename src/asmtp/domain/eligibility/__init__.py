"""The ASMTP eligibility engine: one rule definition for one application and for a population.

Design (openfisca style):

- **Policy is data.** Every number the rules use lives in the dated YAML of ``asmtp.policy``;
  the engine receives a :class:`~asmtp.policy.Policy` (one edition) and reads each parameter at
  each row's own assessment date, vectorised with ``np.searchsorted`` over effective dates.
- **Rules are pure functions over columns.** Each criterion of rules.md (``principal.py``,
  ``dependant.py``) takes a columnar batch (:class:`PrincipalColumns` / dependants with their
  principal's salary) and the policy-at-each-row, and returns a *reason code* per row; the
  reason fixes the status (pass, fail, refer, not applicable). Outcomes are the worst status;
  dependants are capped by their principal.
- **One path for everyone.** :func:`assess_batch` runs the rules over any number of rows (a
  population of a million, or one). The single-case engine (:func:`assess_applications`)
  validates JSON into :class:`Application` values, builds a batch, runs :func:`assess_batch`,
  and only then explains each row (``explain.py``): the reason catalogue (YAML, three
  languages) is filled with the facts, the derived values and the parameters in force, with
  their sources and what would change a fail or refer.
- **No Django, no clock, no I/O.** Dates are arguments; the policy files are read by
  ``asmtp.policy``; the database overlay of imported Talent Lists is the services layer's job.

Population use::

    from asmtp.policy import load_policy
    from asmtp.domain.eligibility import assess_batch, columns_from_polars
    principals, dependants = columns_from_polars(frame)
    direct = assess_batch(principals, dependants, load_policy, "direct")
    immd = assess_batch(principals, dependants, load_policy, "immd")
    flips = (direct.outcome != immd.outcome)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asmtp.domain.eligibility.application import Application, ApplicationInputError, parse_application
from asmtp.domain.eligibility.batch import BatchResult, CriterionResults, ParamsSource, assess_batch
from asmtp.domain.eligibility.codes import (
    ELIGIBLE,
    FAIL,
    INELIGIBLE,
    NOT_APPLICABLE,
    OUTCOMES,
    PASS,
    REFER,
    REFERRED,
    STATUSES,
)
from asmtp.domain.eligibility.columns import (
    DependantColumns,
    PrincipalColumns,
    dependant_columns,
    principal_columns,
)
from asmtp.domain.eligibility.dependant import DEPENDANT_CRITERIA
from asmtp.domain.eligibility.engine import assess_applications, columns_from_dicts, parse_for_policy
from asmtp.domain.eligibility.explain import catalogue_problems, explain
from asmtp.domain.eligibility.principal import PRINCIPAL_CRITERIA

if TYPE_CHECKING:
    import polars as pl


def columns_from_polars(frame: pl.DataFrame) -> tuple[PrincipalColumns, DependantColumns]:
    """Principal and dependant columns from a population DataFrame (layout: ``frames.py``).

    Polars is imported only here, so the command line starts without it.
    """
    from asmtp.domain.eligibility.frames import columns_from_frame

    return columns_from_frame(frame)


__all__ = [
    "DEPENDANT_CRITERIA",
    "ELIGIBLE",
    "FAIL",
    "INELIGIBLE",
    "NOT_APPLICABLE",
    "OUTCOMES",
    "PASS",
    "PRINCIPAL_CRITERIA",
    "REFER",
    "REFERRED",
    "STATUSES",
    "Application",
    "ApplicationInputError",
    "BatchResult",
    "CriterionResults",
    "DependantColumns",
    "ParamsSource",
    "PrincipalColumns",
    "assess_applications",
    "assess_batch",
    "catalogue_problems",
    "columns_from_dicts",
    "columns_from_polars",
    "dependant_columns",
    "explain",
    "parse_application",
    "parse_for_policy",
    "principal_columns",
]
