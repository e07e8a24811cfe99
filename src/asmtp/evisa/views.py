"""e-Visa pages: public verification, the holder's downloads, and the officer's issue/revoke.

Each view parses, checks who may act, calls one service and renders. Pages about an e-Visa or
a case answer 404 to anyone who may not see it, never hinting that it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from asmtp.cases.models import Application
from asmtp.cases.services import StaleCase
from asmtp.cases.tp_quota import tp_condition_of_stay
from asmtp.domain.evisa_token import Condition, EVisaClaims, Result, View
from asmtp.domain.lifecycle import TransitionRefused
from asmtp.evisa import services as service
from asmtp.evisa.documents import render_evisa_pdf
from asmtp.evisa.forms import RevokeForm, VerifyForm
from asmtp.evisa.messages import message_for
from asmtp.evisa.models import EVisa
from asmtp.policy.reference_names import policy_language
from asmtp.web.access import officer_required

RESULT_TEXT = {
    Result.VALID: gettext_lazy("Valid: genuine and in force"),
    Result.EXPIRED: gettext_lazy("Expired: genuine, but the limit of stay has passed"),
    Result.REVOKED: gettext_lazy("Revoked: genuine, but no longer in force"),
    Result.NOT_GENUINE: gettext_lazy("Not genuine: not issued by this service, or altered"),
}
RESULT_CLASS = {Result.VALID: "pass", Result.EXPIRED: "refer", Result.REVOKED: "fail", Result.NOT_GENUINE: "fail"}
FIELD_LABELS = {
    "number": gettext_lazy("e-Visa number"),
    "name_en": gettext_lazy("Name in English"),
    "name_zh": gettext_lazy("Name in Chinese"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "travel_document": gettext_lazy("Travel document"),
    "relationship": gettext_lazy("Relationship to the principal"),
    "employer": gettext_lazy("Employer"),
    "principal_number": gettext_lazy("Principal's e-Visa number"),
    "limit_of_stay": gettext_lazy("Limit of stay"),
    "issued_on": gettext_lazy("Date of issue"),
}
RELATIONSHIPS = {"spouse": gettext_lazy("Spouse"), "civil_partner": gettext_lazy("Civil partner"), "child": gettext_lazy("Child")}


def condition_text(claims: EVisaClaims) -> str:
    """The conditions of stay in the reader's language; a Technical Professional's name the trade."""
    text = str(_employment_condition(claims))
    if claims.trade:
        text = f"{text} {tp_condition_of_stay(claims.trade, claims.employer or '')[policy_language(get_language())]}"
    return text


def _employment_condition(claims: EVisaClaims) -> Any:
    if claims.condition is Condition.EMPLOYER_ONLY:
        return _("Employment only with %(employer)s; a change of employer needs prior approval.") % {"employer": claims.employer}
    if claims.condition is Condition.ANY_EMPLOYMENT:
        return _("Admitted as a talent for employment; no sponsoring employer.")
    return _("Dependant: the stay is tied to the principal's.")


def result_rows(claims: EVisaClaims | None) -> list[tuple[str, str]]:
    """The disclosed fields as (label, value) rows in the reader's language."""
    if claims is None:
        return []
    shown = claims.disclosed()
    if "relationship" in shown:
        shown["relationship"] = str(RELATIONSHIPS.get(shown["relationship"], shown["relationship"]))
    rows = [(str(label), shown[name]) for name, label in FIELD_LABELS.items() if name in shown]
    rows.append((_("Conditions of stay"), condition_text(claims)))
    return rows


def _present(outcome: service.VerificationOutcome) -> dict[str, Any]:
    verification = outcome.verification
    return {
        "result": str(verification.result),
        "text": RESULT_TEXT[verification.result],
        "css": RESULT_CLASS[verification.result],
        "work_view": bool(verification.claims and verification.claims.view is View.WORK),
        "rows": result_rows(verification.claims),
        "checked_on": outcome.checked_on,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check an e-Visa: paste the QR code's text or upload the PDF or a photo."""
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    results: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data.get("file"):
                outcomes = service.verify_evisa_file(form.cleaned_data["file"].read())
            else:
                outcomes = [service.verify_evisa(form.cleaned_data["token"], channel="web")]
            results = [_present(outcome) for outcome in outcomes]
        except service.EVisaError as error:
            form.add_error("file", message_for(error.code))
    return render(request, "evisa/verify.html", {"form": form, "results": results})


@login_required
def my_evisas(request: HttpRequest) -> HttpResponse:
    return render(request, "evisa/mine.html", {"evisas": service.evisas_of_holder(request.user)})


@login_required
def download(request: HttpRequest, number: str, view: str) -> HttpResponse:
    evisa = service.evisa_for_viewer(number, request.user)
    if evisa is None or view not in {View.FULL.value, View.WORK.value}:
        raise Http404
    response = HttpResponse(render_evisa_pdf(evisa, View(view)), content_type="application/pdf")
    suffix = "" if view == View.FULL.value else "-right-to-work"
    response["Content-Disposition"] = f'attachment; filename="{evisa.number}{suffix}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _case_or_404(case_id: int) -> Application:
    case = Application.objects.select_related("applicant").filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


@officer_required
def case_evisas(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(case_id)
    evisas = EVisa.objects.filter(application=case).select_related("principal").order_by("id")
    bills = case.bills.filter(kind__in=["issuance", "visa"]).prefetch_related("lines")
    return render(request, "evisa/case.html", {"case": case, "evisas": evisas, "bills": bills})


def _run_case_action(request: HttpRequest, case_id: int, action: Callable[[], Any], done: str) -> HttpResponse:
    _case_or_404(case_id)
    try:
        action()
    except (service.EVisaError, TransitionRefused) as error:
        messages.error(request, message_for(error.code))
    except StaleCase:
        messages.error(request, _("The case changed while you were looking at it. Check it again."))
    else:
        messages.success(request, done)
    return redirect("evisa:case", case_id=case_id)


@officer_required
@require_POST
def issue(request: HttpRequest, case_id: int) -> HttpResponse:
    return _run_case_action(request, case_id, lambda: service.issue_evisa(case_id, request.user), _("The e-Visas are issued."))


@officer_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, number: str) -> HttpResponse:
    evisa = service.evisa_for_viewer(number, request.user)
    if evisa is None:
        raise Http404
    form = RevokeForm(request.POST) if request.method == "POST" else RevokeForm()
    if request.method == "POST" and form.is_valid():
        try:
            service.revoke_evisa(number, request.user, form.cleaned_data["reason"])
        except service.EVisaError as error:
            form.add_error("reason", message_for(error.code))
        else:
            messages.success(request, _("The e-Visa %(number)s is revoked.") % {"number": number})
            return redirect("evisa:case", case_id=evisa.application_id)
    return render(request, "evisa/revoke.html", {"form": form, "evisa": evisa})
