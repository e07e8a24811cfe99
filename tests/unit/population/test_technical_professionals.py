"""The generator can put a share of applications in the Technical Professionals stream, and the
simulation assesses them in it (the batch engine's stream, trade and declaration columns)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from asmtp.cli import main
from asmtp.policy import load_policy
from asmtp.population.generation import generate_population
from asmtp.population.simulation.policy_bridge import talent_list_entries, technical_professionals
from asmtp.population.simulation.runner import SimulationInputError, run_simulation
from asmtp.population.storage import scan_population

OPENED = dt.date(2025, 6, 30)
SIZE = 20_000


@pytest.fixture(scope="module")
def policy():
    return load_policy()


@pytest.fixture(scope="module")
def population(policy) -> pl.DataFrame:
    return generate_population(
        SIZE, seed=21, talent_list=talent_list_entries(policy), technical_professionals=technical_professionals(policy, 0.4)
    )


def test_the_share_of_offers_made_while_the_stream_is_open_apply_in_it_in_a_trade_of_the_tp_list(population, policy):
    tp = population.filter(pl.col("stream") == "technical_professional")
    assert tp.height > 0
    assert tp["submitted_on"].min() >= OPENED and tp["has_employment"].all()
    assert set(tp["tp_trade"].unique()) <= set(policy.tp_list.trade_ids) and tp["tp_trade"].n_unique() == 8
    eligible = population.filter((pl.col("submitted_on") >= OPENED) & pl.col("has_employment"))
    assert abs(tp.height / eligible.height - 0.4) < 0.03
    assert 0.8 < tp["meets_trade_minimum_qualification"].mean() < 0.97  # calibration: 10% do not declare it
    general = population.filter(pl.col("stream") == "general")
    assert general["tp_trade"].is_null().all() and general["meets_trade_minimum_qualification"].is_null().all()


def test_the_share_changes_no_other_column_of_the_population(population, policy):
    plain = generate_population(SIZE, seed=21, talent_list=talent_list_entries(policy))
    assert (plain["stream"] == "general").all()
    stream_columns = ["stream", "tp_trade", "meets_trade_minimum_qualification"]
    assert plain.drop(stream_columns).equals(population.drop(stream_columns))


def test_a_share_outside_0_to_1_is_refused(policy):
    with pytest.raises(ValueError, match="between 0 and 1"):
        technical_professionals(policy, 1.5)


def test_the_simulation_assesses_tp_rows_in_the_stream_so_a_tp_reform_flips_only_them(population, tmp_path: Path):
    reform = tmp_path / "reform.yaml"
    reform.write_text("parameters:\n  tp.maximum_age_years: {value: 30, effective_from: 2025-06-30}\n", encoding="utf-8")
    result = run_simulation(population, "direct", reform)
    changes = {(r["criterion"], r["baseline"], r["reform"]) for r in result.criteria.iter_rows(named=True)}
    assert result.totals["flipped"] > 0
    assert changes == {("age", "pass", "fail")}
    # Without the stream columns the same reform bites nobody: the rows were read as general.
    general_only = run_simulation(population.drop("stream", "tp_trade", "meets_trade_minimum_qualification"), "direct", reform)
    assert general_only.totals["flipped"] == 0


def test_the_simulation_refuses_a_trade_the_tp_list_does_not_have(population):
    broken = population.with_columns(
        pl.when(pl.col("stream") == "technical_professional").then(pl.lit("plumber")).otherwise(pl.col("tp_trade")).alias("tp_trade")
    )
    with pytest.raises(SimulationInputError, match=r"'plumber'.*not a trade of the TP List"):
        run_simulation(broken, "direct", "direct")


def test_asmtp_population_generate_takes_a_tp_share(tmp_path: Path):
    out = tmp_path / "tp.parquet"
    assert main(["population", "generate", "--size", "3000", "--seed", "3", "--tp-share", "0.5", "--out", str(out), "--quiet"]) == 0
    streams = scan_population(out).select("stream").collect()["stream"]
    assert (streams == "technical_professional").sum() > 0
