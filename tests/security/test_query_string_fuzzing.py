"""Hostile query strings on every page, as every role: no answer is a server error.

Each page reads its query string through a form (`asmtp.web.query.QueryForm`); these values
once broke pages that read `request.GET` themselves (`?before=²` passes `str.isdigit()` and
then breaks `int()`). Every parameter any page reads is sent at once with the same value, to
every page the role may open.
"""

from __future__ import annotations

import urllib.parse

import pytest

from asmtp.web.query import QueryForm
from tests.security.test_authorization_matrix import MATRIX, ROLES, _url, all_routes, world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOSTILE = (
    "²", "٣", "-1", "1e9", "", "\x00", "%00", "../", "x" * 5000, "9" * 40, "0001-01-01", "\u202e",
)
# Read by pages outside any QueryForm: the analytics filters (parsed with messages), the open
# statistics' language, the e-Visa verifier's token, the two-factor page's `next`, downloads.
OTHER_PARAMETERS = ("date_from", "date_to", "lang", "token", "next", "download", "page")


def _parameters() -> list[str]:
    # The forms declaring query strings, imported so that their QueryForm subclasses exist.
    import asmtp.employers.forms
    import asmtp.portal.forms
    import asmtp.workbench.forms  # noqa: F401

    names = set(OTHER_PARAMETERS)
    pending = list(QueryForm.__subclasses__())
    while pending:
        form = pending.pop()
        names.update(form.base_fields)
        pending.extend(form.__subclasses__())
    return sorted(names)


def test_the_pages_that_read_query_strings_declare_them_in_forms():
    assert {"before", "queue", "industry", "document", "person", "kind", "code"} <= set(_parameters())


@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_query_string_makes_any_page_fail(role, world, request, client):  # noqa: F811
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    parameters = _parameters()
    failures = []
    for name, route in sorted(all_routes().items()):
        rule = MATRIX.get(name)  # a route missing from the matrix fails the matrix's own test
        if name.startswith("admin:") or rule is None or rule.expected(role) not in {"open", "open_or_unpublished"}:
            continue
        url = _url(name, route, world)
        for value in HOSTILE:
            query = urllib.parse.urlencode(dict.fromkeys(parameters, value))
            status = client.get(f"{url}?{query}").status_code
            if status >= 500 and status != 503:
                failures.append(f"{name} {url} with {value[:20]!r}: {status}")
    assert not failures, "\n".join(failures)
