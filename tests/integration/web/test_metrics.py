"""/metrics as Prometheus and an outsider meet it: figures by view, task and the service's own counts."""

from __future__ import annotations

import datetime as dt

import pytest
from prometheus_client.parser import text_string_to_metric_families

from asmtp.cases.models import Application
from asmtp.evisa.services import issue_evisa, revoke_evisa, verify_evisa
from asmtp.jobs.tasks import send_email
from tests.factories import make_case
from tests.integration.evisa.factories import SPOUSE, approved_case

pytestmark = pytest.mark.django_db

SCRAPER = {"REMOTE_ADDR": "10.0.3.9"}  # the Prometheus server, in the allowed network
TOKEN = "scrape-token-0123456789abcdef"


@pytest.fixture(autouse=True)
def metrics_access(settings):
    settings.ASMTP_METRICS_ALLOWED_IPS = ["10.0.3.0/24"]
    settings.ASMTP_METRICS_TOKEN = TOKEN


def scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = client.get("/metrics", **SCRAPER)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.content.decode())
        for sample in family.samples
    }


def test_an_outsider_gets_404_and_the_token_holder_or_an_allowed_address_gets_the_figures(client):
    outsider = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.get("/metrics", **outsider).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token", **outsider).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **outsider).status_code == 200
    assert client.get("/metrics", **SCRAPER).status_code == 200


def test_without_a_token_configured_an_empty_bearer_is_refused(client, settings):
    settings.ASMTP_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ", REMOTE_ADDR="203.0.113.7").status_code == 404


def test_in_production_a_scrape_over_plain_http_by_address_is_answered_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["asmtp.example.gov.hk"]
    assert client.get("/metrics", HTTP_HOST="10.0.3.17:8000", **SCRAPER).status_code == 200
    assert client.get("/metrics", HTTP_HOST="10.0.3.17:8000", REMOTE_ADDR="203.0.113.7").status_code == 404


def test_request_latency_is_counted_by_view_and_status_class(client):
    home = ("asmtp_request_duration_seconds_count", (("status", "2xx"), ("view", "home")))
    missing = ("asmtp_request_duration_seconds_count", (("status", "4xx"), ("view", "unresolved")))
    before = scrape(client)

    client.get("/en/")
    client.get("/en/")
    client.get("/en/no-such-page/")

    after = scrape(client)
    assert after[home] - before.get(home, 0) == 2
    assert after[missing] - before.get(missing, 0) == 1


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_job_run_time_and_failures_are_counted_by_task(client, run_jobs):
    task = "asmtp.jobs.tasks.send_email"
    failures = ("asmtp_job_failures_total", (("task", task),))
    succeeded = ("asmtp_job_duration_seconds_count", (("status", "successful"), ("task", task)))
    before = scrape(client)
    assert before[("asmtp_jobs_waiting", (("queue", "default"),))] == 0
    send_email.enqueue(to=["a@example.com"], subject="s", body="b")
    send_email.enqueue(to=["a@example.com"], subject="s", body="b", attachments=[("x.pdf", "a", "application/pdf")])  # bad base64
    assert scrape(client)[("asmtp_jobs_waiting", (("queue", "default"),))] == 2

    run_jobs()

    after = scrape(client)
    assert after[failures] - before.get(failures, 0) == 1
    assert after[succeeded] - before.get(succeeded, 0) == 1
    assert after[("asmtp_jobs_waiting", (("queue", "default"),))] == 0


def test_the_services_figures_count_submissions_decisions_queues_evisas_and_checks(client, applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, dependants=(SPOUSE,), with_fee=True)
    principal, spouse = issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))
    revoke_evisa(spouse.number, officer, "Obtained by a false statement")
    verify_evisa(principal.token_full, channel="web")
    verify_evisa(principal.token_full, channel="web")
    verify_evisa("not-a-token", channel="api")
    make_case(applicant, "draft")  # a draft counts nowhere

    figures = scrape(client)

    assert figures[("asmtp_applications_submitted_total", (("kind", "entry"),))] == 1
    assert figures[("asmtp_decisions_total", (("outcome", "approved"),))] == 1
    assert figures[("asmtp_decisions_total", (("outcome", "refused"),))] == 0
    # Submitted on the factory's date, decided today: after the four-week pledge.
    assert figures[("asmtp_pledge_breaches_total", ())] == 1
    assert figures[("asmtp_evisas_issued_total", ())] == 2
    assert figures[("asmtp_evisas_revoked_total", ())] == 1
    assert figures[("asmtp_evisa_verifications_total", (("channel", "web"), ("result", "valid")))] == 2
    assert sum(value for (name, labels), value in figures.items()
               if name == "asmtp_evisa_verifications_total" and ("channel", "api") in labels) == 1
    open_queues = {labels: value for (name, labels), value in figures.items() if name == "asmtp_open_cases"}
    assert len(open_queues) == 7 * 4 and sum(open_queues.values()) == 0  # the only case is closed


def test_open_cases_are_counted_by_queue_and_days_since_submission(client, applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer)
    Application.objects.filter(pk=case.pk).update(submitted_at=case.submitted_at.replace(year=2020))

    figures = scrape(client)

    assert figures[("asmtp_open_cases", (("age", "29d+"), ("queue", "awaiting_fee")))] == 1
    assert figures[("asmtp_open_cases", (("age", "0-7d"), ("queue", "awaiting_fee")))] == 0


def test_a_new_run_gets_a_metrics_folder_of_its_own_and_leaves_other_processes_files_alone(settings, tmp_path, monkeypatch):
    import os

    from asmtp.web.metrics import start_metrics_run

    settings.ASMTP_METRICS_DIR = tmp_path
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    someone_elses = tmp_path / "histogram_4242.db"
    someone_elses.write_bytes(b"figures")
    ended_run = tmp_path / "run-999999999"
    ended_run.mkdir()
    folder = start_metrics_run()
    assert folder == tmp_path / f"run-{os.getpid()}" and folder.is_dir()
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(folder)  # what the run's processes inherit
    assert someone_elses.exists()  # a process still writing there keeps its file
    assert not ended_run.exists()  # a run whose process has ended is tidied away
