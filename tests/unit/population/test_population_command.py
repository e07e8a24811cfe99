"""`asmtp population generate`: a file per seed, clear refusals."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from asmtp.cli import main
from asmtp.population.storage import read_population


def test_generate_writes_the_requested_number_of_applications(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "population.parquet"

    status = main(["population", "generate", "--size", "1_500", "--seed", "4", "--out", str(out), "--quiet"])

    assert status == 0
    assert read_population(out).height == 1_500
    assert "wrote 1,500 applications" in capsys.readouterr().out


def test_the_same_seed_writes_the_same_population_and_another_seed_does_not(tmp_path: Path) -> None:
    paths = [tmp_path / f"{name}.parquet" for name in ("a", "b", "c")]
    for path, seed in zip(paths, ("9", "9", "10"), strict=True):
        assert main(["population", "generate", "--size", "800", "--seed", seed, "--out", str(path), "--quiet"]) == 0

    first, again, other = (pl.read_parquet(path) for path in paths)
    assert first.equals(again)
    assert not first.equals(other)


def test_generated_posts_name_only_professions_of_the_policy_talent_list(tmp_path: Path) -> None:
    from asmtp.policy import load_policy

    out = tmp_path / "population.parquet"
    assert main(["population", "generate", "--size", "30000", "--seed", "1", "--out", str(out), "--quiet"]) == 0

    named = set(read_population(out)["talent_list_profession"].drop_nulls().unique())
    assert named
    assert named <= set(load_policy().talent_list.professions)


def test_a_missing_output_directory_is_one_line_and_a_non_zero_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["population", "generate", "--size", "10", "--out", str(tmp_path / "nope" / "p.parquet")])

    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "directory" in err and "does not exist" in err
