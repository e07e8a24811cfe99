"""Fixtures every area's integration tests share."""

from tests.policy_data import policy_data_change  # noqa: F401 — a policy changed in its data files alone
