"""Officer pages: the queues, a case, its documents, and the actions on it.

Views parse, check that the user is an officer (anyone else gets 404), call one service and
render. Errors from the services come back as the same case page with the message beside the
form and whatever the officer typed still in it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.forms import BaseForm
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
from asmtp.cases.rules_in_force import extension_guidance, with_extension_applied
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
from asmtp.web.access import officer_required
from asmtp.workbench import forms, presentation, services
from asmtp.workbench.errors import message_for
from asmtp.workbench.models import PolicyFlag
from asmtp.workbench.presentation import CRITERION_LABELS, FINDING_LABELS, OUTCOME_LABELS, label
from asmtp.workbench.selectors import QUEUES, QueueFilters, queue_page, search_cases

REASON_KEYS = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}


def _officer_case(pk: int, *, for_the_page: bool = False) -> Application:
    # A draft is still the applicant's private work: it does not exist for the workbench.
    cases = Application.objects.select_related("offer__company", "assigned_officer", "previous")
    if for_the_page:
        # Read with it what the case page asks of every case: whether it has open policy flags
        # and an extension in hand. Most cases have neither, and then the page asks no more.
        cases = with_extension_applied(cases).annotate(
            has_open_flags=Exists(PolicyFlag.objects.filter(application=OuterRef("pk"), resolved_at__isnull=True))
        )
    case = cases.filter(pk=pk).first()
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
        for name, form_class in ACTION_FORMS.items()
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
    if not case.has_open_flags:  # type: ignore[attr-defined]  # read with the case (_officer_case for the page)
        return []
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
    case = _officer_case(pk, for_the_page=True)
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



def _officer(request: HttpRequest) -> User:
    # Only reached through `officer_required`: the user is signed in.
    return cast(User, request.user)


# The case page's forms, by the name each has on the page (and in its element ids).
ACTION_FORMS: dict[str, type[Any]] = {
    "claim": forms.ClaimForm,
    "assign": forms.AssignForm,
    "request_information": forms.InformationRequestForm,
    "assess": forms.AssessForm,
    "recommend": forms.RecommendForm,
    "decide": forms.DecideForm,
    "note": forms.NoteForm,
    "message": forms.MessageForm,
}
Perform = Callable[[User, Application, dict[str, Any]], object]


def _act(request: HttpRequest, pk: int, name: str, perform: Perform, done: str, **form_kwargs: Any) -> HttpResponse:
    """One officer action from the case page: check its form, run its use case, and either go back
    to the case page or show the page again with the form as filled and what was wrong (400 for
    the form, 409 for a step the case's state refuses or a case changed meanwhile)."""
    form_class = ACTION_FORMS[name]
    form = form_class(request.POST, auto_id=f"{name}-%s", **form_kwargs)

    def again(bound: BaseForm, status: int, error: str = "", shown: Application | None = None) -> HttpResponse:
        # The case as it is now, read as the case page reads it, with the form as it was filled.
        shown = shown or _officer_case(pk, for_the_page=True)
        context = _case_context(request, shown, bound={name: bound}, error=error, error_form=name)
        return render(request, "workbench/case.html", context, status=status)

    if not form.is_valid():
        return again(form, 400)
    case = _officer_case(pk)
    try:
        perform(_officer(request), case, form.cleaned_data)
    except StaleCase:
        current = _officer_case(pk, for_the_page=True)
        data = request.POST.copy()
        data["version"] = str(current.version)  # a deliberate resubmit, after reading, applies to this state
        return again(form_class(data, auto_id=f"{name}-%s", **form_kwargs), 409, message_for("stale_case"), current)
    except services.WorkbenchError as refused:
        return again(form, refused.http_status, refused.message)
    except TransitionRefused as refused:  # the state machine's refusal (the domain knows no HTTP): a conflict
        return again(form, 409, message_for(refused.code))
    messages.success(request, str(done))
    return HttpResponseRedirect(reverse("workbench:case", args=[pk]))


@require_POST
@officer_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "claim", lambda officer, case, data: services.claim_case(
        case.pk, officer, expected_version=data["version"]), _("You have claimed the case."))


@require_POST
@officer_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "assign", lambda officer, case, data: services.assign_case(
        case.pk, officer, officer_id=data["officer"].pk, expected_version=data["version"]), _("The case is assigned."))


@require_POST
@officer_required
def request_information(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "request_information", lambda officer, case, data: services.request_information(
        case.pk, officer, items=[{"kind": kind, "dependant_id": None} for kind in data["kinds"]],
        message=data["message"], due_on=data["due_on"], expected_version=data["version"],
    ), _("The request was sent to the applicant."))


@require_POST
@officer_required
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "assess", lambda officer, case, data: services.record_assessment(
        case.pk, officer, expected_version=data["version"]), _("The assessment is recorded."))


@require_POST
@officer_required
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "recommend", lambda officer, case, data: services.recommend(
        case.pk, officer, verdict=data["verdict"], reason=data["reason"], expected_version=data["version"],
    ), _("Your recommendation is recorded and waits for a second officer."))


@require_POST
@officer_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    # The findings a refusal may quote are checked by the use case against the case's assessment.
    findings = [(criterion, criterion) for criterion in request.POST.getlist("criteria")]
    return _act(request, pk, "decide", lambda officer, case, data: services.decide_case(
        case.pk, officer, decision=data["decision"], reason=data["reason"], criteria=data["criteria"],
        expected_version=data["version"],
    ), _("The decision is recorded."), findings=findings)


@require_POST
@officer_required
def note(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "note", lambda officer, case, data: services.add_note(
        case.pk, officer, body=data["body"]), _("The note is saved."))


@require_POST
@officer_required
def message(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "message", lambda officer, case, data: services.send_message(
        case.pk, officer, body=data["body"]), _("The message was sent."))
