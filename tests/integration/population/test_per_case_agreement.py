"""The vectorised simulation path and the single-case engine agree, case by case.

10,000 generated applications go through the single-application interface one at a time (JSON
record -> parse -> explained result) and through the simulation's path (population frame ->
columns -> ``assess_batch`` on the whole batch). Outcome and every criterion status must match
for every principal and every dependant.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from asmtp.domain.eligibility import (
    STATUSES,
    BatchResult,
    assess_applications,
    assess_batch,
    parse_for_policy,
)
from asmtp.domain.eligibility.codes import OUTCOMES
from asmtp.policy import load_policy
from asmtp.population.generation import generate_population
from asmtp.population.records import application_records
from asmtp.population.simulation.engine_columns import dependant_columns, principal_columns
from asmtp.population.simulation.policy_bridge import talent_list_entries, technical_professionals

pytestmark = pytest.mark.slow


def _disagreements(frame: pl.DataFrame, edition: str, as_of: dt.date | None) -> list[str]:
    policy = load_policy(edition)
    principals = principal_columns(frame, professions=policy.talent_list.profession_ids, trades=policy.tp_list.trade_ids)
    dependants = dependant_columns(frame)
    batch: BatchResult = assess_batch(principals, dependants, policy, as_of=as_of)
    first_dependant = np.searchsorted(batch.dependant_principal_index, np.arange(len(frame)))

    problems: list[str] = []
    for row, record in enumerate(application_records(frame)):
        application = parse_for_policy(record, policy, default_edition=edition, edition=edition, as_of=as_of)
        single = assess_applications([application], load_policy)[0]
        where = f"{record['id']} ({edition})"
        if single["outcome"] != OUTCOMES[int(batch.outcome[row])]:
            problems.append(f"{where}: outcome {single['outcome']} one by one, {OUTCOMES[int(batch.outcome[row])]} in batch")
        for finding in single["findings"]:
            batched = STATUSES[int(batch.principal.status[finding["criterion"]][row])]
            if finding["status"] != batched:
                problems.append(f"{where}: {finding['criterion']} {finding['status']} one by one, {batched} in batch")
        for j, dependant in enumerate(single["dependants"]):
            k = int(first_dependant[row]) + j
            if dependant["outcome"] != OUTCOMES[int(batch.dependant_outcome[k])]:
                problems.append(f"{where} dependant {j}: outcome differs")
            for finding in dependant["findings"]:
                batched = STATUSES[int(batch.dependant.status[finding["criterion"]][k])]
                if finding["status"] != batched:
                    problems.append(f"{where} dependant {j}: {finding['criterion']} {finding['status']} vs {batched}")
        if len(single["dependants"]) != len(record["dependants"]):
            problems.append(f"{where}: {len(single['dependants'])} dependants assessed of {len(record['dependants'])}")
    return problems


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    # A tenth of the offers made while the Technical Professionals stream is open apply in it.
    policy = load_policy()
    return generate_population(
        10_000, seed=2026, talent_list=talent_list_entries(policy), technical_professionals=technical_professionals(policy, 0.1)
    )


def test_ten_thousand_applications_assessed_one_by_one_match_the_batch_under_the_direct_edition(
    population: pl.DataFrame,
) -> None:
    problems = _disagreements(population, "direct", as_of=None)

    assert not problems, f"{len(problems)} disagreements, first: {problems[:5]}"


def test_applications_reassessed_on_one_later_date_match_the_batch_under_the_immd_edition(
    population: pl.DataFrame,
) -> None:
    problems = _disagreements(population.head(2_000), "immd", as_of=dt.date(2026, 6, 1))

    assert not problems, f"{len(problems)} disagreements, first: {problems[:5]}"


def test_the_sample_covers_every_outcome_and_dependant_relationship(population: pl.DataFrame) -> None:
    policy = load_policy("direct")
    batch = assess_batch(
        principal_columns(population, professions=policy.talent_list.profession_ids, trades=policy.tp_list.trade_ids),
        dependant_columns(population),
        policy,
    )
    relationships = set(population["dependants"].list.eval(pl.element().struct.field("relationship")).explode().drop_nulls())

    assert set(np.unique(batch.outcome)) == set(OUTCOMES)
    assert {"spouse", "child", "civil_partner", "parent"} <= relationships
    for criterion, statuses in batch.principal.status.items():
        assert len(np.unique(statuses)) >= 2, f"{criterion} never varies in the sample"
