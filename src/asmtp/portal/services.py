"""The applicant's use cases: drafting an application step by step, family, submission,
withdrawal, answering a request for documents, and applying to extend a stay.

Every function takes the signed-in user and finds the case among *their* cases only, so
another person's case is simply not found (the page answers 404). Status changes go through
`asmtp.cases.services.perform_action`; everything else writes its own audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import IO, Any, ClassVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.audit.services import record_audit_event
from asmtp.cases.documents import checked_upload, document_checklist, upload_document
from asmtp.cases.models import Application, ApplicationKind, CaseStatus, Dependant, InformationRequest
from asmtp.cases.rules_in_force import check_extension_for, extension_in_hand, service_policy
from asmtp.cases.services import StaleCase, denormalise, open_draft, perform_action
from asmtp.cases.tp_quota import TECHNICAL_PROFESSIONAL, TPQuotaFull, check_tp_place_left, secure_tp_place
from asmtp.domain.eligibility.single import child_finding
from asmtp.domain.lifecycle import Action, StayRefused, TransitionRefused
from asmtp.errors import CodedError

DRAFT_STEPS = ("personal", "education", "employment", "family", "declarations", "documents", "review")
# How often saving a step or submitting reads the draft again when it changed after it was read
# (the applicant's own requests racing each other: a double click, two tabs).
CHANGED_DRAFT_ATTEMPTS = 3


class ApplicationError(CodedError):
    """A request the rules refuse; `code` selects a message, `field` the form field it belongs to."""

    MESSAGES: ClassVar[Mapping[str, Promise]] = {
        "not_found": _("This application was not found."),
        "not_draft": _("This application has been submitted and can no longer be changed."),
        "unknown_step": _("This part of the application does not exist."),
        "child_too_old": _("A child must be under %(age)s on the day you apply. A son or daughter aged %(age)s or over cannot come as a dependant."),
        "child_married": _("Only unmarried children can come as dependants."),
        "one_partner": _("You can bring only one spouse or civil partner."),
        "born_in_future": _("The date of birth cannot be in the future."),
        "incomplete": _("Some parts of the application are not finished yet."),
        "declaration_required": _("Tick the declaration to confirm that the information is true and complete."),
        "wrong_key": _("This form is out of date. Open the application again and submit it from there."),
        "stale": _("This application changed while it was being saved. Check it and try again."),
        "cannot_withdraw": _("This application can no longer be withdrawn."),
        "request_answered": _("This request has already been answered."),
        "no_documents": _("Upload at least one document to answer the request."),
        "not_extendable": _("Only an approved stay can be extended."),
        "extension_too_early": _("It is too early to apply to extend your stay. Your application's page says from which day you can."),
        "extension_too_late": _("Your limit of stay has passed, so it can no longer be extended online."),
        "no_limit_of_stay": _("Only an approved stay can be extended."),
        **TPQuotaFull.MESSAGES,
    }

    FALLBACK = _("Something went wrong. Please try again.")


def _own_case(case_id: int, user: Any, *, lock: bool = True) -> Application:
    cases = Application.objects.select_for_update() if lock else Application.objects
    case = cases.filter(pk=case_id, applicant_id=user.pk).first()
    if case is None:
        raise ApplicationError("not_found")
    return case


def _own_draft(case_id: int, user: Any, *, lock: bool = True) -> Application:
    case = _own_case(case_id, user, lock=lock)
    if case.status != CaseStatus.DRAFT:
        raise ApplicationError("not_draft")
    return case


# --- starting ------------------------------------------------------------------------------------


def start_application(user: Any, *, idempotency_key: str, language: str, edition: str) -> Application:
    """Open a new draft. The same form key twice (a double click) opens it once."""
    existing = Application.objects.filter(idempotency_key=idempotency_key, applicant_id=user.pk).order_by("pk").first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            case = open_draft(user, idempotency_key=idempotency_key, language=language, edition=edition)
    except IntegrityError:
        # A concurrent request with the same key won the race; that one is the application.
        return Application.objects.get(idempotency_key=idempotency_key, applicant=user)
    return case


def start_extension(previous_id: int, user: Any, *, idempotency_key: str, today: dt.date | None = None) -> Application:
    """Open a draft extension of stay, pre-filled from the grant it extends."""
    today = today or timezone.localdate()
    existing = Application.objects.filter(idempotency_key=idempotency_key, applicant=user).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        previous = _own_case(previous_id, user)
        if previous.status not in {CaseStatus.APPROVED, CaseStatus.EVISA_ISSUED}:
            raise ApplicationError("not_extendable")
        try:
            check_extension_for(previous, today)
        except StayRefused as refused:
            raise ApplicationError(refused.code) from None
        draft = previous.follow_ups.filter(status=CaseStatus.DRAFT, kind=ApplicationKind.EXTENSION).first()
        if draft is not None:
            return draft
        # A stay is extended once: a second press (an old page, another tab) finds the one applied for.
        in_hand = extension_in_hand(previous)
        if in_hand is not None:
            return in_hand
        case = open_draft(
            user,
            kind=ApplicationKind.EXTENSION,
            previous=previous,
            idempotency_key=idempotency_key,
            language=previous.language,
            edition=previous.edition,
            applicant_data=previous.applicant_data,
            employment_data=dict(previous.employment_data) if previous.employment_data is not None else None,
            offer=previous.offer,
            first_admitted_on=previous.first_admitted_on or (previous.decided_at.date() if previous.decided_at else None),
            audit_event="application.extension_started",
            audit_data={"previous": previous.reference},
        )
        for dependant in previous.dependants.all():
            dependant.pk = None
            dependant.application = case
            dependant.rules_outcome = ""
            dependant.save()
    return case


# --- drafting ------------------------------------------------------------------------------------


def save_draft_step(case_id: int, user: Any, step: str, data: dict[str, Any]) -> Application:
    """Store one step's answers in the draft (merged into the engine's JSON).

    The draft is read without a lock and written back only if its version is still the one read
    (otherwise read again): the write transaction holds no reading, so on SQLite, whose writers
    take turns, nobody waits while another applicant's draft is read and merged."""
    if step not in DRAFT_STEPS:
        raise ApplicationError("unknown_step")
    for _attempt in range(CHANGED_DRAFT_ATTEMPTS):
        case = _own_draft(case_id, user, lock=False)
        read_version = case.version
        if step == "employment":
            # `None` means "not answered yet"; an empty dict means "no job offer".
            case.employment_data = _employment_and_stream(case, dict(data))
        else:
            case.applicant_data = {**(case.applicant_data or {}), **data}
        case.draft_step = step
        denormalise(case)
        case.version += 1
        case.updated_at = timezone.now()
        with transaction.atomic():
            written = Application.objects.filter(pk=case.pk, status=CaseStatus.DRAFT, version=read_version).update(
                **{name: getattr(case, name) for name in DRAFT_STEP_FIELDS}
            )
            if written:
                record_audit_event(
                    "application.draft_saved", actor=user, object_type="application", object_id=case.pk, data={"step": step}
                )
                return case
    raise ApplicationError("stale")


def _employment_and_stream(case: Application, data: dict[str, Any]) -> dict[str, Any]:
    """The employment step also chooses the stream and, in the TP stream, declares the trade's
    minimum qualification (an applicant's answer, kept with the applicant's data the engine reads).
    A TP draft for a trade whose quota is full is refused at the trade (rules.md: drafts included)."""
    stream = str(data.pop("stream", "") or "general")
    qualified = data.pop("meets_trade_minimum_qualification", None)
    applicant = dict(case.applicant_data or {})
    if stream == TECHNICAL_PROFESSIONAL:
        try:
            check_tp_place_left(data.get("tp_trade"))
        except TPQuotaFull as full:
            raise ApplicationError(full.code, full.field, params=full.params) from None
        applicant["meets_trade_minimum_qualification"] = bool(qualified)
    else:
        data.pop("tp_trade", None)
        applicant.pop("meets_trade_minimum_qualification", None)
    case.stream = stream
    case.applicant_data = applicant
    return data


# What saving a step changes: the answers, where the applicant is, the columns copied out of
# the answers for the queues and statistics (`asmtp.cases.services.denormalise`), and the version.
DENORMALISED_FIELDS = ("name_en", "name_zh", "province_code", "industry", "talent_list_profession", "monthly_salary_hkd")
DRAFT_STEP_FIELDS = ("applicant_data", "employment_data", "stream", "draft_step", *DENORMALISED_FIELDS, "version", "updated_at")


def completed_steps(case: Application) -> set[str]:
    """The steps whose answers are all in (the review page lists the others)."""
    applicant = case.applicant_data or {}
    done = set()
    if applicant.get("name_en") and applicant.get("mainland_id_number") and applicant.get("date_of_birth"):
        done.add("personal")
    if applicant.get("education_level") and "experience_years" in applicant:
        done.add("education")
    if case.employment_data is not None or case.offer_id:
        done.add("employment")
    if "criminal_conviction_declared" in applicant:
        done.add("declarations")
    done.add("family")  # coming alone is a complete answer
    if all(not person.missing for person in document_checklist(case)):
        done.add("documents")
    return done


def child_age_limit(edition: str | None = None, today: dt.date | None = None) -> int:
    """The age a child must be under to come as a dependant, in the policy in force (the words the forms show)."""
    policy = service_policy(edition or settings.ASMTP_EDITION)
    return int(policy.parameter("dependants.child_age_limit_years").value_at(today or timezone.localdate()))


def check_dependant(
    relationship: str, date_of_birth: dt.date, marital_status: str, today: dt.date, others: Iterable[Dependant],
    *, edition: str | None = None,
) -> None:
    """The family rules a dependant must meet before it is added (raises `ApplicationError`).

    A child is judged by the engine's own relationship criterion with the policy in force today."""
    if date_of_birth > today:
        raise ApplicationError("born_in_future", "date_of_birth")
    if relationship == Dependant.Relationship.CHILD:
        child = child_finding(date_of_birth, marital_status or None, service_policy(edition or settings.ASMTP_EDITION), today)
        if child.over_age:
            raise ApplicationError("child_too_old", "date_of_birth", params={"age": child.age_limit_years})
        if child.married:
            raise ApplicationError("child_married", "marital_status")
    partners = {Dependant.Relationship.SPOUSE, Dependant.Relationship.CIVIL_PARTNER}
    if relationship in partners and any(other.relationship in partners for other in others):
        raise ApplicationError("one_partner", "relationship")


def add_dependant(case_id: int, user: Any, data: dict[str, Any], today: dt.date | None = None) -> Dependant:
    """Add a spouse, civil partner or child to the draft."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _own_draft(case_id, user)
        others = list(case.dependants.all())
        check_dependant(data["relationship"], data["date_of_birth"], data.get("marital_status", ""), today, others, edition=case.edition)
        dependant = Dependant.objects.create(application=case, position=len(others), **data)
        case.dependant_count = len(others) + 1
        case.draft_step = "family"
        case.version += 1
        case.save()
        record_audit_event(
            "application.dependant_added", actor=user, object_type="application", object_id=case.pk,
            data={"dependant": dependant.pk, "relationship": dependant.relationship},
        )
    return dependant


def remove_dependant(case_id: int, user: Any, dependant_id: int) -> None:
    """Take a family member (and their documents) off the draft."""
    with transaction.atomic():
        case = _own_draft(case_id, user)
        deleted, _detail = case.dependants.filter(pk=dependant_id).delete()
        if not deleted:
            raise ApplicationError("not_found")
        case.dependant_count = case.dependants.count()
        case.version += 1
        case.save()
        record_audit_event(
            "application.dependant_removed", actor=user, object_type="application", object_id=case.pk,
            data={"dependant": dependant_id},
        )


# --- submitting and after -----------------------------------------------------------------------


def submit_application(case_id: int, user: Any, *, idempotency_key: str, declared: bool) -> Application:
    """Submit the draft: a reference number, the pledge clock, an acknowledgement letter by e-mail.

    Submitting again with the same form (a double click, a retry after a timeout) returns the
    application already submitted: one application, one reference, one e-mail.

    The checks read the case without locking it; the SUBMIT action then locks it and goes ahead
    only if its version is still the one checked (every change to a draft, a document removed
    included, moves the version on). So no writer waits while the checklist is read, a repeat
    answers from a plain read, and a draft that changed in between is checked again.
    """
    for _attempt in range(CHANGED_DRAFT_ATTEMPTS):
        case = _own_case(case_id, user, lock=False)
        if case.idempotency_key != idempotency_key:
            raise ApplicationError("wrong_key")
        if case.status != CaseStatus.DRAFT:
            if case.reference:
                return case
            raise ApplicationError("not_draft")
        if not declared:
            raise ApplicationError("declaration_required", "declaration")
        if set(DRAFT_STEPS) - {"review"} - completed_steps(case):
            raise ApplicationError("incomplete")
        try:
            with transaction.atomic():
                if case.stream == TECHNICAL_PROFESSIONAL:
                    # A TP place is taken in the submission's transaction: given back if it fails.
                    try:
                        secure_tp_place((case.employment_data or {}).get("tp_trade"), timezone.localdate())
                    except TPQuotaFull as full:
                        raise ApplicationError(full.code, full.field, params=full.params) from None
                # The SUBMIT action itself issues the acknowledgement letter (once, keyed by the case)
                # and e-mails it after commit; see asmtp.cases.services and asmtp.cases.letters.
                return perform_action(case.pk, Action.SUBMIT, user, expected_version=case.version)
        except StaleCase:
            continue  # changed (or submitted by a double click) since it was read: read it again
    raise ApplicationError("stale")


def withdraw_application(case_id: int, user: Any, *, reason: str = "") -> Application:
    """Withdraw an application that has not been decided yet."""
    with transaction.atomic():
        case = _own_case(case_id, user)
        try:
            return perform_action(case.pk, Action.WITHDRAW, user, reason=reason.strip())
        except TransitionRefused:
            raise ApplicationError("cannot_withdraw") from None


def respond_to_information_request(
    case_id: int,
    user: Any,
    request_id: int,
    uploads: list[tuple[str, str, IO[bytes], str]],
) -> Application:
    """Answer an officer's request with documents: (kind, person, file, name) each.

    Every file is checked before any is stored, so one bad file leaves nothing half-answered.
    """
    if not uploads:
        raise ApplicationError("no_documents", "file")
    for _kind, _person, upload, name in uploads:
        checked_upload(upload, name)  # screened as upload_document will, so a hostile file stores nothing
    with transaction.atomic():
        case = _own_case(case_id, user)
        request = InformationRequest.objects.select_for_update().filter(pk=request_id, application=case).first()
        if request is None:
            raise ApplicationError("not_found")
        if request.answered_at is not None or case.status != CaseStatus.AWAITING_APPLICANT:
            raise ApplicationError("request_answered")
        for kind, person, upload, name in uploads:
            upload_document(case.pk, user, kind=kind, person=person, upload=upload, original_name=name, information_request_id=request.pk)
        request.answered_at = timezone.now()
        request.save(update_fields=["answered_at"])
        return perform_action(case.pk, Action.RESPOND, user, data={"information_request": request.pk})
