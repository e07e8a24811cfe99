"""Population files: Parquet, one row per application, dependants nested (see :mod:`schema`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from asmtp.population.schema import APPLICATION_COLUMNS, PopulationSchemaError, conform


class PopulationFileError(ValueError):
    """A population file is missing, unreadable or not a population."""


def write_population(
    chunks: Iterable[pl.DataFrame], path: Path, *, on_chunk: Callable[[pl.DataFrame], None] | None = None
) -> int:
    """Write chunks of a population to ``path`` (one row group per chunk); returns the row count."""
    rows = 0
    writer: pq.ParquetWriter | None = None
    try:
        for chunk in chunks:
            table = chunk.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression="zstd")
            writer.write_table(table)
            rows += chunk.height
            if on_chunk is not None:
                on_chunk(chunk)
        if writer is None:  # an empty population still gets a readable file with the schema
            pl.DataFrame(schema=APPLICATION_COLUMNS).write_parquet(path)
    finally:
        if writer is not None:
            writer.close()
    return rows


def scan_population(path: Path) -> pl.LazyFrame:
    """A lazy view of the population in ``path`` with exactly the schema's columns.

    Raises :class:`PopulationFileError` for a missing file, a file that is not Parquet, or one
    that lacks a required column or holds a column of the wrong type.
    """
    if not path.is_file():
        raise PopulationFileError(f"population file not found: {path}")
    try:
        return conform(pl.scan_parquet(path))
    except PopulationSchemaError as exc:
        raise PopulationFileError(f"{path}: {exc}") from None
    except (pl.exceptions.PolarsError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PopulationFileError(f"{path} is not a readable Parquet population file ({reason})") from None


def count_rows(path: Path) -> int:
    """How many applications a population file holds."""
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (pa.ArrowInvalid, OSError) as exc:
        raise PopulationFileError(f"{path} is not a readable Parquet population file ({exc})") from None


def read_population(path: Path) -> pl.DataFrame:
    """The whole population file in memory, conformed to the schema."""
    try:
        return scan_population(path).collect()
    except pl.exceptions.PolarsError as exc:
        raise PopulationFileError(f"{path}: {str(exc).splitlines()[0]}") from None
