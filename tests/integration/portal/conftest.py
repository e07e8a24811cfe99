"""Fixtures of the portal's integration tests."""

from tests.integration.portal.engine import engine  # noqa: F401 — the eligibility engine, real or stand-in
