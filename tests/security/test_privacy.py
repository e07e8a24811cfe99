"""PDPO: a person's data-access export, officers' audited corrections, and the retention job."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from asmtp.audit.models import AuditEntry
from asmtp.audit.services import verify_audit_chain
from asmtp.cases.models import Application, CaseNote, Dependant
from asmtp.cli import main
from asmtp.evisa.models import EVisa
from asmtp.privacy import services as privacy
from asmtp.privacy.errors import PrivacyError
from asmtp.privacy.models import DataAccessRequest, ExportStatus, PersonalDataCorrection
from asmtp.privacy.tasks import request_export
from asmtp.workbench.models import PolicyFlag
from tests.factories import advance, decided_for, make_case
from tests.integration.evisa.factories import approved_case
from tests.integration.portal.factories import submitted
from tests.integration.workbench import factories as workbench_factories
from tests.integration.workbench.factories import APPLICANT_DATA, FakeEngine, draft_case, submitted_case

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2020, 6, 1, 10, 0, tzinfo=dt.UTC)
RECENTLY = dt.datetime(2027, 6, 1, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2028, 1, 1)  # seven years after LONG_AGO have passed; not after RECENTLY


def unzip(content: bytes) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files["data.json"]), files


def chain_intact() -> bool:
    _count, problems = verify_audit_chain()
    return problems == []


# --- access ----------------------------------------------------------------------------------


@pytest.fixture
def two_people(applicant, other_applicant):
    mine = submitted(applicant, family=True)
    theirs = submitted(other_applicant)
    Application.objects.filter(pk=theirs.pk).update(
        applicant_data={
            **theirs.applicant_data,
            "name_en": "ZHANG Min",
            "mainland_id_number": "110105199203040027",
        },
        name_en="ZHANG Min",
    )
    return mine, Application.objects.get(pk=theirs.pk)


def test_an_export_holds_the_persons_data_and_documents(applicant, two_people):
    mine, _theirs = two_people
    data, files = unzip(privacy.export_personal_data(applicant))
    assert data["account"]["email"] == applicant.email
    assert "password" not in json.dumps(data["account"])
    [case] = data["applications"]
    assert case["reference"] == mine.reference
    assert case["personal_details"]["name_en"] == "LI Wei"
    assert {d["name_en"] for d in case["dependants"]} == {"WANG Fang", "LI Xiaoming"}
    assert case["history"][0]["action"] == "submit"
    assert case["letters"] and case["letters"][0]["kind"] == "acknowledgement"
    assert len(case["documents"]) == mine.documents.count() > 0
    for document in case["documents"]:
        assert hashlib.sha256(files[document["file"]]).hexdigest() == document["sha256"]
    assert "README.txt" in files


def test_an_export_holds_nothing_of_another_person(applicant, other_applicant, two_people):
    mine, theirs = two_people
    content = privacy.export_personal_data(applicant)
    data, files = unzip(content)
    text = json.dumps(data, ensure_ascii=False)
    for foreign in (other_applicant.email, theirs.reference, "ZHANG Min", "110105199203040027"):
        assert foreign not in text
    documents = [name for name in files if name.startswith("documents/")]
    assert len(documents) == mine.documents.count() and all(
        name.startswith(f"documents/{mine.reference}/") for name in documents
    )


def test_an_export_is_audited_and_the_chain_still_verifies(applicant, administrator, two_people):
    content = privacy.export_personal_data(applicant, actor=administrator)
    entry = AuditEntry.objects.get(action="privacy.export")
    assert (entry.actor_id, entry.object_id, entry.data["sha256"]) == (
        administrator.pk,
        str(applicant.pk),
        hashlib.sha256(content).hexdigest(),
    )
    assert chain_intact()


def test_officers_notes_are_counted_for_review_not_released_automatically(applicant, officer, two_people):
    mine, _ = two_people
    CaseNote.objects.create(
        application=mine, author=officer, body="Employer letter looks altered; ask the consulate."
    )
    data, _files = unzip(privacy.export_personal_data(applicant))
    assert data["applications"][0]["officer_notes_held"] == 1
    assert "consulate" not in json.dumps(data)
    full, _files = unzip(privacy.export_personal_data(applicant, include_notes=True))
    assert full["applications"][0]["officer_notes"][0]["body"].startswith("Employer letter")


def test_the_officers_who_handled_a_case_are_named_by_role_only(applicant, officer, senior_officer):
    approved_case(applicant, officer, senior_officer)
    text = json.dumps(privacy.personal_data(applicant))
    assert officer.email not in text and senior_officer.email not in text
    assert '"by": "senior_officer"' in text


@pytest.mark.django_db(transaction=True)
def test_a_portal_request_is_built_by_a_job_mailed_and_downloaded_only_by_its_owner(
    applicant, other_applicant, client, mailoutbox, run_jobs
):
    client.force_login(applicant)
    page = client.get("/zh-hans/privacy/")
    assert page.status_code == 200
    assert "我的个人资料" in page.content.decode() and "索取我的个人资料副本" in page.content.decode()
    assert client.post("/zh-hans/privacy/").status_code == 302
    request = DataAccessRequest.objects.get(person=applicant)
    assert request.status == ExportStatus.QUEUED
    run_jobs()  # builds the export, then sends the mail it queued
    request.refresh_from_db()
    assert request.status == ExportStatus.READY
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert mailoutbox[0].subject == "您的个人资料副本已准备好"
    assert "/zh-hans/privacy/" in mailoutbox[0].body and request.token not in mailoutbox[0].body
    listing = client.get("/zh-hans/privacy/").content.decode()
    assert f"/zh-hans/privacy/exports/{request.token}/" in listing and "可供下载" in listing

    download = client.get(f"/zh-hans/privacy/exports/{request.token}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert unzip(download.content)[0]["account"]["email"] == applicant.email
    assert AuditEntry.objects.filter(action="privacy.export_downloaded", actor_id=applicant.pk).count() == 1

    client.force_login(other_applicant)
    assert client.get(f"/zh-hans/privacy/exports/{request.token}/").status_code == 404
    assert client.get(f"/zh-hans/privacy/exports/{request.token}x/").status_code == 404
    assert chain_intact()


def test_a_second_request_while_one_is_being_prepared_is_the_same_request(applicant):
    first = request_export(applicant)
    assert request_export(applicant).pk == first.pk
    assert DataAccessRequest.objects.filter(person=applicant).count() == 1


def test_an_expired_export_is_refused_even_to_its_owner_and_its_file_purged(applicant):
    request = request_export(applicant)
    privacy.build_requested_export(request.pk)
    request.refresh_from_db()
    assert default_storage.exists(request.file_name)
    later = request.expires_at + dt.timedelta(seconds=1)
    with pytest.raises(PrivacyError):
        privacy.export_for_download(applicant, request.token, now=later)
    assert privacy.purge_expired_exports(now=later) == 1
    assert not default_storage.exists(request.file_name)
    assert DataAccessRequest.objects.get(pk=request.pk).status == ExportStatus.EXPIRED


def test_building_the_same_export_twice_builds_it_once(applicant):
    request = request_export(applicant)
    assert privacy.build_requested_export(request.pk) == "ready"
    assert privacy.build_requested_export(request.pk) == "ready"
    assert AuditEntry.objects.filter(action="privacy.export").count() == 1


def test_staff_answer_a_paper_request_from_the_command_line(applicant, administrator, tmp_path, two_people):
    output = tmp_path / "export.zip"
    assert (
        main(
            [
                "privacy",
                "export",
                "--email",
                applicant.email.upper(),
                "--output",
                str(output),
                "--by",
                administrator.email,
            ]
        )
        == 0
    )
    assert unzip(output.read_bytes())[0]["account"]["email"] == applicant.email
    assert AuditEntry.objects.get(action="privacy.export").data["channel"] == "paper"
    assert main(["privacy", "export", "--email", "nobody@example.cn", "--output", str(output)]) == 2


# --- correction ------------------------------------------------------------------------------


@pytest.fixture
def assessed_case(applicant, officer):
    return workbench_factories.assessed_case(applicant, officer, dependants=1)


def test_a_correction_changes_the_detail_and_audits_digests_of_old_and_new(assessed_case, officer):
    correction = privacy.correct_personal_data(
        assessed_case.pk,
        officer,
        field="name_en",
        value="LEE Wai",
        reason="document_evidence",
        engine=FakeEngine(),
    )
    case = Application.objects.get(pk=assessed_case.pk)
    assert (case.applicant_data["name_en"], case.name_en) == ("LEE Wai", "LEE Wai")
    assert (correction.old_value, correction.new_value, correction.reason) == (
        "LI Wei",
        "LEE Wai",
        "document_evidence",
    )
    entry = AuditEntry.objects.get(action="privacy.corrected")
    assert (entry.actor_id, entry.data["field"], entry.data["reason"]) == (
        officer.pk,
        "name_en",
        "document_evidence",
    )
    assert privacy.verify_correction(correction, entry)
    assert "LI Wei" not in json.dumps(entry.data) and "LEE Wai" not in json.dumps(entry.data)
    assert chain_intact()


def test_a_corrected_open_case_is_flagged_for_reassessment_which_settles_it(assessed_case, officer):
    from asmtp.workbench.services import record_assessment

    privacy.correct_personal_data(
        assessed_case.pk,
        officer,
        field="date_of_birth",
        value="1990-01-02",
        reason="applicant_request",
        engine=FakeEngine(outcome="refer"),
    )
    flag = PolicyFlag.objects.get(application=assessed_case, resolved_at__isnull=True)
    assert flag.new_fingerprint.startswith("correction:") and (flag.old_outcome, flag.new_outcome) == (
        "eligible",
        "refer",
    )
    record_assessment(assessed_case.pk, officer, engine=FakeEngine())
    assert not PolicyFlag.objects.filter(application=assessed_case, resolved_at__isnull=True).exists()


def test_a_family_members_detail_is_corrected_on_that_person(assessed_case, officer):
    child = assessed_case.dependants.get()
    privacy.correct_personal_data(
        assessed_case.pk,
        officer,
        field="name_en",
        value="LI Xiaohong",
        reason="data_entry_error",
        dependant_id=child.pk,
        engine=FakeEngine(),
    )
    assert Dependant.objects.get(pk=child.pk).name_en == "LI Xiaohong"
    assert PersonalDataCorrection.objects.get().person == "dependant:0"


@pytest.mark.parametrize(
    ("field", "value", "reason", "code"),
    [
        ("mainland_id_number", "1101051990010100", "document_evidence", "bad_value"),  # too short
        ("travel_document_number", "X1", "document_evidence", "bad_value"),
        ("date_of_birth", "1990-02-30", "document_evidence", "bad_value"),
        ("name_en", "LI Wei", "document_evidence", "unchanged"),
        ("education_level", "doctorate", "document_evidence", "unknown_field"),
        ("name_en", "LEE Wai", "because", "unknown_reason"),
    ],
)
def test_a_correction_that_is_not_valid_is_refused_and_changes_nothing(
    assessed_case, officer, field, value, reason, code
):
    with pytest.raises(PrivacyError) as refused:
        privacy.correct_personal_data(
            assessed_case.pk, officer, field=field, value=value, reason=reason, engine=FakeEngine()
        )
    assert refused.value.code == code
    assert Application.objects.get(pk=assessed_case.pk).applicant_data["name_en"] == "LI Wei"
    assert not AuditEntry.objects.filter(action="privacy.corrected").exists()


def test_only_officers_correct_and_never_a_draft(applicant, officer, analyst):
    case = submitted_case(applicant)
    with pytest.raises(PrivacyError, match="not_allowed"):
        privacy.correct_personal_data(
            case.pk, analyst, field="name_en", value="LEE Wai", reason="applicant_request"
        )
    with pytest.raises(PrivacyError, match="not_allowed"):
        privacy.correct_personal_data(
            case.pk, applicant, field="name_en", value="LEE Wai", reason="applicant_request"
        )
    draft = draft_case(applicant)
    with pytest.raises(PrivacyError, match="draft"):
        privacy.correct_personal_data(
            draft.pk, officer, field="name_en", value="LEE Wai", reason="applicant_request"
        )


def test_an_officer_corrects_from_the_command_line(applicant, officer, capsys):
    case = submitted_case(applicant)

    def correct(field: str, value: str) -> int:
        return main(["privacy", "correct", "--case", case.reference, "--field", field, "--value", value,
                     "--reason", "applicant_request", "--officer", officer.email])

    assert correct("name_zh", "李偉") == 0
    assert Application.objects.get(pk=case.pk).name_zh == "李偉"
    assert correct("sex", "X") == 2
    assert "bad_value" in capsys.readouterr().err


# --- retention -------------------------------------------------------------------------------


def withdrawn(applicant, when):
    """Filed through the portal (with its documents) and withdrawn, both `when`."""
    return make_case(applicant, "withdrawn", "portal", at=when)


def refused(applicant, officer, senior_officer, when):
    """A family's case refused `when` on a failed finding that carries personal facts."""
    engine = FakeEngine("ineligible", [{"criterion": "age", "status": "fail", "facts": {"date_of_birth": "1990-01-01"}}])
    return make_case(applicant, "refused", officer=officer, senior_officer=senior_officer, engine=engine, at=when,
                     reason="LI Wei's degree is not recognised", applicant_data=dict(APPLICANT_DATA),
                     dependants=[{"relationship": "child", "name_en": "LI Child 0", "date_of_birth": dt.date(2018, 5, 1)}])


@pytest.fixture
def closed_cases(applicant, other_applicant, officer, senior_officer):
    old_withdrawn = withdrawn(applicant, LONG_AGO)
    old_refused = refused(other_applicant, officer, senior_officer, LONG_AGO)
    recent_withdrawn = withdrawn(other_applicant, RECENTLY)
    still_open = submitted_case(applicant, now=LONG_AGO)
    return {
        "old_withdrawn": old_withdrawn,
        "old_refused": old_refused,
        "recent": recent_withdrawn,
        "open": still_open,
    }


def test_retention_erases_exactly_the_closed_cases_past_the_period(closed_cases):
    erased = privacy.erase_expired_personal_data(TODAY)
    assert sorted(erased) == sorted(
        [closed_cases["old_withdrawn"].reference, closed_cases["old_refused"].reference]
    )
    for key in ("recent", "open"):
        case = Application.objects.get(pk=closed_cases[key].pk)
        assert case.name_en == "LI Wei" and case.applicant_data["mainland_id_number"]


def test_an_erased_case_keeps_its_skeleton_and_loses_every_personal_value(
    closed_cases, django_capture_on_commit_callbacks
):
    files = [d.file.name for d in closed_cases["old_withdrawn"].documents.all()]
    assert files and all(default_storage.exists(name) for name in files)
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the erasure commits
        privacy.erase_expired_personal_data(TODAY)

    case = Application.objects.get(pk=closed_cases["old_withdrawn"].pk)
    assert (case.reference, case.status, case.industry) == (
        closed_cases["old_withdrawn"].reference,
        "withdrawn",
        closed_cases["old_withdrawn"].industry,
    )
    assert (case.name_en, case.name_zh) == ("", "")
    assert set(case.applicant_data) <= {
        "education_level",
        "experience_years",
        "residence",
        privacy.ERASED_MARK,
    }
    assert case.documents.count() == 0 and not any(default_storage.exists(name) for name in files)
    assert [d.name_en for d in case.dependants.all()] == [""] * case.dependants.count()

    refused_case = Application.objects.get(pk=closed_cases["old_refused"].pk)
    assert refused_case.decision_reasons == "" and not refused_case.events.exclude(reason="").exists()
    assert refused_case.assessments.get().result["findings"] == [{"criterion": "age", "status": "fail"}]
    child = refused_case.dependants.get()
    assert (child.name_en, child.date_of_birth) == ("", dt.date(2018, 1, 1))  # the year stays, for statistics


def test_retention_keeps_the_audit_chain_verifying_and_records_each_erasure(closed_cases):
    before = AuditEntry.objects.count()
    privacy.erase_expired_personal_data(TODAY)
    entries = AuditEntry.objects.filter(action="privacy.erased")
    assert entries.count() == 2 == AuditEntry.objects.count() - before
    assert {e.data["rule"] for e in entries} == {"unsuccessful"} and all(
        e.data["retention_years"] == 7 for e in entries
    )
    assert chain_intact()


def test_retention_run_twice_erases_nothing_more(closed_cases):
    privacy.erase_expired_personal_data(TODAY)
    count = AuditEntry.objects.count()
    assert privacy.erase_expired_personal_data(TODAY) == []
    assert AuditEntry.objects.count() == count


def test_a_correction_is_erased_with_its_case_and_its_digests_become_meaningless(applicant, officer):
    case = make_case(applicant, "submitted", "portal", at=LONG_AGO)
    correction = privacy.correct_personal_data(  # corrected while open, then withdrawn long ago
        case.pk, officer, field="name_en", value="LEE Wai", reason="applicant_request"
    )
    advance(case, "withdrawn", at=LONG_AGO)
    privacy.erase_expired_personal_data(TODAY)
    correction.refresh_from_db()
    assert (correction.old_value, correction.new_value, correction.salt) == ("", "", "")
    assert not privacy.verify_correction(correction, AuditEntry.objects.get(action="privacy.corrected"))
    assert chain_intact()


@pytest.fixture
def granted(applicant, officer, senior_officer):
    """A family's e-Visas issued on the day decide_case granted them a stay until 9 March 2029."""
    return make_case(applicant, "issued", "with_spouse", "with_child", officer=officer, senior_officer=senior_officer,
                     at=decided_for(dt.date(2029, 3, 9)))


def test_a_granted_case_is_kept_until_the_period_after_its_limit_of_stay(granted):
    assert privacy.erase_expired_personal_data(dt.date(2036, 3, 8)) == []
    assert privacy.erase_expired_personal_data(dt.date(2036, 3, 9)) == [granted.reference]
    evisas = EVisa.objects.filter(application=granted)
    assert evisas.count() == 3
    assert all(e.name_en == "" and e.token_full == "" and e.token_work == "" for e in evisas)
    assert AuditEntry.objects.get(action="privacy.erased").data["rule"] == "granted"
    assert chain_intact()


def test_a_grant_followed_by_a_pending_application_is_kept(granted, applicant):
    make_case(applicant, "draft", kind="extension", previous=granted)
    assert privacy.erase_expired_personal_data(dt.date(2040, 1, 1)) == []


def test_the_retention_command_runs_the_job_for_cron(closed_cases, capsys):
    assert main(["privacy", "retention", "--today", TODAY.isoformat()]) == 0
    assert "erased personal data of 2 case(s)" in capsys.readouterr().out
    assert Application.objects.get(pk=closed_cases["old_withdrawn"].pk).name_en == ""


def test_the_retention_periods_are_dated_policy_data_with_a_source():
    from asmtp.policy import load_policy

    policy = load_policy()
    for name in ("retention.unsuccessful_case_years", "retention.granted_case_years_after_stay"):
        entry = policy.parameter(name).entry_at(timezone.localdate())
        assert entry.value == 7 and "Cap. 486" in entry.reference and entry.confidence == "project"
