"""Policy-officer-readable scenarios (the YAML files beside this one), run two ways.

Each scenario is assessed through ``asmtp.cases.assessment.assess_application`` and, all
together, through the ``asmtp assess`` command on one JSON Lines file: both must give every
expected outcome and finding.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from asmtp.cases.assessment import assess_application

HERE = Path(__file__).parent


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` laid over it: dicts merge, anything else replaces, null removes."""
    merged = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_scenarios() -> list[dict[str, Any]]:
    scenarios = []
    for path in sorted(HERE.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, scenario in enumerate(document["scenarios"], start=1):
            application = _merge(document["base"], scenario.get("application", {}))
            application["id"] = f"{path.stem}-{number}"
            scenarios.append(
                {
                    "file": path.name,
                    "name": scenario["name"],
                    "application": application,
                    "edition": scenario.get("edition", document.get("edition")),
                    "as_of": scenario.get("as_of"),
                    "expect": scenario["expect"],
                }
            )
    return scenarios


SCENARIOS = load_scenarios()


def mismatches(result: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    """What in ``result`` differs from the scenario's expectations (empty when all hold)."""
    if "error" in result:
        return [f"input error: {result['error']}"]
    problems = [f"{key}: {result[key]!r} != {expect[key]!r}" for key in ("outcome", "edition", "talent_list") if key in expect and result[key] != expect[key]]
    problems += _findings(result["findings"], expect, "")
    for key in ("stay", "fees_hkd"):
        for field, value in expect.get(key, {}).items():
            if result[key][field] != value:
                problems.append(f"{key}.{field}: {result[key][field]!r} != {value!r}")
    if "dependants" in expect:
        if len(result["dependants"]) != len(expect["dependants"]):
            return [*problems, f"{len(result['dependants'])} dependants, expected {len(expect['dependants'])}"]
        for index, (got, want) in enumerate(zip(result["dependants"], expect["dependants"], strict=True)):
            if "outcome" in want and got["outcome"] != want["outcome"]:
                problems.append(f"dependants[{index}].outcome: {got['outcome']!r} != {want['outcome']!r}")
            problems += _findings(got["findings"], want, f"dependants[{index}].")
    return problems


def _findings(findings: list[dict[str, Any]], expect: dict[str, Any], where: str) -> list[str]:
    by_criterion = {finding["criterion"]: finding for finding in findings}
    problems = []
    for key, field in (("findings", "status"), ("reasons", "reason_code")):
        for criterion, value in expect.get(key, {}).items():
            if by_criterion[criterion][field] != value:
                problems.append(f"{where}{criterion}.{field}: {by_criterion[criterion][field]!r} != {value!r}")
    return problems


def test_there_are_at_least_60_scenarios_across_both_editions():
    assert len(SCENARIOS) >= 60
    assert {s["edition"] for s in SCENARIOS} >= {"direct", "immd"}
    names = [(s["file"], s["name"]) for s in SCENARIOS]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s['file']}: {s['name']}" for s in SCENARIOS])
def test_scenario(scenario):
    from datetime import date

    as_of = date.fromisoformat(scenario["as_of"]) if scenario["as_of"] else None
    result = assess_application(scenario["application"], edition=scenario["edition"], as_of=as_of)
    assert mismatches(result, scenario["expect"]) == []
    json.dumps(result, ensure_ascii=False)  # the result is plain JSON


def test_the_command_line_reproduces_every_scenario(tmp_path):
    lines = []
    for scenario in SCENARIOS:
        line = dict(scenario["application"])
        if scenario["edition"]:
            line["edition"] = scenario["edition"]
        if scenario["as_of"]:
            line["as_of"] = scenario["as_of"]
        lines.append(json.dumps(line, ensure_ascii=False))
    source = tmp_path / "scenarios.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "asmtp", "assess", str(source)], capture_output=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr.decode()
    results = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in results] == [s["application"]["id"] for s in SCENARIOS]
    failures = {s["name"]: problems for s, r in zip(SCENARIOS, results, strict=True) if (problems := mismatches(r, s["expect"]))}
    assert failures == {}


def test_a_wrong_expectation_is_reported():
    scenario = SCENARIOS[0]
    result = assess_application(scenario["application"], edition=scenario["edition"])
    wrong = {**scenario["expect"], "outcome": "ineligible", "findings": {"identity": "fail"}, "stay": {"initial_months": 1}}
    assert len(mismatches(result, wrong)) == 3
