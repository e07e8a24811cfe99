"""Officer pages: the queues, a case, its documents, and the actions on it.

Views parse, check that the user is an officer (anyone else gets 404), call one service and
render. Errors from the services come back as the same case page with the message beside the
form and whatever the officer typed still in it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from asmtp.accounts.models import User
from asmtp.cases.letters import letter_filename, letter_pdf
from asmtp.cases.models import Application, Assessment, Document, Letter
from asmtp.cases.services import StaleCase, actor_for, snapshot_of
from asmtp.domain.lifecycle import (
    OPEN_STATUSES,
    Action,
    Status,
    TransitionRefused,
    permanent_residence_milestone,
    refusal,
)
from asmtp.policy.finding_sources import finding_source
from asmtp.portal.extensions import extension_guidance
from asmtp.web.access import officer_required
from asmtp.workbench import forms, presentation, services
from asmtp.workbench.errors import message_for
from asmtp.workbench.models import PolicyFlag
from asmtp.workbench.presentation import CRITERION_LABELS, FINDING_LABELS, OUTCOME_LABELS, label
from asmtp.workbench.selectors import QUEUES, QueueFilters, queue_page, search_cases

REASON_KEYS = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}


def _officer_case(pk: int) -> Application:
    # A draft is still the applicant's private work: it does not exist for the workbench.
    case = (
        Application.objects.select_related("offer__company", "assigned_officer", "previous")
        .filter(pk=pk)
        .first()
    )
    if case is None or case.status == Status.DRAFT:
        raise Http404
    return case


# --- queues -------------------------------------------------------------------------------------


@require_GET
@officer_required
def queue(request: HttpRequest) -> HttpResponse:
    query_values = forms.QueueQuery(request.GET).values()
    name = query_values["queue"]
    filters = QueueFilters(
        industry=query_values["industry"].upper(),
        talent_list=query_values["talent_list"],
        outcome=query_values["outcome"],
        edition=query_values["edition"],
    )
    before = query_values["before"]
    today = timezone.localdate()
    search = query_values["q"].strip()
    if search:
        page = search_cases(search)
    else:
        page = queue_page(name, _officer(request).pk, today=today, filters=filters, before=before)
    for row in page.rows:
        row["status_label"] = label(presentation.STATUS_LABELS, row["status"])
        row["outcome_label"] = label(OUTCOME_LABELS, row["rules_outcome"])
        row["stream_label"] = presentation.stream_and_trade(row["stream"], row["employment_data__tp_trade"])
        # The processing pledge runs only while a case is open; a decided or closed case has none.
        row["pledge_applies"] = row["status"] in OPEN_STATUSES
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "workbench/queue.html",
        {
            "queues": QUEUES,
            "current": name,
            "page": page,
            "filters": filters,
            "today": today,
            "query": query.urlencode(),
            "first_page": before is None,
            "search": search,
        },
    )


# --- the case page ------------------------------------------------------------------------------


def _findings(result: dict[str, Any]) -> list[dict[str, Any]]:
    key = REASON_KEYS.get(translation.get_language() or "en", "en")
    return [
        {
            **f,
            "text": (f.get("reason") or {}).get(key) or (f.get("reason") or {}).get("en", ""),
            "label": label(CRITERION_LABELS, f.get("criterion")),
            "status_label": label(FINDING_LABELS, f.get("status")),
            "reference": finding_source(f, key),
        }
        for f in result.get("findings", [])
    ]


def _forms_for(case: Application, bound: dict[str, Any], latest: Assessment | None) -> dict[str, Any]:
    """The action forms, the decision's offering the findings of ``latest`` (the page's assessment, read once)."""
    initial = {"version": case.version}
    findings = [
        (
            f["criterion"],
            _("%(criterion)s (%(result)s)")
            % {
                "criterion": label(CRITERION_LABELS, f["criterion"]),
                "result": label(FINDING_LABELS, f["status"]),
            },
        )
        for f in (latest.result.get("findings", []) if latest else [])
    ]
    built = {
        name: form_class(initial=initial, auto_id=f"{name}-%s")
        for name, (form_class, _h, _d) in ACTIONS.items()
        if name != "decide"
    }
    built["decide"] = forms.DecideForm(initial=initial, findings=findings, auto_id="decide-%s")
    built.update(bound)
    return built


def _stay_record(case: Application) -> dict[str, Any]:
    record: dict[str, Any] = {}
    if case.limit_of_stay_on:
        record["limit_of_stay_on"] = case.limit_of_stay_on
        record["extension"] = extension_guidance(case, timezone.localdate())
    if case.first_admitted_on:
        record["first_admitted_on"] = case.first_admitted_on
        record["permanent_residence_on"] = permanent_residence_milestone(case.first_admitted_on)
    return record


def _letters(case: Application) -> list[dict[str, Any]]:
    return [
        {
            "letter": letter,
            "kind": letter.get_kind_display(),
            "language": label(presentation.LANGUAGE_LABELS, letter.language),
        }
        for letter in Letter.objects.filter(application=case).order_by("-id")
    ]


def _people_and_offer(case: Application) -> dict[str, Any]:
    """The applicant, the offer (or the employment declared) and the dependants, named in words."""
    applicant_data, employment = case.applicant_data or {}, case.employment_data or {}
    dependants = list(case.dependants.all())
    for dependant in dependants:
        dependant.outcome_label = label(OUTCOME_LABELS, dependant.rules_outcome)
    offer = case.offer
    return {
        "case": case,
        "offer": offer,
        "company": offer.company if offer else None,
        "employment": employment,
        "applicant_data": applicant_data,
        "answers": presentation.applicant_answers(applicant_data),
        "edition_label": label(presentation.EDITION_LABELS, case.edition),
        "stream_label": presentation.stream_and_trade(case.stream, employment.get("tp_trade")),
        "talent_list_name": presentation.talent_list_name(offer.talent_list_profession if offer else ""),
        "salary": presentation.money(
            offer.monthly_salary_hkd if offer else employment.get("monthly_salary_hkd")
        ),
        "dependants": dependants,
    }


def _flags(case: Application) -> list[dict[str, Any]]:
    return [
        {
            "flag": flag,
            # A privacy correction re-opens the assessment through the same flag (asmtp.privacy.services).
            "correction": flag.new_fingerprint.startswith("correction:"),
            "old": label(OUTCOME_LABELS, flag.old_outcome),
            "new": label(OUTCOME_LABELS, flag.new_outcome),
            "differences": [
                {
                    "person": presentation.person_label(str(d.get("person", ""))),
                    "criterion": label(CRITERION_LABELS, d.get("criterion")),
                    "old": label(FINDING_LABELS, d.get("old")),
                    "new": label(FINDING_LABELS, d.get("new")),
                }
                for d in flag.differences
            ],
        }
        for flag in PolicyFlag.objects.filter(application=case, resolved_at__isnull=True)
    ]


def _case_context(
    request: HttpRequest,
    case: Application,
    *,
    bound: dict[str, Any] | None = None,
    error: str = "",
    error_form: str = "",
) -> dict[str, Any]:
    actor = actor_for(request.user)
    snapshot = snapshot_of(case)
    offered = {str(a) for a in Action if refusal(snapshot, a, actor) is None}
    if case.assigned_officer_id is not None and case.assigned_officer_id == actor.id:
        offered.discard(str(Action.CLAIM))  # taking over is for colleagues; the case is already theirs
    approve_refusal = refusal(snapshot, Action.APPROVE, actor)
    latest = case.assessments.select_related("created_by").order_by("-id").first()
    documents = case.documents.select_related("dependant").order_by("uploaded_at")
    shown = forms.CaseQuery(request.GET).values()["document"]
    viewing = documents.filter(pk=shown).first() if shown is not None else None
    return {
        **_people_and_offer(case),
        "documents": documents,
        "viewing": viewing,
        "assessment": latest,
        "outcome_label": label(OUTCOME_LABELS, latest.outcome) if latest else "",
        "findings": _findings(latest.result) if latest else [],
        "notes": case.notes.select_related("author"),
        "history": presentation.history(case.events.select_related("actor").order_by("-id")),
        "requests": case.information_requests.all(),  # the page lists each request, not its documents
        "messages_sent": case.messages.select_related("sender"),
        "letters": _letters(case),
        "flags": _flags(case),
        "offered": offered,
        "forms": _forms_for(case, bound or {}, latest),
        "maker_checker": approve_refusal is not None and approve_refusal.code == "maker_checker",
        "show_decision": case.status == Status.RECOMMENDED
        and getattr(request.user, "role", "") == "senior_officer",
        "stay": _stay_record(case),
        "pledge_applies": case.status in OPEN_STATUSES,
        "error": error,
        "error_form": error_form,
    }


@require_GET
@officer_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _officer_case(pk)
    return render(request, "workbench/case.html", _case_context(request, case))


# An uploaded file, opened on its own, is a sandboxed document that may load nothing at all.
DOCUMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"


@require_GET
@officer_required
@xframe_options_sameorigin
def document(request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
    """A document's bytes, only to an officer, never from a public media URL.

    A PDF is always downloaded (`attachment`), never shown inside the service's pages, so a PDF
    that slipped past the upload screen (or was stored before it read object streams) runs
    nothing in the service's origin; a photo is shown inline. Both under a sandboxing
    Content-Security-Policy and `nosniff`, so no upload is ever run as a page or a script.
    """
    case = _officer_case(pk)
    doc = Document.objects.filter(pk=document_id, application=case).first()
    if doc is None:
        raise Http404
    services.record_officer_access(_officer(request), case, what="document", object_id=doc.pk)
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type)
    as_attachment = doc.content_type not in {"image/jpeg", "image/png"}
    response["Content-Disposition"] = content_disposition_header(as_attachment, doc.original_name) or "attachment"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@officer_required
def letter(request: HttpRequest, pk: int, letter_id: int) -> HttpResponseBase:
    """A letter sent on the case, as the PDF the applicant received, to download.

    Mirrors the document viewer: officers only, never cached, and each download is audited.
    """
    case = _officer_case(pk)
    found = Letter.objects.select_related("application").filter(pk=letter_id, application=case).first()
    if found is None:
        raise Http404
    services.record_officer_access(_officer(request), case, what="letter", object_id=found.pk)
    response = HttpResponse(letter_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, letter_filename(found))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- actions ------------------------------------------------------------------------------------

Handler = Callable[[HttpRequest, Application, Any], object]


def _officer(request: HttpRequest) -> User:
    # Only reached through `officer_required`: the user is signed in.
    return cast(User, request.user)


def _version(form: Any) -> int:
    return int(form.cleaned_data["version"])


def _request_information(request: HttpRequest, case: Application, form: Any) -> object:
    items = [{"kind": kind, "dependant_id": None} for kind in form.cleaned_data["kinds"]]
    return services.request_information(
        case.pk,
        _officer(request),
        items=items,
        message=form.cleaned_data["message"],
        due_on=form.cleaned_data["due_on"],
        expected_version=_version(form),
    )


ACTIONS: dict[str, tuple[type[Any], Handler, Any]] = {
    "claim": (
        forms.ClaimForm,
        lambda r, c, f: services.claim_case(c.pk, _officer(r), expected_version=_version(f)),
        _("You have claimed the case."),
    ),
    "assign": (
        forms.AssignForm,
        lambda r, c, f: services.assign_case(
            c.pk, _officer(r), officer_id=f.cleaned_data["officer"].pk, expected_version=_version(f)
        ),
        _("The case is assigned."),
    ),
    "request_information": (
        forms.InformationRequestForm,
        _request_information,
        _("The request was sent to the applicant."),
    ),
    "assess": (
        forms.AssessForm,
        lambda r, c, f: services.record_assessment(c.pk, _officer(r), expected_version=_version(f)),
        _("The assessment is recorded."),
    ),
    "recommend": (
        forms.RecommendForm,
        lambda r, c, f: services.recommend(
            c.pk,
            _officer(r),
            verdict=f.cleaned_data["verdict"],
            reason=f.cleaned_data["reason"],
            expected_version=_version(f),
        ),
        _("Your recommendation is recorded and waits for a second officer."),
    ),
    "decide": (
        forms.DecideForm,
        lambda r, c, f: services.decide_case(
            c.pk,
            _officer(r),
            decision=f.cleaned_data["decision"],
            reason=f.cleaned_data["reason"],
            criteria=f.cleaned_data["criteria"],
            expected_version=_version(f),
        ),
        _("The decision is recorded."),
    ),
    "note": (
        forms.NoteForm,
        lambda r, c, f: services.add_note(c.pk, _officer(r), body=f.cleaned_data["body"]),
        _("The note is saved."),
    ),
    "message": (
        forms.MessageForm,
        lambda r, c, f: services.send_message(c.pk, _officer(r), body=f.cleaned_data["body"]),
        _("The message was sent."),
    ),
}


@require_POST
@officer_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    case = _officer_case(pk)
    form_class, handler, done = ACTIONS[action]
    extra = {"findings": [(c, c) for c in request.POST.getlist("criteria")]} if action == "decide" else {}
    form = form_class(request.POST, auto_id=f"{action}-%s", **extra)
    if not form.is_valid():
        context = _case_context(request, case, bound={action: form}, error_form=action)
        return render(request, "workbench/case.html", context, status=400)
    try:
        handler(request, case, form)
    except StaleCase as stale:
        current = stale.case or _officer_case(pk)
        data = request.POST.copy()
        data["version"] = str(current.version)  # a deliberate resubmit, after reading, applies to this state
        context = _case_context(
            request,
            current,
            bound={action: form_class(data, auto_id=f"{action}-%s", **extra)},
            error=message_for("stale_case"),
            error_form=action,
        )
        return render(request, "workbench/case.html", context, status=409)
    except (TransitionRefused, services.WorkbenchError) as refused:
        context = _case_context(
            request,
            _officer_case(pk),
            bound={action: form},
            error=message_for(refused.code),
            error_form=action,
        )
        return render(request, "workbench/case.html", context, status=409)
    messages.success(request, str(done))
    return HttpResponseRedirect(reverse("workbench:case", args=[pk]))
