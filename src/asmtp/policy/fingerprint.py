"""A digest of what an assessment depends on, so that a case can be flagged when that changes.

Only what the engine reads goes in: each parameter's dated values, the Talent List's and the TP
List's versions, the wage benchmarks' dated values, the editions, and which province codes are
Mainland ones. Not the labels, reasons' wording, sources or confidence notes (a corrected citation or a better
translation changes no outcome), and not the parameters that govern the service rather than
the assessment (``retention.*``: how long data are kept; ``extension_of_stay.*`` and
``processing.*``: when an extension may be applied for, the pledge and the workbench's margin;
``tp.quota_*``: the TP quota, counted by the service on submission).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from asmtp.policy.model import Policy

# Parameter families that never reach the engine (the TP quota is secured on submission).
NOT_ASSESSED = ("retention.", "extension_of_stay.", "processing.", "tp.quota_")


def policy_fingerprint(policy: Policy) -> str:
    content: dict[str, Any] = {
        "edition": policy.edition.id,
        "editions": list(policy.editions),
        "parameters": {
            name: [[period.effective_from.isoformat(), period.value] for period in parameter.periods]
            for name, parameter in sorted(policy.parameters.items())
            if not name.startswith(NOT_ASSESSED)
        },
        "talent_list": [
            [version.effective_from.isoformat(), version.complete, sorted(version.professions)]
            for version in policy.talent_list.versions
        ],
        "tp_list": [[version.effective_from.isoformat(), sorted(version.trades)] for version in policy.tp_list.versions],
        "wages": {
            "sections": {letter: policy.wages.section_series.get(letter) for letter in policy.wages.sections},
            "series": {
                series.id: [[value.effective_from.isoformat(), value.value] for value in series.values]
                for series in (policy.wages.overall, *policy.wages.industries.values())
            },
        },
        "mainland_provinces": sorted(policy.provinces.mainland),
    }
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()
