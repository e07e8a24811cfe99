"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def path_without_language(request: HttpRequest) -> str:
    """The current page's path with its /<language>/ prefix removed.

    The language switcher posts this as `next`: Django then redirects to it and the locale
    middleware adds the newly chosen language's prefix (set_language cannot translate a path
    that is prefixed with a language other than the active one).
    """
    path = request.get_full_path()
    prefix = f"/{get_language()}/"
    return path[len(prefix) - 1 :] if path.startswith(prefix) else path


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "ASMTP_EDITION": settings.ASMTP_EDITION,
        "ASMTP_PRODUCTION": settings.PRODUCTION,
        "path_without_language": path_without_language(request),
    }
