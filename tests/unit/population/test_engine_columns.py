"""The simulation's fast column adapter builds exactly the engine's own columns."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from asmtp.domain.eligibility import columns_from_polars
from asmtp.policy import load_policy
from asmtp.population.generation import generate_population
from asmtp.population.schema import APPLICATION_COLUMNS
from asmtp.population.simulation.engine_columns import (
    PopulationValueError,
    dependant_columns,
    fixed_width_bytes,
    principal_columns,
)
from asmtp.population.simulation.policy_bridge import talent_list_entries


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    return generate_population(20_000, seed=8, talent_list=talent_list_entries(load_policy()))


def _same(mine: object, theirs: object) -> bool:
    if isinstance(mine, np.ndarray) and isinstance(theirs, np.ndarray):
        if mine.dtype.kind == "M":
            return bool(np.array_equal(mine.astype(np.int64), theirs.astype(np.int64)))
        return mine.dtype == theirs.dtype and bool(np.array_equal(mine, theirs, equal_nan=mine.dtype.kind == "f"))
    return mine == theirs


def test_principal_and_dependant_columns_equal_the_engine_s_own_frame_reader(population: pl.DataFrame) -> None:
    policy = load_policy()
    mine = (principal_columns(population, professions=policy.talent_list.profession_ids), dependant_columns(population))
    theirs = columns_from_polars(population)

    for ours, engine in zip(mine, theirs, strict=True):
        for name in ours.__dataclass_fields__:
            if name != "memo":
                assert _same(getattr(ours, name), getattr(engine, name)), name


def test_odd_identity_numbers_keep_their_length_lose_blanks_and_non_ascii_characters() -> None:
    numbers = pl.Series(["11010519491231002X", "1101051949123100", "11010519491231002XX99", "１1010519491231002X", None, " 11010519491231002X "])

    assert fixed_width_bytes(numbers, "S19").tolist() == [
        b"11010519491231002X", b"1101051949123100", b"11010519491231002XX", b"?1010519491231002X", b"", b"11010519491231002X",
    ]


def test_a_profession_the_policy_does_not_know_is_refused_naming_it() -> None:
    frame = generate_population(50, seed=1).with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("astronauts")).otherwise(None).alias("talent_list_profession"),
        pl.lit(True).alias("has_employment"),
    ).cast(APPLICATION_COLUMNS)  # type: ignore[arg-type]

    with pytest.raises(PopulationValueError, match=r"'astronauts' .* not a Talent List profession id"):
        principal_columns(frame, professions=("actuaries",))
