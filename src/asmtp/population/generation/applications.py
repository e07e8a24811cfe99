"""The principal's columns of synthetic applications (applicant and employment), column-wise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

import asmtp.population.generation.identity_numbers as identity_numbers
import asmtp.population.generation.people as people
import asmtp.population.generation.vocabulary as vocabulary
from asmtp.population.calibration import SALARY_BANDS, Calibration
from asmtp.population.generation.streams import Streams, choose, draw_index
from asmtp.population.generation.talent_list import TalentListEntry, claim_professions

# Salaries are drawn in LCQ13's bands at the 2024 wage level (see calibration.yaml).
BANDS = tuple(band.key for band in SALARY_BANDS)
WAGE_REFERENCE_YEAR = 2024
# Letters of the newer EEP numbers (C + letter + 7 digits): anything but I and O.
_EEP_LETTERS = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ"))


def submission_dates(rng: np.random.Generator, cal: Calibration, first_row: int, n: int, total: int) -> np.ndarray:
    """Submission dates of rows ``first_row`` .. ``first_row + n`` of ``total``, in date order.

    Row ``i`` takes the date at quantile ``(i + u) / total`` (``u`` uniform) of the period's
    volume distribution: stratified draws, so the population is in submission order (as case
    numbers are) and follows the yearly volumes closely at any size.
    """
    days = np.arange(np.datetime64(cal.start, "D"), np.datetime64(cal.end, "D") + 1)
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    first_year = int(years[0])
    days_in_year = np.bincount(years - first_year)
    volume = np.array([cal.volumes_by_year.get(first_year + i, 0.0) for i in range(len(days_in_year))])
    per_day = volume[years - first_year] / days_in_year[years - first_year]
    cumulative = np.cumsum(per_day / per_day.sum())
    quantiles = (first_row + np.arange(n) + rng.random(n)) / total
    index = np.minimum(np.searchsorted(cumulative, quantiles, side="right"), len(days) - 1)
    return np.asarray(days[index])


def _chance(rng: np.random.Generator, share: float, n: int) -> np.ndarray:
    return rng.random(n) < share


def _digits(rng: np.random.Generator, n: int, count: int) -> pl.Series:
    return pl.Series(rng.integers(0, 10**count, n)).cast(pl.String).str.zfill(count)


def _log_uniform(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.asarray(np.exp(rng.uniform(np.log(low), np.log(high))))


def monthly_salaries(rng: np.random.Generator, cal: Calibration, years: np.ndarray, short_term: np.ndarray) -> np.ndarray:
    """Monthly salaries: LCQ13 bands for long-term posts; short-term posts solved to match 'nearly half under 20k'."""
    n = len(years)
    short_share = cal.share("salary.short_term_share")
    target = cal.share("salary.share_under_20k_recent")
    under_short = (target - (1 - short_share) * cal.long_term_bands["under_20k"]) / short_share
    if not 0.0 <= under_short <= 1.0:
        raise ValueError(f"salary calibration is inconsistent: short-term under-20k share would be {under_short:.3f}")
    long_band = draw_index(rng, np.array([cal.long_term_bands[b] for b in BANDS]), n)
    upper_band = 1 + draw_index(rng, np.array([cal.short_term_upper_bands[b] for b in BANDS[1:]]), n)
    short_band = np.where(rng.random(n) < under_short, 0, upper_band)
    band = np.where(short_term, short_band, long_band)
    low = np.array([band.low_hkd for band in SALARY_BANDS], dtype=np.float64)
    high = np.array([band.high_hkd or 0 for band in SALARY_BANDS], dtype=np.float64)
    low[0], high[-1] = cal.share("salary.band_floor_hkd"), cal.share("salary.band_ceiling_hkd")
    at_reference = _log_uniform(rng, low[band], high[band])
    unique_years = np.unique(years)
    factors = np.array([cal.median_wage(int(y)) / cal.median_wage(WAGE_REFERENCE_YEAR) for y in unique_years])
    scale = factors[np.searchsorted(unique_years, years)]
    return np.asarray(np.round(at_reference * scale / 100) * 100, dtype=np.int64)


def _nullable(values: np.ndarray | pl.Series, keep: np.ndarray, name: str) -> pl.Series:
    series = values if isinstance(values, pl.Series) else pl.Series(values)
    return pl.select(pl.when(pl.lit(pl.Series(keep))).then(series)).to_series().alias(name)


def _travel_documents(
    rng: np.random.Generator, cal: Calibration, submitted: np.ndarray, overseas: np.ndarray
) -> tuple[pl.Series, pl.Series]:
    n = len(submitted)
    given = _chance(rng, cal.share("irregularities.travel_document_given_share"), n)
    new_format = (submitted >= np.datetime64("2019-01-01")) & (rng.random(n) < 0.5)
    old_eep = "C" + _digits(rng, n, 8)
    new_eep = "C" + pl.Series(_EEP_LETTERS[rng.integers(0, len(_EEP_LETTERS), n)]) + _digits(rng, n, 7)
    passport = "E" + _digits(rng, n, 8)
    eep = pl.select(pl.when(pl.lit(pl.Series(new_format))).then(new_eep).otherwise(old_eep)).to_series()
    number = pl.select(pl.when(pl.lit(pl.Series(overseas))).then(passport).otherwise(eep)).to_series()
    malformed = _chance(rng, cal.share("irregularities.malformed_travel_document_share"), n)
    number = pl.select(pl.when(pl.lit(pl.Series(malformed))).then(number.str.slice(0, 8)).otherwise(number)).to_series()
    kind = np.where(overseas, "PRC_PASSPORT", "EEP")
    return _nullable(kind, given, "travel_document_type"), _nullable(number, given, "travel_document_number")


def _route(rng: np.random.Generator, cal: Calibration, n: int) -> dict[str, pl.Series]:
    overseas_share = cal.share("irregularities.overseas_resident_share")
    hk_share = cal.share("irregularities.hong_kong_resident_share")
    residence = choose(rng, {"mainland": 1 - overseas_share - hk_share, "overseas": overseas_share, "hong_kong": hk_share}, n)
    long_stay = _chance(rng, cal.share("irregularities.overseas_long_stay_share"), n)
    months = np.where(long_stay, rng.integers(12, 121, n), rng.integers(1, 12, n))
    graduate_share = np.where(
        residence == "hong_kong",
        cal.share("irregularities.hk_graduate_share_of_hk_residents"),
        cal.share("irregularities.hk_graduate_share_of_others"),
    )
    return {
        "residence": pl.Series("residence", residence),
        "overseas_residence_months": _nullable(months.astype(np.int32), residence == "overseas", "overseas_residence_months"),
        "hk_degree_graduate": pl.Series("hk_degree_graduate", rng.random(n) < graduate_share),
    }


def _education(
    rng: np.random.Generator, cal: Calibration, background: pl.Series, age_years: np.ndarray
) -> dict[str, pl.Series]:
    n = len(age_years)
    level = choose(rng, cal.education_mix, n)
    below_degree = ~np.isin(level, ["bachelor", "master", "doctorate"])
    qualified = below_degree & _chance(rng, cal.share("below_degree.professional_qualification_share"), n)
    qualification = pl.Series(vocabulary.QUALIFICATIONS).gather(
        pl.Series(rng.integers(0, len(vocabulary.QUALIFICATIONS), n).astype(np.uint32))
    )
    qualifications = pl.select(
        pl.when(pl.lit(pl.Series(qualified)))
        .then(pl.concat_list(pl.lit(qualification)))
        .otherwise(pl.lit([], dtype=pl.List(pl.String())))
    ).to_series()
    study_start_age = np.where(below_degree, 18, 22)
    cap = int(cal.share("applicant.experience_years_max"))
    room = np.clip(np.floor(age_years).astype(np.int64) - study_start_age, 0, cap)
    experience = np.floor(rng.random(n) * (room + 1)).astype(np.int32)
    return {
        "education_level": pl.Series("education_level", level),
        "field_of_study": vocabulary.pick_by_section(rng, background, 1).alias("field_of_study"),
        "professional_qualifications": qualifications.alias("professional_qualifications"),
        "experience_years": pl.Series("experience_years", experience),
    }


def _employment(
    streams: Streams,
    cal: Calibration,
    submitted: np.ndarray,
    industry_drawn: np.ndarray,
    talent_list: Sequence[TalentListEntry],
) -> tuple[dict[str, pl.Series], np.ndarray]:
    """Employment columns (null without an offer) and the monthly salary drawn for every row."""
    n = len(submitted)
    rng = streams.rng("employment")
    has_offer = ~_chance(rng, cal.share("irregularities.no_offer_share"), n)
    claim_share = np.where(
        submitted >= np.datetime64(cal.talent_list_expanded, "D"),
        cal.share("talent_list.share_after_2023_expansion"),
        np.where(submitted >= np.datetime64(cal.talent_list_opened, "D"), cal.share("talent_list.share_before_2023_expansion"), 0.0),
    )
    claims = has_offer & (streams.rng("talent_list").random(n) < claim_share)
    picker = streams.rng("talent_list_pick")
    unlisted = picker.random(n) < cal.share("talent_list.unlisted_match_share")
    chosen = claim_professions(picker, submitted, claims, unlisted, talent_list)
    claimed = chosen >= 0
    # A claimed profession sets the industry where its segment maps to one (calibration.yaml).
    entry_industry = np.array([cal.segment_industry.get(e.segment, "") for e in talent_list] + [""])
    mapped = entry_industry[chosen]
    industry = np.where(mapped != "", mapped, industry_drawn)
    profession = _nullable(
        pl.Series([e.profession_id for e in talent_list] + [""], dtype=pl.String()).gather(
            pl.Series(chosen, dtype=pl.Int64)
        ),
        claimed,
        "talent_list_profession",
    )

    years = submitted.astype("datetime64[Y]").astype(np.int64) + 1970
    short_term = _chance(rng, cal.share("salary.short_term_share"), n)
    salary = monthly_salaries(streams.rng("salary"), cal, years, short_term)
    package_given = _chance(rng, cal.share("salary.annual_package_given_share"), n)
    package = (np.round(salary * 12 * rng.uniform(1.0, 1.4, n) / 1000) * 1000).astype(np.int64)
    long_months = choose(rng, cal.long_term_contract_months, n)
    contract = np.where(short_term, rng.integers(3, 12, n), long_months).astype(np.int32)
    evidence_share = np.where(
        claimed,
        cal.share("irregularities.local_recruitment_evidence_share_talent_list"),
        cal.share("irregularities.local_recruitment_evidence_share"),
    )
    malformed_brn = _chance(rng, cal.share("irregularities.malformed_brn_share"), n)
    brn = pl.Series(rng.integers(10_000_000, 80_000_000, n)).cast(pl.String)
    brn = pl.select(pl.when(pl.lit(pl.Series(malformed_brn))).then(brn.str.slice(0, 7)).otherwise(brn)).to_series()
    new_employer = _chance(rng, cal.share("irregularities.new_employer_share"), n)
    age_days = np.where(new_employer, rng.integers(20, 330, n), rng.integers(400, 40 * 365, n))
    sections = pl.Series(industry)
    columns = {
        "has_employment": pl.Series(has_offer),
        "employer_name": vocabulary.employer_names(rng, sections),
        "business_registration_number": brn,
        "employer_established_on": pl.Series(submitted - age_days.astype("timedelta64[D]")),
        "job_title": vocabulary.pick_by_section(rng, sections, 0),
        "industry": sections,
        "talent_list_profession": profession,
        "monthly_salary_hkd": pl.Series(salary),
        "annual_package_hkd": _nullable(package, package_given, "annual_package_hkd"),
        "contract_months": _nullable(contract, contract > 0, "contract_months"),
        "relevant_to_background": pl.Series(~_chance(rng, cal.share("irregularities.job_not_relevant_share"), n)),
        "local_recruitment_evidence": pl.Series(rng.random(n) < evidence_share),
    }
    return {name: _nullable(col, has_offer, name) if name != "has_employment" else col.alias(name)
            for name, col in columns.items()}, salary


@dataclass(frozen=True)
class TechnicalProfessionals:
    """How many applications the generator puts in the Technical Professionals stream: ``share``
    of the offers submitted while the stream accepted applications (``opened_on`` to ``closed_on``),
    each in a trade of ``trades`` drawn evenly (no split by trade is published)."""

    share: float = 0.0
    trades: tuple[str, ...] = ()
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.share <= 1.0:
            raise ValueError(f"the Technical Professionals share must be between 0 and 1, got {self.share}")
        if self.share and not (self.trades and self.opened_on):
            raise ValueError("a Technical Professionals share needs the TP List's trades and the day the stream opened")


def _technical_professionals(
    streams: Streams, cal: Calibration, submitted: np.ndarray, has_offer: pl.Series, tp: TechnicalProfessionals
) -> dict[str, pl.Series]:
    """The stream, the trade and the qualification declaration (general, null, null outside the stream)."""
    n = len(submitted)
    rng = streams.rng("technical_professional")
    open_ = np.zeros(n, dtype=np.bool_)
    if tp.opened_on is not None:
        open_ = submitted >= np.datetime64(tp.opened_on, "D")
        if tp.closed_on is not None:
            open_ &= submitted < np.datetime64(tp.closed_on, "D")
    chosen = has_offer.to_numpy() & open_ & (rng.random(n) < tp.share)
    trade = np.array(tp.trades or ("",))[rng.integers(0, max(len(tp.trades), 1), n)]
    qualified = ~_chance(rng, cal.share("irregularities.tp_minimum_qualification_not_met_share"), n)
    return {
        "stream": pl.Series("stream", np.where(chosen, "technical_professional", "general")),
        "tp_trade": _nullable(trade, chosen, "tp_trade"),
        "meets_trade_minimum_qualification": _nullable(qualified, chosen, "meets_trade_minimum_qualification"),
    }


NO_TECHNICAL_PROFESSIONALS = TechnicalProfessionals()


@dataclass(frozen=True)
class PrincipalDraws:
    """Per-row draws the dependants are built from (numpy, one entry per application)."""

    submitted: np.ndarray
    birth: np.ndarray
    male: np.ndarray
    province: np.ndarray


def application_columns(
    streams: Streams,
    cal: Calibration,
    first_row: int,
    n: int,
    total: int,
    talent_list: Sequence[TalentListEntry],
    tp: TechnicalProfessionals = NO_TECHNICAL_PROFESSIONALS,
) -> tuple[pl.DataFrame, PrincipalDraws]:
    """Applications ``first_row`` .. ``first_row + n`` of ``total``: principal columns, and the draws dependants need."""
    submitted = submission_dates(streams.rng("submitted_on"), cal, first_row, n, total)
    rng = streams.rng("applicant")
    male = _chance(rng, cal.share("applicant.male_share"), n)
    low, high = cal.age_range_years
    birth = people.birth_dates(rng, submitted, low, high, cal.share("applicant.age_mode_years"))
    minor = _chance(rng, cal.share("irregularities.minor_share"), n)
    birth = np.where(minor, people.birth_dates(rng, submitted, 16.0, 17.9), birth)
    age_years = (submitted - birth).astype(np.int64) / 365.2425
    province = choose(streams.rng("province"), cal.province_mix, n)
    id_number = identity_numbers.mainland_id_numbers(
        streams.rng("mainland_id"), province, birth, male,
        invalid_share=cal.share("irregularities.invalid_mainland_id_share"),
        lowercase_x_share=cal.share("irregularities.lowercase_check_x_share"),
    )
    name_en, name_zh = people.names(streams.rng("names"), n)
    route = _route(streams.rng("route"), cal, n)
    doc_type, doc_number = _travel_documents(
        streams.rng("travel_document"), cal, submitted, route["residence"].to_numpy() == "overseas"
    )
    industry_drawn = choose(streams.rng("industry"), cal.industry_mix, n)
    employment, salary = _employment(streams, cal, submitted, industry_drawn, talent_list)
    education = _education(streams.rng("education"), cal, pl.Series(industry_drawn), age_years)
    character = streams.rng("character")
    income_given = _chance(character, cal.share("irregularities.assessable_income_given_share"), n)
    income = (np.round(salary * 12 * character.uniform(0.7, 1.3, n) / 1000) * 1000).astype(np.int64)
    principal = pl.DataFrame(
        {
            "id": ("SYN-" + pl.int_range(first_row + 1, first_row + n + 1, eager=True).cast(pl.String).str.zfill(8)),
            "submitted_on": pl.Series(submitted),
            "name_en": name_en,
            "name_zh": name_zh,
            "sex": pl.Series(np.where(male, "M", "F")),
            "date_of_birth": pl.Series(birth),
            "mainland_id_number": id_number,
            "travel_document_type": doc_type,
            "travel_document_number": doc_number,
            **route,
            **education,
            "criminal_conviction_declared": pl.Series(
                _chance(character, cal.share("irregularities.criminal_conviction_declared_share"), n)
            ),
            "security_objection": pl.Series(_chance(character, cal.share("irregularities.security_objection_share"), n)),
            "previous_year_assessable_income_hkd": _nullable(income, income_given, "previous_year_assessable_income_hkd"),
            **employment,
            **_technical_professionals(streams, cal, submitted, employment["has_employment"], tp),
        }
    )
    return principal, PrincipalDraws(submitted, birth, male, province)
