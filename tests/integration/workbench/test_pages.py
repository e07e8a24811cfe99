"""The workbench pages through Django's test client: who sees what, and what a stale form gets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as django_reverse
from django.utils import timezone, translation

from asmtp.audit.models import AuditEntry
from asmtp.cases.models import Application, Document
from asmtp.workbench.selectors import QueueFilters, queue_page
from asmtp.workbench.services import recommend, record_assessment, request_information
from tests.factories import advance
from tests.integration.workbench.factories import FakeEngine, claimed_case, submitted_case

pytestmark = pytest.mark.django_db


def reverse(name, args=()):
    with translation.override("en"):
        return django_reverse(name, args=args)


def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_applicant_is_told_the_workbench_does_not_exist(client, applicant):
    case = submitted_case(applicant)
    signed_in(client, applicant)
    assert client.get(reverse("workbench:queue")).status_code == 404
    assert client.get(reverse("workbench:case", args=[case.pk])).status_code == 404


def test_the_new_queue_lists_unclaimed_submitted_cases_and_not_drafts(client, applicant, officer):
    case = submitted_case(applicant)
    response = signed_in(client, officer).get(reverse("workbench:queue") + "?queue=new")
    assert response.status_code == 200
    assert case.reference in response.content.decode()


def test_queue_pages_follow_each_other_without_overlap(applicant, officer):
    ids = [submitted_case(applicant).pk for _ in range(5)]
    today = timezone.localdate()
    first = queue_page("new", officer.pk, today=today, size=2)
    second = queue_page("new", officer.pk, today=today, size=2, before=first.next_before)
    third = queue_page("new", officer.pk, today=today, size=2, before=second.next_before)
    seen = [row["id"] for page in (first, second, third) for row in page.rows]
    assert seen == sorted(ids, reverse=True) and third.next_before is None


def test_filters_narrow_a_queue_by_industry(applicant, officer):
    finance = submitted_case(applicant, industry="K")
    submitted_case(applicant, industry="J")
    page = queue_page("new", officer.pk, today=timezone.localdate(), filters=QueueFilters(industry="K"))
    assert [row["id"] for row in page.rows] == [finance.pk]


def test_a_case_waiting_for_the_applicant_is_not_overdue(applicant, officer):
    past = timezone.now() - dt.timedelta(days=40)
    case = submitted_case(applicant, now=past)
    overdue = queue_page("overdue", officer.pk, today=timezone.localdate())
    assert [row["id"] for row in overdue.rows] == [case.pk]
    advance(case, "awaiting_applicant", officer=officer)
    assert queue_page("overdue", officer.pk, today=timezone.localdate()).rows == []


def test_the_case_page_shows_findings_in_the_officers_language(client, applicant, officer):
    case = claimed_case(applicant, officer)
    record_assessment(case.pk, officer, engine=FakeEngine())
    response = signed_in(client, officer).get(f"/zh-hant/workbench/cases/{case.pk}/")
    assert "education：繁體理由" in response.content.decode()


def test_a_stale_form_is_told_the_case_changed_and_nothing_is_overwritten(client, applicant, officer, second_officer):
    case = submitted_case(applicant)
    opened = case.version
    signed_in(client, officer).post(reverse("workbench:claim", args=[case.pk]), {"version": opened})
    client.logout()
    response = signed_in(client, second_officer).post(
        reverse("workbench:claim", args=[case.pk]), {"version": opened}
    )
    assert response.status_code == 409
    assert "This case changed since you opened it" in response.content.decode()
    assert Application.objects.get(pk=case.pk).assigned_officer == officer


def test_a_senior_officer_approving_their_own_recommendation_gets_a_clear_message(client, applicant, senior_officer):
    case = claimed_case(applicant, senior_officer)
    record_assessment(case.pk, senior_officer, engine=FakeEngine())
    case = recommend(case.pk, senior_officer, verdict="approve")
    response = signed_in(client, senior_officer).post(
        reverse("workbench:decide", args=[case.pk]), {"version": case.version, "decision": "approve"}
    )
    assert response.status_code == 409
    assert "You recommended this case, so you cannot decide it" in response.content.decode()
    assert Application.objects.get(pk=case.pk).status == "recommended"


def test_a_request_without_documents_keeps_the_message_typed(client, applicant, officer):
    case = claimed_case(applicant, officer)
    response = signed_in(client, officer).post(
        reverse("workbench:request_information", args=[case.pk]),
        {"version": case.version, "message": "Please send your degree certificate."},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please send your degree certificate." in body and 'href="#request_information-kinds' in body


def test_a_document_is_served_inline_with_nosniff_only_to_officers(client, applicant, officer, other_applicant):
    case = submitted_case(applicant)
    document = Document(application=case, kind="photo", original_name="photo.png", content_type="image/png",
                        size=8, sha256="0" * 64, uploaded_by=applicant)
    document.file.save("upload", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    document.save()
    url = reverse("workbench:document", args=[case.pk, document.pk])
    response = signed_in(client, officer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "image/png"
    viewed = AuditEntry.objects.filter(action="document.viewed").get()
    assert (viewed.actor_id, viewed.object_id, viewed.data) == (officer.pk, str(case.pk), {"document": document.pk})
    other = submitted_case(other_applicant)
    assert client.get(reverse("workbench:document", args=[other.pk, document.pk])).status_code == 404
    client.logout()
    assert signed_in(client, applicant).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="document.viewed").count() == 1  # refusals show nothing, log no view


def test_the_officer_case_page_reads_the_latest_assessment_once_and_not_the_documents_of_each_request(
        client, applicant, officer):
    case = claimed_case(applicant, officer)
    record_assessment(case.pk, officer, engine=FakeEngine())
    request_information(case.pk, officer, items=[{"kind": "degree_certificate", "dependant_id": None}],
                        message="Please upload your degree certificate.")
    signed_in(client, officer).get(reverse("workbench:case", args=[case.pk]))  # the session's first-request work
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workbench:case", args=[case.pk]))
    assert response.status_code == 200
    tables = [query["sql"].split(" FROM ", 1)[1].split()[0] for query in queries.captured_queries if " FROM " in query["sql"]]
    assert tables.count('"cases_assessment"') == 1, tables
    assert tables.count('"cases_document"') == 1, tables  # the case's documents; a request's are not shown


def test_the_case_page_of_an_issued_grant_asks_about_flags_and_extensions_only_with_the_case(
        client, applicant, officer, senior_officer):
    """Most cases have no open policy flag and no extension yet: both are read with the case, so
    the page stays within its budget of 12 queries (with the officer's second factor, 11 here)."""
    from tests.factories import make_case

    case = make_case(applicant, "issued", "with_spouse", officer=officer, senior_officer=senior_officer)
    signed_in(client, officer).get(reverse("workbench:case", args=[case.pk]))  # the session's first-request work
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workbench:case", args=[case.pk]))
    assert response.status_code == 200 and "Limit of stay" in response.content.decode()
    statements = [query["sql"] for query in queries.captured_queries]
    cases = [sql for sql in statements if sql.startswith('SELECT "cases_application"')]
    assert len(cases) == 1, statements  # the case, with both questions as subqueries of it
    assert [sql for sql in statements if 'FROM "workbench_policyflag"' in sql] == cases
    assert len(statements) <= 11, statements
