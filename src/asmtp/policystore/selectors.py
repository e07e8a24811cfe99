"""Reading imported Talent Lists in the form the assessment service lays over the file data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from asmtp.policy import Names, Profession
from asmtp.policystore.models import TalentListImport


@dataclass(frozen=True)
class ImportedTalentList:
    """A Talent List version an administrator imported, as the assessment service lays it over the file data."""

    import_id: int
    effective_from: dt.date
    professions: tuple[Profession, ...]
    complete: bool
    source: str


def imported_talent_lists() -> tuple[ImportedTalentList, ...]:
    """The latest applied import for each version date, oldest version first."""
    latest: dict[object, TalentListImport] = {}
    applied = (
        TalentListImport.objects.filter(status=TalentListImport.Status.APPLIED)
        .order_by("imported_at", "id")
        .prefetch_related("entries")
    )
    for record in applied:
        latest[record.effective_from] = record  # a later import of the same version replaces it
    versions = []
    for record in sorted(latest.values(), key=lambda r: r.effective_from):
        professions = tuple(
            Profession(
                id=entry.profession_id,
                names=Names(entry.name_en, entry.name_zh_hant or None, entry.name_zh_hans or None),
                segment=entry.segment,
                source=entry.source_url,
                confidence="V",
                note=entry.note or None,
            )
            for entry in record.entries.all()
        )
        versions.append(ImportedTalentList(record.pk, record.effective_from, professions, record.complete, record.source))
    return tuple(versions)
