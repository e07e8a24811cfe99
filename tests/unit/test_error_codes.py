"""Every code a use case refuses with has its own words in its area's list, and one HTTP status.

A code raised without an entry in its class's `MESSAGES` would reach the user as the fallback's
words (or a raw code); this reads every `raise SomeError("code", ...)` in src/ and checks it."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.utils import translation

import asmtp
from asmtp.errors import STATUS_BY_CODE, CodedError

SRC = Path(asmtp.__file__).parent


def _coded_error_classes() -> dict[str, type[CodedError]]:
    for module in pkgutil.walk_packages([str(SRC)], prefix="asmtp."):
        if ".migrations" not in module.name and not module.name.startswith(("asmtp.commands", "asmtp.__main__")):
            importlib.import_module(module.name)
    found: dict[str, type[CodedError]] = {}
    pending = list(CodedError.__subclasses__())
    while pending:
        cls = pending.pop()
        found[cls.__name__] = cls
        pending.extend(cls.__subclasses__())
    return found


CLASSES = _coded_error_classes()


def _raised_codes() -> list[tuple[str, str, str]]:
    """(class name, code, where) for each `raise Name("literal", ...)` of a CodedError subclass."""
    raised = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name):
                name, args = node.exc.func.id, node.exc.args
                if name in CLASSES and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    raised.append((name, args[0].value, f"{path.relative_to(SRC)}:{node.lineno}"))
    return raised


RAISED = _raised_codes()


def test_the_check_sees_the_areas_errors():
    assert {"WorkbenchError", "EVisaError", "PaymentError", "EmployerError", "SimulationError", "AnalyticsError"} <= CLASSES.keys()
    assert len(RAISED) > 50


@pytest.mark.parametrize(("name", "code", "where"), RAISED, ids=[f"{n}:{c}" for n, c, _ in RAISED])
def test_every_code_raised_has_its_own_message(name, code, where):
    assert code in CLASSES[name].MESSAGES, f"{where}: {name}({code!r}) has no message of its own"


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_every_message_is_translated(language):
    untranslated = []
    for cls in CLASSES.values():
        for code, english in cls.MESSAGES.items():
            with translation.override("en"):
                words = str(english)
            with translation.override(language):
                if str(english) == words:
                    untranslated.append(f"{cls.__name__}.{code}: {words}")
    assert untranslated == []


def test_the_status_follows_the_code():
    assert CLASSES["WorkbenchError"]("stale_case").http_status == 409
    assert CLASSES["PaymentError"]("not_an_officer").http_status == 403
    assert CLASSES["AnalyticsError"]("not_published").http_status == 404
    assert CLASSES["EmployerError"]("brn_invalid", "business_registration_number").http_status == 400
    assert all(status in {403, 404, 409, 503} for status in STATUS_BY_CODE.values())
    assert inspect.isclass(CLASSES["EVisaError"]) and issubclass(CLASSES["EVisaError"], CodedError)
