"""A policy changed in its data files alone: a copy of policy/data with parameters edited, read
by the running service in place of the real files (every cache of the old data dropped)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from asmtp.cases import assessment
from asmtp.policy import loader

CACHED = ("_editions_file", "_load", "_sources", "_talent_list", "_wages", "_provinces", "_industries", "_vocabulary", "_reasons")


def _forget_policy() -> None:
    for name in CACHED:
        getattr(loader, name).cache_clear()
    assessment._policy.cache_clear()


@pytest.fixture
def policy_data_change(tmp_path: Path) -> Iterator[Callable[[str, Any, date], None]]:
    """``policy_data_change("dependants.child_age_limit_years", 21, date(2026, 1, 1))``: from that
    day on, the policy data files say so (the code is not touched)."""
    original = loader.DATA
    data = tmp_path / "policy-data"
    shutil.copytree(original, data)

    def change(name: str, value: Any, effective_from: date) -> None:
        parameters = data / "parameters.yaml"
        tree = yaml.safe_load(parameters.read_text(encoding="utf-8"))
        node = tree
        for part in name.split("."):
            node = node[part]
        node["values"][effective_from] = {"value": value, "reference": "test: a policy change made in the data", "confidence": "project"}
        parameters.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
        loader.DATA = data
        _forget_policy()

    try:
        yield change
    finally:
        loader.DATA = original
        _forget_policy()
