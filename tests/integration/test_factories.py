"""The tests' case factory (tests/factories.py) builds each case as the service would have it.

For every trait it offers, the case's `CaseEvent` rows replay through the domain state machine to
the case as stored (status and every guard's field), an approved case has the stay that
`decide_case` grants, and no test writes a case's status by hand.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from asmtp.audit.services import verify_audit_chain
from asmtp.cases.models import CaseEvent
from asmtp.cases.services import snapshot_of
from asmtp.domain.lifecycle import Action, Actor, Role, Status, Transition, add_months, replay
from asmtp.evisa.models import EVisa
from asmtp.payments.models import Bill
from tests.factories import PEOPLE, STAGES, TRAITS, advance, make_case, stage_of

pytestmark = pytest.mark.django_db

HK = dt.timezone(dt.timedelta(hours=8))


def event_log(case) -> list[Transition]:
    return [
        Transition(Action(e.action), Actor(e.actor_id, Role(e.actor_role)), Status(e.from_status), Status(e.to_status), e.reason, e.data)
        for e in CaseEvent.objects.filter(application=case).order_by("id")
    ]


@pytest.mark.parametrize("trait", TRAITS)
def test_every_trait_builds_a_case_whose_events_replay_to_what_is_stored(applicant, officer, senior_officer, trait):
    case = make_case(applicant, trait, officer=officer, senior_officer=senior_officer)
    assert replay(event_log(case)) == snapshot_of(case)
    if trait in STAGES:
        assert stage_of(case) == trait and case.status == STAGES[trait][1]
    if trait in PEOPLE:
        assert [d.relationship for d in case.dependants.all()] == [PEOPLE[trait]["relationship"]]


@pytest.mark.parametrize("stage", ["submitted", "approved", "issued", "refused", "withdrawn"])
def test_the_portal_route_submits_a_complete_file_and_replays_too(applicant, officer, senior_officer, stage):
    case = make_case(applicant, stage, "portal", "with_spouse", "with_child", officer=officer, senior_officer=senior_officer)
    assert replay(event_log(case)) == snapshot_of(case)
    assert case.documents.exists() and case.dependant_count == 2


def test_an_approved_case_has_the_stay_decide_case_grants_from_the_day_of_the_decision(applicant, officer, senior_officer):
    decided = dt.datetime(2026, 4, 14, 10, 0, tzinfo=HK)
    case = make_case(applicant, "approved", "with_spouse", officer=officer, senior_officer=senior_officer, at=decided)
    assert case.decided_by == senior_officer and case.decided_at == decided
    assert case.granted_months == 36
    assert case.limit_of_stay_on == add_months(dt.date(2026, 4, 14), 36) == dt.date(2029, 4, 14)
    assert case.first_admitted_on == dt.date(2026, 4, 14)
    assert Bill.objects.filter(application=case, kind="issuance", status="unpaid").get().lines.count() == 2  # billed on approval
    assert case.letters.filter(kind="approval").count() == 1
    assert verify_audit_chain()[1] == []  # the entries written on the factory's clock still hash as read back


def test_an_issued_case_carries_the_decisions_limit_of_stay_on_every_e_visa(applicant, officer, senior_officer):
    case = make_case(applicant, "issued", "with_child", officer=officer, senior_officer=senior_officer, issued_on=timezone.localdate())
    evisas = EVisa.objects.filter(application=case)
    assert evisas.count() == 2
    assert {evisa.limit_of_stay_on for evisa in evisas} == {case.limit_of_stay_on} != {None}


def test_a_case_filed_long_ago_and_decided_now_keeps_both_days(applicant, officer, senior_officer):
    filed = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    case = make_case(applicant, "approved", officer=officer, senior_officer=senior_officer, submitted_at=filed)
    assert case.submitted_at == filed
    assert timezone.localtime(case.decided_at).date() == timezone.localdate()
    assert case.limit_of_stay_on == add_months(timezone.localdate(), 36)


def test_a_refusal_quotes_the_failed_findings_and_replays(applicant, officer, senior_officer):
    case = make_case(applicant, "refused", officer=officer, senior_officer=senior_officer, reason="No degree.")
    refusal = case.events.get(action="refuse")
    assert [quote["criterion"] for quote in refusal.data["findings"]] == ["education"]
    assert case.decision_reasons == "No degree." and case.limit_of_stay_on is None


def test_a_case_opened_by_a_use_case_is_advanced_from_where_it_is(applicant, officer, senior_officer):
    case = make_case(applicant, "draft")
    case = advance(case, "claimed", officer=officer)
    case = advance(case, "approved", officer=officer, senior_officer=senior_officer)
    assert [e.action for e in case.events.order_by("id")] == [
        "submit", "claim", "record_assessment", "recommend_approval", "approve",
    ]
    with pytest.raises(ValueError, match="cannot be taken on"):
        advance(case, "withdrawn")


def test_a_stage_that_needs_an_officer_says_so(applicant, officer):
    with pytest.raises(TypeError, match="officer="):
        make_case(applicant, "claimed")
    with pytest.raises(TypeError, match="senior_officer="):
        make_case(applicant, "approved", officer=officer)
    with pytest.raises(ValueError, match="one stage"):
        make_case(applicant, "submitted", "claimed", officer=officer)
    with pytest.raises(ValueError, match="unknown trait"):
        make_case(applicant, "granted")


# --- no test writes a case's status by hand ---------------------------------------------------

TESTS = Path(__file__).resolve().parents[1]

# Files that may: the analytics caseload is hundreds of cases written straight to the tables
# (tests/integration/analytics/factories.py says why).
MAY_WRITE_STATUS = {"integration/analytics/factories.py"}
WRITES = {"update", "create", "get_or_create", "update_or_create", "bulk_create"}
CASE_NAMES = {"case", "grant", "change", "draft", "application", "extension", "approved", "submitted", "refused", "previous"}


def status_writes(tree: ast.AST) -> list[int]:
    """The lines that write an application's status other than through the state machine:
    `Application(status=...)`, `Application.objects...update(status=...)` (or create...), and
    `case.status = ...` on a variable holding a case."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and any(keyword.arg == "status" for keyword in node.keywords):
            called = ast.unparse(node.func)
            if called == "Application" or (called.startswith("Application.") and called.rsplit(".", 1)[-1] in WRITES):
                lines.append(node.lineno)
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (isinstance(target, ast.Attribute) and target.attr == "status" and isinstance(target.value, ast.Name)
                        and target.value.id in CASE_NAMES):
                    lines.append(node.lineno)
    return sorted(lines)


def test_the_check_for_status_writes_finds_each_kind_of_write():
    source = """
Application.objects.filter(pk=1).update(status="approved")
Application.objects.create(
    applicant=user,
    status="submitted",
)
case.status = "refused"
Company.objects.filter(pk=1).update(status="verified")
assert case.status == "refused"
"""
    assert status_writes(ast.parse(source)) == [2, 3, 7]


def test_no_test_writes_an_applications_status_by_hand():
    offending = []
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(TESTS).as_posix()
        if name in MAY_WRITE_STATUS:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        offending += [f"tests/{name}:{number}: {lines[number - 1].strip()}" for number in status_writes(ast.parse(source))]
    assert offending == [], "build cases with tests/factories.py instead:\n" + "\n".join(offending)
