"""The eligibility engine for the portal's tests.

The real engine (`asmtp.cases.assessment`) is written in parallel; until it is installed
these tests swap in a small hand-written stand-in at that module's seam, with the contract's
shape (rules.md "The assessment interface"). Once the engine is there, the real one runs.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from typing import Any

import pytest

REAL_ENGINE = importlib.util.find_spec("asmtp.cases.assessment") is not None


def _finding(criterion: str, status: str, en: str, hans: str, hant: str, next_step: dict[str, str] | None = None) -> dict[str, Any]:
    finding: dict[str, Any] = {"criterion": criterion, "status": status, "reason": {"en": en, "zh-Hans": hans, "zh-Hant": hant},
                               "reference": "rules.md", "facts": {}}
    if next_step:
        finding["next_step"] = next_step
    return finding


def fake_assess_application(data: dict[str, Any], *, edition: str | None = None, as_of: Any = None) -> dict[str, Any]:
    applicant = data["applicant"]
    degree = applicant["education_level"] in {"bachelor", "master", "doctorate"}
    findings = [
        _finding("identity", "pass", "The ID number is valid.", "身份证号码有效。", "身份證號碼有效。"),
        _finding("education", "pass" if degree else "fail", "Education assessed.", "已评估学历。", "已評估學歷。",
                 None if degree else {"en": "A first degree.", "zh-Hans": "取得学士学位。", "zh-Hant": "取得學士學位。"}),
        _finding("employment_offer", "pass" if data.get("employment") else "not_applicable", "Offer assessed.", "已评估聘用。", "已評估聘用。"),
    ]
    outcome = "eligible" if degree else "ineligible"
    return {"id": data.get("id"), "edition": edition or "direct", "as_of": "2026-06-01", "outcome": outcome, "findings": findings,
            "stay": {"initial_months": 36, "extension_months": [36, 24], "top_tier": False},
            "fees_hkd": {"application": 600, "issuance": 1300}, "talent_list": False, "dependants": []}


@pytest.fixture
def engine(monkeypatch):
    """The real engine when installed, else the stand-in above."""
    if not REAL_ENGINE:
        module = types.ModuleType("asmtp.cases.assessment")
        module.assess_application = fake_assess_application  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "asmtp.cases.assessment", module)
    return REAL_ENGINE
