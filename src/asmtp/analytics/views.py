"""Analytics pages: the analysts' dashboard (with chart images and CSV), and the open statistics.

Views parse the filters, check the role, call one service function and render. Anyone who is
not an analyst or administrator gets the same 404 as for a page that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from asmtp.accounts.models import Role
from asmtp.analytics import services as service
from asmtp.analytics.aggregates import CHART_KEYS, Filters
from asmtp.analytics.labels import TITLES, chart_description, pledge_words
from asmtp.analytics.reference import industry_codes, label
from asmtp.analytics.tasks import request_extract_refresh

ANALYST_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
EDITIONS = ("direct", "immd")
STREAMS = ("general", "technical_professional")


def analyst_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or getattr(request.user, "role", "") not in ANALYST_ROLES:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def parse_filters(query: Any) -> tuple[Filters, dict[str, str]]:
    """The dashboard's filters from the query string, and a message per field that was wrong.

    A wrong field is left out (the rest still apply) and shown with its message; what was typed
    stays in the form.
    """
    errors: dict[str, str] = {}
    dates: dict[str, dt.date | None] = {}
    for name in ("date_from", "date_to"):
        raw = (query.get(name) or "").strip()
        dates[name] = None
        if raw:
            try:
                dates[name] = dt.date.fromisoformat(raw)
            except ValueError:
                errors[name] = _("Enter a date as YYYY-MM-DD, for example 2025-01-31.")
    if dates["date_from"] and dates["date_to"] and dates["date_from"] > dates["date_to"]:
        errors["date_to"] = _("The end of the period must be on or after its start.")
        dates["date_to"] = None
    edition = (query.get("edition") or "").strip()
    if edition and edition not in EDITIONS:
        errors["edition"] = _("Choose an edition from the list.")
        edition = ""
    industry = (query.get("industry") or "").strip().upper()
    if industry and industry not in industry_codes():
        errors["industry"] = _("Choose an industry from the list.")
        industry = ""
    stream = (query.get("stream") or "").strip()
    if stream and stream not in STREAMS:
        errors["stream"] = _("Choose a stream from the list.")
        stream = ""
    return Filters(dates["date_from"], dates["date_to"], edition, industry, stream), errors


def _language() -> str:
    return translation.get_language() or "en"


@require_GET
@analyst_only
def dashboard(request: HttpRequest) -> HttpResponse:
    filters, errors = parse_filters(request.GET)
    language = _language()
    context: dict[str, Any] = {
        "errors": errors,
        "values": {name: request.GET.get(name, "") for name in ("date_from", "date_to", "edition", "industry", "stream")},
        "industries": [(code, label("industry", code, language)) for code in industry_codes()],
        "editions": EDITIONS,
        "streams": STREAMS,
        "query": _query(filters),
    }
    try:
        data = service.dashboard_context(filters)
    except service.AnalyticsError:
        return render(request, "analytics/dashboard.html", {**context, "no_extract": True})
    context.update(data)
    context["headline"] = _headline(data["charts"], data["tax_year"])
    context["chart_list"] = [_chart_entry(key, data["charts"][key], language) for key in CHART_KEYS]
    return render(request, "analytics/dashboard.html", context)


def _number(value: float | None, digits: int = 0, prefix: str = "", suffix: str = "") -> str:
    return "—" if value is None else f"{prefix}{value:,.{digits}f}{suffix}"


def _headline(charts: dict[str, Any], tax_year: str) -> list[tuple[str, str]]:
    """The figures at the top of the dashboard, formatted, with what each one is."""
    segment, processing, tax = charts["segment"].summary, charts["processing"].summary, charts["tax"].summary
    province, dependants = charts["province"].summary, charts["dependants"].summary
    return [
        (_number(segment.get("admitted")), _("people admitted")),
        (_number(processing.get("within_pledge_pct"), 1, suffix="%"), _("of decisions within the pledge (%(pledge)s)") % {"pledge": pledge_words()}),
        (_number(tax.get("total_hkd"), prefix="HK$"), _("estimated salaries tax a year (%(year)s rules)") % {"year": tax_year}),
        (_number(tax.get("mean_hkd"), prefix="HK$"), _("estimated salaries tax per person a year")),
        (
            _number(province.get("effective_provinces"), 1),
            _("effective number of provinces (Shannon), from %(provinces)s provinces") % {"provinces": f"{province.get('provinces', 0):.0f}"},
        ),
        (_number(dependants.get("spouses", 0) + dependants.get("children", 0)), _("dependants admitted")),
        (_number(charts["retention"].summary.get("seven_years")), _("people reached 7 years' residence")),
    ]


def _query(filters: Filters) -> str:
    from urllib.parse import urlencode

    pairs = {
        "date_from": filters.date_from.isoformat() if filters.date_from else "",
        "date_to": filters.date_to.isoformat() if filters.date_to else "",
        "edition": filters.edition,
        "industry": filters.industry,
        "stream": filters.stream,
    }
    return urlencode({k: v for k, v in pairs.items() if v})


def _chart_entry(key: str, chart: Any, language: str) -> dict[str, Any]:
    header, rows = service.chart_table(chart, language)
    return {
        "key": key,
        "title": TITLES[key],
        "description": chart_description(key),
        "summary": chart.summary,
        "header": header,
        "rows": rows,
        "empty": chart.empty,
    }


@require_POST
@analyst_only
def refresh(request: HttpRequest) -> HttpResponse:
    request_extract_refresh(request.user)
    from django.contrib import messages

    messages.success(request, _("The statistics are being refreshed in the background. Reload this page in a minute."))
    return redirect("analytics:dashboard")


@require_GET
@analyst_only
def chart_image(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    filters, _errors = parse_filters(request.GET)
    try:
        content, content_type = service.chart_image(key, filters, fmt, _language())
    except service.AnalyticsError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=content_type)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="asmtp-{key}.{fmt}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@analyst_only
def chart_csv(request: HttpRequest, key: str) -> HttpResponse:
    filters, _errors = parse_filters(request.GET)
    try:
        content = service.chart_csv(key, filters, _language())
    except service.AnalyticsError as error:
        raise Http404 from error
    # A byte-order mark so that spreadsheet programs read the Chinese labels as UTF-8.
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="asmtp-{key}.csv"'
    return response


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    try:
        statistics = service.open_statistics(_language())
    except service.AnalyticsError:
        return render(request, "analytics/public.html", {"no_extract": True})
    return render(request, "analytics/public.html", _public_page(statistics))


PUBLIC_TITLES = {
    "industry": TITLES["industry"],
    "segment": TITLES["segment"],
    "province": TITLES["province"],
    "salary": TITLES["salary"],
}


def _public_page(statistics: dict[str, Any]) -> dict[str, Any]:
    """The open statistics laid out as rows, with "<10" where a count is suppressed."""
    threshold = statistics["suppression_threshold"]

    def shown(value: int | None) -> str:
        return f"<{threshold}" if value is None else f"{value:,}"

    series = statistics["monthly"]["series"]
    months = statistics["monthly"]["months"]
    tables = []
    for key, table in statistics["tables"].items():
        counts = [row["count"] or 0 for row in table["rows"]]
        tables.append({
            "title": PUBLIC_TITLES[key],
            "dimension": table["dimension"],
            "rows": [{**row, "display": shown(row["count"])} for row in table["rows"]],
            "total": shown(table["total"]),
            "largest": max(counts, default=0) or 1,
        })
    headline = statistics["headline"]
    taken = timezone.localtime(dt.datetime.fromisoformat(statistics["extract_taken_at"]))
    return {
        "taken_on": taken.date().isoformat(),
        "stats": statistics,
        "threshold": threshold,
        "headline": [
            (shown(series["applications"]["total"]), _("applications")),
            (shown(series["approvals"]["total"]), _("approvals")),
            (_number(headline["decided_within_pledge_pct"], 1, suffix="%"), _("of decisions within the pledge (%(pledge)s)") % {"pledge": pledge_words()}),
            (_number(headline["estimated_annual_salaries_tax_hkd"], prefix="HK$"), _("estimated salaries tax a year from people admitted")),
            (_number(headline["province_diversity_effective_number"], 1), _("effective number of provinces of origin (Shannon diversity)")),
        ],
        "monthly_header": [entry["label"] for entry in series.values()],
        "monthly_rows": [(month, [shown(entry["values"][i]) for entry in series.values()]) for i, month in enumerate(months)],
        "monthly_totals": [shown(entry["total"]) for entry in series.values()],
        "tables": tables,
    }
