"""The application form, step by step: each step saves the draft and can be left and resumed."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from asmtp.api.idempotency import idempotent
from asmtp.cases.documents import DocumentRejected, document_checklist, remove_document, upload_document
from asmtp.cases.models import Application, CaseStatus
from asmtp.cases.tp_quota import TECHNICAL_PROFESSIONAL, TPQuotaFull, check_tp_place_left
from asmtp.portal.forms import (
    DeclarationsForm,
    DependantForm,
    EducationForm,
    EmploymentForm,
    PersonalForm,
    UploadForm,
)
from asmtp.portal.forms.application import DocumentsQuery, StepForm
from asmtp.portal.presentation import STEP_LABELS
from asmtp.portal.services import (
    ApplicationError,
    add_dependant,
    child_age_limit,
    completed_steps,
    remove_dependant,
    save_draft_step,
    start_application,
)
from asmtp.portal.views.access import applicant_required, own_case

STEP_FORMS: dict[str, type[StepForm]] = {
    "personal": PersonalForm,
    "education": EducationForm,
    "employment": EmploymentForm,
    "declarations": DeclarationsForm,
}
NEXT_STEP = {name: STEP_LABELS[i + 1][0] for i, (name, _label) in enumerate(STEP_LABELS[:-1])}


def draft_context(case: Application, current: str) -> dict[str, Any]:
    """What every step page shows: the steps, which are done, and which one this is."""
    done = completed_steps(case)
    steps = [{"name": name, "label": label, "done": name in done, "current": name == current} for name, label in STEP_LABELS]
    return {"case": case, "steps": steps, "current_step": current, "tp_refusal": tp_refusal(case)}


def tp_refusal(case: Application) -> str:
    """Why this TP draft cannot go on as it stands (its trade's quota is full), or "" when it can."""
    if case.stream != TECHNICAL_PROFESSIONAL:
        return ""
    try:
        check_tp_place_left((case.employment_data or {}).get("tp_trade"))
    except TPQuotaFull as full:
        return str(full.message)
    return ""


def _own_draft(request: HttpRequest, pk: int) -> Application:
    case = own_case(request, pk)
    if case.status != CaseStatus.DRAFT:
        raise Http404
    return case


def _refuse(form: forms.Form, error: ApplicationError | DocumentRejected) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)


@applicant_required
@idempotent
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Open a new draft (the dashboard's form carries a key, so a double click opens one)."""
    key = str(request.POST.get("idempotency_key", ""))[:80] or uuid.uuid4().hex
    case = start_application(request.user, idempotency_key=key, language=get_language() or "zh-hans", edition=settings.ASMTP_EDITION)
    return redirect("portal:step", pk=case.pk, step="personal")


def _stored(case: Application, step: str) -> dict[str, Any]:
    if step == "employment":
        stream = {"stream": case.stream}
        if "meets_trade_minimum_qualification" in (case.applicant_data or {}):
            stream["meets_trade_minimum_qualification"] = case.applicant_data["meets_trade_minimum_qualification"]
        return {**(case.employment_data or {}), **stream}
    return dict(case.applicant_data or {})


@applicant_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the particulars (personal, education, employment, declarations)."""
    if step not in STEP_FORMS:
        raise Http404
    case = _own_draft(request, pk)
    form_class = STEP_FORMS[step]
    extra: dict[str, Any] = {"offer_required": settings.ASMTP_EDITION == "immd"} if step == "employment" else {}
    if request.method == "POST":
        form = form_class(request.POST, **extra)
        if form.is_valid():
            try:
                save_draft_step(case.pk, request.user, step, form.step_data())
            except ApplicationError as error:
                _refuse(form, error)
            else:
                if "save_and_exit" in request.POST:
                    return redirect("portal:dashboard")
                following = NEXT_STEP[step]
                return HttpResponseRedirect(reverse(_step_url(following), kwargs={"pk": case.pk, **_step_kwargs(following)}))
    else:
        form = form_class(stored=_stored(case, step), **extra)
    context = {**draft_context(case, step), "form": form, "edition": settings.ASMTP_EDITION}
    return render(request, f"portal/step_{step}.html", context, status=400 if form.errors else 200)


def _step_url(name: str) -> str:
    return "portal:step" if name in STEP_FORMS else f"portal:{name}"


def _step_kwargs(name: str) -> dict[str, str]:
    return {"step": name} if name in STEP_FORMS else {}


@applicant_required
@require_http_methods(["GET", "POST"])
def family(request: HttpRequest, pk: int) -> HttpResponse:
    """The family members coming too: the list, and a form to add one."""
    case = _own_draft(request, pk)
    age_limit = child_age_limit(case.edition)
    form = DependantForm(request.POST or None, child_age_limit=age_limit)
    if request.method == "POST" and form.is_valid():
        try:
            add_dependant(case.pk, request.user, form.cleaned_data)
        except ApplicationError as error:
            _refuse(form, error)
        else:
            return redirect("portal:family", pk=case.pk)
    context = {**draft_context(case, "family"), "form": form, "dependants": case.dependants.all(), "child_age_limit": age_limit}
    return render(request, "portal/family.html", context, status=400 if form.errors else 200)


@applicant_required
@require_POST
def family_remove(request: HttpRequest, pk: int, dependant_pk: int) -> HttpResponse:
    case = _own_draft(request, pk)
    try:
        remove_dependant(case.pk, request.user, dependant_pk)
    except ApplicationError as error:
        if error.code == "not_found":
            raise Http404 from None
        raise
    return redirect("portal:family", pk=case.pk)


def people_choices(case: Application) -> list[tuple[str, str]]:
    return [(person.person, person.name) for person in document_checklist(case)]


@applicant_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist per person, and the upload form."""
    case = _own_draft(request, pk)
    initial = DocumentsQuery(request.GET).values()
    form = UploadForm(request.POST or None, request.FILES or None, people=people_choices(case), initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            upload_document(
                case.pk, request.user, kind=form.cleaned_data["kind"], person=form.cleaned_data["person"],
                upload=upload, original_name=upload.name or "",
            )
        except DocumentRejected as error:
            form.add_error("file", error.message)
        else:
            return redirect("portal:documents", pk=case.pk)
    context = {
        **draft_context(case, "documents"),
        "form": form,
        "checklist": document_checklist(case),
        "max_mb": max(1, settings.ASMTP_UPLOAD_MAX_BYTES // (1024 * 1024)),
    }
    return render(request, "portal/documents.html", context, status=400 if form.errors else 200)


@applicant_required
@require_POST
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    case = _own_draft(request, pk)
    if not case.documents.filter(pk=document_pk).exists():
        raise Http404
    remove_document(case.pk, request.user, document_pk)
    return redirect("portal:documents", pk=case.pk)
