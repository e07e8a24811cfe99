"""Who may open what: every URL pattern × every role × their own or someone else's object.

The expectations table below names every route the site has. A route added without an entry
fails `test_every_route_has_an_entry_in_the_matrix`, so nobody ships a page whose access rule
was never decided. For each route and role a GET must give the expected kind of answer:

    open    the page answers (2xx, or a redirect that is not to sign-in)
    login   a redirect to the sign-in page (or 401 for the API)
    hidden  404 — the answer for another person's object and for a role the page is not for
    refused 403 — the employer area's "this part is for employers" page, the same for any
            object id, and the Django admin's own rule
    method  405 — a POST-only action (GET is refused for everyone; who may POST is in
            POST_RULES below, and what each action does is tested in its area)

No answer may be a 5xx, whatever the role.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from asmtp.analytics.services import refresh_analytics_extract
from asmtp.evisa.models import EVisa
from asmtp.evisa.services import issue_evisa
from tests.integration.employers.factories import make_draft, make_offer
from tests.integration.evisa.factories import approved_case

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous", "applicant", "other_applicant", "employer_staff", "other_company_staff",
    "officer", "senior_officer", "analyst", "administrator",
)
STAFF = ("officer", "senior_officer", "analyst", "administrator")
APPLICANTS = ("applicant", "other_applicant")
EMPLOYERS = ("employer_staff", "other_company_staff")

# The case page's actions, one named view each.
WORKBENCH_ACTIONS = ("claim", "assign", "request_information", "assess", "recommend", "decide", "note", "message")


@dataclass(frozen=True)
class Rule:
    """The answer each role gets; roles not named get `default`."""

    default: str
    roles: dict[str, str] = field(default_factory=dict)

    def expected(self, role: str) -> str:
        return self.roles.get(role, self.default)


def public() -> Rule:
    return Rule("open")


def signed_in(default: str = "hidden", **roles: str) -> Rule:
    return Rule(default, {"anonymous": "login", **roles})


def only(*roles: str) -> dict[str, str]:
    return dict.fromkeys(roles, "open")


OWNER = {"applicant": "open", "other_applicant": "hidden"}
COMPANY = {"employer_staff": "open", "other_company_staff": "hidden"}
OFFICERS = only("officer", "senior_officer")
ANALYSTS = only("analyst", "administrator")
NOT_EMPLOYERS = dict.fromkeys((*APPLICANTS, *STAFF), "refused")


def employer_area(**roles: str) -> Rule:
    """Employer pages tell other roles the area is for employers (403, whatever the object)."""
    return Rule("hidden", {"anonymous": "login", **NOT_EMPLOYERS, **roles})


# POST-only actions: GET answers 405 to everyone before any other check, so it says nothing.
POST_ONLY = Rule("method")

# route name -> Rule. Objects in the URL belong to `applicant` (cases, e-Visas) or to
# `employer_staff`'s company (offers), so `other_*` roles always meet someone else's object.
MATRIX: dict[str, Rule] = {
    "health": public(),
    "readiness": public(),
    "set_language": public(),  # GET only redirects back
    "root": public(),
    "home": public(),
    "signed_in": public(),  # a redirect: staff to their own area, anyone else home
    "accessibility": public(),
    "api:statistics": Rule("open_or_unpublished"),
    "api:ping": public(),
    "api:openapi": public(),  # the OpenAPI document
    "api:assessments": POST_ONLY,  # stateless self-check, open to anyone by POST
    "api:evisa-verify": Rule("bad_request"),  # no token given: 400 with the field named
    "api:evisa-keys": public(),
    "audit_checkpoint": Rule("open_or_not_yet"),  # the audit chain's public anchor (ADR 0004)
    "audit_checkpoint_key": Rule("open_or_not_yet"),
    "api:case_status": Rule("hidden", {"anonymous": "login", **OWNER}),
    "accounts:login": public(),
    "accounts:logout": Rule("method"),
    "accounts:keep_alive": Rule("method"),  # "stay signed in", POST only
    "accounts:two_factor": signed_in("open", **dict.fromkeys((*APPLICANTS, *EMPLOYERS), "hidden")),
    "accounts:two_factor_setup": signed_in("open", **dict.fromkeys((*APPLICANTS, *EMPLOYERS), "hidden")),
    # Passkeys and recovery codes: staff's own, hidden from everyone else (staff without a second
    # factor are sent to set one up; the JSON steps of a passkey ceremony are POST only).
    **{f"accounts:{name}": signed_in("open", **dict.fromkeys((*APPLICANTS, *EMPLOYERS), "hidden")) for name in (
        "two_factor_methods", "recovery_code", "recovery_codes")},
    **{f"accounts:{name}": POST_ONLY for name in (
        "passkey_register_options", "passkey_register", "passkey_remove", "passkey_sign_in_options", "passkey_sign_in")},
    "accounts:register": public(),
    "accounts:register_done": public(),
    "accounts:verify": Rule("bad_link"),
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": public(),
    "accounts:password_reset_complete": public(),
    "portal:dashboard": signed_in(**only(*APPLICANTS)),
    "portal:self_check": public(),
    "portal:start": signed_in(**only(*APPLICANTS)),
    # Draft pages use the applicant's draft; the others their submitted (approved) case.
    **{f"portal:{name}": signed_in(**OWNER) for name in ("case", "step", "family", "documents", "review")},
    # No request is open on the case, so even its owner meets an unknown request id.
    "portal:respond": signed_in(),
    # POST-only applicant actions: the role is checked first, then the method (405 for any case id).
    **{f"portal:{name}": signed_in(**dict.fromkeys(APPLICANTS, "method")) for name in (
        "start", "family_remove", "document_remove", "extend")},
    "portal:withdraw": signed_in(**OWNER),  # GET asks the owner to confirm
    # A landing page for visitors, the company's dashboard for its staff.
    "employers:dashboard": Rule("refused", {"anonymous": "open", **only(*EMPLOYERS)}),
    "employers:register": public(),
    "employers:staff": employer_area(**only(*EMPLOYERS)),
    "employers:certificate_upload": employer_area(**dict.fromkeys(EMPLOYERS, "method")),
    "employers:welcome": Rule("bad_link"),
    "employers:offer_new": employer_area(**only(*EMPLOYERS)),
    "employers:offer": employer_area(**COMPANY),
    "employers:offer_edit": employer_area(**COMPANY),
    "employers:offer_document": signed_in(**COMPANY),
    "employers:case": employer_area(**COMPANY),
    **{f"employers:{name}": employer_area(**dict.fromkeys(EMPLOYERS, "method")) for name in (
        "offer_document_upload", "offer_document_remove", "offer_file", "offer_withdraw", "offer_invite")},
    # Linking an offer code is the applicant's step; staff of companies are told it is not theirs.
    "employers:link": Rule("refused", {"anonymous": "login", **only(*APPLICANTS)}),
    "employers:linked": Rule("refused", {"anonymous": "login", **OWNER}),
    "workbench:queue": signed_in(**OFFICERS),
    "workbench:case": signed_in(**OFFICERS),
    "workbench:document": signed_in(),  # an unknown document id: hidden even from officers
    "workbench:letter": signed_in(**OFFICERS),  # the case's acknowledgement letter, as a PDF
    **{f"workbench:{name}": POST_ONLY for name in WORKBENCH_ACTIONS},
    # Companies' claims to their Business Registration numbers, checked by officers.
    "companies:queue": signed_in(**OFFICERS),
    "companies:claim": signed_in(**OFFICERS),
    "companies:certificate": signed_in(),  # `company` was verified without an upload: hidden even from officers
    "companies:decide": POST_ONLY,
    "evisa:verify": public(),
    "evisa:mine": signed_in("open"),  # lists the signed-in person's own e-Visas, none for most roles
    "evisa:download": signed_in(**OWNER, **OFFICERS),
    "evisa:revoke": signed_in(**OFFICERS),
    "evisa:case": signed_in(**OFFICERS),
    "payments:record_issuance_fee": signed_in(**dict.fromkeys(("officer", "senior_officer"), "method")),
    "evisa:issue": signed_in(**dict.fromkeys(("officer", "senior_officer"), "method")),
    # Fees: the case's bills for its owner and officers; the world's case reference and e-Visa
    # number are no bill's or receipt's, so those are hidden from everyone signed in.
    "payments:case": signed_in(**OWNER, **OFFICERS),
    "payments:fps_qr": signed_in(),
    "payments:receipt": signed_in(),
    "payments:counter": signed_in(**dict.fromkeys(("officer", "senior_officer"), "method")),
    "payments:statements": signed_in(**OFFICERS),
    "payments:exceptions": signed_in(**OFFICERS),
    "payments:resolve": signed_in(**dict.fromkeys(("officer", "senior_officer"), "method")),
    # Analytics shows no one else that it exists, signed in or not.
    "analytics:dashboard": Rule("hidden", ANALYSTS),
    "analytics:refresh": POST_ONLY,
    "analytics:chart": Rule("hidden", ANALYSTS),
    "analytics:csv": Rule("hidden", ANALYSTS),
    "analytics:public": public(),
    # Policy simulations: analysts' pages, hidden from everyone else; no run exists, so its
    # pages are hidden even from analysts.
    "simulations:index": Rule("hidden", ANALYSTS),
    "simulations:run": Rule("hidden"),
    "simulations:progress": Rule("hidden"),
    "simulations:chart": Rule("hidden"),
    "simulations:csv": Rule("hidden"),
    # Everyone signed in is a data subject; a download answers only its owner (none exists here).
    "privacy:index": signed_in("open"),
    "privacy:download": signed_in(),
}
# The Django admin: Django's own access rule (is_staff), checked once for the site's index.
ADMIN = Rule("login", {"administrator": "open"})


def all_routes() -> dict[str, str]:
    """Every named URL pattern of the site: name -> route with its parameters."""
    found: dict[str, str] = {}

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
            elif pattern.name:
                found[f"{namespace}{pattern.name}"] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "/", "")
    return found


def test_every_route_has_an_entry_in_the_matrix():
    routes = {name for name in all_routes() if not name.startswith("admin:")}
    assert routes - MATRIX.keys() == set(), "new routes need an access rule in MATRIX"
    assert MATRIX.keys() - routes == set(), "MATRIX names routes that no longer exist"


@pytest.fixture
def world(db, applicant, officer, senior_officer, employer_staff, company):
    """One applicant's approved case with an e-Visa, and an offer filed by `employer_staff`."""
    case = approved_case(applicant, officer, senior_officer, offer_by=employer_staff, with_fee=True)
    evisas = issue_evisa(case.pk, officer, today=dt.date.today())
    offer = make_offer(employer_staff)
    document = case.documents.first()
    offer_document = offer.documents.first()
    draft = make_draft(applicant)
    refresh_analytics_extract()
    return {
        "draft_pk": draft.pk,
        "pk": case.pk, "case_id": case.pk, "reference": case.reference, "number": evisas[0].number,
        "view": "work", "dependant_pk": 999_999, "document_pk": 999_999, "document_id": getattr(document, "pk", 999_999),
        "letter_id": case.letters.first().pk, "request_pk": 999_999, "step": "personal", "action": "claim", "key": "industry", "run_id": 999_999, "entry_id": 999_999, "dimension": "industry", "fmt": "svg",
        "token": "not-a-real-token", "uidb64": "MQ", "offer_pk": offer.pk, "company_pk": company.pk, "offer_document_pk": getattr(offer_document, "pk", 1),
    }


def _url(name: str, route: str, world: dict[str, object]) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if name.startswith("employers:") and key == "pk":
            key = "pk" if name in {"employers:case", "employers:linked"} else "offer_pk"
        if name.startswith("portal:") and key == "pk" and name in DRAFT_PAGES:
            key = "draft_pk"
        if name.startswith("companies:") and key == "pk":
            key = "company_pk"
        if name.startswith("employers:") and key == "document_pk":
            key = "offer_document_pk"
        return str(world[key])

    return re.sub(r"<(?:\w+:)?(\w+)>", value, route).replace("^", "").replace("$", "")


DRAFT_PAGES = {"portal:step", "portal:family", "portal:documents", "portal:review"}


def _kind(response) -> str:
    status = response.status_code
    location = response.get("Location", "")
    if status == 503:
        return "503"
    if status >= 500:
        return f"server error {status}"
    if status in (301, 302) and ("/accounts/login/" in location or "/admin/login/" in location):
        return "login"
    if status == 401:
        return "login"
    if status < 400:
        return "open"
    return {404: "hidden", 403: "refused", 405: "method", 400: "bad_request"}.get(status, str(status))


ACCEPTABLE = {
    "open_or_unpublished": {"open", "503"},  # the open statistics answer 503 until first published
    "bad_link": {"open", "bad_request", "hidden"},  # a forged one-time link: an explanation, never access
    "open_or_not_yet": {"open", "hidden"},  # the audit checkpoint and its key: 404 until the first is written
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_access_the_matrix_gives_it(role, world, request, client):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    problems = []
    for name, route in sorted(all_routes().items()):
        if name.startswith("admin:"):
            continue
        if name not in MATRIX:
            problems.append(f"{name}: no rule in MATRIX")
            continue
        expected = MATRIX[name].expected(role)
        url = _url(name, route, world)
        got = _kind(client.get(url))
        if got not in ACCEPTABLE.get(expected, {expected}):
            problems.append(f"{name} {url}: expected {expected}, got {got}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_reach_the_django_admin(role, request):
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert _kind(client.get("/en/admin/")) == ADMIN.expected(role)


def test_someone_elses_case_answers_exactly_like_a_case_that_does_not_exist(world, client, other_applicant):
    client.force_login(other_applicant)
    theirs = client.get(f"/en/portal/applications/{world['pk']}/")
    missing = client.get("/en/portal/applications/987654/")
    assert theirs.status_code == missing.status_code == 404
    theirs_path = f"portal/applications/{world['pk']}/".encode()
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    mine = token.sub(b"", theirs.content.replace(theirs_path, b""))
    other = token.sub(b"", missing.content.replace(b"portal/applications/987654/", b""))
    assert mine == other
    api_theirs = client.get(f"/api/v1/cases/{world['reference']}/status")
    api_missing = client.get("/api/v1/cases/ASMTP-0000-000000/status")
    assert api_theirs.status_code == api_missing.status_code == 404
    assert api_theirs.json() == api_missing.json()


def test_an_evisa_of_someone_else_is_hidden_from_its_download_link(world, client, other_applicant):
    client.force_login(other_applicant)
    assert EVisa.objects.filter(number=world["number"]).exists()
    assert client.get(f"/en/evisa/{world['number']}/pdf/work/").status_code == 404


# --- POST: who may act ----------------------------------------------------------------------------
#
# The same routes, sent a POST with an empty form by every role. A role the GET rule keeps out
# (login, hidden, refused) gets the same answer to a POST (or 405 where a page only shows things,
# the same for everyone), and the POST changes nothing: no audit entry, no case event, no job. POST-only actions (GET answers 405) have their own rule here.
# A role the route is for may get any answer but a server error (an empty form is refused with a
# message, or the action runs: each area's tests check what it does).

POST_RULES: dict[str, Rule] = {
    "api:assessments": Rule("bad_request"),  # open to anyone: an empty body is not JSON (400)
    "accounts:logout": Rule("open"),
    "accounts:keep_alive": signed_in("open"),  # 204 for anyone signed in; 401 otherwise
    **{f"accounts:{name}": signed_in("open", **dict.fromkeys((*APPLICANTS, *EMPLOYERS), "hidden")) for name in (
        "passkey_register_options", "passkey_register", "passkey_remove", "passkey_sign_in_options", "passkey_sign_in")},
    "payments:counter": signed_in(**OFFICERS),
    "payments:resolve": signed_in(**OFFICERS),
    "portal:start": signed_in(**only(*APPLICANTS)),
    "portal:family_remove": signed_in(),  # the draft's owner meets an unknown family member: 404
    "portal:document_remove": signed_in(),  # likewise an unknown document
    "portal:extend": signed_in(**OWNER),
    **{f"employers:{name}": employer_area(**COMPANY) for name in (
        "offer_document_upload", "offer_document_remove", "offer_file", "offer_withdraw", "offer_invite")},
    **{f"workbench:{name}": signed_in(**OFFICERS) for name in WORKBENCH_ACTIONS},
    "employers:certificate_upload": employer_area(**only(*EMPLOYERS)),
    "companies:decide": signed_in(**OFFICERS),
    "payments:record_issuance_fee": signed_in(**OFFICERS),
    "evisa:issue": signed_in(**OFFICERS),
    "analytics:refresh": Rule("hidden", ANALYSTS),
}
KEPT_OUT = {"login", "hidden", "refused"}


def _post_rule(name: str) -> Rule:
    return POST_RULES.get(name) or MATRIX[name]


def _changes() -> tuple[int, int, int]:
    from django_tasks_db.models import DBTaskResult

    from asmtp.audit.models import AuditEntry
    from asmtp.cases.models import CaseEvent

    return AuditEntry.objects.count(), CaseEvent.objects.count(), DBTaskResult.objects.count()


def test_every_post_only_route_has_a_post_rule():
    post_only = {name for name, rule in MATRIX.items() if "method" in {rule.default, *rule.roles.values()}}
    assert post_only - POST_RULES.keys() == set(), "POST-only routes need a rule in POST_RULES"
    assert POST_RULES.keys() - MATRIX.keys() == set(), "POST_RULES names routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_a_post_from_a_role_kept_out_is_refused_and_changes_nothing(role, world, request):
    problems = []
    for name, route in sorted(all_routes().items()):
        if name.startswith("admin:"):
            continue
        client = Client()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        expected = _post_rule(name).expected(role)
        url = _url(name, route, world)
        before = _changes()
        got = _kind(client.post(url, {}))
        if got.startswith("server error"):
            problems.append(f"POST {name} {url}: {got}")
        elif expected in KEPT_OUT:
            # 405 on a page that only shows things is the same answer for everyone: it says nothing.
            if got not in {expected, "method"}:
                problems.append(f"POST {name} {url}: expected {expected}, got {got}")
            if _changes() != before:
                problems.append(f"POST {name} {url}: answered {got} but changed the audit log, case events or jobs")
    assert not problems, "\n".join(problems)
