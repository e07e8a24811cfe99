"""Columns from a polars DataFrame of applications (the population file layout).

The layout is the JSON interface flattened, one row per application: ``applicant.*`` and
``employment.*`` fields keep their names, ``travel_document`` becomes
``travel_document_type``/``travel_document_number``, ``has_employment`` says whether there is a
job offer, and ``dependants`` is a list of structs with the dependant fields. This is the
layout of ``asmtp.population.schema``; optional columns may be missing. ``stream`` (general or
technical_professional), ``tp_trade`` and ``meets_trade_minimum_qualification`` carry the
Technical Professionals stream; without them every row is in the general stream.
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
    STREAM_ALIASES,
    STREAMS,
    TECHNICAL_PROFESSIONAL,
    TRAVEL_DOCUMENTS,
)
from asmtp.domain.eligibility.columns import DependantColumns, PrincipalColumns, ascii_bytes

_BLANKS = np.frombuffer(b" \t\n\r\x0b\x0c", dtype=np.uint8)


class FrameError(ValueError):
    """A population frame holds a value the engine cannot read; the message names column and value."""


def _column(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Series:
    if name in frame.columns:
        return frame[name].cast(dtype)
    return pl.Series(name, [None] * frame.height, dtype=dtype)


def _floats(frame: pl.DataFrame, name: str) -> npt.NDArray[np.float64]:
    return _column(frame, name, pl.Float64()).fill_null(float("nan")).to_numpy().astype(np.float64, copy=False)


def _flags(frame: pl.DataFrame, name: str) -> npt.NDArray[np.bool_]:
    return _column(frame, name, pl.Boolean()).fill_null(False).to_numpy().astype(np.bool_, copy=False)


def _dates(frame: pl.DataFrame, name: str) -> npt.NDArray[np.datetime64]:
    return _column(frame, name, pl.Date()).to_numpy().astype("datetime64[D]")


def _codes(frame: pl.DataFrame, name: str, vocabulary: Sequence[str], missing: int = -1) -> npt.NDArray[np.int8]:
    series = _column(frame, name, pl.String())
    mapping = {term: index for index, term in enumerate(vocabulary)}
    codes = series.replace_strict(mapping, default=None, return_dtype=pl.Int8())
    bad = series.is_not_null() & codes.is_null()
    if bad.any():
        value = series.filter(bad)[0]
        raise FrameError(f"column {name!r}: {value!r} is not one of {', '.join(vocabulary)}")
    return codes.fill_null(missing).to_numpy().astype(np.int8, copy=False)


def fixed_width(series: pl.Series, width: int) -> npt.NDArray[np.bytes_]:
    """A string column as NUL-padded ``S<width>`` bytes, read exactly as the JSON path reads text.

    Longer values are cut at ``width``: callers choose a width one past the longest valid value,
    so a cut value is still recognisably too long. The bytes are taken straight from the Arrow
    buffers; only the rare value that is not plain ASCII, has blanks at its ends or holds a NUL
    goes through the Python normalisation of ``columns.ascii_bytes``.
    """
    text = series.cast(pl.String()).fill_null("").rechunk()
    array = text.to_arrow()
    count = len(array)
    offsets_buffer, data_buffer = array.buffers()[1:3]
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64, count=count + 1, offset=array.offset * 8)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(1, dtype=np.uint8)
    starts = offsets[:-1]
    byte_lengths = offsets[1:] - starts
    lengths = np.minimum(byte_lengths, width)
    out = np.zeros((count, width), dtype=np.uint8)
    if count and (lengths == byte_lengths[0]).all():
        size = int(lengths[0])  # every value the same length (the usual case for identity numbers)
        out[:, :size] = data[starts[0] : starts[0] + size * count].reshape(count, size)
    elif count:
        index = starts[:, None] + np.arange(width)
        np.minimum(index, len(data) - 1, out=index)
        out[:] = data[index]
        out[np.arange(width) >= lengths[:, None]] = 0
    for row in np.flatnonzero(_needs_normalising(data, offsets)).tolist():
        value = ascii_bytes(str(text[row]).strip())[:width]
        out[row] = 0
        out[row, : len(value)] = np.frombuffer(value, dtype=np.uint8)
    return out.view(f"S{width}").ravel()


def _needs_normalising(data: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Rows with a blank at either end, a non-ASCII byte or a NUL (all rare: checked buffer-wide first)."""
    starts, ends = offsets[:-1], offsets[1:]
    if len(data) == 0 or offsets[-1] == offsets[0]:  # no text at all (every value empty)
        return np.zeros(len(starts), dtype=np.bool_)
    filled = ends > starts
    first = data[np.minimum(starts, len(data) - 1)]
    last = data[np.clip(ends - 1, 0, len(data) - 1)]
    odd = filled & (np.isin(first, _BLANKS) | np.isin(last, _BLANKS))
    used = data[offsets[0] : offsets[-1]]
    bad = (used >= 0x80) | (used == 0)
    if bad.any():
        seen = np.concatenate([[0], np.cumsum(bad)])
        odd |= seen[ends - offsets[0]] > seen[starts - offsets[0]]
    return np.asarray(odd)


def principal_columns_from_frame(frame: pl.DataFrame) -> PrincipalColumns:
    """Principal columns from a population frame."""
    profession_series = _column(frame, "talent_list_profession", pl.String())
    professions = tuple(sorted(profession_series.drop_nulls().unique().to_list()))
    profession = profession_series.replace_strict(
        {pid: index for index, pid in enumerate(professions)}, default=-1, return_dtype=pl.Int32()
    )
    industry = _column(frame, "industry", pl.String())
    has_offer = _flags(frame, "has_employment")
    stream = _column(frame, "stream", pl.String()).replace(STREAM_ALIASES)
    unknown_stream = stream.is_not_null() & ~stream.is_in(STREAMS)
    if unknown_stream.any():
        raise FrameError(f"column 'stream': {stream.filter(unknown_stream)[0]!r} is not one of {', '.join(STREAMS)}")
    trade_series = _column(frame, "tp_trade", pl.String())
    trades = tuple(sorted(trade_series.drop_nulls().unique().to_list()))
    trade = trade_series.replace_strict({tid: index for index, tid in enumerate(trades)}, default=-1, return_dtype=pl.Int32())
    industry_bytes = fixed_width(industry, 1).view(np.uint8)
    return PrincipalColumns(
        submitted_on=_dates(frame, "submitted_on"),
        date_of_birth=_dates(frame, "date_of_birth"),
        mainland_id=fixed_width(_column(frame, "mainland_id_number", pl.String()), 19),
        travel_document_type=_codes(frame, "travel_document_type", TRAVEL_DOCUMENTS, missing=0),
        travel_document_number=fixed_width(_column(frame, "travel_document_number", pl.String()), 10),
        residence=_codes(frame, "residence", RESIDENCES),
        overseas_residence_months=_floats(frame, "overseas_residence_months"),
        hk_degree_graduate=_flags(frame, "hk_degree_graduate"),
        education_level=_codes(frame, "education_level", EDUCATION_LEVELS),
        qualification_count=_column(frame, "professional_qualifications", pl.List(pl.String()))
        .list.len()
        .fill_null(0)
        .to_numpy()
        .astype(np.int16),
        experience_years=_floats(frame, "experience_years"),
        criminal_conviction_declared=_flags(frame, "criminal_conviction_declared"),
        security_objection=_flags(frame, "security_objection"),
        previous_year_income_hkd=_floats(frame, "previous_year_assessable_income_hkd"),
        has_offer=has_offer,
        business_registration_number=fixed_width(_column(frame, "business_registration_number", pl.String()), 9),
        employer_established_on=_dates(frame, "employer_established_on"),
        industry=np.where(has_offer, industry_bytes, 0).astype(np.uint8),
        talent_list_profession=np.where(has_offer, profession.to_numpy(), -1).astype(np.int32),
        professions=professions,
        monthly_salary_hkd=np.where(has_offer, _floats(frame, "monthly_salary_hkd"), np.nan),
        annual_package_hkd=np.where(has_offer, _floats(frame, "annual_package_hkd"), np.nan),
        contract_months=np.where(has_offer, _floats(frame, "contract_months"), np.nan),
        relevant_to_background=_flags(frame, "relevant_to_background") & has_offer,
        local_recruitment_evidence=_flags(frame, "local_recruitment_evidence") & has_offer,
        technical_professional=(stream == TECHNICAL_PROFESSIONAL).fill_null(False).to_numpy().astype(np.bool_),
        tp_trade=np.where(has_offer, trade.to_numpy(), -1).astype(np.int32),
        tp_trades=trades,
        meets_trade_minimum_qualification=_flags(frame, "meets_trade_minimum_qualification"),
    )


def dependant_columns_from_frame(frame: pl.DataFrame) -> DependantColumns:
    """Dependant columns from the ``dependants`` list column of a population frame."""
    if "dependants" not in frame.columns or frame.height == 0:
        return DependantColumns.empty()
    rows = (
        frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("principal_index"), pl.col("dependants"))
        .explode("dependants")
        .drop_nulls("dependants")
        .unnest("dependants")
    )
    if rows.height == 0:
        return DependantColumns.empty()
    relationship = _column(rows, "relationship", pl.String()).str.to_lowercase()
    other = RELATIONSHIPS.index("other")
    identity = fixed_width(_column(rows, "mainland_id_number", pl.String()), 19)
    return DependantColumns(
        principal_index=rows["principal_index"].to_numpy().astype(np.int64),
        relationship=relationship.replace_strict(
            {term: index for index, term in enumerate(RELATIONSHIPS)}, default=other, return_dtype=pl.Int8()
        ).to_numpy().astype(np.int8),
        date_of_birth=_dates(rows, "date_of_birth"),
        marital_status=_codes(rows, "marital_status", MARITAL_STATUSES),
        mainland_id=identity,
        has_mainland_id=np.char.str_len(identity) > 0,
    )


def columns_from_frame(frame: pl.DataFrame) -> tuple[PrincipalColumns, DependantColumns]:
    """Principal and dependant columns from one population frame."""
    return principal_columns_from_frame(frame), dependant_columns_from_frame(frame)
