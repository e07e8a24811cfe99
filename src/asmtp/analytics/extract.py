"""The analytics extract: one row per submitted case, read through Django into an Arrow table.

Only the ORM is used (no vendor SQL), so the same extract comes out of SQLite and PostgreSQL.
It is written to Parquet beside the data (atomically: a reader sees the old file or the new
one), and the dashboards compute over that file, never over the live tables.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db.models import Count, Q

from asmtp.analytics.reference import segment_of
from asmtp.analytics.schema import SCHEMA
from asmtp.cases.models import Application

_FIELDS = (
    "pk", "applicant_id", "kind", "edition", "status", "submitted_at", "decided_at", "pledge_due_on", "industry",
    "talent_list_profession", "monthly_salary_hkd", "province_code", "spouses", "children", "first_admitted_on",
    "limit_of_stay_on", "stream", "employment_data__tp_trade",
)
BATCH_ROWS = 20_000


def extract_path() -> Path:
    return Path(settings.DATA_DIR) / "analytics" / "cases.parquet"


def extract_missing() -> bool:
    """No extract was ever written here (a new or restored data folder): the scheduler refreshes at start."""
    return not extract_path().exists()


def _rows() -> Iterator[tuple[Any, ...]]:
    cases = (
        Application.objects.exclude(submitted_at=None)
        .annotate(
            spouses=Count("dependants", filter=Q(dependants__relationship__in=["spouse", "civil_partner"])),
            children=Count("dependants", filter=Q(dependants__relationship="child")),
        )
        .order_by("pk")
        .values_list(*_FIELDS)
    )
    return cases.iterator(chunk_size=BATCH_ROWS)


def _batch(rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True))
    data: dict[str, list[Any]] = {name: list(values) for name, values in zip(_FIELDS, columns, strict=True)}
    data["case_id"] = data.pop("pk")
    data["tp_trade"] = [str(trade or "") for trade in data.pop("employment_data__tp_trade")]
    data["talent_list_segment"] = [segment_of(code) if code else "" for code in data["talent_list_profession"]]
    data["monthly_salary_hkd"] = [None if value is None else float(value) for value in data["monthly_salary_hkd"]]
    return pa.RecordBatch.from_pydict({field.name: data[field.name] for field in SCHEMA}, schema=SCHEMA)


def write_extract(now: dt.datetime) -> tuple[Path, int]:
    """Read every submitted case into a Parquet file; return its path and the number of rows."""
    target = extract_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    schema = SCHEMA.with_metadata({"extracted_at": now.isoformat()})
    count = 0
    with pq.ParquetWriter(partial, schema) as writer:
        rows: list[tuple[Any, ...]] = []
        for row in _rows():
            rows.append(row)
            if len(rows) == BATCH_ROWS:
                writer.write_batch(_batch(rows).replace_schema_metadata(schema.metadata))
                count += len(rows)
                rows = []
        if rows:
            writer.write_batch(_batch(rows).replace_schema_metadata(schema.metadata))
            count += len(rows)
    os.replace(partial, target)
    return target, count


def read_extract(path: Path) -> tuple[pa.Table, dt.datetime]:
    """The extract and the moment it was taken."""
    table = pq.read_table(path)
    metadata = table.schema.metadata or {}
    taken = dt.datetime.fromisoformat(metadata.get(b"extracted_at", b"1970-01-01T00:00:00+00:00").decode())
    return table, taken
