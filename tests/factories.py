"""The one place the tests build cases: through the use cases and the state machine, never a status
written by hand.

`make_case(applicant, *traits, **options)` opens a draft as the portal does (`open_draft`, family
by `add_dependant`) and moves it to the stage its traits name with the use cases an applicant and
officers use: submission, `claim_case`, `request_information`, `record_assessment`, `recommend`,
`decide_case` (which writes the grant of stay and opens the issuance bill), `record_issuance_fee`,
`issue_evisa`, `withdraw_application` (a lapse, the system's step, has no use case: it is the
LAPSE action through `perform_action`). So every case's `CaseEvent` rows replay through
`asmtp.domain.lifecycle` to what is stored (tests/integration/test_factories.py checks each trait,
and that no test writes a status by hand).

Stages (one at most; "draft" if none): "draft", "submitted", "claimed" (assessing, held by
`officer`), "awaiting_applicant", "assessed", "recommended", "recommended_refusal", "approved",
"fee_paid", "issued", "refused", "withdrawn", "lapsed". Officers' stages need `officer=`; a
decision needs `senior_officer=` as well (a second officer: maker-checker).

People: "with_spouse" and "with_child" add `SPOUSE` and `CHILD`; `dependants=` adds any others.

"portal": the draft is started and filled in through the portal's own steps (`start`,
`fill_particulars`), every document on the checklist is uploaded and the case is submitted by
`submit_application`, which checks all of that. Without it the particulars are given whole to
`open_draft` and the SUBMIT action is taken through `perform_action` (the portal's checks of a
complete file aside, the same step): quicker, and what tests not about the portal's pages need.

Time: `submitted_at=` is the moment of the SUBMIT action (the case filed then, worked on now).
`at=` runs every use case on a clock (`clock`) set to that moment, so that `decide_case` itself
writes a limit of stay counted from that day; the jobs they queue (letters' e-mails, the rules'
run) are then queued at that moment too, as they would have been. `decided_for(limit)` is the
`at=` of a grant whose limit of stay a test needs on a given day. `issued_on=` is the e-Visa's
day of issue (the clock's day if not given).

`advance(case, stage, ...)` moves a case some use case opened (an extension, a change of
employment) on through the same steps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import uuid
from collections.abc import Iterator, Sequence
from typing import Any
from unittest import mock

from django.db import transaction
from django.utils import timezone

from asmtp.cases.documents import document_checklist, upload_document
from asmtp.cases.models import Application, ApplicationKind, CaseStatus
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action, add_months
from asmtp.evisa.services import issue_evisa
from asmtp.payments.services import record_issuance_fee
from asmtp.portal import services as portal
from asmtp.workbench import services as workbench
from tests.unit.portal.samples import mainland_id, pdf_bytes

# --- the people on a case --------------------------------------------------------------------

PRINCIPAL: dict[str, Any] = {
    "name_en": "LI, Wei",
    "name_zh": "李伟",
    "sex": "M",
    "date_of_birth": "1990-05-17",
    "mainland_id_number": "110105199005170011",
    "travel_document": {"type": "EEP", "number": "C12345678"},
    "residence": "mainland",
    "education_level": "master",
    "experience_years": 6,
    "criminal_conviction_declared": False,
}

SPOUSE: dict[str, Any] = {
    "relationship": "spouse", "name_en": "WANG, Fang", "name_zh": "王芳", "sex": "F", "date_of_birth": dt.date(1991, 8, 2),
    "travel_document": {"type": "EEP", "number": "C87654321"},
}
CHILD: dict[str, Any] = {
    "relationship": "child", "name_en": "LI, Xiaoming", "name_zh": "李晓明", "sex": "M", "date_of_birth": dt.date(2019, 1, 9),
    "marital_status": "single",
}

# The family the portal's own steps add (`fill_particulars` route, "portal" trait).
PORTAL_SPOUSE: dict[str, Any] = {"relationship": "spouse", "name_en": "WANG Fang", "sex": "F", "date_of_birth": dt.date(1991, 2, 3),
                                 "marital_status": "married"}
PORTAL_CHILD: dict[str, Any] = {"relationship": "child", "name_en": "LI Xiaoming", "sex": "M", "date_of_birth": dt.date(2018, 9, 1),
                                "marital_status": "single"}
BORN = dt.date(1990, 5, 17)

# --- the engine's answer ---------------------------------------------------------------------

CONTRACT_RESULT: dict[str, Any] = {
    "outcome": "eligible",
    "findings": [],
    "stay": {"initial_months": 36, "extension_months": [36, 24], "top_tier": False},
    "fees_hkd": {"application": 600, "issuance": 1300},
    "talent_list": False,
    "dependants": [],
}


def finding(criterion: str, status: str, en: str = "") -> dict[str, Any]:
    text = en or f"{criterion} is {status}"
    return {"criterion": criterion, "status": status, "reference": "ImmD ASMTP guidebook",
            "reason": {"en": text, "zh-Hans": f"{criterion}：简体理由", "zh-Hant": f"{criterion}：繁體理由"}, "facts": {}}


class FakeEngine:
    """Answers like `assess_application`, with the findings it is given; remembers its calls.

    The result has the engine contract's shape (rules.md) for a 2026 application: 36 months'
    stay, HK$600 application and HK$1,300 issuance fee per person. A hand-written result rather
    than a live run keeps tests about what follows an assessment, not about today's rules.
    `findings` default to identity and education passed (an empty list: none, as `CONTRACT_RESULT`);
    `dependants` are the outcomes for the case's dependants, in order ("ineligible" ones are not
    billed nor issued an e-Visa).
    """

    def __init__(self, outcome: str = "eligible", findings: list[dict[str, Any]] | None = None,
                 dependants: Sequence[str] = ()) -> None:
        self.outcome = outcome
        self.findings = [finding("identity", "pass"), finding("education", "pass")] if findings is None else list(findings)
        self.dependants = list(dependants)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, data: dict[str, Any], *, edition: str | None = None, as_of: dt.date | None = None) -> dict[str, Any]:
        self.calls.append({"data": data, "edition": edition, "as_of": as_of})
        return {**CONTRACT_RESULT, "id": data.get("id"), "edition": edition, "as_of": str(as_of), "outcome": self.outcome,
                "findings": self.findings,
                "dependants": [{"index": index, "outcome": outcome} for index, outcome in enumerate(self.dependants)]}


def refusing_engine() -> FakeEngine:
    """An engine that finds the education criterion failed: what a refusal quotes."""
    return FakeEngine("ineligible", [finding("identity", "pass"), finding("education", "fail", "No degree.")])


# --- the clock -------------------------------------------------------------------------------


@contextlib.contextmanager
def clock(moment: dt.datetime | None) -> Iterator[None]:
    """Run the use cases inside as if it were `moment` (``timezone.now`` and all read from it:
    `timezone.localdate`, auto_now columns, the audit entries); the real clock when None."""
    if moment is None:
        yield
        return
    if timezone.is_naive(moment):
        raise ValueError(f"the factory's clock needs an aware datetime, not {moment!r}")
    utc = moment.astimezone(dt.UTC)  # as timezone.now() answers: what is hashed (the audit chain) is what is read back
    with mock.patch.object(timezone, "now", lambda: utc):
        yield


def decided_for(limit_of_stay_on: dt.date, months: int = 36) -> dt.datetime:
    """The moment (10:00 in Hong Kong) a decision grants a stay of `months` ending on
    `limit_of_stay_on`: `at=` for a case whose limit of stay a test needs on a given day."""
    decided_on = add_months(limit_of_stay_on, -months)
    if add_months(decided_on, months) != limit_of_stay_on:
        raise ValueError(f"no decision grants {months} months ending on {limit_of_stay_on}")
    return dt.datetime.combine(decided_on, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8)))


# --- the portal's own steps ------------------------------------------------------------------


def start(applicant: Any, *, language: str = "en") -> Application:
    """A new draft as the portal's "new application" button opens it."""
    return portal.start_application(applicant, idempotency_key=uuid.uuid4().hex, language=language, edition="direct")


PORTAL_EMPLOYMENT: dict[str, Any] = {
    "employer_name": "Harbour Analytics Limited", "business_registration_number": "12345678", "job_title": "Data scientist",
    "industry": "J", "monthly_salary_hkd": 45000, "relevant_to_background": True, "local_recruitment_evidence": False,
}


def fill_particulars(case: Application, applicant: Any, *, offer: bool = False, employment: dict[str, Any] | None = None) -> Application:
    """Every step of the form answered through `save_draft_step`: the employment step with
    `employment`, else a job offer's details if `offer`, else no job offer."""
    portal.save_draft_step(case.pk, applicant, "personal", {
        "name_en": "LI Wei", "name_zh": "李伟", "sex": "M", "date_of_birth": BORN.isoformat(),
        "mainland_id_number": mainland_id(BORN, sequence="011"), "travel_document": {"type": "EEP", "number": "C12345678"},
        "residence": "mainland", "hk_degree_graduate": False,
    })
    portal.save_draft_step(case.pk, applicant, "education", {
        "education_level": "master", "field_of_study": "Computer science", "professional_qualifications": [], "experience_years": 6,
    })
    if employment is None:
        employment = dict(PORTAL_EMPLOYMENT) if offer else {}
    portal.save_draft_step(case.pk, applicant, "employment", employment)
    return portal.save_draft_step(case.pk, applicant, "declarations", {"criminal_conviction_declared": False})


def upload(case: Application, applicant: Any, kind: str, person: str = "principal", content: bytes | None = None, name: str = "scan.pdf"):
    return upload_document(case.pk, applicant, kind=kind, person=person, upload=io.BytesIO(content or pdf_bytes()), original_name=name)


def upload_all(case: Application, applicant: Any) -> None:
    """Every document the checklist still asks of the case's people."""
    for person in document_checklist(case):
        for item in person.missing:
            upload(case, applicant, item.kind, person.person)


# --- traits ----------------------------------------------------------------------------------

# Each stage, the stage it follows and the status it leaves the case in.
STAGES: dict[str, tuple[str | None, str]] = {
    "draft": (None, CaseStatus.DRAFT),
    "submitted": ("draft", CaseStatus.SUBMITTED),
    "withdrawn": ("submitted", CaseStatus.WITHDRAWN),
    "claimed": ("submitted", CaseStatus.ASSESSING),
    "awaiting_applicant": ("claimed", CaseStatus.AWAITING_APPLICANT),
    "lapsed": ("awaiting_applicant", CaseStatus.LAPSED),
    "assessed": ("claimed", CaseStatus.ASSESSING),
    "recommended": ("assessed", CaseStatus.RECOMMENDED),
    "recommended_refusal": ("assessed", CaseStatus.RECOMMENDED),
    "approved": ("recommended", CaseStatus.APPROVED),
    "fee_paid": ("approved", CaseStatus.APPROVED),
    "issued": ("fee_paid", CaseStatus.EVISA_ISSUED),
    "refused": ("recommended_refusal", CaseStatus.REFUSED),
}
PEOPLE: dict[str, dict[str, Any]] = {"with_spouse": SPOUSE, "with_child": CHILD}
ROUTES = frozenset({"portal"})
TRAITS = (*STAGES, *PEOPLE, *ROUTES)

NEEDS_OFFICER = frozenset(STAGES) - {"draft", "submitted", "withdrawn"}
NEEDS_SENIOR_OFFICER = frozenset({"approved", "fee_paid", "issued", "refused"})
REFUSING = frozenset({"recommended_refusal", "refused"})

REQUEST_ITEMS: list[dict[str, Any]] = [{"kind": "degree_certificate", "dependant_id": None}]
REQUEST_MESSAGE = "Please upload your degree certificate."
REFUSAL_REASON = "The education criterion is not met."


def path_to(stage: str) -> list[str]:
    """The stages a case goes through to reach `stage`, the draft first."""
    steps: list[str] = []
    current: str | None = stage
    while current is not None:
        steps.append(current)
        current = STAGES[current][0]
    return steps[::-1]


def _stage_of(traits: Sequence[str]) -> str:
    unknown = [trait for trait in traits if trait not in TRAITS]
    if unknown:
        raise ValueError(f"unknown trait(s) {unknown}; the factory offers {list(TRAITS)}")
    stages = [trait for trait in traits if trait in STAGES]
    if len(stages) > 1:
        raise ValueError(f"a case is at one stage, not {stages}")
    return stages[0] if stages else "draft"


def make_case(
    applicant: Any,
    *traits: str,
    officer: Any = None,
    senior_officer: Any = None,
    engine: Any = None,
    applicant_data: dict[str, Any] | None = None,
    employment_data: dict[str, Any] | None = None,
    dependants: Sequence[dict[str, Any]] = (),
    offer: Any = None,
    offer_by: Any = None,
    language: str | None = None,
    edition: str = "direct",
    kind: str = ApplicationKind.ENTRY,
    previous: Application | None = None,
    at: dt.datetime | None = None,
    submitted_at: dt.datetime | None = None,
    issued_on: dt.date | None = None,
    reason: str = "",
) -> Application:
    """A case at the stage its traits name, built through the use cases (see the module's doc).

    `applicant_data` replaces `PRINCIPAL`; `employment_data` is the employment step's answers
    (None: not answered); `offer_by` (an employer's staff) files a job offer for the case, or
    `offer` is one already filed; `kind` and `previous` make a follow-up of a grant; `language`
    is the case's (zh-hans; en through the portal); `engine` answers the assessment (by default
    `CONTRACT_RESULT`, eligible with no findings; `refusing_engine()` on the way to a refusal);
    `reason` is the refusal's or the withdrawal's; `at`, `submitted_at` and `issued_on` set the
    clock (see the module's doc).
    """
    stage = _stage_of(traits)
    people = [PEOPLE[trait] for trait in traits if trait in PEOPLE] + list(dependants)
    portal_route = "portal" in traits
    with clock(at):
        if portal_route:
            case = _portal_draft(applicant, people, employment=employment_data, language=language or "en")
        else:
            case = _draft(applicant, people, applicant_data=applicant_data, employment_data=employment_data, offer=offer,
                          offer_by=offer_by, language=language or "zh-hans", edition=edition, kind=kind, previous=previous)
    return advance(case, stage, officer=officer, senior_officer=senior_officer, engine=engine, at=at, submitted_at=submitted_at,
                   issued_on=issued_on, reason=reason, through_the_portal=portal_route)


def stage_of(case: Application) -> str:
    """The stage a stored case has reached, as the traits name it."""
    status = CaseStatus(case.status)
    if status == CaseStatus.ASSESSING:
        return "assessed" if case.assessed else "claimed"
    if status == CaseStatus.RECOMMENDED:
        return "recommended" if case.recommendation == "approve" else "recommended_refusal"
    if status == CaseStatus.APPROVED:
        return "fee_paid" if case.fee_paid else "approved"
    return {CaseStatus.EVISA_ISSUED: "issued"}.get(status, str(status))


def advance(
    case: Application,
    stage: str,
    *,
    officer: Any = None,
    senior_officer: Any = None,
    engine: Any = None,
    at: dt.datetime | None = None,
    submitted_at: dt.datetime | None = None,
    issued_on: dt.date | None = None,
    reason: str = "",
    through_the_portal: bool = False,
) -> Application:
    """Move `case` on from the stage it is at to `stage` through the use cases; the case as stored."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; the stages are {list(STAGES)}")
    if stage in NEEDS_OFFICER and officer is None:
        raise TypeError(f"a {stage!r} case needs officer=")
    if stage in NEEDS_SENIOR_OFFICER and senior_officer is None:
        raise TypeError(f"a {stage!r} case needs senior_officer= (a second officer decides)")
    now, path = stage_of(case), path_to(stage)
    if now not in path:
        raise ValueError(f"case {case.pk} is {now}: it cannot be taken on to {stage!r}")
    engine = engine or (refusing_engine() if stage in REFUSING else FakeEngine(findings=[]))
    for step in path[path.index(now) + 1:]:
        if step == "submitted":
            # submit_application takes no moment: through the portal the clock gives it.
            with clock(submitted_at if through_the_portal and submitted_at else at):
                _submit(case, through_the_portal=through_the_portal, now=submitted_at)
            continue
        with clock(at):
            _STEPS[step](case, officer=officer, senior_officer=senior_officer, engine=engine, issued_on=issued_on, reason=reason)
    case = Application.objects.get(pk=case.pk)
    if stage_of(case) != stage:
        raise AssertionError(f"the factory left case {case.pk} {stage_of(case)}, not {stage}")
    return case


# --- the steps -------------------------------------------------------------------------------


def _draft(applicant: Any, people: Sequence[dict[str, Any]], *, applicant_data: dict[str, Any] | None,
           employment_data: dict[str, Any] | None, offer: Any, offer_by: Any, language: str, edition: str, kind: str,
           previous: Application | None) -> Application:
    if offer_by is not None and offer is None:
        offer = _filed_offer(offer_by)
    if offer is not None and employment_data is None:
        employment_data = {"relevant_to_background": True}
    with transaction.atomic():
        case = portal.open_draft(
            applicant, language=language, edition=edition, kind=kind, previous=previous,
            applicant_data=dict(PRINCIPAL if applicant_data is None else applicant_data),
            employment_data=employment_data, offer=offer,
        )
    for person in people:
        portal.add_dependant(case.pk, applicant, dict(person))
    return Application.objects.get(pk=case.pk)


def _portal_draft(applicant: Any, people: Sequence[dict[str, Any]], *, employment: dict[str, Any] | None, language: str) -> Application:
    case = fill_particulars(start(applicant, language=language), applicant, employment=employment)
    for person in people:
        portal.add_dependant(case.pk, applicant, dict(person))
    upload_all(case, applicant)
    return Application.objects.get(pk=case.pk)


def _filed_offer(staff: Any) -> Any:
    """A filed job offer by `staff`'s company (the offer's own papers are the employer tests' business)."""
    from asmtp.employers.models import JobOffer

    return JobOffer.objects.create(
        company=staff.company, status=JobOffer.Status.FILED, post_title="Data scientist", monthly_salary_hkd=45_000,
        contract_months=36, created_by=staff,
    )


def _submit(case: Application, *, through_the_portal: bool, now: dt.datetime | None) -> None:
    if through_the_portal:
        portal.submit_application(case.pk, case.applicant, idempotency_key=case.idempotency_key or "", declared=True)
    else:
        perform_action(case.pk, Action.SUBMIT, case.applicant, now=now)


def _claim(case: Application, *, officer: Any, **_: Any) -> None:
    workbench.claim_case(case.pk, officer)


def _ask(case: Application, *, officer: Any, **_: Any) -> None:
    workbench.request_information(case.pk, officer, items=REQUEST_ITEMS, message=REQUEST_MESSAGE)


def _lapse(case: Application, **_: Any) -> None:
    perform_action(case.pk, Action.LAPSE, None)  # the system's step (no use case of its own)


def _assess(case: Application, *, officer: Any, engine: Any, **_: Any) -> None:
    workbench.record_assessment(case.pk, officer, engine=engine)


def _recommend_approval(case: Application, *, officer: Any, **_: Any) -> None:
    workbench.recommend(case.pk, officer, verdict="approve")


def _recommend_refusal(case: Application, *, officer: Any, reason: str, **_: Any) -> None:
    workbench.recommend(case.pk, officer, verdict="refuse", reason=reason or REFUSAL_REASON)


def _approve(case: Application, *, senior_officer: Any, **_: Any) -> None:
    workbench.decide_case(case.pk, senior_officer, decision="approve")


def _refuse(case: Application, *, senior_officer: Any, reason: str, **_: Any) -> None:
    """The refusal quotes every finding the latest assessment failed (`decide_case` asks for one at least)."""
    latest = case.assessments.order_by("-id").first()
    failed = [f["criterion"] for f in (latest.result.get("findings", []) if latest else []) if f.get("status") == "fail"]
    workbench.decide_case(case.pk, senior_officer, decision="refuse", criteria=failed, reason=reason or REFUSAL_REASON)


def _pay(case: Application, *, officer: Any, **_: Any) -> None:
    record_issuance_fee(case.pk, officer)


def _issue(case: Application, *, officer: Any, issued_on: dt.date | None, **_: Any) -> None:
    issue_evisa(case.pk, officer, today=issued_on)


def _withdraw(case: Application, *, reason: str, **_: Any) -> None:
    portal.withdraw_application(case.pk, case.applicant, reason=reason)


_STEPS = {
    "claimed": _claim,
    "awaiting_applicant": _ask,
    "lapsed": _lapse,
    "assessed": _assess,
    "recommended": _recommend_approval,
    "recommended_refusal": _recommend_refusal,
    "approved": _approve,
    "refused": _refuse,
    "fee_paid": _pay,
    "issued": _issue,
    "withdrawn": _withdraw,
}
