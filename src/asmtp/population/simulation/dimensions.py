"""The breakdowns of a simulation: industry, Talent List segment, salary band, province.

Each is computed from the population's own columns as a small integer code per application,
so that a chunk's counts are one ``group_by`` over integers; labels are attached at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from asmtp.population.calibration import SALARY_BANDS

OUTCOMES = ("eligible", "refer", "ineligible")
NO_OFFER = "no offer"
NOT_LISTED = "not on the Talent List"
OTHER = "other or invalid"

DIMENSIONS = ("industry", "talent_list_segment", "salary_band", "province")


@dataclass(frozen=True)
class Dimensions:
    """Labels of each breakdown, in display order; a code is an index into its tuple."""

    industry: tuple[str, ...]
    talent_list_segment: tuple[str, ...]
    salary_band: tuple[str, ...]
    province: tuple[str, ...]
    _profession_segment: Mapping[str, str]
    _province_codes: tuple[str, ...]

    @classmethod
    def build(
        cls,
        industries: Sequence[str],
        segments: Sequence[str],
        profession_segment: Mapping[str, str],
        provinces: Mapping[str, str],
    ) -> Dimensions:
        """From the industry letters, segment names, profession -> segment and province code -> name."""
        codes = tuple(sorted(provinces))
        return cls(
            industry=(*industries, NO_OFFER, OTHER),
            talent_list_segment=(*segments, NOT_LISTED, OTHER),
            salary_band=(*(band.label for band in SALARY_BANDS), NO_OFFER),
            province=(*(provinces[c] for c in codes), OTHER),
            _profession_segment=dict(profession_segment),
            _province_codes=codes,
        )

    def labels(self, dimension: str) -> tuple[str, ...]:
        labels: tuple[str, ...] = getattr(self, dimension)
        return labels

    @property
    def sizes(self) -> tuple[int, ...]:
        """How many groups each dimension has, in :data:`DIMENSIONS` order."""
        return tuple(len(self.labels(d)) for d in DIMENSIONS)

    def codes(self, frame: pl.DataFrame, province_code: npt.NDArray[np.integer]) -> pl.DataFrame:
        """One small integer per application and dimension (columns named as :data:`DIMENSIONS`).

        ``province_code`` is the two-digit prefix of each principal's ID number as the engine
        read it (0 when unreadable); prefixes that are not Mainland provinces count as other.
        """
        segment_index = {name: i for i, name in enumerate(self.talent_list_segment[:-2])}
        other_segment = len(self.talent_list_segment) - 1
        profession_code = {p: segment_index.get(s, other_segment) for p, s in self._profession_segment.items()}
        province_lookup = np.full(100, len(self.province) - 1, dtype=np.uint8)
        for index, code in enumerate(self._province_codes):
            province_lookup[int(code)] = index
        industry_lookup = np.array(
            [self.industry.index(c) if c in self.industry else len(self.industry) - 1
             for c in frame["industry"].dtype.categories.to_list()]  # type: ignore[attr-defined]
            + [len(self.industry) - 2],
            dtype=np.uint8,
        )
        offered = frame["has_employment"].fill_null(False).to_numpy()
        industry = frame["industry"].to_physical().fill_null(len(industry_lookup) - 1).to_numpy()
        bounds = np.array([band.high_hkd for band in SALARY_BANDS[:-1]], dtype=np.int64)
        band = np.searchsorted(bounds, frame["monthly_salary_hkd"].fill_null(0).to_numpy(), side="right")
        not_listed = len(self.talent_list_segment) - 2
        # Few posts name a profession: map only those rows.
        claimed = frame["talent_list_profession"]
        named = claimed.is_not_null().to_numpy()
        segment = np.full(len(frame), not_listed, dtype=np.uint8)
        segment[named] = claimed.filter(named).replace_strict(
            profession_code, default=other_segment, return_dtype=pl.UInt8
        ).to_numpy()
        return pl.DataFrame(
            {
                "industry": np.where(offered, industry_lookup[industry], len(self.industry) - 2).astype(np.uint8),
                "talent_list_segment": np.where(offered, segment, not_listed).astype(np.uint8),
                "salary_band": np.where(offered, band, len(SALARY_BANDS)).astype(np.uint8),
                "province": province_lookup[np.clip(province_code.astype(np.int64), 0, 99)],
            }
        )
