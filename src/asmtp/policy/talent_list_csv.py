"""Reading an administrator's Talent List CSV into professions, all or nothing.

Columns (a header row, UTF-8, any order): ``id, segment, name_en, name_zh_hant, name_zh_hans,
source_url`` and optionally ``note``. Every problem is reported with its row (as a spreadsheet
numbers it: the header is row 1) and column, and no profession is accepted unless every row is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlparse

from asmtp.policy.talent_list import Profession
from asmtp.policy.texts import Names

REQUIRED_COLUMNS = ("id", "segment", "name_en", "name_zh_hant", "name_zh_hans", "source_url")
OPTIONAL_COLUMNS = ("note",)
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class RowError:
    row: int  # 1 = header
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}" if self.column else f"row {self.row}: {self.message}"


@dataclass(frozen=True)
class TalentListFile:
    """The outcome of reading a CSV: the professions, or the reasons none were accepted."""

    professions: tuple[Profession, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.professions)


def read_talent_list_csv(content: bytes | str, segments: Collection[str]) -> TalentListFile:
    """Check and read a Talent List CSV; ``segments`` are the valid segment ids (the nine)."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return TalentListFile((), (RowError(1, "", f"the file is not UTF-8 text (byte {exc.start})"),))
    reader = csv.DictReader(io.StringIO(content))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        expected = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
        return TalentListFile((), (RowError(1, "", f"{'; '.join(problems)} (expected: {expected})"),))

    professions: list[Profession] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row_number, raw in enumerate(reader, start=2):
        row = {(key or "").strip(): (value or "").strip() for key, value in raw.items() if key is not None}
        if None in raw:
            errors.append(RowError(row_number, "", "has more values than the header has columns"))
            continue
        row_errors = _check_row(row, row_number, segments, seen)
        errors += row_errors
        if not row_errors:
            seen[row["id"]] = row_number
            professions.append(
                Profession(
                    id=row["id"],
                    names=Names(row["name_en"], row["name_zh_hant"], row["name_zh_hans"]),
                    segment=row["segment"],
                    source=row["source_url"],
                    confidence="V",
                    note=row.get("note") or None,
                )
            )
    if not professions and not errors:
        errors.append(RowError(2, "", "the file has a header but no professions"))
    if errors:
        return TalentListFile((), tuple(errors))
    return TalentListFile(tuple(professions), ())


def _check_row(row: dict[str, str], number: int, segments: Collection[str], seen: dict[str, int]) -> list[RowError]:
    errors = []
    profession_id = row.get("id", "")
    if not _ID.fullmatch(profession_id):
        errors.append(RowError(number, "id", f"{profession_id!r} is not an id: lower-case letters and digits joined by single hyphens"))
    elif profession_id in seen:
        errors.append(RowError(number, "id", f"{profession_id!r} is already used on row {seen[profession_id]}"))
    if row.get("segment") not in segments:
        errors.append(RowError(number, "segment", f"{row.get('segment')!r} is not one of: {', '.join(segments)}"))
    for column in ("name_en", "name_zh_hant", "name_zh_hans"):
        if not row.get(column):
            errors.append(RowError(number, column, "is required (the name in all three languages)"))
    url = urlparse(row.get("source_url", ""))
    if url.scheme not in ("http", "https") or not url.netloc:
        errors.append(RowError(number, "source_url", f"{row.get('source_url')!r} is not an http(s) address"))
    return errors
