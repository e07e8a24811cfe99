"""The calibration file: every figure is sourced, and the loader refuses ones that are not."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from asmtp.population.calibration import BASES, CalibrationError, build_calibration, load_calibration


def _shipped_tree() -> dict[str, Any]:
    text = resources.files("asmtp.population").joinpath("calibration.yaml").read_text(encoding="utf-8")
    tree: dict[str, Any] = yaml.safe_load(text)
    return tree


def test_every_shipped_figure_names_its_basis_and_source() -> None:
    calibration = load_calibration()

    assert len(calibration.figures) > 50
    for figure in calibration.figures:
        assert figure.basis in BASES, figure.path
        assert figure.source.strip(), figure.path
        if figure.basis in {"inferred", "assumption"}:
            assert figure.note.strip(), figure.path


def test_verified_and_third_party_figures_point_at_a_document() -> None:
    calibration = load_calibration()

    for figure in calibration.figures:
        if figure.basis in {"verified", "third_party"}:
            assert figure.source != "none", figure.path


def test_a_figure_without_a_source_is_refused() -> None:
    tree = copy.deepcopy(_shipped_tree())
    del tree["industry_mix"]["G"]["source"]

    with pytest.raises(CalibrationError, match=r"industry_mix\.G: every figure needs a source"):
        build_calibration(tree)


def test_an_assumption_without_a_note_is_refused() -> None:
    tree = copy.deepcopy(_shipped_tree())
    del tree["province_mix"][44]["note"]

    with pytest.raises(CalibrationError, match=r"province_mix\.44: an assumption figure needs a note"):
        build_calibration(tree)


def test_an_unknown_basis_is_refused() -> None:
    tree = copy.deepcopy(_shipped_tree())
    tree["salary"]["short_term_share"]["basis"] = "hearsay"

    with pytest.raises(CalibrationError, match=r"salary\.short_term_share: basis must be one of"):
        build_calibration(tree)


def test_an_industry_mix_that_does_not_add_up_to_one_is_refused() -> None:
    tree = copy.deepcopy(_shipped_tree())
    tree["industry_mix"]["G"]["value"] = 0.5

    with pytest.raises(CalibrationError, match="industry_mix: shares must add up to 1"):
        build_calibration(tree)


def test_a_year_without_a_volume_is_refused() -> None:
    tree = copy.deepcopy(_shipped_tree())
    del tree["volumes_by_year"][2021]

    with pytest.raises(CalibrationError, match=r"volumes_by_year lacks the year\(s\) \[2021\]"):
        build_calibration(tree)


def test_the_median_wage_is_the_published_one_inside_the_table_and_grows_outside_it() -> None:
    calibration = load_calibration()

    assert calibration.median_wage(2024) == 20_500
    assert calibration.median_wage(2020) == pytest.approx(18_700 / 1.03)
    assert calibration.median_wage(2027) == pytest.approx(21_200 * 1.03**2)
