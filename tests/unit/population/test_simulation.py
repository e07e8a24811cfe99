"""run_simulation and `asmtp simulate`: flips where a reform bites, nothing where it does not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from asmtp.cli import main
from asmtp.policy import load_policy
from asmtp.population.generation import generate_population
from asmtp.population.simulation.policy_bridge import talent_list_entries
from asmtp.population.simulation.runner import SimulationInputError, run_simulation
from asmtp.population.storage import write_population


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    return generate_population(30_000, seed=12, talent_list=talent_list_entries(load_policy()))


@pytest.fixture(scope="module")
def population_file(population: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("population") / "population.parquet"
    write_population([population], path)
    return path


def _reform_file(directory: Path, text: str) -> Path:
    path = directory / "reform.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_edition_simulated_against_itself_flips_nothing(population: pl.DataFrame) -> None:
    result = run_simulation(population, "direct", "direct")

    assert result.applications == 30_000
    assert result.totals["flipped"] == 0
    assert result.criteria.is_empty()
    assert result.totals["baseline_eligible"] == result.totals["reform_eligible"] > 0


def test_requiring_an_offer_fails_only_applications_without_one(population: pl.DataFrame) -> None:
    result = run_simulation(population, "direct", "immd")
    flipped = result.breakdown("industry").filter(pl.col("flipped") > 0)

    assert flipped["group"].to_list() == ["no offer"]
    assert flipped["flipped"].item() == result.totals["flipped"] > 0
    assert result.totals["eligible_to_ineligible"] + result.totals["refer_to_ineligible"] == result.totals["flipped"]
    assert set(result.criteria["criterion"]) == {"employment_offer"}


def test_raising_the_salary_exemption_flips_only_top_earners_to_refer(population: pl.DataFrame, tmp_path: Path) -> None:
    reform = _reform_file(tmp_path, "parameters:\n  market_test.salary_exemption_annual_hkd: {value: 2500000, effective_from: 2022-12-28}\n")

    result = run_simulation(population, "direct", reform)
    bands = result.breakdown("salary_band").filter(pl.col("flipped") > 0)

    assert result.totals["flipped"] == result.totals["eligible_to_refer"] > 0
    assert bands["group"].to_list() == ["80k and over"]
    changes = {(r["criterion"], r["baseline"], r["reform"]): r["count"] for r in result.criteria.iter_rows(named=True)}
    assert set(changes) == {("market_test", "pass", "refer")}
    assert changes[("market_test", "pass", "refer")] >= result.totals["flipped"]


def test_listing_a_profession_earlier_exempts_exactly_the_posts_that_name_it(population: pl.DataFrame, tmp_path: Path) -> None:
    reform = _reform_file(tmp_path, "talent_list:\n  add: [{profession: accountants, from: 2022-12-28}]\n")
    annual = pl.coalesce("annual_package_hkd", pl.col("monthly_salary_hkd") * 12)
    # rules.md market_test: before the list took accountants (1 Mar 2025) such a post needed
    # local recruitment evidence unless it paid HK$2M a year.
    newly_exempt = population.filter(
        (pl.col("talent_list_profession") == "accountants")
        & pl.col("submitted_on").is_between(dt.date(2022, 12, 28), dt.date(2025, 2, 28))
        & ~pl.col("local_recruitment_evidence")
        & (annual < 2_000_000)
    ).height

    result = run_simulation(population, "direct", reform)

    changes = {(r["criterion"], r["baseline"], r["reform"]): r["count"] for r in result.criteria.iter_rows(named=True)}
    assert newly_exempt > 0
    assert changes == {("market_test", "refer", "pass"): newly_exempt}
    assert result.totals["eligible_to_refer"] == result.totals["refer_to_ineligible"] == 0
    assert result.breakdown("talent_list_segment").filter(pl.col("flipped") > 0)["group"].to_list() in ([], ["Financial services"])


def test_a_later_assessment_date_ages_children_out_of_eligibility(population: pl.DataFrame) -> None:
    result = run_simulation(population, "direct", "direct", as_of=dt.date(2040, 1, 1))
    dependants = {row["outcome"]: row for row in result.dependant_outcomes.iter_rows(named=True)}

    assert result.as_of == dt.date(2040, 1, 1)
    assert dependants["ineligible"]["baseline"] > 0.2 * result.dependants


def test_progress_is_reported_per_chunk_up_to_the_total(population_file: Path) -> None:
    seen: list[tuple[int, int]] = []

    run_simulation(population_file, "direct", "immd", progress=lambda done, total: seen.append((done, total)), chunk_rows=7_000)

    assert seen == [(7_000, 30_000), (14_000, 30_000), (21_000, 30_000), (28_000, 30_000), (30_000, 30_000)]


def test_a_file_and_a_frame_of_the_same_population_give_the_same_tables(population: pl.DataFrame, population_file: Path) -> None:
    from_file = run_simulation(population_file, "direct", "immd", chunk_rows=9_999)
    from_frame = run_simulation(population, "direct", "immd")

    assert from_file.table.equals(from_frame.table)
    assert from_file.criteria.sort("criterion", "baseline").equals(from_frame.criteria.sort("criterion", "baseline"))


def test_the_result_is_plain_json(population: pl.DataFrame) -> None:
    data = json.loads(json.dumps(run_simulation(population.head(500), "direct", "immd").to_dict()))

    assert data["applications"] == 500
    assert set(data["breakdowns"]) == {"industry", "talent_list_segment", "salary_band", "province"}


@pytest.mark.parametrize(
    ("baseline", "reform", "message"),
    [
        ("direct", "nonsense", "unknown edition 'nonsense'; valid editions: direct, immd"),
        ("nonsense", "immd", "unknown edition 'nonsense'"),
    ],
)
def test_an_unknown_edition_is_refused(population: pl.DataFrame, baseline: str, reform: str, message: str) -> None:
    with pytest.raises(SimulationInputError, match=message):
        run_simulation(population, baseline, reform)


# --- the command ---------------------------------------------------------------------------


def test_simulate_prints_the_tables_and_writes_them_as_csv(
    population_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "flips.csv"

    status = main(["simulate", "--population", str(population_file), "--baseline", "direct", "--reform", "immd", "--out", str(out), "--quiet"])

    printed = capsys.readouterr().out
    table = pl.read_csv(out)
    totals = table.filter(pl.col("dimension") == "total").row(0, named=True)
    assert status == 0
    assert "Re-assessed 30,000 applications" in printed and "By province" in printed
    assert totals["applications"] == 30_000
    assert totals["flipped"] == totals["eligible_to_ineligible"] + totals["refer_to_ineligible"]
    assert set(table["dimension"]) == {"total", "industry", "talent_list_segment", "salary_band", "province"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--population", "{missing}"], "population file not found"),
        (["--reform", "immd-2030"], "unknown edition 'immd-2030'"),
        (["--reform", "{bad_reform}"], "reform.yaml: unknown parameter 'market_test.exemption'"),
        (["--population", "{wrong_columns}"], "lacks the column(s) submitted_on"),
        (["--out", "{tmp}/flips.xlsx"], "--out must end in .csv, .parquet, .json"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_a_non_zero_exit(
    population_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    bad_reform = _reform_file(tmp_path, "parameters:\n  market_test.exemption: 1\n")
    wrong_columns = tmp_path / "wrong.parquet"
    pl.DataFrame({"id": ["a"]}).write_parquet(wrong_columns)
    places = {"missing": tmp_path / "missing.parquet", "bad_reform": bad_reform, "wrong_columns": wrong_columns, "tmp": tmp_path}
    options = {"--population": str(population_file), "--baseline": "direct", "--reform": "immd"}
    for flag, value in zip(arguments[::2], arguments[1::2], strict=True):
        options[flag] = value.format(**places)

    status = main(["simulate", "--quiet", *(part for pair in options.items() for part in pair)])

    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("asmtp simulate: ")
    assert message in captured.err
