"""The columns of a population file: the application fields of rules.md, flattened.

One row per application. ``applicant.*`` and ``employment.*`` fields keep their names (they do
not collide); ``travel_document`` becomes ``travel_document_type``/``_number``; whether the
``employment`` object is present is ``has_employment``; dependants are a list of structs in
``dependants`` (one file, one row per application, the same shape as the JSON).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from asmtp.domain.eligibility.codes import (
    EDUCATION_LEVELS,
    MARITAL_STATUSES,
    RESIDENCES,
    SEXES,
    TRAVEL_DOCUMENTS,
)

# Closed vocabularies are polars Enums (stored as small dictionary codes in Parquet), in the
# engine's own order; a file holding another value is refused when it is read.
HSIC_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")
SEX = pl.Enum(SEXES)
RESIDENCE = pl.Enum(RESIDENCES)
EDUCATION_LEVEL = pl.Enum(EDUCATION_LEVELS)
TRAVEL_DOCUMENT_TYPE = pl.Enum([t for t in TRAVEL_DOCUMENTS if t != "none"])
INDUSTRY = pl.Enum(HSIC_SECTIONS)
MARITAL_STATUS = pl.Enum(MARITAL_STATUSES)

DEPENDANT_FIELDS: dict[str, pl.DataType] = {
    "relationship": pl.String(),  # open: anything but spouse, civil_partner and child is "other"
    "name_en": pl.String(),
    "date_of_birth": pl.Date(),
    "marital_status": MARITAL_STATUS,
    "mainland_id_number": pl.String(),
}

APPLICATION_COLUMNS: dict[str, pl.DataType] = {
    "id": pl.String(),
    "submitted_on": pl.Date(),
    # applicant
    "name_en": pl.String(),
    "name_zh": pl.String(),
    "sex": SEX,
    "date_of_birth": pl.Date(),
    "mainland_id_number": pl.String(),
    "travel_document_type": TRAVEL_DOCUMENT_TYPE,
    "travel_document_number": pl.String(),
    "residence": RESIDENCE,
    "overseas_residence_months": pl.Int32(),
    "hk_degree_graduate": pl.Boolean(),
    "education_level": EDUCATION_LEVEL,
    "field_of_study": pl.String(),
    "professional_qualifications": pl.List(pl.String()),
    "experience_years": pl.Int32(),
    "criminal_conviction_declared": pl.Boolean(),
    "security_objection": pl.Boolean(),
    "previous_year_assessable_income_hkd": pl.Int64(),
    # employment (null throughout when has_employment is false)
    "has_employment": pl.Boolean(),
    "employer_name": pl.String(),
    "business_registration_number": pl.String(),
    "employer_established_on": pl.Date(),
    "job_title": pl.String(),
    "industry": INDUSTRY,
    "talent_list_profession": pl.String(),
    "monthly_salary_hkd": pl.Int64(),
    "annual_package_hkd": pl.Int64(),
    "contract_months": pl.Int32(),
    "relevant_to_background": pl.Boolean(),
    "local_recruitment_evidence": pl.Boolean(),
    # the Technical Professionals stream (optional: null or missing is the general stream)
    "stream": pl.String(),
    "tp_trade": pl.String(),
    "meets_trade_minimum_qualification": pl.Boolean(),
    # dependants
    "dependants": pl.List(pl.Struct(DEPENDANT_FIELDS)),
}

# Columns a population file must have; the optional ones may be missing and are then null.
REQUIRED_COLUMNS = (
    "id", "submitted_on", "date_of_birth", "mainland_id_number", "residence", "education_level",
    "experience_years", "criminal_conviction_declared", "has_employment", "industry", "monthly_salary_hkd",
    "dependants",
)


class PopulationSchemaError(ValueError):
    """A population table lacks a column or holds one of the wrong type."""


def conform(frame: pl.DataFrame | pl.LazyFrame, schema: Mapping[str, pl.DataType] = APPLICATION_COLUMNS) -> pl.LazyFrame:
    """The frame with exactly the population columns in order: optional ones added as nulls.

    Raises :class:`PopulationSchemaError` naming the first missing required column or the first
    column whose type cannot be read as the expected one.
    """
    lazy = frame.lazy()
    present = lazy.collect_schema()
    missing = [name for name in REQUIRED_COLUMNS if name in schema and name not in present]
    if missing:
        raise PopulationSchemaError(f"population lacks the column(s) {', '.join(missing)}")
    for name, dtype in schema.items():
        if name in present and not _compatible(present[name], dtype):
            raise PopulationSchemaError(f"population column {name!r} is {present[name]}, expected {dtype}")
    return lazy.select(
        [
            (pl.col(name) if name in present else pl.lit(None)).cast(dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )


def _compatible(actual: pl.DataType, expected: pl.DataType) -> bool:
    if actual == expected:
        return True
    if isinstance(expected, pl.List | pl.Struct) or isinstance(actual, pl.List | pl.Struct):
        return type(actual) is type(expected)
    if expected.is_integer():
        return actual.is_integer()
    if expected == pl.String() or isinstance(expected, pl.Enum):
        return actual in (pl.String(), pl.Categorical()) or isinstance(actual, pl.Enum)
    return False
