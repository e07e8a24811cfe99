"""Hash chaining of audit entries: each entry's hash covers its content and the previous hash.

Pure functions, so the same code writes the chain and verifies it (and a verifier can run
on an export without the service).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def entry_hash(prev_hash: str, content: Mapping[str, object]) -> str:
    """SHA-256 over the previous hash and the entry's canonical JSON."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + "\n" + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    position: int
    entry_id: object
    problem: str


def verify_chain(entries: Iterable[tuple[object, Mapping[str, object], str, str]]) -> list[ChainProblem]:
    """Check (id, content, prev_hash, hash) rows in order; report every break in the chain."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    for position, (entry_id, content, prev_hash, stored_hash) in enumerate(entries):
        if prev_hash != expected_prev:
            problems.append(ChainProblem(position, entry_id, "previous hash does not match: an entry was removed, inserted or reordered"))
        if entry_hash(prev_hash, content) != stored_hash:
            problems.append(ChainProblem(position, entry_id, "content does not match its hash: the entry was edited"))
        expected_prev = stored_hash
    return problems
