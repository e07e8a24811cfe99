"""One rule definition: a case assessed alone, in a batch, or from a population frame, decides alike."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from asmtp.domain.eligibility import (
    DEPENDANT_CRITERIA,
    OUTCOMES,
    PRINCIPAL_CRITERIA,
    STATUSES,
    assess_applications,
    assess_batch,
    columns_from_dicts,
    columns_from_polars,
    parse_for_policy,
)
from asmtp.domain.eligibility.principal import TechnicalStream
from asmtp.policy import load_policy
from tests.unit.domain.eligibility.random_applications import as_population_row, random_applications

APPLICATIONS = random_applications(2500, seed=20251124)


def _rows(result, count):
    """Per application: outcome, statuses, reason codes, dependants, stay and fees, from a batch."""
    rows = []
    dependants_of = [[] for _ in range(count)]
    for row, principal in enumerate(result.dependant_principal_index.tolist()):
        dependants_of[principal].append(row)
    for row in range(count):
        rows.append(
            {
                "outcome": OUTCOMES[int(result.outcome[row])],
                "findings": [
                    (c.id, STATUSES[int(result.principal.status[c.id][row])], c.reasons.key(int(result.principal.reason[c.id][row])))
                    for c in PRINCIPAL_CRITERIA
                ],
                "dependants": [
                    (
                        OUTCOMES[int(result.dependant_outcome[d])],
                        [(c.id, STATUSES[int(result.dependant.status[c.id][d])]) for c in DEPENDANT_CRITERIA],
                    )
                    for d in dependants_of[row]
                ],
                "stay": (int(result.stay.initial_months[row]), result.extension_months(row), bool(result.stay.top_tier[row])),
                "fees": (int(result.stay.application_fee_hkd[row]), int(result.stay.issuance_fee_hkd[row]), int(result.persons[row])),
                "talent_list": bool(result.talent_list[row]),
            }
        )
    return rows


def _single(result):
    return {
        "outcome": result["outcome"],
        "findings": [(f["criterion"], f["status"], f["reason_code"]) for f in result["findings"]],
        "dependants": [(d["outcome"], [(f["criterion"], f["status"]) for f in d["findings"]]) for d in result["dependants"]],
        "stay": (result["stay"]["initial_months"], result["stay"]["extension_months"], result["stay"]["top_tier"]),
        "fees": (result["fees_hkd"]["application"], result["fees_hkd"]["issuance"], result["fees_hkd"]["persons"]),
        "talent_list": result["talent_list"],
    }


@pytest.mark.parametrize("edition", ["direct", "immd"])
def test_each_application_assessed_alone_matches_the_whole_batch(edition):
    policy = load_policy(edition)
    principals, dependants = columns_from_dicts(APPLICATIONS, policy)
    batch = _rows(assess_batch(principals, dependants, policy), len(APPLICATIONS))
    for data, expected in zip(APPLICATIONS, batch, strict=True):
        parsed = parse_for_policy(data, policy, default_edition=edition, edition=edition)
        assert _single(assess_applications([parsed], load_policy)[0]) == expected, data["id"]


def test_the_random_applications_reach_every_reason_of_every_criterion():
    # Otherwise agreement above would prove little: every path must be exercised.
    principals, dependants = columns_from_dicts(APPLICATIONS, load_policy("direct"))
    results = [assess_batch(principals, dependants, load_policy, edition) for edition in ("direct", "immd")]
    for criterion in PRINCIPAL_CRITERIA:
        seen = set(np.unique(np.concatenate([r.principal.reason[criterion.id] for r in results])).tolist())
        # The one TP List version holds every trade there is: a trade dropped from a later version
        # is tested on its own (test_tp_rules.py).
        unreachable = {TechnicalStream.trade_not_listed.value} if criterion.id == "technical_stream" else set()
        assert seen == {code.value for code in criterion.reasons.codes} - unreachable, criterion.id
    for criterion in DEPENDANT_CRITERIA:
        seen = set(np.unique(np.concatenate([r.dependant.reason[criterion.id] for r in results])).tolist())
        assert seen == {code.value for code in criterion.reasons.codes}, criterion.id


@pytest.mark.parametrize("edition", ["direct", "immd"])
def test_a_population_frame_gives_the_same_columns_and_results_as_json(edition):
    policy = load_policy(edition)
    from_json = assess_batch(*columns_from_dicts(APPLICATIONS, policy), policy)
    frame = pl.DataFrame([as_population_row(data) for data in APPLICATIONS], infer_schema_length=None)
    from_frame = assess_batch(*columns_from_polars(frame), policy)
    assert _rows(from_frame, len(APPLICATIONS)) == _rows(from_json, len(APPLICATIONS))


def test_a_second_edition_over_the_same_columns_reuses_the_identity_checks_without_changing_them():
    principals, dependants = columns_from_dicts(APPLICATIONS, load_policy("direct"))
    first = assess_batch(principals, dependants, load_policy, "direct")
    second = assess_batch(principals, dependants, load_policy, "direct")
    assert (first.principal.reason["identity"] == second.principal.reason["identity"]).all()
    assert principals.memo  # the cache is filled: the second run did not recompute it


def test_a_batch_can_be_assessed_at_one_date_for_all():
    principals, dependants = columns_from_dicts(APPLICATIONS[:50], load_policy("immd"))
    from datetime import date

    result = assess_batch(principals, dependants, load_policy("immd"), as_of=date(2025, 6, 1))
    assert (result.stay.application_fee_hkd == 600).all()
