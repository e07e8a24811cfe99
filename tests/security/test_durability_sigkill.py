"""Durability: the web process killed with SIGKILL in the middle of submissions, again and again.

A real gunicorn server runs against the test's PostgreSQL database. Client threads submit
prepared drafts through the portal's own submit form, each with an Idempotency-Key, and retry
as a real client would (same key, same form) whenever the connection breaks or the answer is a
503 or 409. Meanwhile the test SIGKILLs the web worker at random moments, at least
KILLS times, and kills the whole server (master included) FULL_RESTARTS times and starts it
again. Afterwards every submission a client saw acknowledged exists exactly once (one
application, one reference, one SUBMIT event, one acknowledgement letter, one audit entry), no
case is half-written, no key is left "running", and the audit chain verifies.
"""

from __future__ import annotations

import copy
import http.client
import itertools
import math
import os
import random
import re
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest

from tests.processes import database_url_of, require_postgresql
from tests.security.server_process import Answer, WebServer, request, service_environment, signed_in_session

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# SIGKILLs of the web worker (fewer with ASMTP_DURABILITY_KILLS while working on this file; CI uses 200)
KILLS = int(os.environ.get("ASMTP_DURABILITY_KILLS", "200"))
FULL_RESTARTS = 1  # of those, kills of master and worker together, followed by a cold start
CLIENTS = 3
# Enough for the clients never to run out before the kills are done, on a fast machine too
# (each kill lets a few submissions through; 1,000 drafts per client take seconds to prepare).
DRAFTS_PER_CLIENT = 1000
REFERENCE = re.compile(r"ASMTP-\d{4}-\d{6}")


@pytest.fixture(autouse=True)
def postgresql_only(settings):
    require_postgresql(settings.DATABASES["default"], "the SIGKILL durability test (several processes)")


def ready_drafts(applicants, count: int) -> dict[int, list[tuple[int, str]]]:
    """Per applicant, `count` drafts ready to submit: one filled in through the portal's services,
    copied in bulk (a submission reads the rows, not the uploaded files)."""
    from asmtp.cases.models import Application, Document
    from tests.integration.portal.factories import ready_to_submit

    template = ready_to_submit(applicants[0])
    documents = list(template.documents.all())
    copies = []
    for applicant in applicants:
        for _ in range(count - (applicant == applicants[0])):
            draft = copy.copy(template)
            draft.pk, draft.applicant, draft.idempotency_key = None, applicant, uuid.uuid4().hex
            copies.append(draft)
    made = Application.objects.bulk_create(copies)
    twins = []
    for draft in made:
        for document in documents:
            twin = copy.copy(document)
            twin.pk, twin.application, twin.uploaded_by = None, draft, draft.applicant
            twins.append(twin)
    Document.objects.bulk_create(twins)
    drafts: dict[int, list[tuple[int, str]]] = {applicant.pk: [] for applicant in applicants}
    for draft in [template, *made]:
        drafts[draft.applicant_id].append((draft.pk, draft.idempotency_key or ""))
    return drafts


@dataclass
class Tally:
    acknowledged: dict[int, str] = field(default_factory=dict)  # case id -> reference the client saw
    attempts: Counter[str] = field(default_factory=Counter)  # "broken", "503", "409", "replayed", ...
    unexpected: list[str] = field(default_factory=list)
    answers: int = 0  # HTTP answers received, whatever their status
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str) -> None:
        with self.lock:
            self.attempts[what] += 1

    def heard(self, answer: Answer) -> Answer:
        with self.lock:
            self.answers += 1
        return answer


def pause(attempt: int) -> None:
    """A client's back-off between retries: short at first, at most a quarter of a second."""
    time.sleep(min(0.25, 0.02 * 2**attempt))


def submit_until_acknowledged(server: WebServer, session: str, case_id: int, key: str, tally: Tally) -> None:
    """POST the submit form until the server answers it, then read the reference from the case page."""
    form = urllib.parse.urlencode({"idempotency_key": key, "declaration": "on"})
    for attempt in itertools.count():
        try:
            answer = tally.heard(
                request(
                    server.port,
                    "POST",
                    f"/en/portal/applications/{case_id}/review/",
                    session=session,
                    form=form,
                    headers={"Idempotency-Key": f"submit-{key}"},
                )
            )
        except (OSError, http.client.HTTPException):  # refused, reset, cut off mid-answer: the server died
            tally.count("broken")
            pause(attempt)
            continue
        if answer.status in (409, 503):
            tally.count(str(answer.status))
            pause(attempt)
            continue
        if answer.status != 302 or answer.headers.get("location") != f"/en/portal/applications/{case_id}/":
            tally.unexpected.append(
                f"submit of case {case_id}: {answer.status} {answer.headers.get('location')} {answer.text[:300]}"
            )
            return
        if answer.headers.get("idempotent-replayed") == "true":
            tally.count("replayed")
        break
    for attempt in itertools.count():
        try:
            page = tally.heard(
                request(server.port, "GET", f"/en/portal/applications/{case_id}/", session=session)
            )
        except (OSError, http.client.HTTPException):
            tally.count("broken")
            pause(attempt)
            continue
        if page.status == 503:
            pause(attempt)
            continue
        found = REFERENCE.search(page.text)
        if page.status != 200 or found is None:
            tally.unexpected.append(f"case page {case_id}: {page.status} {page.text[:300]}")
            return
        with tally.lock:
            tally.acknowledged[case_id] = found.group()
        return


def client_loop(
    server: WebServer, session: str, drafts: list[tuple[int, str]], tally: Tally, stop: threading.Event
) -> None:
    for case_id, key in drafts:
        if stop.is_set():
            return
        try:
            submit_until_acknowledged(server, session, case_id, key, tally)
        except Exception as error:  # reported by the test, never swallowed
            tally.unexpected.append(f"client error on case {case_id}: {error!r}")
    tally.unexpected.append("a client ran out of drafts before the kills were done; raise DRAFTS_PER_CLIENT")


def test_no_acknowledged_submission_is_lost_or_duplicated_when_the_web_process_is_killed_repeatedly(
    settings, tmp_path
):
    from asmtp.audit.services import verify_audit_chain
    from asmtp.cases.models import Application, CaseEvent, Letter, ReferenceCounter
    from asmtp.security.models import IdempotencyRecord
    from tests.personas import make_user

    started = time.monotonic()
    applicants = [make_user(f"durable{n}@example.cn", "applicant") for n in range(CLIENTS)]
    drafts = ready_drafts(applicants, DRAFTS_PER_CLIENT)
    sessions = {user.pk: signed_in_session(user) for user in applicants}
    prepared = time.monotonic()

    server = WebServer(
        service_environment(database_url_of(settings.DATABASES["default"]), tmp_path),
        tmp_path / "gunicorn.log",
    )
    server.start()
    cold_start = time.monotonic() - prepared
    tally, stop = Tally(), threading.Event()
    clients = [
        threading.Thread(
            target=client_loop, args=(server, sessions[u.pk], drafts[u.pk], tally, stop), daemon=True
        )
        for u in applicants
    ]
    seed = random.randrange(1_000_000)
    chance = random.Random(seed)
    full_restart_at = {KILLS * (n + 1) // (FULL_RESTARTS + 1) for n in range(FULL_RESTARTS)}
    respawn_total = 0.0
    try:
        for client in clients:
            client.start()
        for kill in range(1, KILLS + 1):
            if tally.unexpected:  # a client met something it should not (reported below): stop killing
                break
            # Kill at a random moment once the new worker has answered something: the moment
            # falls in a submission, between two, or in the next one's database connection.
            # (A client's report of something unexpected ends the wait at once, so it is what fails.)
            server.wait_for_answers(lambda: tally.answers if not tally.unexpected else math.inf, more_than=tally.answers)
            time.sleep(chance.uniform(0.0, 0.2))
            if kill in full_restart_at:
                server.kill_everything()
                server.start()
                continue
            killed = server.kill_worker()
            before = time.monotonic()
            server.wait_for_new_worker(killed)
            respawn_total += time.monotonic() - before
        stop.set()
        for client in clients:
            client.join(timeout=120)
    finally:
        stop.set()
        server.stop()

    print(
        f"\nSIGKILL durability: {KILLS} kills ({FULL_RESTARTS} of the whole server), "
        f"{len(tally.acknowledged)} submissions acknowledged, retries {dict(tally.attempts)}, "
        f"seed {seed}; preparing {prepared - started:.1f} s, cold start {cold_start:.1f} s, "
        f"mean time to a new worker {respawn_total / max(1, KILLS - FULL_RESTARTS):.2f} s, "
        f"total {time.monotonic() - started:.1f} s"
    )

    assert not any(client.is_alive() for client in clients), "a client never got its submission answered"
    assert tally.unexpected == []
    assert len(tally.acknowledged) >= KILLS // 4, "too few submissions went through to say anything"
    assert tally.attempts["broken"] > 0, "no kill interrupted a request: the test proved nothing"

    acknowledged = tally.acknowledged
    cases = {case.pk: case for case in Application.objects.filter(pk__in=acknowledged)}
    for case_id, reference in acknowledged.items():
        assert cases[case_id].status == "submitted" and cases[case_id].reference == reference
    submitted = list(Application.objects.exclude(status="draft").values_list("pk", "reference"))
    # Nothing was submitted that no client saw acknowledged, and no reference was given twice.
    assert {pk for pk, _ in submitted} == set(acknowledged)
    assert len({reference for _, reference in submitted}) == len(submitted)
    # No half-written case: each submitted case has exactly one SUBMIT event, acknowledgement
    # letter and audit entry; the reference counter counts exactly the submitted cases.
    events = Counter(CaseEvent.objects.filter(action="submit").values_list("application_id", flat=True))
    letters = Counter(Letter.objects.filter(kind="acknowledgement").values_list("application_id", flat=True))
    assert events == Counter(acknowledged.keys()) == letters
    from asmtp.audit.models import AuditEntry

    audited = Counter(AuditEntry.objects.filter(action="case.submit").values_list("object_id", flat=True))
    assert audited == Counter(str(pk) for pk in acknowledged)
    assert sum(ReferenceCounter.objects.values_list("last", flat=True)) == len(acknowledged)
    assert Application.objects.count() == CLIENTS * DRAFTS_PER_CLIENT  # no application was created twice
    # Every key ended answered: none is left "running" for a process that died.
    assert not IdempotencyRecord.objects.filter(completed_at__isnull=True).exists()
    entries, problems = verify_audit_chain()
    assert problems == []
    assert entries >= len(acknowledged) * 2
