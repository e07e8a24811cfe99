"""One application as the JSON interface gives it, checked field by field.

``parse_application`` turns a decoded JSON object into typed :class:`Application` values or
raises :class:`ApplicationInputError` naming the first bad field by its path
(``applicant.date_of_birth``, ``dependants[1].relationship``). Only the *shape* is checked here:
a well-formed but invalid identity number is a finding (``identity`` fails), not an input error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from asmtp.domain.eligibility.codes import (
    EDUCATION_LEVELS,
    GENERAL,
    MARITAL_STATUSES,
    RESIDENCES,
    SEXES,
    STREAM_ALIASES,
    STREAMS,
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Bounds on what one application may hold (openapi.yaml says the same): far above any real
# application, low enough that no request costs more than a real one to read and assess.
MAX_TEXT_LENGTH = 200
MAX_QUALIFICATIONS = 20
MAX_DEPENDANTS = 20
MAX_MONTHLY_HKD = 100_000_000  # HK$100 million a month
MAX_ANNUAL_HKD = 12 * MAX_MONTHLY_HKD
MAX_YEARS = 100
MAX_MONTHS = 12 * MAX_YEARS
# No one alive was born earlier: an earlier date of birth is a typing mistake (1090 for 1990).
EARLIEST_DATE_OF_BIRTH = date(1900, 1, 1)


class ApplicationInputError(ValueError):
    """Bad input: ``code`` (stable), ``field`` (a path) and a message for people."""

    def __init__(self, code: str, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.code = code
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class TravelDocument:
    type: str
    number: str


@dataclass(frozen=True)
class Applicant:
    name_en: str
    sex: str
    date_of_birth: date
    mainland_id_number: str
    residence: str
    education_level: str
    experience_years: float
    criminal_conviction_declared: bool
    name_zh: str | None = None
    travel_document: TravelDocument | None = None
    overseas_residence_months: float | None = None
    hk_degree_graduate: bool = False
    field_of_study: str | None = None
    professional_qualifications: tuple[str, ...] = ()
    security_objection: bool = False
    previous_year_assessable_income_hkd: float | None = None
    meets_trade_minimum_qualification: bool = False  # TP stream: the TP List's minimum for the trade


@dataclass(frozen=True)
class Employment:
    employer_name: str
    business_registration_number: str
    job_title: str
    industry: str
    monthly_salary_hkd: float
    relevant_to_background: bool
    employer_established_on: date | None = None
    talent_list_profession: str | None = None
    annual_package_hkd: float | None = None
    contract_months: float | None = None
    local_recruitment_evidence: bool = False
    tp_trade: str | None = None  # TP stream: a trade id of the TP List


@dataclass(frozen=True)
class Dependant:
    relationship: str
    name_en: str
    date_of_birth: date
    marital_status: str | None = None
    mainland_id_number: str | None = None


@dataclass(frozen=True)
class Application:
    id: str | int
    submitted_on: date
    applicant: Applicant
    employment: Employment | None
    dependants: tuple[Dependant, ...]
    edition: str
    as_of: date
    stream: str = GENERAL

    @property
    def technical_professional(self) -> bool:
        return self.stream != GENERAL


class _Fields:
    """Reads one JSON object, remembering its path for error messages."""

    def __init__(self, data: object, path: str, allowed: Collection[str]) -> None:
        if not isinstance(data, Mapping):
            raise ApplicationInputError("invalid_type", path, "must be a JSON object")
        self.data = data
        self.path = path
        for key in data:
            if key not in allowed:
                raise ApplicationInputError(
                    "unknown_field", self.at(str(key)), f"is not a field of the application (known fields: {', '.join(sorted(allowed))})"
                )

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None and required:
            raise ApplicationInputError("missing_field", self.at(key), "is required")
        return value

    def text(self, key: str, *, required: bool = True) -> Any:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ApplicationInputError("invalid_type", self.at(key), f"must be a string, not {_json_type(value)}")
        if len(value) > MAX_TEXT_LENGTH:
            raise ApplicationInputError("invalid_value", self.at(key), f"must be at most {MAX_TEXT_LENGTH} characters")
        value = value.strip()
        if not value:
            if required:
                raise ApplicationInputError("missing_field", self.at(key), "is required and must not be empty")
            return None
        return value

    def choice(self, key: str, choices: Collection[str], *, required: bool = True) -> Any:
        value = self.text(key, required=required)
        if value is not None and value not in choices:
            raise ApplicationInputError("invalid_value", self.at(key), f"must be one of {', '.join(choices)}; got {value!r}")
        return value

    def flag(self, key: str, *, required: bool = True, default: bool = False) -> bool:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise ApplicationInputError("invalid_type", self.at(key), f"must be true or false, not {_json_type(value)}")
        return value

    def number(
        self, key: str, *, maximum: float, required: bool = True, positive: bool = False, whole: bool = False
    ) -> Any:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ApplicationInputError("invalid_type", self.at(key), f"must be a number, not {_json_type(value)}")
        if value < 0 or (positive and value == 0):
            raise ApplicationInputError("invalid_value", self.at(key), "must be greater than zero" if positive else "must not be negative")
        if value > maximum:
            raise ApplicationInputError("invalid_value", self.at(key), f"must be at most {maximum:,.0f}")
        if whole and value != int(value):
            raise ApplicationInputError("invalid_value", self.at(key), "must be a whole number")
        return float(value)

    def day(self, key: str, *, required: bool = True) -> Any:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ApplicationInputError("invalid_date", self.at(key), f"must be a date written YYYY-MM-DD, not {value!r}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ApplicationInputError("invalid_date", self.at(key), f"{value!r} is not a real calendar date") from None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ApplicationInputError("invalid_type", self.at(key), "must be a list of strings")
        if len(value) > MAX_QUALIFICATIONS:
            raise ApplicationInputError("invalid_value", self.at(key), f"must hold at most {MAX_QUALIFICATIONS} items")
        if any(len(item) > MAX_TEXT_LENGTH for item in value):
            raise ApplicationInputError("invalid_value", self.at(key), f"each item must be at most {MAX_TEXT_LENGTH} characters")
        return tuple(item.strip() for item in value if item.strip())


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return "null" if value is None else type(value).__name__


_TOP = ("id", "submitted_on", "applicant", "employment", "dependants", "edition", "as_of", "stream")
_APPLICANT = tuple(f.name for f in Applicant.__dataclass_fields__.values())
_EMPLOYMENT = tuple(f.name for f in Employment.__dataclass_fields__.values())
_DEPENDANT = tuple(f.name for f in Dependant.__dataclass_fields__.values())


def parse_application(
    data: object,
    *,
    editions: Collection[str],
    default_edition: str,
    industries: Collection[str],
    profession_known: Callable[[str], bool],
    professions_in_force: Callable[[date], Collection[str]],
    edition: str | None = None,
    as_of: date | None = None,
    trades_in_force: Callable[[date], Collection[str]] = lambda day: (),
    trade_known: Callable[[str], bool] = lambda trade: False,
) -> Application:
    """Check and type one application.

    ``edition`` and ``as_of`` given here win over the application's own fields, which win over
    the defaults (``default_edition``; ``as_of`` = ``submitted_on``).
    """
    top = _Fields(data, "", _TOP)
    raw_id = top.data.get("id")
    if raw_id is None:
        raise ApplicationInputError("missing_field", "id", "is required")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise ApplicationInputError("invalid_type", "id", f"must be a string or an integer, not {_json_type(raw_id)}")
    if (isinstance(raw_id, str) and len(raw_id) > MAX_TEXT_LENGTH) or (isinstance(raw_id, int) and abs(raw_id) >= 2**63):
        raise ApplicationInputError("invalid_value", "id", f"must be at most {MAX_TEXT_LENGTH} characters or a 64-bit integer")
    submitted_on = top.day("submitted_on")
    chosen_edition = edition or top.text("edition", required=False) or default_edition
    if chosen_edition not in editions:
        raise ApplicationInputError("unknown_edition", "edition", f"unknown edition {chosen_edition!r}; valid editions: {', '.join(editions)}")
    day = as_of or top.day("as_of", required=False) or submitted_on

    applicant = _applicant(_Fields(top._get("applicant", True), "applicant", _APPLICANT), submitted_on)
    employment = None
    if top.data.get("employment") is not None:
        employment = _employment(_Fields(top.data["employment"], "employment", _EMPLOYMENT), industries)
        profession = employment.talent_list_profession
        if profession is not None and not profession_known(profession):
            valid = ", ".join(sorted(professions_in_force(day)))
            raise ApplicationInputError(
                "unknown_talent_list_profession",
                "employment.talent_list_profession",
                f"{profession!r} is not a Talent List profession id; valid ids on {day.isoformat()}: {valid}",
            )
        if employment.tp_trade is not None and not trade_known(employment.tp_trade):
            valid = ", ".join(trades_in_force(day))
            raise ApplicationInputError(
                "unknown_tp_trade",
                "employment.tp_trade",
                f"{employment.tp_trade!r} is not a trade of the TP List; valid ids on {day.isoformat()}: {valid}",
            )
    raw_dependants = top.data.get("dependants")
    if raw_dependants is None:  # absent or null: no dependants; {} or "" is a mistake, not "none"
        raw_dependants = []
    if not isinstance(raw_dependants, list):
        raise ApplicationInputError("invalid_type", "dependants", "must be a list")
    if len(raw_dependants) > MAX_DEPENDANTS:
        raise ApplicationInputError("invalid_value", "dependants", f"must hold at most {MAX_DEPENDANTS} people")
    dependants = tuple(
        _dependant(_Fields(item, f"dependants[{index}]", _DEPENDANT), submitted_on) for index, item in enumerate(raw_dependants)
    )
    return Application(raw_id, submitted_on, applicant, employment, dependants, chosen_edition, day, _stream(top))


def _stream(top: _Fields) -> str:
    """The stream named by the application (``tp`` is short for ``technical_professional``)."""
    value = top.text("stream", required=False)
    if value is None:
        return GENERAL
    stream: str = STREAM_ALIASES.get(value, value)
    if stream not in STREAMS:
        raise ApplicationInputError("invalid_value", "stream", f"must be one of {', '.join(STREAMS)} (or tp); got {value!r}")
    return stream


def _not_after(fields: _Fields, key: str, value: date, submitted_on: date) -> date:
    if value > submitted_on:
        raise ApplicationInputError("invalid_value", fields.at(key), f"{value.isoformat()} is after submitted_on ({submitted_on.isoformat()})")
    return value


def _born(fields: _Fields, submitted_on: date) -> date:
    """A date of birth: not after the day of application, not before 1900."""
    value: date = _not_after(fields, "date_of_birth", fields.day("date_of_birth"), submitted_on)
    if value < EARLIEST_DATE_OF_BIRTH:
        raise ApplicationInputError(
            "invalid_value", fields.at("date_of_birth"), f"{value.isoformat()} is before {EARLIEST_DATE_OF_BIRTH.isoformat()}"
        )
    return value


def _applicant(f: _Fields, submitted_on: date) -> Applicant:
    travel_document = None
    if f.data.get("travel_document") is not None:
        doc = _Fields(f.data["travel_document"], f.at("travel_document"), ("type", "number"))
        travel_document = TravelDocument(doc.choice("type", ("EEP", "PRC_PASSPORT")), doc.text("number"))
    return Applicant(
        name_en=f.text("name_en"),
        name_zh=f.text("name_zh", required=False),
        sex=f.choice("sex", SEXES),
        date_of_birth=_born(f, submitted_on),
        mainland_id_number=f.text("mainland_id_number"),
        travel_document=travel_document,
        residence=f.choice("residence", RESIDENCES),
        overseas_residence_months=f.number("overseas_residence_months", maximum=MAX_MONTHS, required=False),
        hk_degree_graduate=f.flag("hk_degree_graduate", required=False),
        education_level=f.choice("education_level", EDUCATION_LEVELS),
        field_of_study=f.text("field_of_study", required=False),
        professional_qualifications=f.texts("professional_qualifications"),
        experience_years=f.number("experience_years", maximum=MAX_YEARS),
        criminal_conviction_declared=f.flag("criminal_conviction_declared"),
        security_objection=f.flag("security_objection", required=False),
        previous_year_assessable_income_hkd=f.number("previous_year_assessable_income_hkd", maximum=MAX_ANNUAL_HKD, required=False),
        meets_trade_minimum_qualification=f.flag("meets_trade_minimum_qualification", required=False),
    )


def _employment(f: _Fields, industries: Collection[str]) -> Employment:
    return Employment(
        employer_name=f.text("employer_name"),
        business_registration_number=f.text("business_registration_number"),
        employer_established_on=f.day("employer_established_on", required=False),
        job_title=f.text("job_title"),
        industry=f.choice("industry", tuple(industries)),
        talent_list_profession=f.text("talent_list_profession", required=False),
        monthly_salary_hkd=f.number("monthly_salary_hkd", maximum=MAX_MONTHLY_HKD),
        annual_package_hkd=f.number("annual_package_hkd", maximum=MAX_ANNUAL_HKD, required=False),
        contract_months=f.number("contract_months", maximum=MAX_MONTHS, required=False, positive=True, whole=True),
        relevant_to_background=f.flag("relevant_to_background"),
        local_recruitment_evidence=f.flag("local_recruitment_evidence", required=False),
        tp_trade=f.text("tp_trade", required=False),
    )


def _dependant(f: _Fields, submitted_on: date) -> Dependant:
    relationship = f.text("relationship")
    return Dependant(
        relationship=relationship.lower(),
        name_en=f.text("name_en"),
        date_of_birth=_born(f, submitted_on),
        marital_status=f.choice("marital_status", MARITAL_STATUSES, required=False),
        mainland_id_number=f.text("mainland_id_number", required=False),
    )
