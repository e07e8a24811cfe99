"""Refusing passwords that attackers try first.

A password is refused when it is on the shipped list of breached passwords, or is one of them
dressed up the usual ways: capitals, digits or punctuation added before or after, letters swapped
for look-alike digits (p@ssw0rd), the scheme's own names (asmtp2025!!), a keyboard or alphabet
run (qwertyuiop12, abcdefghijkl), or a short unit repeated (abcabcabcabc). Length is the other
validator's business: at least 12 characters, and any longer length is accepted.

The list (data/common-passwords.txt.gz) is the 19,646 most common passwords of the breached-
password corpus Django also ships (compiled by Royce Williams from public breach dumps), lower-
cased. Only 187 of them are 12 characters or longer, which is why the dressed-up forms matter.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST_PATH = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

# Names a person signing up to this service is likely to build a password from.
SERVICE_WORDS = frozenset({
    "asmtp", "immd", "hongkong", "hksar", "talent", "talents", "mainland", "immigration",
    "evisa", "visa", "shenzhen", "beijing", "shanghai", "guangzhou", "china", "zhongguo",
    "xianggang", "welcome", "letmein", "password", "passw0rd", "admin", "officer",
})
_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "zaq12wsxcde34rfvbgt56yhnmju78ik,.lo90p;/'[-=]",
    "qazwsxedcrfvtgbyhnujmikolp",
)
_EDGE_JUNK = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def breached_passwords() -> frozenset[str]:
    """The shipped list, lower-cased, read once per process."""
    with gzip.open(LIST_PATH, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def _is_run(text: str) -> bool:
    # Any stretch of a keyboard row, the alphabet or the digits, forwards or backwards.
    return len(text) >= 4 and any(text in run or text in run[::-1] for run in _RUNS)


def _is_repetition(text: str) -> bool:
    if len(set(text)) <= 3:
        return True
    return any(len(text) % size == 0 and text == text[:size] * (len(text) // size) for size in range(1, 7))


def weakness(password: str) -> str | None:
    """Why the password is guessable ("breached", "pattern"), or None if it is not."""
    lowered = password.lower()
    common = breached_passwords() | SERVICE_WORDS
    if lowered in common:
        return "breached"
    core = _EDGE_JUNK.sub("", lowered)
    candidates = {core, core.translate(_LOOKALIKES), lowered.translate(_LOOKALIKES)}
    candidates |= {_EDGE_JUNK.sub("", c) for c in list(candidates)}
    if any(c in common for c in candidates if c):
        return "breached"
    compact = re.sub(r"[\s_\-.]+", "", lowered)
    if not core or _is_run(compact) or _is_run(core) or _is_repetition(compact):
        return "pattern"
    return None


class BreachedPasswordValidator:
    """AUTH_PASSWORD_VALIDATORS entry: refuse breached and predictable passwords."""

    def validate(self, password: str, user: Any = None) -> None:
        reason = weakness(password)
        if reason == "breached":
            raise ValidationError(
                _("This password appears in lists of passwords stolen from other websites. Choose a different one."),
                code="password_breached",
            )
        if reason == "pattern":
            raise ValidationError(
                _("This password follows a pattern that is easy to guess. Choose a few unrelated words instead."),
                code="password_pattern",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a commonly used or previously stolen password.")


class TestSuiteArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at its lowest cost, used only when the test suite runs (settings: ENVIRONMENT "test").

    Production hashes with Django's Argon2id parameters (100 MiB, 2 passes), which is deliberately
    slow: about a second per hash on a 2-core machine, paid for every persona a test creates and
    every sign-in. The hashes this one writes are ordinary `argon2$argon2id$...` strings that the
    production hasher verifies (and upgrades on sign-in), so nothing else about passwords differs.
    """

    time_cost = 1
    memory_cost = 1024  # KiB
    parallelism = 1
