"""Synthetic ASMTP populations calibrated to published figures (see ``calibration.yaml``).

Generation is column-wise (numpy) and chunked: chunk ``k`` draws from streams seeded by
(seed, stream name, k), so a population depends only on its size and seed. Applications come
in submission-date order (stratified dates), as case numbers do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import polars as pl
import pyarrow as pa

from asmtp.population.calibration import Calibration, load_calibration
from asmtp.population.generation.applications import (
    NO_TECHNICAL_PROFESSIONALS,
    TechnicalProfessionals,
    application_columns,
)
from asmtp.population.generation.dependants import dependant_rows
from asmtp.population.generation.streams import Streams
from asmtp.population.generation.talent_list import TalentListEntry
from asmtp.population.schema import APPLICATION_COLUMNS, DEPENDANT_FIELDS

CHUNK_ROWS = 250_000

__all__ = [
    "CHUNK_ROWS", "TalentListEntry", "TechnicalProfessionals", "generate_population", "iter_population_chunks", "nest_dependants",
]


def nest_dependants(applications: pl.DataFrame, dependants: pl.DataFrame) -> pl.DataFrame:
    """Attach flat dependant rows (sorted by ``application_index``) as the ``dependants`` list column."""
    owner = dependants["application_index"].to_numpy()
    offsets = np.searchsorted(owner, np.arange(applications.height + 1)).astype(np.int64)
    values = dependants.select(
        [pl.col(name).cast(dtype) for name, dtype in DEPENDANT_FIELDS.items()]
    ).to_struct("dependant").to_arrow()
    nested = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), values)
    return applications.with_columns(pl.Series("dependants", nested))


def iter_population_chunks(
    size: int,
    seed: int,
    *,
    talent_list: Sequence[TalentListEntry] = (),
    calibration: Calibration | None = None,
    technical_professionals: TechnicalProfessionals = NO_TECHNICAL_PROFESSIONALS,
) -> Iterator[pl.DataFrame]:
    """The population of ``size`` applications for ``seed``, in chunks of at most :data:`CHUNK_ROWS` rows."""
    if size < 0:
        raise ValueError("population size must not be negative")
    cal = calibration or load_calibration()
    for chunk, first_row in enumerate(range(0, size, CHUNK_ROWS)):
        n = min(CHUNK_ROWS, size - first_row)
        streams = Streams(seed, chunk)
        principal, draws = application_columns(streams, cal, first_row, n, size, talent_list, technical_professionals)
        dependants = dependant_rows(streams, cal, draws.submitted, draws.birth, draws.male, draws.province)
        frame = nest_dependants(principal, dependants)
        yield frame.select([pl.col(name).cast(dtype) for name, dtype in APPLICATION_COLUMNS.items()])


def generate_population(
    size: int,
    seed: int,
    *,
    talent_list: Sequence[TalentListEntry] = (),
    calibration: Calibration | None = None,
    technical_professionals: TechnicalProfessionals = NO_TECHNICAL_PROFESSIONALS,
) -> pl.DataFrame:
    """The whole population in memory (one row per application, dependants nested)."""
    chunks = list(
        iter_population_chunks(
            size, seed, talent_list=talent_list, calibration=calibration, technical_professionals=technical_professionals
        )
    )
    if not chunks:
        return pl.DataFrame(schema=APPLICATION_COLUMNS)
    return pl.concat(chunks, rechunk=True)
