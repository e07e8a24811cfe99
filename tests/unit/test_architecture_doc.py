"""docs/architecture.md names every package of src/asmtp/ and nothing that is not one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_architecture_document_names_exactly_the_packages_in_the_tree():
    packages = {path.parent.name for path in (ROOT / "src" / "asmtp").glob("*/__init__.py")}
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^- `(\w+)` —", text, flags=re.MULTILINE))
    assert packages - named == set(), "packages missing from docs/architecture.md"
    assert named - packages == set(), "docs/architecture.md names packages that are not in the tree"


def test_every_decision_record_is_linked_from_the_architecture_document():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for record in (ROOT / "docs" / "adr").glob("*.md"):
        assert f"adr/{record.name}" in text, record.name
