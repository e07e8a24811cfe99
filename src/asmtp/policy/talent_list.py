"""The Talent List by version: professions with stable ids, the nine segments, vectorised membership."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

import numpy as np
import numpy.typing as npt

from asmtp.policy.parameters import day_number
from asmtp.policy.texts import Names


@dataclass(frozen=True)
class Segment:
    id: str
    names: Names


@dataclass(frozen=True)
class Profession:
    """A profession on some version of the list; ``id`` never changes once published."""

    id: str
    names: Names
    segment: str
    source: str
    confidence: str
    note: str | None = None


@dataclass(frozen=True)
class MissingProfessions:
    """What a partial version lacks: how many of its professions the data do not hold, why, and
    what the sources say of them, segment by segment (so nobody takes the held list for the whole)."""

    count: int
    reason: str
    by_segment: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TalentListVersion:
    """The list as it stood from ``effective_from``; ``complete`` is false when only part is known."""

    effective_from: date
    stated_count: int | None
    complete: bool
    source: str
    confidence: str
    professions: tuple[str, ...]
    note: str | None = None
    segment_names: Mapping[str, Names] = field(default_factory=dict)
    imported: bool = False
    missing: MissingProfessions | None = None  # required of a file version holding fewer than stated_count


@dataclass(frozen=True)
class TalentList:
    segments: tuple[Segment, ...]
    professions: Mapping[str, Profession]
    versions: tuple[TalentListVersion, ...]

    def __post_init__(self) -> None:
        segment_ids = {segment.id for segment in self.segments}
        for profession in self.professions.values():
            if profession.segment not in segment_ids:
                raise ValueError(f"profession {profession.id}: unknown segment {profession.segment!r}")
        for version in self.versions:
            unknown = [pid for pid in version.professions if pid not in self.professions]
            if unknown:
                raise ValueError(f"Talent List {version.effective_from}: unknown professions {unknown}")
            if len(set(version.professions)) != len(version.professions):
                raise ValueError(f"Talent List {version.effective_from}: a profession is listed twice")
        starts = [version.effective_from for version in self.versions]
        if not starts or starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError("Talent List versions must have distinct dates in order")

    @property
    def segment_ids(self) -> tuple[str, ...]:
        return tuple(segment.id for segment in self.segments)

    @cached_property
    def profession_ids(self) -> tuple[str, ...]:
        """Every profession known to any version, in a fixed order (the vectorised index)."""
        return tuple(self.professions)

    def version_at(self, day: date) -> TalentListVersion:
        """The version in force on ``day`` (the first version for earlier dates)."""
        index = int(np.searchsorted(self.starts, day_number(day), side="right")) - 1
        return self.versions[max(index, 0)]

    def segment_name(self, segment_id: str, version: TalentListVersion) -> Names:
        if segment_id in version.segment_names:
            return version.segment_names[segment_id]
        return next(segment.names for segment in self.segments if segment.id == segment_id)

    # --- vectorised lookups -------------------------------------------------------------
    @cached_property
    def starts(self) -> npt.NDArray[np.int64]:
        return np.array([day_number(version.effective_from) for version in self.versions], dtype=np.int64)

    @cached_property
    def membership(self) -> npt.NDArray[np.bool_]:
        """``matrix[version, k]``: whether ``profession_ids[k]`` is on that version."""
        position = {pid: k for k, pid in enumerate(self.profession_ids)}
        matrix = np.zeros((len(self.versions), len(self.profession_ids)), dtype=np.bool_)
        for row, version in enumerate(self.versions):
            matrix[row, [position[pid] for pid in version.professions]] = True
        return matrix

    @cached_property
    def segment_index(self) -> npt.NDArray[np.int16]:
        """For each profession (in ``profession_ids`` order), its segment's index in ``segments``."""
        ids = self.segment_ids
        return np.array([ids.index(self.professions[pid].segment) for pid in self.profession_ids], dtype=np.int16)

    # --- administrators' imports --------------------------------------------------------
    def with_version(
        self,
        effective_from: date,
        professions: Sequence[Profession],
        *,
        complete: bool,
        source: str,
    ) -> TalentList:
        """A copy with an imported version overlaid.

        Imported professions replace file entries with the same id (names, segment, source);
        when a version with the same date exists its professions are kept and the imported ones
        added, otherwise the imported professions form the new version on their own.
        """
        registry = dict(self.professions)
        for profession in professions:
            registry[profession.id] = profession
        imported_ids = tuple(profession.id for profession in professions)
        existing = next((v for v in self.versions if v.effective_from == effective_from), None)
        if existing is not None:
            ids = existing.professions + tuple(pid for pid in imported_ids if pid not in existing.professions)
            whole = complete or existing.complete or (existing.stated_count is not None and len(ids) >= existing.stated_count)
            version = replace(existing, professions=ids, complete=complete or existing.complete, imported=True,
                              missing=None if whole else existing.missing)
            versions = tuple(version if v is existing else v for v in self.versions)
        else:
            version = TalentListVersion(
                effective_from=effective_from,
                stated_count=len(imported_ids),
                complete=complete,
                source=source,
                confidence="V",
                professions=imported_ids,
                imported=True,
            )
            versions = tuple(sorted((*self.versions, version), key=lambda v: v.effective_from))
        return TalentList(self.segments, registry, versions)
