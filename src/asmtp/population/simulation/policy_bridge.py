"""What the population package reads from the policy package (kept in one place).

The engine's policy model is the single source of the Talent List, provinces and industry
sections; the generator and the breakdowns take plain values derived here.
"""

from __future__ import annotations

import datetime as dt

from asmtp.domain.eligibility.explain import tp_open_period
from asmtp.policy.model import Policy
from asmtp.population.generation.applications import TechnicalProfessionals
from asmtp.population.generation.talent_list import TalentListEntry
from asmtp.population.simulation.dimensions import Dimensions


def talent_list_entries(policy: Policy) -> tuple[TalentListEntry, ...]:
    """Each profession's listed periods, as (profession, segment, from, until) entries."""
    talent = policy.talent_list
    entries: list[TalentListEntry] = []
    for profession_id, profession in talent.professions.items():
        start = None
        for index, version in enumerate(talent.versions):
            listed = profession_id in version.professions
            if listed and start is None:
                start = version.effective_from
            if not listed and start is not None:
                entries.append(TalentListEntry(profession_id, profession.segment, start, version.effective_from))
                start = None
            if listed and index == len(talent.versions) - 1 and start is not None:
                entries.append(TalentListEntry(profession_id, profession.segment, start, None))
    return tuple(entries)


def technical_professionals(policy: Policy, share: float) -> TechnicalProfessionals:
    """The Technical Professionals stream as the generator draws it: ``share`` of the offers
    submitted while the stream accepted applications, in the trades of the TP List."""
    opened, closed = tp_open_period(policy)
    return TechnicalProfessionals(
        share=share,
        trades=policy.tp_list.trade_ids,
        opened_on=dt.date.fromisoformat(opened) if opened else None,
        closed_on=dt.date.fromisoformat(closed) if closed else None,
    )


def dimensions_for(*policies: Policy) -> Dimensions:
    """Breakdown labels covering every policy given (a reform may add professions)."""
    first = policies[0]
    segment_names = {segment.id: segment.names.en for segment in first.talent_list.segments}
    profession_segment: dict[str, str] = {}
    for policy in policies:
        for profession_id, profession in policy.talent_list.professions.items():
            profession_segment[profession_id] = segment_names.get(profession.segment, profession.segment)
    return Dimensions.build(
        industries=first.industry_letters,
        segments=tuple(segment_names.values()),
        profession_segment=profession_segment,
        provinces={code: names.en for code, names in first.provinces.mainland.items()},
    )
