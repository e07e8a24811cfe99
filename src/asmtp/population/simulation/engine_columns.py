"""Adapter: a population frame (``schema.APPLICATION_COLUMNS``) as the engine's batch columns.

The engine builds :class:`PrincipalColumns`/:class:`DependantColumns` from parsed
``Application`` objects, one Python object per case; a million rows need the same columns
built column-wise from polars instead. Only the representation changes here: no rule is
evaluated, and the columns mean exactly what ``asmtp.domain.eligibility.columns`` says.

Closed vocabularies arrive as polars Enums (the schema refuses other values when the file is
read); a Talent List profession the policy does not know is refused here, as the per-case
parser refuses it, with a :class:`PopulationValueError` naming the value.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from asmtp.domain.eligibility.codes import (
    EDUCATION_LEVELS,
    MARITAL_STATUSES,
    RELATIONSHIPS,
    RESIDENCES,
    TRAVEL_DOCUMENTS,
)
from asmtp.domain.eligibility.columns import (
    BRN_WIDTH,
    MAINLAND_ID_WIDTH,
    TRAVEL_DOCUMENT_WIDTH,
    DependantColumns,
    PrincipalColumns,
)
from asmtp.population.schema import HSIC_SECTIONS

# The population columns the rules and the breakdowns read (names and free texts are not).
SIMULATION_COLUMNS = (
    "submitted_on", "date_of_birth", "mainland_id_number", "travel_document_type", "travel_document_number",
    "residence", "overseas_residence_months", "hk_degree_graduate", "education_level", "professional_qualifications",
    "experience_years", "criminal_conviction_declared", "security_objection", "previous_year_assessable_income_hkd",
    "has_employment", "business_registration_number", "employer_established_on", "industry", "talent_list_profession",
    "monthly_salary_hkd", "annual_package_hkd", "contract_months", "relevant_to_background",
    "local_recruitment_evidence", "stream", "tp_trade", "meets_trade_minimum_qualification", "dependants",
)
STREAMS = ("general", "technical_professional")


class PopulationValueError(ValueError):
    """A population column holds a value outside its vocabulary."""


def _width(dtype: str) -> int:
    return int(dtype.lstrip("S"))


def fixed_width_bytes(series: pl.Series, dtype: str) -> npt.NDArray[np.bytes_]:
    """Strings as a fixed-width byte array (nulls empty), without a Python loop.

    Characters outside ASCII become ``?`` (one byte each), and strings are cut one byte past
    the longest valid value, as the engine's own column builder does.
    """
    width = _width(dtype)
    # Surrounding blanks are dropped, as the JSON interface drops them.
    text = series.cast(pl.String).fill_null("").str.strip_chars()
    if (text.str.len_bytes() != text.str.len_chars()).any():
        text = text.str.replace_all(r"[^\x00-\x7F]", "?")
    padded = text.str.slice(0, width).str.pad_end(width, "\x00").rechunk()
    if len(padded) == 0:
        return np.zeros(0, dtype=dtype)
    array = padded.to_arrow()
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)
    data = array.buffers()[2]
    return np.frombuffer(data, dtype=dtype, count=len(padded), offset=int(offsets[array.offset])).copy()


def codes(series: pl.Series, vocabulary: Sequence[str], *, missing: int = -1) -> npt.NDArray[np.int8]:
    """Index in ``vocabulary`` of each value of an Enum column (``missing`` for null).

    The Enum's categories are a subset of ``vocabulary`` (the schema guarantees it), so this is
    a lookup on the column's physical codes: no string is compared.
    """
    categories = series.dtype.categories.to_list() if isinstance(series.dtype, pl.Enum) else []
    remap = np.array([vocabulary.index(c) for c in categories] + [missing], dtype=np.int8)
    physical = series.to_physical().fill_null(len(categories)).to_numpy()
    return np.asarray(remap[physical])


def _floats(series: pl.Series) -> npt.NDArray[np.float64]:
    return series.cast(pl.Float64).fill_null(np.nan).to_numpy()


def _flags(series: pl.Series) -> npt.NDArray[np.bool_]:
    return series.fill_null(False).to_numpy().astype(np.bool_)


def _dates(series: pl.Series) -> npt.NDArray[np.datetime64]:
    return series.cast(pl.Date).to_numpy().astype("datetime64[D]")


def _profession_codes(claimed: pl.Series, professions: tuple[str, ...]) -> npt.NDArray[np.int32]:
    # Few posts name a profession: map only those rows.
    named = claimed.is_not_null().to_numpy()
    result = np.full(len(claimed), -1, dtype=np.int32)
    result[named] = claimed.filter(named).replace_strict(
        {pid: i for i, pid in enumerate(professions)}, return_dtype=pl.Int32
    ).to_numpy()
    return result


def _stream_columns(
    frame: pl.DataFrame, has_offer: npt.NDArray[np.bool_], trades: Sequence[str]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int32], tuple[str, ...], npt.NDArray[np.bool_]]:
    """The Technical Professionals columns: the stream flag, the trade (index into the trades named
    in this chunk) and the declaration. A stream or trade the policy does not know is refused."""
    stream = frame["stream"].cast(pl.String)
    unknown_stream = stream.drop_nulls().filter(~stream.drop_nulls().is_in(list(STREAMS)))
    if len(unknown_stream):
        raise PopulationValueError(f"population column 'stream' holds {unknown_stream[0]!r}, which is not one of {', '.join(STREAMS)}")
    trade = frame["tp_trade"].cast(pl.String)
    unknown = trade.drop_nulls().filter(~trade.drop_nulls().is_in(list(trades)))
    if len(unknown):
        raise PopulationValueError(
            f"population column 'tp_trade' holds {unknown[0]!r} ({len(unknown):,} rows), which is not a trade of the TP List"
        )
    in_batch = tuple(sorted(trade.drop_nulls().unique().to_list()))
    index = trade.replace_strict({tid: k for k, tid in enumerate(in_batch)}, default=-1, return_dtype=pl.Int32()).to_numpy()
    return (
        (stream == "technical_professional").fill_null(False).to_numpy().astype(np.bool_),
        np.where(has_offer, index, -1).astype(np.int32),
        in_batch,
        _flags(frame["meets_trade_minimum_qualification"]),
    )


def principal_columns(frame: pl.DataFrame, *, professions: Sequence[str], trades: Sequence[str] = ()) -> PrincipalColumns:
    """The engine's principal columns for every row of a population frame (``schema`` types).

    ``professions`` are the Talent List profession ids the policy knows, ``trades`` the TP List's;
    a row naming another is refused, as the per-case parser refuses it.
    """
    has_offer = _flags(frame["has_employment"])
    offered = pl.lit(pl.Series(has_offer))
    employment = frame.select(
        pl.when(offered).then(pl.col(name)).alias(name)
        for name in ("industry", "talent_list_profession", "business_registration_number")
    )
    claimed = employment["talent_list_profession"]
    unknown = claimed.drop_nulls().filter(~claimed.drop_nulls().is_in(list(professions)))
    if len(unknown):
        raise PopulationValueError(
            f"population column 'talent_list_profession' holds {unknown[0]!r} ({len(unknown):,} rows), "
            "which is not a Talent List profession id"
        )
    in_batch = tuple(sorted(claimed.drop_nulls().unique().to_list()))
    technical_professional, tp_trade, tp_trades, qualified = _stream_columns(frame, has_offer, trades)
    industry_ascii = np.array([ord(letter) for letter in HSIC_SECTIONS] + [0], dtype=np.uint8)
    industry = employment["industry"].to_physical().fill_null(len(HSIC_SECTIONS)).to_numpy()
    return PrincipalColumns(
        submitted_on=_dates(frame["submitted_on"]),
        date_of_birth=_dates(frame["date_of_birth"]),
        mainland_id=fixed_width_bytes(frame["mainland_id_number"], MAINLAND_ID_WIDTH),
        travel_document_type=codes(frame["travel_document_type"], TRAVEL_DOCUMENTS, missing=TRAVEL_DOCUMENTS.index("none")),
        travel_document_number=fixed_width_bytes(frame["travel_document_number"], TRAVEL_DOCUMENT_WIDTH),
        residence=codes(frame["residence"], RESIDENCES),
        overseas_residence_months=_floats(frame["overseas_residence_months"]),
        hk_degree_graduate=_flags(frame["hk_degree_graduate"]),
        education_level=codes(frame["education_level"], EDUCATION_LEVELS),
        qualification_count=frame["professional_qualifications"].list.len().fill_null(0).cast(pl.Int16).to_numpy(),
        experience_years=_floats(frame["experience_years"]),
        criminal_conviction_declared=_flags(frame["criminal_conviction_declared"]),
        security_objection=_flags(frame["security_objection"]),
        previous_year_income_hkd=_floats(frame["previous_year_assessable_income_hkd"]),
        has_offer=has_offer,
        business_registration_number=fixed_width_bytes(employment["business_registration_number"], BRN_WIDTH),
        employer_established_on=_dates(frame["employer_established_on"]),
        industry=industry_ascii[industry],
        talent_list_profession=_profession_codes(claimed, in_batch),
        professions=in_batch,
        monthly_salary_hkd=_floats(frame["monthly_salary_hkd"]),
        annual_package_hkd=_floats(frame["annual_package_hkd"]),
        contract_months=_floats(frame["contract_months"]),
        relevant_to_background=_flags(frame["relevant_to_background"]) & has_offer,
        local_recruitment_evidence=_flags(frame["local_recruitment_evidence"]) & has_offer,
        technical_professional=technical_professional,
        tp_trade=tp_trade,
        tp_trades=tp_trades,
        meets_trade_minimum_qualification=qualified,
    )


def dependant_columns(frame: pl.DataFrame) -> DependantColumns:
    """The engine's dependant columns: every dependant of every row, in order."""
    counts = frame["dependants"].list.len().fill_null(0).to_numpy()
    if counts.sum() == 0:
        return DependantColumns.empty()
    flat = frame.select("dependants").filter(pl.col("dependants").list.len() > 0).explode("dependants").unnest("dependants")
    relationship = flat["relationship"].str.to_lowercase()
    mapping = {term: index for index, term in enumerate(RELATIONSHIPS)}
    return DependantColumns(
        principal_index=np.repeat(np.arange(len(frame), dtype=np.int64), counts),
        relationship=relationship.replace_strict(mapping, default=mapping["other"], return_dtype=pl.Int8).to_numpy(),
        date_of_birth=_dates(flat["date_of_birth"]),
        marital_status=codes(flat["marital_status"], MARITAL_STATUSES),
        mainland_id=fixed_width_bytes(flat["mainland_id_number"], MAINLAND_ID_WIDTH),
        has_mainland_id=flat["mainland_id_number"].is_not_null().to_numpy(),
    )
