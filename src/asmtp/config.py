"""Reading configuration values from the environment (no Django imports: settings use it)."""

from __future__ import annotations

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """A boolean from the environment; anything unrecognised is an error, not silently false."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """A comma-separated list from the environment."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_secret(name: str, file_name: str) -> str:
    """A secret given directly or, preferably, as a file path (kept out of the process list)."""
    path = os.environ.get(file_name)
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, "").strip()
