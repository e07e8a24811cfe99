"""The public source of an engine finding, in the reader's language.

A finding carries its source in three languages (``source``), from the reason catalogue. A result
stored before findings carried one is given its criterion's source from the catalogue in force,
so no page or letter shows the research note a rule was written from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asmtp.policy.loader import load_policy
from asmtp.policy.reference_names import policy_language


def finding_source(finding: Mapping[str, Any], language: str | None, *, dependant: bool = False) -> str:
    """``finding``'s public source in ``language`` (either spelling, English where none is given)."""
    texts = finding.get("source")
    if not isinstance(texts, Mapping):
        catalogue = load_policy().reasons
        groups = ("dependant", "principal") if dependant else ("principal", "dependant")
        entries = (catalogue.get(group, {}).get(str(finding.get("criterion", ""))) for group in groups)
        texts = next((entry["source"] for entry in entries if entry and "source" in entry), {})
    key = policy_language(language)
    return str(texts.get(key) or texts.get("en") or "")
