"""Scenarios judge the policy files alone: no Talent List imported by an administrator."""

from __future__ import annotations

import pytest

from asmtp.cases import assessment


@pytest.fixture(autouse=True)
def _file_policy_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-django sets Django up, which would make the service read imports from a database
    # these tests do not have; the overlay itself is tested in tests/integration/policystore.
    monkeypatch.setattr(assessment, "imported_talent_lists", lambda: ())
