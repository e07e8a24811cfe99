"""Each dependant's criteria (rules.md "Dependant criteria"), pure functions over columns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from asmtp.domain.eligibility.calendar import age_in_years, cached_civil, ymd
from asmtp.domain.eligibility.codes import (
    FAIL,
    MARITAL_STATUSES,
    PASS,
    REFER,
    RELATIONSHIPS,
    Criterion,
    Evaluation,
    reason_table,
)
from asmtp.domain.eligibility.columns import DependantColumns
from asmtp.domain.eligibility.context import RowPolicy, first_match
from asmtp.domain.eligibility.principal import birth_date_match
from asmtp.domain.identity import mainland_id_errors, province_mask

_SPOUSE, _CIVIL_PARTNER, _CHILD = (RELATIONSHIPS.index(term) for term in ("spouse", "civil_partner", "child"))


@dataclass(frozen=True)
class DependantRows:
    """Dependants with what they need of their principal, aligned row by row."""

    columns: DependantColumns
    principal_monthly_salary_hkd: npt.NDArray[np.float64]
    principal_has_offer: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.columns)


class Relationship(IntEnum):
    partner_recognised = 0
    partner_not_recognised = 1
    child_under_age = 2
    child_over_age = 3
    child_married = 4
    not_eligible_relationship = 5


def relationship(d: DependantRows, p: RowPolicy) -> Evaluation:
    c = d.columns
    partner = (c.relationship == _SPOUSE) | (c.relationship == _CIVIL_PARTNER)
    recognised = p.listed("dependants.partner_relationships", RELATIONSHIPS, c.relationship)
    child = c.relationship == _CHILD
    years = age_in_years(ymd(cached_civil(c.memo, "date_of_birth", c.date_of_birth)), p.ymd)
    limit = p.number("dependants.child_age_limit_years")
    # A child whose marital status is not given is taken as unmarried (see policy data).
    unmarried = (c.marital_status < 0) | p.listed("dependants.unmarried_statuses", MARITAL_STATUSES, c.marital_status)
    reason = first_match(
        len(c),
        Relationship.not_eligible_relationship,
        (partner & recognised, Relationship.partner_recognised),
        (partner, Relationship.partner_not_recognised),
        (child & (years >= limit), Relationship.child_over_age),
        (child & ~unmarried, Relationship.child_married),
        (child, Relationship.child_under_age),
    )
    return Evaluation(reason, {"age_years": years})


class DependantIdentity(IntEnum):
    # The first six codes line up with asmtp.domain.identity.IDENTITY_ERRORS (+1).
    valid = 0
    length = 1
    characters = 2
    check_character = 3
    birth_date_invalid = 4
    province_not_mainland = 5
    birth_date_mismatch = 6
    not_given = 7


def identity(d: DependantRows, p: RowPolicy) -> Evaluation:
    c = d.columns
    key = ("identity", tuple(sorted(p.policy.provinces.mainland)))
    if key not in c.memo:  # independent of the edition and the date: once per batch
        # Most dependants give no number: check only those who do.
        given = np.flatnonzero(c.has_mainland_id)
        errors = np.zeros(len(c), dtype=np.int8)
        birth = np.zeros(len(c), dtype=np.int32)
        province = np.zeros(len(c), dtype=np.int8)
        errors[given], birth[given], province[given] = mainland_id_errors(
            c.mainland_id[given], province_mask(p.policy.provinces.mainland)
        )
        reason, embedded = birth_date_match(errors, birth, c.date_of_birth, c.memo, DependantIdentity.birth_date_mismatch)
        reason[~c.has_mainland_id] = DependantIdentity.not_given
        c.memo[key] = Evaluation(reason, {"embedded_birth_date": embedded, "province_code": province})
    evaluation: Evaluation = c.memo[key]
    return evaluation


class Support(IntEnum):
    sufficient = 0
    below_median = 1
    no_offer = 2


def support(d: DependantRows, p: RowPolicy) -> Evaluation:
    median = p.overall_median()
    salary = d.principal_monthly_salary_hkd
    reason = first_match(
        len(d),
        Support.below_median,
        (~d.principal_has_offer, Support.no_offer),
        (salary >= median, Support.sufficient),
    )
    return Evaluation(reason, {"principal_monthly_salary_hkd": salary})



DEPENDANT_CRITERIA: tuple[Criterion[DependantRows], ...] = (
    Criterion(
        "relationship",
        reason_table(Relationship, partner_recognised=PASS, partner_not_recognised=FAIL, child_under_age=PASS,
               child_over_age=FAIL, child_married=FAIL, not_eligible_relationship=FAIL),
        relationship,
        facts=("relationship", "date_of_birth", "marital_status"),
        parameters=("dependants.partner_relationships", "dependants.child_age_limit_years", "dependants.unmarried_statuses"),
    ),
    Criterion(
        "identity",
        reason_table(DependantIdentity, valid=PASS, length=FAIL, characters=FAIL, check_character=FAIL,
               birth_date_invalid=FAIL, province_not_mainland=FAIL, birth_date_mismatch=FAIL, not_given=PASS),
        identity,
        facts=("date_of_birth",),
        tables=("provinces",),
    ),
    Criterion(
        "support",
        reason_table(Support, sufficient=PASS, below_median=REFER, no_offer=REFER),
        support,
        tables=("overall_median",),
    ),
)
