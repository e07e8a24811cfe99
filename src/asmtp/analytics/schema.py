"""The columns of the analytics extract (one row per submitted case), shared by the writer,
the aggregates and the benchmark without importing Django."""

from __future__ import annotations

import pyarrow as pa

SCHEMA = pa.schema(
    [
        ("case_id", pa.int64()),
        ("applicant_id", pa.int64()),
        ("kind", pa.string()),
        ("edition", pa.string()),
        ("status", pa.string()),
        ("submitted_at", pa.timestamp("us", tz="UTC")),
        ("decided_at", pa.timestamp("us", tz="UTC")),
        ("pledge_due_on", pa.date32()),
        ("industry", pa.string()),
        ("talent_list_profession", pa.string()),
        ("talent_list_segment", pa.string()),
        ("monthly_salary_hkd", pa.float64()),
        ("province_code", pa.string()),
        ("spouses", pa.int32()),
        ("children", pa.int32()),
        ("first_admitted_on", pa.date32()),
        ("limit_of_stay_on", pa.date32()),
        ("stream", pa.string()),  # general | technical_professional
        ("tp_trade", pa.string()),  # a Technical Professional's trade (TP List id), else ""
    ]
)
