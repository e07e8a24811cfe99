"""Assess applications: the one door the CLI, the API and the web pages use for eligibility.

Same JSON in and out everywhere (rules.md "The assessment interface"). Bad input never raises:
it becomes ``{"id": ..., "error": {"code", "field", "message"}}`` for that application alone.

Talent Lists that administrators imported (``asmtp.policystore``) are laid over the file data
when Django is running (the API, the web pages, or ``asmtp assess --imported-talent-lists``);
the domain itself never sees the database.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from asmtp.domain.eligibility import (
    Application,
    ApplicationInputError,
    assess_applications,
    catalogue_problems,
    parse_for_policy,
)
from asmtp.policy import Policy, UnknownEdition, default_edition, load_policy

if TYPE_CHECKING:  # the command line assesses without Django: the type only, never the module
    from asmtp.policystore.selectors import ImportedTalentList

# Lines are assessed in chunks: one vectorised batch per chunk, results still one per line.
CHUNK_SIZE = 512


def deployment_edition() -> str:
    """The edition this deployment assesses under: ``ASMTP_EDITION``, else the policy default."""
    return os.environ.get("ASMTP_EDITION", "").strip().lower() or default_edition()


def imported_talent_lists() -> tuple[ImportedTalentList, ...]:
    """Imported Talent List versions, when Django is set up in this process (else none).

    The command line does not start Django unless asked to, so it is checked, never imported.
    """
    if "django" not in sys.modules:
        return ()
    from django.apps import apps

    if not apps.ready:
        return ()
    from asmtp.policystore.selectors import imported_talent_lists as select

    return select()


@lru_cache(maxsize=32)
def _policy(edition: str, imported: tuple[ImportedTalentList, ...]) -> Policy:
    policy = load_policy(edition)
    problems = catalogue_problems(policy.reasons)
    if problems:
        # A gap in the reason catalogue is a data bug that must not reach an applicant.
        raise RuntimeError("reason catalogue incomplete: " + "; ".join(problems))
    for version in imported:
        policy = policy.with_talent_list_version(
            version.effective_from, version.professions, complete=version.complete, source=version.source
        )
    return policy


def policy_for(edition: str) -> Policy:
    """The policy of ``edition`` with any imported Talent Lists laid over the file data."""
    return _policy(edition, imported_talent_lists())


def _policies() -> Callable[[str], Policy]:
    """``policy_for`` with the imports read once (the database is asked once per chunk of lines)."""
    imported = imported_talent_lists()
    return lambda edition: _policy(edition, imported)


def error_record(application_id: Any, error: ApplicationInputError) -> dict[str, Any]:
    return {"id": application_id, "error": error.as_dict()}


def _id_of(data: object) -> Any:
    if isinstance(data, Mapping):
        value = data.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    return None


def _parse(data: object, policies: Callable[[str], Policy], edition: str | None, as_of: date | None) -> Application:
    default = deployment_edition()
    try:
        # Editions share the Talent List and the industries the input is checked against.
        policy = policies(default)
    except UnknownEdition as exc:
        raise ApplicationInputError("unknown_edition", "edition", f"the deployment's ASMTP_EDITION: {exc}") from None
    return parse_for_policy(data, policy, default_edition=default, edition=edition, as_of=as_of)


def assess_application(data: object, *, edition: str | None = None, as_of: date | None = None) -> dict[str, Any]:
    """Assess one decoded JSON application; bad input gives an error record instead of raising."""
    return next(iter(_assess_chunk([data], edition, as_of)))


def assess_lines(
    lines: Iterable[str | bytes], *, edition: str | None = None, as_of: date | None = None
) -> Iterator[dict[str, Any]]:
    """Assess JSON Lines, one result per non-blank line, in order (lines as text or UTF-8 bytes)."""
    chunk: list[object] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        chunk.append(_decode(number, line))
        if len(chunk) >= CHUNK_SIZE:
            yield from _assess_chunk(chunk, edition, as_of)
            chunk = []
    if chunk:
        yield from _assess_chunk(chunk, edition, as_of)


def _decode(number: int, line: str | bytes) -> object:
    """The JSON value of one line, or the input error that line is."""
    try:
        return json.loads(line)
    except UnicodeDecodeError as exc:
        return ApplicationInputError("invalid_json", "", f"line {number} is not UTF-8 text (byte {exc.start})")
    except json.JSONDecodeError as exc:
        return ApplicationInputError("invalid_json", "", f"line {number} is not JSON: {exc.msg} (column {exc.colno})")


def _assess_chunk(items: list[object], edition: str | None, as_of: date | None) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = [{} for _ in items]
    valid: list[tuple[int, Application]] = []
    policies = _policies()
    for position, item in enumerate(items):
        if isinstance(item, ApplicationInputError):
            results[position] = error_record(None, item)
            continue
        try:
            valid.append((position, _parse(item, policies, edition, as_of)))
        except ApplicationInputError as exc:
            results[position] = error_record(_id_of(item), exc)
    try:
        assessed = assess_applications([application for _, application in valid], policies)
    except Exception:
        # A fault in the engine must not take the other applications down with it: assess
        # one by one and report the one that fails, without a traceback.
        assessed = [_assess_alone(application, policies) for _, application in valid]
    for (position, _), result in zip(valid, assessed, strict=True):
        results[position] = result
    return results


def _assess_alone(application: Application, policies: Callable[[str], Policy]) -> dict[str, Any]:
    try:
        return assess_applications([application], policies)[0]
    except Exception as exc:  # reported as data, never as a traceback
        error = ApplicationInputError("internal_error", "", f"the engine could not assess this application ({type(exc).__name__})")
        return error_record(application.id, error)
