"""Template context shared by every page."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from asmtp.accounts.models import STAFF_ROLES
from asmtp.security.sessions import session_timeout_context


def path_without_language(request: HttpRequest) -> str:
    """The current page's path with its /<language>/ prefix removed.

    The language switcher posts this as `next`: Django then redirects to it and the locale
    middleware adds the newly chosen language's prefix (set_language cannot translate a path
    that is prefixed with a language other than the active one).
    """
    path = request.get_full_path()
    prefix = f"/{get_language()}/"
    path = path[len(prefix) - 1 :] if path.startswith(prefix) else path
    page, _, query = path.partition("?")
    if not query:
        return page
    # A page's own `next` (the sign-in page's, say) names a page in the old language too: strip its
    # prefix as well, so that the reader lands on it in the language just chosen.
    pairs = [(key, _without_language_prefix(value) if key == "next" else value)
             for key, value in parse_qsl(query, keep_blank_values=True)]
    return f"{page}?{urlencode(pairs)}"


def _without_language_prefix(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def site(request: HttpRequest) -> dict[str, object]:
    return {
        **session_timeout_context(request),
        "staff_member": getattr(getattr(request, "user", None), "role", None) in STAFF_ROLES,
        "ASMTP_EDITION": settings.ASMTP_EDITION,
        "ASMTP_PRODUCTION": settings.PRODUCTION,
        "path_without_language": path_without_language(request),
    }
