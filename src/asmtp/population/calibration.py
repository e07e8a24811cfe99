"""The calibration figures of the synthetic population, read from ``calibration.yaml``.

Each figure carries its basis (verified, third_party, inferred, assumption) and its source; the
loader refuses a figure without them so that no number in the generator is anonymous.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

BASES = frozenset({"verified", "third_party", "inferred", "assumption"})


class CalibrationError(ValueError):
    """The calibration file is malformed or a figure lacks its source."""


@dataclass(frozen=True)
class Figure:
    """One calibration value with where it comes from."""

    path: str
    value: Any
    basis: str
    source: str
    note: str


def iter_figures(tree: Mapping[Any, Any], prefix: str = "") -> Iterator[Figure]:
    """Every figure in a calibration tree (a mapping holding ``value`` is a figure)."""
    for key, node in tree.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if not isinstance(node, Mapping):
            raise CalibrationError(f"{path}: expected a figure (value, basis, source) or a group")
        if "value" not in node:
            yield from iter_figures(node, path)
            continue
        basis, source, note = node.get("basis"), node.get("source"), node.get("note", "")
        if basis not in BASES:
            raise CalibrationError(f"{path}: basis must be one of {sorted(BASES)}, got {basis!r}")
        if not isinstance(source, str) or not source.strip():
            raise CalibrationError(f"{path}: every figure needs a source (write 'none' for an assumption)")
        if basis in {"inferred", "assumption"} and not str(note).strip():
            raise CalibrationError(f"{path}: an {basis} figure needs a note saying how or why")
        yield Figure(path, node["value"], basis, source, str(note))


@dataclass(frozen=True)
class Calibration:
    """The figures the generator uses, as plain typed values."""

    start: dt.date
    end: dt.date
    volumes_by_year: dict[int, float]
    industry_mix: dict[str, float]
    province_mix: dict[int, float]
    education_mix: dict[str, float]
    wage_index: dict[int, float]
    wage_growth_outside_table: float
    long_term_bands: dict[str, float]
    short_term_upper_bands: dict[str, float]
    long_term_contract_months: dict[int, float]
    children_with_partner: dict[int, float]
    children_without_partner: dict[int, float]
    age_range_years: tuple[int, int]
    talent_list_opened: dt.date
    talent_list_expanded: dt.date
    segment_industry: dict[str, str]
    shares: dict[str, float]
    figures: tuple[Figure, ...]

    def share(self, name: str) -> float:
        """A scalar share or amount by its dotted path, e.g. ``irregularities.minor_share``."""
        return self.shares[name]

    def median_wage(self, year: int) -> float:
        """The overall median monthly wage of ``year``, extended by the assumed growth outside the table."""
        years = sorted(self.wage_index)
        nearest = min(max(year, years[0]), years[-1])
        growth = (1.0 + self.wage_growth_outside_table) ** (year - nearest)
        return self.wage_index[nearest] * growth


class SalaryBand(NamedTuple):
    key: str  # as in calibration.yaml
    label: str  # as in reports
    low_hkd: int
    high_hkd: int | None  # None: open-ended


# LCQ13's monthly salary bands (HK$), the published breakdown of ASMTP approvals: the generator
# draws salaries by band and simulations report flips by band.
SALARY_BANDS = (
    SalaryBand("under_20k", "under 20k", 0, 20_000),
    SalaryBand("20k_40k", "20k-40k", 20_000, 40_000),
    SalaryBand("40k_80k", "40k-80k", 40_000, 80_000),
    SalaryBand("80k_plus", "80k and over", 80_000, None),
)
_BAND_KEYS = tuple(band.key for band in SALARY_BANDS)


def _values(figures: dict[str, Figure], group: str) -> dict[str, Any]:
    prefix = group + "."
    return {path[len(prefix) :]: f.value for path, f in figures.items() if path.startswith(prefix)}


def _check_shares(name: str, shares: Mapping[Any, float]) -> None:
    total = float(sum(shares.values()))
    if abs(total - 1.0) > 1e-6:
        raise CalibrationError(f"{name}: shares must add up to 1, they add up to {total:.6f}")


def build_calibration(tree: Mapping[str, Any]) -> Calibration:
    """Validate a parsed calibration tree and turn it into a :class:`Calibration`."""
    figures = {f.path: f for f in iter_figures(tree)}
    try:
        low_age, high_age = figures["applicant.age_range_years"].value
        calibration = Calibration(
            start=figures["period.start"].value,
            end=figures["period.end"].value,
            volumes_by_year={int(k): float(v) for k, v in _values(figures, "volumes_by_year").items()},
            industry_mix={str(k): float(v) for k, v in _values(figures, "industry_mix").items()},
            province_mix={int(k): float(v) for k, v in _values(figures, "province_mix").items()},
            education_mix={str(k): float(v) for k, v in _values(figures, "education_mix").items()},
            wage_index={
                int(k): float(v)
                for k, v in _values(figures, "wage_index").items()
                if k != "growth_outside_table"
            },
            wage_growth_outside_table=float(figures["wage_index.growth_outside_table"].value),
            long_term_bands={k: float(v) for k, v in _values(figures, "salary.long_term_bands").items()},
            short_term_upper_bands={
                k: float(v) for k, v in _values(figures, "salary.short_term_upper_bands").items()
            },
            long_term_contract_months={
                int(k): float(v) for k, v in figures["salary.long_term_contract_months"].value.items()
            },
            children_with_partner={
                int(k): float(v) for k, v in figures["dependants.children_with_partner"].value.items()
            },
            children_without_partner={
                int(k): float(v) for k, v in figures["dependants.children_without_partner"].value.items()
            },
            age_range_years=(int(low_age), int(high_age)),
            talent_list_opened=figures["talent_list.opened_to_asmtp"].value,
            talent_list_expanded=figures["talent_list.expanded_on"].value,
            segment_industry={str(k): str(v) for k, v in figures["talent_list.segment_industry"].value.items()},
            shares={
                path: float(f.value)
                for path, f in figures.items()
                if isinstance(f.value, int | float) and not isinstance(f.value, bool)
            },
            figures=tuple(figures.values()),
        )
    except KeyError as exc:
        raise CalibrationError(f"calibration lacks the figure {exc.args[0]}") from None
    for name in ("start", "end", "talent_list_opened", "talent_list_expanded"):
        if not isinstance(getattr(calibration, name), dt.date):
            raise CalibrationError(f"{name} must be a date (YYYY-MM-DD)")
    missing_years = set(range(calibration.start.year, calibration.end.year + 1)) - set(calibration.volumes_by_year)
    if missing_years:
        raise CalibrationError(f"volumes_by_year lacks the year(s) {sorted(missing_years)}")
    for name in ("industry_mix", "province_mix", "education_mix"):
        _check_shares(name, getattr(calibration, name))
    _check_shares("salary.long_term_bands", calibration.long_term_bands)
    _check_shares("salary.short_term_upper_bands", calibration.short_term_upper_bands)
    _check_shares("salary.long_term_contract_months", calibration.long_term_contract_months)
    _check_shares("dependants.children_with_partner", calibration.children_with_partner)
    _check_shares("dependants.children_without_partner", calibration.children_without_partner)
    if set(calibration.long_term_bands) != set(_BAND_KEYS):
        raise CalibrationError(f"salary.long_term_bands must be exactly {list(_BAND_KEYS)}")
    if set(calibration.short_term_upper_bands) != set(_BAND_KEYS[1:]):
        raise CalibrationError(f"salary.short_term_upper_bands must be exactly {list(_BAND_KEYS[1:])}")
    return calibration


@cache
def load_calibration() -> Calibration:
    """The calibration shipped with the package."""
    text = resources.files("asmtp.population").joinpath("calibration.yaml").read_text(encoding="utf-8")
    return build_calibration(yaml.safe_load(text))
