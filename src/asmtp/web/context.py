"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"ASMTP_EDITION": settings.ASMTP_EDITION, "ASMTP_PRODUCTION": settings.PRODUCTION}
