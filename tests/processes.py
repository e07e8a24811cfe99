"""Helpers for tests that start real service processes against the test database."""

from __future__ import annotations

from typing import Any


def database_url_of(db: dict[str, Any]) -> str:
    """A DATABASE_URL for another process to reach the database this test is using."""
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
