"""The shape every refusal of a use case shares: a stable code, the form field, a translated
message and the HTTP status a page or the API answers it with.

Each area has one subclass (`EmployerError`, `WorkbenchError`, `PaymentError`, `EVisaError`,
`PrivacyError`, `SimulationError`, `ApplicationError`, ...) whose `MESSAGES` is the one list of
its codes, each with its words in three languages; `tests/unit/test_error_codes.py` checks that
every code raised in `src/` is in its class's list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class CodedError(Exception):
    """A refusal with a `code` (stable, for tests and the API), the form `field` it belongs to (if
    any), and a `message` in the active language looked up in the subclass's `MESSAGES`.

    A code without a message of its own gets `FALLBACK`, or, without one, the message of `DEFAULT_CODE`.
    """

    MESSAGES: ClassVar[Mapping[str, Promise]] = {}
    FALLBACK: ClassVar[Promise | None] = None
    DEFAULT_CODE: ClassVar[str] = "not_found"
    # Codes answered with another status than 400 (input the user can correct), by any area.
    STATUS: ClassVar[Mapping[str, int]] = {}

    def __init__(self, code: str, field: str | None = None, *, params: Mapping[str, object] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        # Values the message names (a policy value such as an age limit), filled in as %(name)s.
        self.params = dict(params or {})

    @property
    def message(self) -> str:
        text = self.MESSAGES.get(self.code)
        if text is None:
            text = self.FALLBACK if self.FALLBACK is not None else self.MESSAGES[self.DEFAULT_CODE]
        return str(text) % self.params if self.params else str(text)

    @property
    def http_status(self) -> int:
        """400 for input the user can correct; 403, 404 or 409 where the code says so."""
        return self.STATUS.get(self.code) or STATUS_BY_CODE.get(self.code, 400)



class DetailedError(CodedError):
    """A refusal whose second argument is a detail for the log, never shown to the user (rather
    than a form field); a code without words of its own reads "could not be done"."""

    FALLBACK = _("This could not be done. Please try again.")

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.detail = detail


# The one mapping from a code to an HTTP status other than 400, shared by every area's codes.
STATUS_BY_CODE: Mapping[str, int] = {
    **dict.fromkeys(("not_found", "no_such_bill", "not_published"), 404),
    **dict.fromkeys(("not_an_officer", "not_analyst", "not_employer", "not_allowed", "role_not_allowed", "not_yours"), 403),
    **dict.fromkeys((
        "stale_case", "wrong_status", "maker_checker", "not_assigned", "already_paid", "fee_already_paid", "fee_unpaid",
        "already_revoked", "not_approved_by_second_officer", "offer_not_draft",
    ), 409),
    "engine_unavailable": 503,
}
