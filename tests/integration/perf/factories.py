"""Cases for the performance area's tests: thin wrappers over tests/factories.py."""

from __future__ import annotations

from typing import Any

from asmtp.cases.models import Application
from tests.factories import make_case


def submitted_case(applicant: Any, *, claimed_by: Any = None) -> Application:
    """A submitted case (reference, pledge date, SUBMIT event); claimed if an officer is given."""
    return make_case(applicant, "claimed" if claimed_by is not None else "submitted", officer=claimed_by, language="en")


def draft_case(applicant: Any) -> Application:
    return make_case(applicant, "draft", language="en")
