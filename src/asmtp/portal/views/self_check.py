"""The public eligibility self-check: no account, nothing stored."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from asmtp.cases.choices import TECHNICAL_PROFESSIONAL, tp_trade_label
from asmtp.cases.tp_quota import tp_quota_remaining
from asmtp.portal.forms import SelfCheckForm
from asmtp.portal.presentation import explain_result, tp_quota_table

log = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest) -> HttpResponse:
    form = SelfCheckForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "edition": settings.ASMTP_EDITION}
    if form.tp_stream_open:
        context["tp_quota_state"] = tp_quota_remaining()
        context["tp_quota"] = tp_quota_table(context["tp_quota_state"])
    if request.method == "POST" and form.is_valid():
        from asmtp.cases.assessment import assess_application

        result = assess_application(form.engine_input(), edition=settings.ASMTP_EDITION)
        if "error" in result:
            # The form checks what the engine checks; an engine error here is a gap in the form.
            log.warning("self-check input refused by the engine: %s", result["error"])
            form.add_error(None, _("We could not check these answers. Please review them and try again."))
        else:
            context["result"] = explain_result(result)
            if context["result"]["stream"] == TECHNICAL_PROFESSIONAL:
                trade = form.cleaned_data["tp_trade"]
                context["tp_trade"] = tp_trade_label(trade)
                context["tp_places_left"] = f"{context['tp_quota_state'].remaining_for(trade):,}"
    status = 400 if form.errors else 200
    return render(request, "portal/self_check.html", context, status=status)
