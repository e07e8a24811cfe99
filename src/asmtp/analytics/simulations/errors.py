"""Why a simulation was refused or failed: a stable code and a message in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.errors import CodedError


class SimulationError(CodedError):
    """A request the service refuses; ``code`` selects a message, ``field`` the form field it belongs to."""

    MESSAGES: dict[str, Promise] = {
        "not_found": _("This simulation was not found."),
        "unknown_edition": _("Choose an edition from the list."),
        "same_edition": _("Choose a reform that differs from the baseline: another edition or a reform file."),
        "reform_missing": _("Enter the reform file's text, or choose another edition as the reform."),
        "reform_not_yaml": _("The reform is not valid YAML (line %(line)s). Check the indentation and the colons."),
        "reform_not_yaml_at": _("The reform is not valid YAML. Check the indentation and the colons."),
        "reform_invalid": _("This reform cannot be used: %(detail)s"),
        "unknown_size": _("Choose a population size from the list."),
        "bad_seed": _("Enter a whole number from 0 to 2,147,483,647."),
        "as_of_range": _("Enter a date from 15 July 2003 (the scheme's start) to 31 December 2100."),
        "input": _("The simulation could not use its input: %(detail)s"),
        "internal": _("The simulation stopped because of a fault in the service. Start it again; if it fails again, tell the service desk the run number."),
    }

    DEFAULT_CODE = "internal"
    STATUS = {"internal": 500, "input": 500}

    def __init__(self, code: str, field: str | None = None, **params: str) -> None:
        super().__init__(code, field, params=params)


def message_for(code: str, params: dict[str, str] | None = None) -> str:
    """The message for an error code in the active language."""
    return SimulationError(code, **(params or {})).message
