"""How long the dashboard's aggregates take over a synthetic 1,000,000-case extract.

Builds an Arrow table with the extract's schema (no database), then times `prepare` and each
aggregate function. Prints figures; it is not a test. Run:

    .venv/bin/python benchmarks/dashboard_bench.py [ROWS]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from asmtp.analytics import aggregates
from asmtp.analytics.schema import SCHEMA
from asmtp.domain.salaries_tax import rules_at

PROVINCES = ["44", "11", "31", "32", "33", "37", "51", "42", "43", "41", "35", "34", "61", "21", "50", "12", "13", "36", "53", "65"]
INDUSTRIES = list("GKPJMCFQHRLN")
SEGMENTS = ["", "", "", "financial_services", "innovation_technology", "healthcare", "development_construction"]
STATUSES = ["evisa_issued"] * 6 + ["approved", "refused", "assessing", "submitted", "withdrawn"]


def synthetic_extract(rows: int, seed: int = 9) -> pa.Table:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2017-01-01T00:00:00", "us")
    submitted = start + rng.integers(0, 9 * 365 * 86_400, rows).astype("timedelta64[s]")
    status = rng.choice(STATUSES, rows)
    decided_days = rng.gamma(4.0, 6.0, rows)
    decided = submitted + (decided_days * 86_400).astype("timedelta64[s]")
    open_case = np.isin(status, ["assessing", "submitted", "withdrawn"])
    first_admitted = (decided + np.timedelta64(20, "D")).astype("datetime64[D]")
    admitted = np.isin(status, ["approved", "evisa_issued"])
    technical = rng.random(rows) < 0.05
    profession = rng.choice(["", "", "asset-management-professionals", "data-scientists", "actuaries"], rows)
    columns = {
        "case_id": np.arange(rows, dtype=np.int64),
        "applicant_id": rng.integers(0, int(rows * 0.8), rows),
        "kind": rng.choice(["entry"] * 8 + ["extension"] * 2, rows),
        "edition": rng.choice(["direct", "immd"], rows),
        "status": status,
        "submitted_at": pa.array(submitted, pa.timestamp("us", tz="UTC")),
        "decided_at": pa.array(np.where(open_case, np.datetime64("NaT"), decided), pa.timestamp("us", tz="UTC")),
        "pledge_due_on": pa.array((submitted + np.timedelta64(28, "D")).astype("datetime64[D]"), pa.date32()),
        "industry": rng.choice(INDUSTRIES, rows),
        "talent_list_profession": profession,
        "talent_list_segment": np.where(profession == "", "", rng.choice(SEGMENTS[3:], rows)),
        "monthly_salary_hkd": np.round(rng.lognormal(9.95, 0.55, rows), -2),
        "province_code": rng.choice(PROVINCES, rows),
        "spouses": (rng.random(rows) < 0.45).astype(np.int32),
        "children": rng.choice(np.array([0, 0, 1, 2], dtype=np.int32), rows),
        "first_admitted_on": pa.array(np.where(admitted, first_admitted, np.datetime64("NaT")), pa.date32()),
        "limit_of_stay_on": pa.array(np.where(admitted, first_admitted + np.timedelta64(8 * 365, "D"), np.datetime64("NaT")), pa.date32()),
        # About one in twenty in the Technical Professionals stream, each with a trade.
        "stream": np.where(technical, "technical_professional", "general"),
        "tp_trade": np.where(technical, rng.choice(["tp-nurse", "tp-welder", "tp-chef"], rows), ""),
    }
    return pa.Table.from_pydict({name: columns[name] for name in SCHEMA.names}, schema=SCHEMA)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    policy = yaml.safe_load((Path(__file__).resolve().parents[1] / "src/asmtp/policy/salaries_tax.yaml").read_text(encoding="utf-8"))
    as_of = dt.date(2026, 1, 15)
    rules = rules_at(policy, as_of)
    began = time.perf_counter()
    table = synthetic_extract(rows)
    print(f"synthetic extract: {table.num_rows:,} rows built in {time.perf_counter() - began:.2f} s (not timed below)")
    runs = []
    for run in range(5):
        t0 = time.perf_counter()
        frame = aggregates.prepare(table)
        t1 = time.perf_counter()
        charts = aggregates.all_charts(frame, aggregates.Filters(), as_of=as_of, median_wage=20_500, tax_rules=rules)
        t2 = time.perf_counter()
        filtered = aggregates.all_charts(
            frame, aggregates.Filters(dt.date(2024, 1, 1), dt.date(2024, 12, 31), "immd", "K"), as_of=as_of, median_wage=20_500, tax_rules=rules
        )
        t3 = time.perf_counter()
        runs.append((t1 - t0, t2 - t1, t3 - t2))
        print(f"run {run + 1}: prepare {1000 * (t1 - t0):6.1f} ms, all charts {1000 * (t2 - t1):6.1f} ms, filtered {1000 * (t3 - t2):6.1f} ms")
    prepare_ms, all_ms, filtered_ms = (1000 * statistics.median(r[i] for r in runs) for i in range(3))
    print(f"median: prepare {prepare_ms:.1f} ms + all charts {all_ms:.1f} ms = {prepare_ms + all_ms:.1f} ms (budget 500 ms); filtered {filtered_ms:.1f} ms")
    for key, chart in charts.items():
        print(f"  {key:<11} {len(chart.categories):>4} categories  summary {chart.summary}")
    print(f"  filtered view: {sum(filtered['flow'].values('applications')):,.0f} applications in 2024 (immd, K)")


if __name__ == "__main__":
    main()
