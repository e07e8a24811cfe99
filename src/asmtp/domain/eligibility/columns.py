"""Applications as columns: one numpy array per field, one row per application (or dependant).

Categorical fields are small integer codes into the vocabularies of ``codes.py``; optional
numbers are NaN when absent and optional dates NaT; identity numbers are fixed-width byte
strings one wider than their valid length, so an over-long number still shows as too long.
The industry is kept as the ASCII code of its HSIC letter and the Talent List profession as a
code into the batch's own ``professions`` tuple, so columns do not depend on a policy version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from asmtp.domain.eligibility.application import Application
from asmtp.domain.eligibility.codes import (
    EDUCATION_LEVELS,
    MARITAL_STATUSES,
    RELATIONSHIPS,
    RESIDENCES,
    TRAVEL_DOCUMENTS,
)

MAINLAND_ID_WIDTH = "S19"
TRAVEL_DOCUMENT_WIDTH = "S10"
BRN_WIDTH = "S9"

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Dates = npt.NDArray[np.datetime64]
Codes = npt.NDArray[np.int8]


@dataclass(frozen=True, eq=False)
class PrincipalColumns:
    """The principals of a batch. Every array has one row per application."""

    submitted_on: Dates
    date_of_birth: Dates
    mainland_id: npt.NDArray[np.bytes_]
    travel_document_type: Codes  # index into TRAVEL_DOCUMENTS; 0 = none given
    travel_document_number: npt.NDArray[np.bytes_]
    residence: Codes
    overseas_residence_months: Floats
    hk_degree_graduate: Bools
    education_level: Codes
    qualification_count: npt.NDArray[np.int16]
    experience_years: Floats
    criminal_conviction_declared: Bools
    security_objection: Bools
    previous_year_income_hkd: Floats
    has_offer: Bools
    business_registration_number: npt.NDArray[np.bytes_]
    employer_established_on: Dates
    industry: npt.NDArray[np.uint8]  # ASCII code of the HSIC letter; 0 without an offer
    talent_list_profession: npt.NDArray[np.int32]  # index into ``professions``; -1 = none
    professions: tuple[str, ...]
    monthly_salary_hkd: Floats
    annual_package_hkd: Floats
    contract_months: Floats
    relevant_to_background: Bools
    local_recruitment_evidence: Bools
    # Results that depend only on these columns (identity checks), shared by every edition
    # assessed over the same batch. Filled lazily by the rules; never part of the input.
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    # The Technical Professionals stream. Left out, every row is in the general stream (so a
    # population built before the stream existed is read as it always was).
    technical_professional: Bools = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))
    tp_trade: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # index into ``tp_trades``; -1 = none
    tp_trades: tuple[str, ...] = ()
    meets_trade_minimum_qualification: Bools = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))

    def __post_init__(self) -> None:
        size = len(self.submitted_on)
        for name, fill in (("technical_professional", False), ("tp_trade", -1), ("meets_trade_minimum_qualification", False)):
            column = getattr(self, name)
            if len(column) == 0 and size:
                object.__setattr__(self, name, np.full(size, fill, dtype=column.dtype))
            elif len(column) != size:
                raise ValueError(f"column {name} has {len(column)} rows, not {size}")

    def __len__(self) -> int:
        return len(self.submitted_on)


@dataclass(frozen=True, eq=False)
class DependantColumns:
    """The dependants of a batch, one row each; ``principal_index`` points at their principal."""

    principal_index: npt.NDArray[np.int64]
    relationship: Codes  # index into RELATIONSHIPS
    date_of_birth: Dates
    marital_status: Codes  # index into MARITAL_STATUSES; -1 = not given
    mainland_id: npt.NDArray[np.bytes_]
    has_mainland_id: Bools
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.principal_index)

    @classmethod
    def empty(cls) -> DependantColumns:
        return cls(
            principal_index=np.zeros(0, dtype=np.int64),
            relationship=np.zeros(0, dtype=np.int8),
            date_of_birth=np.zeros(0, dtype="datetime64[D]"),
            marital_status=np.zeros(0, dtype=np.int8),
            mainland_id=np.zeros(0, dtype=MAINLAND_ID_WIDTH),
            has_mainland_id=np.zeros(0, dtype=np.bool_),
        )


def ascii_bytes(text: str | None) -> bytes:
    # One byte per character, whatever the character: a non-ASCII character (or a NUL, which
    # would read as padding) becomes "?" and so fails the character check, not the length.
    return (text or "").replace("\x00", "?").encode("ascii", "replace")


def _dates(values: Sequence[Any]) -> Dates:
    return np.array([np.datetime64(v, "D") if v is not None else np.datetime64("NaT") for v in values], dtype="datetime64[D]")


def _floats(values: Sequence[float | None]) -> Floats:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _codes(values: Sequence[str | None], vocabulary: Sequence[str], missing: int = -1) -> Codes:
    lookup = {term: index for index, term in enumerate(vocabulary)}
    return np.array([missing if v is None else lookup[v] for v in values], dtype=np.int8)


def principal_columns(applications: Sequence[Application]) -> PrincipalColumns:
    """Columns for the principals of already-validated applications."""
    people = [a.applicant for a in applications]
    jobs = [a.employment for a in applications]
    professions = tuple(sorted({j.talent_list_profession for j in jobs if j and j.talent_list_profession}))
    position = {pid: index for index, pid in enumerate(professions)}
    trades = tuple(sorted({j.tp_trade for j in jobs if j and j.tp_trade}))
    trade_position = {tid: index for index, tid in enumerate(trades)}
    return PrincipalColumns(
        submitted_on=_dates([a.submitted_on for a in applications]),
        date_of_birth=_dates([p.date_of_birth for p in people]),
        mainland_id=np.array([ascii_bytes(p.mainland_id_number) for p in people], dtype=MAINLAND_ID_WIDTH),
        travel_document_type=_codes([p.travel_document.type if p.travel_document else "none" for p in people], TRAVEL_DOCUMENTS),
        travel_document_number=np.array(
            [ascii_bytes(p.travel_document.number if p.travel_document else None) for p in people], dtype=TRAVEL_DOCUMENT_WIDTH
        ),
        residence=_codes([p.residence for p in people], RESIDENCES),
        overseas_residence_months=_floats([p.overseas_residence_months for p in people]),
        hk_degree_graduate=np.array([p.hk_degree_graduate for p in people], dtype=np.bool_),
        education_level=_codes([p.education_level for p in people], EDUCATION_LEVELS),
        qualification_count=np.array([len(p.professional_qualifications) for p in people], dtype=np.int16),
        experience_years=_floats([p.experience_years for p in people]),
        criminal_conviction_declared=np.array([p.criminal_conviction_declared for p in people], dtype=np.bool_),
        security_objection=np.array([p.security_objection for p in people], dtype=np.bool_),
        previous_year_income_hkd=_floats([p.previous_year_assessable_income_hkd for p in people]),
        has_offer=np.array([j is not None for j in jobs], dtype=np.bool_),
        business_registration_number=np.array([ascii_bytes(j.business_registration_number if j else None) for j in jobs], dtype=BRN_WIDTH),
        employer_established_on=_dates([j.employer_established_on if j else None for j in jobs]),
        industry=np.array([ord(j.industry) if j else 0 for j in jobs], dtype=np.uint8),
        talent_list_profession=np.array(
            [position[j.talent_list_profession] if j and j.talent_list_profession else -1 for j in jobs], dtype=np.int32
        ),
        professions=professions,
        monthly_salary_hkd=_floats([j.monthly_salary_hkd if j else None for j in jobs]),
        annual_package_hkd=_floats([j.annual_package_hkd if j else None for j in jobs]),
        contract_months=_floats([j.contract_months if j else None for j in jobs]),
        relevant_to_background=np.array([bool(j and j.relevant_to_background) for j in jobs], dtype=np.bool_),
        local_recruitment_evidence=np.array([bool(j and j.local_recruitment_evidence) for j in jobs], dtype=np.bool_),
        technical_professional=np.array([a.technical_professional for a in applications], dtype=np.bool_),
        tp_trade=np.array([trade_position[j.tp_trade] if j and j.tp_trade else -1 for j in jobs], dtype=np.int32),
        tp_trades=trades,
        meets_trade_minimum_qualification=np.array([p.meets_trade_minimum_qualification for p in people], dtype=np.bool_),
    )


def dependant_columns(applications: Sequence[Application]) -> DependantColumns:
    """Columns for every dependant of already-validated applications, in order."""
    rows = [(index, d) for index, a in enumerate(applications) for d in a.dependants]
    if not rows:
        return DependantColumns.empty()
    relationship_codes = {term: index for index, term in enumerate(RELATIONSHIPS)}
    other = relationship_codes["other"]
    return DependantColumns(
        principal_index=np.array([index for index, _ in rows], dtype=np.int64),
        relationship=np.array([relationship_codes.get(d.relationship, other) for _, d in rows], dtype=np.int8),
        date_of_birth=_dates([d.date_of_birth for _, d in rows]),
        marital_status=_codes([d.marital_status for _, d in rows], MARITAL_STATUSES),
        mainland_id=np.array([ascii_bytes(d.mainland_id_number) for _, d in rows], dtype=MAINLAND_ID_WIDTH),
        has_mainland_id=np.array([d.mainland_id_number is not None for _, d in rows], dtype=np.bool_),
    )
