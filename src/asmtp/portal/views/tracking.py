"""After the form: checking and submitting, following the case, answering, withdrawing, extending."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from asmtp.api.idempotency import idempotent
from asmtp.cases.choices import education_label, stream_label, tp_trade_label
from asmtp.cases.documents import DocumentRejected, document_checklist
from asmtp.cases.models import Application, CaseStatus
from asmtp.cases.rules_in_force import ExtensionGuidance, extension_guidance
from asmtp.cases.tp_quota import tp_quota_remaining, tp_stream_open
from asmtp.domain.lifecycle import OPEN_STATUSES, Status
from asmtp.portal.forms import RespondForm, SubmitForm, WithdrawForm
from asmtp.portal.presentation import pledge_date, pledge_duration, stages, tp_quota_table
from asmtp.portal.services import (
    DRAFT_STEPS,
    ApplicationError,
    completed_steps,
    respond_to_information_request,
    start_extension,
    submit_application,
    withdraw_application,
)
from asmtp.portal.views.access import applicant_required, current_user, own_case
from asmtp.portal.views.drafting import STEP_FORMS, _refuse, draft_context, people_choices

WITHDRAWABLE = {Status.DRAFT, *OPEN_STATUSES}


@applicant_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """My applications, newest first, and a button to start one."""
    cases = Application.objects.filter(applicant=current_user(request)).select_related("previous")
    context: dict[str, Any] = {"cases": cases, "new_key": uuid.uuid4().hex}
    if tp_stream_open():
        context["tp_quota"] = tp_quota_table(tp_quota_remaining())  # before an applicant starts
    return render(request, "portal/dashboard.html", context)


@applicant_required
@idempotent
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything on one page, what is still missing, the declaration and the submit button."""
    case = own_case(request, pk)
    if case.status != CaseStatus.DRAFT:
        return redirect("portal:case", pk=case.pk)
    form = SubmitForm(request.POST or None, initial={"idempotency_key": case.idempotency_key})
    if request.method == "POST" and form.is_valid():
        try:
            submitted = submit_application(
                case.pk, request.user, idempotency_key=form.cleaned_data["idempotency_key"], declared=form.cleaned_data["declaration"]
            )
        except ApplicationError as error:
            _refuse(form, error)
        else:
            return redirect("portal:case", pk=submitted.pk)
    done = completed_steps(case)
    missing_steps = [step for step in DRAFT_STEPS if step not in done and step != "review"]
    context = {
        **draft_context(case, "review"),
        "form": form,
        "missing_steps": missing_steps,
        "step_urls": {name: _step_link(case, name) for name in DRAFT_STEPS},
        "checklist": document_checklist(case),
        "dependants": case.dependants.all(),
        "education": education_label(case.applicant_data.get("education_level")),
        "stream": stream_label(case.stream) if case.stream != "general" or tp_stream_open() else "",
        "tp_trade": tp_trade_label((case.employment_data or {}).get("tp_trade")) if case.stream != "general" else "",
    }
    return render(request, "portal/review.html", context, status=400 if form.errors else 200)


def _step_link(case: Application, name: str) -> str:
    if name in STEP_FORMS:
        return reverse("portal:step", kwargs={"pk": case.pk, "step": name})
    return reverse(f"portal:{name}", kwargs={"pk": case.pk})


def _optional_url(name: str, **kwargs: object) -> str | None:
    """A link to another area's page when that area provides it."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@applicant_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The status page: stages with dates, the pledge, messages, requests, and what comes next."""
    case = own_case(request, pk, with_extension=True)
    if case.status == CaseStatus.DRAFT:
        return redirect("portal:step", pk=case.pk, step=case.draft_step if case.draft_step in STEP_FORMS else "personal")
    events = list(case.events.all())
    requests = list(case.information_requests.all())  # one query, split below into open and answered
    revoked = _revoked_evisas(case)
    # A revoked principal's e-Visa takes the dependants' with it: the grant is no longer in force.
    principal_revoked = next((evisa for evisa in revoked if evisa.dependant_id is None), None)
    grant_revoked = principal_revoked is not None
    revoked_on = timezone.localtime(principal_revoked.revoked_at).date() if principal_revoked and principal_revoked.revoked_at else None
    context = {
        "case": case,
        "revoked_evisas": revoked,
        "grant_revoked": grant_revoked,
        "stages": stages(case, events, revoked_on),
        "pledge_date": pledge_date(case),
        "pledge": pledge_duration(case),
        "clock_paused": case.clock_paused_at is not None,
        "show_pledge": case.status in OPEN_STATUSES,
        # A request for documents is also kept as a message; the page shows it once, as the request.
        "officer_messages": case.messages.exclude(sender=current_user(request))
        .exclude(body__in=case.information_requests.values("message")).order_by("-id"),
        "open_requests": [r for r in requests if r.answered_at is None],
        "answered_requests": [r for r in requests if r.answered_at is not None],
        # The fees area's bills (one per stage: application fee, issuance fee), paid or to pay.
        "bills": list(case.bills.all()),
        "bills_url": _optional_url("payments:case", case_id=case.pk),
        "can_withdraw": case.status in WITHDRAWABLE,
        "extension": None if grant_revoked else _extension(case),
        "change_of_employment_url": None if grant_revoked else _change_of_employment_url(case),
        # The holder's e-Visa page (the e-Visa area) lists each person's e-Visa with its PDF.
        "evisa_url": _optional_url("evisa:mine") if case.status == CaseStatus.EVISA_ISSUED and not grant_revoked else None,
        "new_key": uuid.uuid4().hex,
        "edition": settings.ASMTP_EDITION,
    }
    return render(request, "portal/case.html", context)


def _change_of_employment_url(case: Application) -> str | None:
    """Where a holder takes a new employer's offer code to change employment after this grant:
    the employers area's link page with this grant chosen. Only for a grant in force that no
    later grant (an extension or an earlier change) has followed."""
    if case.status not in {CaseStatus.APPROVED, CaseStatus.EVISA_ISSUED}:
        return None
    if case.follow_ups.filter(status__in=[CaseStatus.APPROVED, CaseStatus.EVISA_ISSUED]).exists():
        return None
    link = _optional_url("employers:link")
    return f"{link}?target=change:{case.pk}" if link else None


def _revoked_evisas(case: Application) -> list[Any]:
    """The case's e-Visas an officer has revoked, read through the case (the e-Visa area's rows).

    Revoking leaves the case's status as it was (e-Visa issued): the e-Visas say what is in force.
    """
    if case.status != CaseStatus.EVISA_ISSUED or not hasattr(case, "evisas"):
        return []
    return list(case.evisas.filter(status="revoked").order_by("id"))


def _extension(case: Application) -> ExtensionGuidance | None:
    """Whether a granted stay can be extended today, by the rule the extension itself is held to:
    "open", or why not ("extension_too_early", with the day it opens, or "extension_too_late"),
    and the window (from the policy data) in force on the day it opens."""
    return extension_guidance(case, timezone.localdate())


@applicant_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = own_case(request, pk)
    if case.status not in WITHDRAWABLE:
        return redirect("portal:case", pk=case.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_application(case.pk, request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            _refuse(form, error)
        else:
            return redirect("portal:case", pk=case.pk) if case.reference else redirect("portal:dashboard")
    return render(request, "portal/withdraw.html", {"case": case, "form": form}, status=400 if form.errors else 200)


@applicant_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Answer an officer's request for further documents by uploading them."""
    case = own_case(request, pk)
    info_request = case.information_requests.filter(pk=request_pk).first()
    if info_request is None:
        raise Http404
    if info_request.answered_at is not None:
        return redirect("portal:case", pk=case.pk)
    form = RespondForm(request.POST or None, request.FILES or None, people=people_choices(case))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            respond_to_information_request(
                case.pk, request.user, info_request.pk,
                [(form.cleaned_data["kind"], form.cleaned_data["person"], upload, upload.name or "")],
            )
        except (ApplicationError, DocumentRejected) as error:
            form.add_error("file", error.message)
        else:
            return redirect("portal:case", pk=case.pk)
    context = {"case": case, "info_request": info_request, "form": form}
    return render(request, "portal/respond.html", context, status=400 if form.errors else 200)


@applicant_required
@idempotent
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    """Open an extension of stay pre-filled from this grant."""
    case = own_case(request, pk)
    key = str(request.POST.get("idempotency_key", ""))[:80] or uuid.uuid4().hex
    try:
        extension = start_extension(case.pk, request.user, idempotency_key=key)
    except ApplicationError as error:
        return render(request, "portal/refused.html", {"case": case, "message": error.message}, status=409)
    if extension.status != CaseStatus.DRAFT:  # the extension already applied for (an old page's button)
        return redirect("portal:case", pk=extension.pk)
    return redirect("portal:step", pk=extension.pk, step="personal")

