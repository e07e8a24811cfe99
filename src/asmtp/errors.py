"""The shape every refusal of a use case shares: a stable code, the form field, a translated message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django.utils.functional import Promise


class CodedError(Exception):
    """A refusal with a `code` (stable, for tests and the API), the form `field` it belongs to (if
    any), and a `message` in the active language looked up in the subclass's `MESSAGES`.

    A code without a message of its own gets `FALLBACK`, or, without one, the message of `DEFAULT_CODE`.
    """

    MESSAGES: ClassVar[Mapping[str, Promise]] = {}
    FALLBACK: ClassVar[Promise | None] = None
    DEFAULT_CODE: ClassVar[str] = "not_found"

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
