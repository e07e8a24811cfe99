"""The breakdowns of a simulation: industry, Talent List segment, salary band, province.

Each is computed from the population's own columns as a small integer code per application,
so that a chunk's counts are one ``group_by`` over integers; labels are attached at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

OUTCOMES = ("eligible", "refer", "ineligible")
NO_OFFER = "no offer"
NOT_LISTED = "not on the Talent List"
OTHER = "other or invalid"

# LCQ13's monthly salary bands (HK$), the published breakdown of ASMTP approvals.
SALARY_BANDS: tuple[tuple[str, int], ...] = (
    ("under 20k", 20_000),
    ("20k-40k", 40_000),
    ("40k-80k", 80_000),
    ("80k and over", 2**62),
)
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
            salary_band=(*(label for label, _ in SALARY_BANDS), NO_OFFER),
            province=(*(provinces[c] for c in codes), OTHER),
            _profession_segment=dict(profession_segment),
            _province_codes=codes,
        )

    def labels(self, dimension: str) -> tuple[str, ...]:
        labels: tuple[str, ...] = getattr(self, dimension)
        return labels

    def codes(self, frame: pl.DataFrame) -> pl.DataFrame:
        """One small integer per application and dimension (columns named as :data:`DIMENSIONS`)."""
        industry_index = {name: i for i, name in enumerate(self.industry[:-2])}
        segment_index = {name: i for i, name in enumerate(self.talent_list_segment[:-2])}
        profession_code = {
            profession: segment_index.get(segment, len(self.talent_list_segment) - 1)
            for profession, segment in self._profession_segment.items()
        }
        province_index = {code: i for i, code in enumerate(self._province_codes)}
        no_offer = ~pl.col("has_employment").fill_null(False)
        bounds = np.array([upper for _, upper in SALARY_BANDS], dtype=np.int64)
        salary = frame["monthly_salary_hkd"].fill_null(0).to_numpy()
        band = np.searchsorted(bounds, salary, side="right")
        return frame.select(
            pl.when(no_offer)
            .then(len(self.industry) - 2)
            .otherwise(pl.col("industry").replace_strict(industry_index, default=len(self.industry) - 1))
            .cast(pl.UInt8)
            .alias("industry"),
            pl.when(pl.col("talent_list_profession").is_null())
            .then(len(self.talent_list_segment) - 2)
            .otherwise(
                pl.col("talent_list_profession").replace_strict(
                    profession_code, default=len(self.talent_list_segment) - 1
                )
            )
            .cast(pl.UInt8)
            .alias("talent_list_segment"),
            pl.when(no_offer).then(len(SALARY_BANDS)).otherwise(pl.lit(pl.Series(band)))
            .cast(pl.UInt8).alias("salary_band"),
            pl.col("mainland_id_number")
            .str.slice(0, 2)
            .replace_strict(province_index, default=len(self.province) - 1)
            .cast(pl.UInt8)
            .alias("province"),
        )
