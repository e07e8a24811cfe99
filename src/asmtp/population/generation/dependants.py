"""Dependants of synthetic applications (partners, children, the odd parent), column-wise."""

from __future__ import annotations

import numpy as np
import polars as pl

import asmtp.population.generation.identity_numbers as identity_numbers
import asmtp.population.generation.people as people
from asmtp.population.calibration import Calibration
from asmtp.population.generation.streams import Streams, choose

# Order in which an application lists its dependants.
_PARTNER, _CHILD, _PARENT = 0, 1, 2


def dependant_rows(
    streams: Streams,
    cal: Calibration,
    submitted: np.ndarray,
    principal_birth: np.ndarray,
    principal_male: np.ndarray,
    province: np.ndarray,
) -> pl.DataFrame:
    """One row per dependant: ``application_index`` (row in the chunk) and the dependant fields."""
    n = len(submitted)
    rng = streams.rng("dependants")
    partner = rng.random(n) < cal.share("dependants.partner_share")
    children = np.where(
        partner,
        choose(rng, cal.children_with_partner, n),
        choose(rng, cal.children_without_partner, n),
    ).astype(np.int64)
    parent = rng.random(n) < cal.share("dependants.parent_declared_share")

    owner = np.concatenate([
        np.flatnonzero(partner), np.repeat(np.arange(n), children), np.flatnonzero(parent)
    ])
    role = np.concatenate([
        np.full(int(partner.sum()), _PARTNER), np.full(int(children.sum()), _CHILD), np.full(int(parent.sum()), _PARENT)
    ])
    order = np.lexsort((role, owner))
    owner, role = owner[order], role[order]
    m = len(owner)
    on = submitted[owner]

    civil = rng.random(m) < cal.share("dependants.civil_partner_share_of_partners")
    relationship = np.select(
        [(role == _PARTNER) & civil, role == _PARTNER, role == _CHILD], ["civil_partner", "spouse", "child"], "parent"
    )
    principal_age = (on - principal_birth[owner]).astype(np.int64) / 365.2425
    adult_child = rng.random(m) < cal.share("dependants.adult_child_share")
    child_age = np.where(adult_child, rng.uniform(18.05, 21.9, m), rng.uniform(0.1, 17.9, m))
    child_age = np.minimum(child_age, np.maximum(principal_age - 18.0, 0.1))
    age = np.select(
        [role == _PARTNER, role == _CHILD],
        [np.clip(principal_age + rng.normal(0.0, 3.0, m), 20.0, 70.0), child_age],
        principal_age + rng.uniform(24.0, 36.0, m),
    )
    birth = on - np.round(age * 365.2425).astype("timedelta64[D]")
    male = np.select(
        [relationship == "spouse", relationship == "civil_partner"],
        [~principal_male[owner], principal_male[owner]],
        rng.random(m) < 0.5,
    )
    married_child = (role == _CHILD) & (rng.random(m) < cal.share("dependants.married_child_share"))
    marital = np.select([role == _PARTNER, married_child, role == _CHILD], ["married", "married", "single"], "")
    ids = identity_numbers.mainland_id_numbers(
        streams.rng("dependant_ids"), province[owner], birth, male,
        invalid_share=cal.share("irregularities.invalid_mainland_id_share"),
        lowercase_x_share=cal.share("irregularities.lowercase_check_x_share"),
    )
    id_given = rng.random(m) < cal.share("dependants.mainland_id_given_share")
    name_en, _ = people.names(streams.rng("dependant_names"), m)
    return pl.DataFrame(
        {
            "application_index": pl.Series(owner),
            "relationship": pl.Series(relationship),
            "name_en": name_en,
            "date_of_birth": pl.Series(birth),
            "marital_status": pl.Series(marital).replace("", None),
            "mainland_id_number": pl.select(pl.when(pl.lit(pl.Series(id_given))).then(ids)).to_series(),
        }
    )
