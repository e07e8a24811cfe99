"""Administrators import the official Talent List: validated, all or nothing, recorded, and used."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from asmtp.audit.models import AuditEntry
from asmtp.cases.assessment import assess_application
from asmtp.cli import main
from asmtp.policystore.imports import import_talent_list
from asmtp.policystore.models import TalentListEntry, TalentListImport
from tests.unit.domain.eligibility.builders import application

pytestmark = pytest.mark.django_db

SOURCE = "https://www.talentlist.gov.hk/en/talentlist.html"
HEADER = "id,segment,name_en,name_zh_hant,name_zh_hans,source_url\n"
SURVEYORS = f"quantity-surveyors,development_construction,Quantity surveyors,工料測量師,工料测量师,{SOURCE}\n"
ACCOUNTANTS = f"accountants,financial_services,Accountants,會計師,会计师,{SOURCE}\n"
GOOD = (HEADER + SURVEYORS + ACCOUNTANTS).encode()
BAD = (HEADER + SURVEYORS + "Accountants!,finance,Accountants,,会计师,not-a-url\n").encode()


def _post_2025_application(profession: str) -> dict:
    return application(submitted_on="2025-06-02", employment={"talent_list_profession": profession, "local_recruitment_evidence": False})


def test_a_valid_import_is_stored_with_who_and_when_and_audited(administrator):
    result = import_talent_list(GOOD, effective_from=date(2025, 3, 1), source=SOURCE, file_name="tl.csv", complete=True, user=administrator)
    record = TalentListImport.objects.get()
    assert result.applied and record.status == "applied" and record.imported_by == administrator
    assert record.imported_by_name == administrator.email and record.row_count == 2
    assert sorted(record.entries.values_list("profession_id", flat=True)) == ["accountants", "quantity-surveyors"]
    assert AuditEntry.objects.filter(action="talent_list.import_applied", object_id=str(record.pk)).exists()


def test_an_imported_profession_is_used_by_the_assessment(administrator):
    before = assess_application(_post_2025_application("quantity-surveyors"))
    assert before["error"]["code"] == "unknown_talent_list_profession"
    import_talent_list(GOOD, effective_from=date(2025, 3, 1), source=SOURCE, file_name="tl.csv", user=administrator)
    after = assess_application(_post_2025_application("quantity-surveyors"))
    assert after["talent_list"] is True
    market_test = next(f for f in after["findings"] if f["criterion"] == "market_test")
    assert market_test["reason_code"] == "exempt_talent_list" and "工料测量师" in market_test["reason"]["zh-Hans"]


def test_a_file_with_one_bad_row_imports_nothing_and_records_why(administrator):
    result = import_talent_list(BAD, effective_from=date(2025, 3, 1), source=SOURCE, file_name="bad.csv", user=administrator)
    record = TalentListImport.objects.get()
    assert not result.applied and record.status == "rejected" and TalentListEntry.objects.count() == 0
    assert {e.column for e in result.errors} == {"id", "segment", "name_zh_hant", "source_url"}
    assert all(e.row == 3 for e in result.errors) and len(record.errors) == 4
    assert assess_application(_post_2025_application("quantity-surveyors"))["error"]["code"] == "unknown_talent_list_profession"
    assert AuditEntry.objects.filter(action="talent_list.import_rejected").exists()


def test_a_later_import_of_the_same_version_replaces_the_earlier_one(administrator):
    import_talent_list(GOOD, effective_from=date(2025, 3, 1), source=SOURCE, file_name="v1.csv", user=administrator)
    import_talent_list((HEADER + ACCOUNTANTS).encode(), effective_from=date(2025, 3, 1), source=SOURCE, file_name="v2.csv", user=administrator)
    # Only the latest import of a version counts: the surveyors of the first file are gone.
    assert assess_application(_post_2025_application("quantity-surveyors"))["error"]["code"] == "unknown_talent_list_profession"
    assert assess_application(_post_2025_application("accountants"))["talent_list"] is True


def test_the_admin_import_form_imports_a_valid_file(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:policystore_talentlistimport_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("talent-list.csv", GOOD, content_type="text/csv")
    response = client.post(url, {"file": upload, "effective_from": "2025-03-01", "source": SOURCE, "complete": "on"})
    record = TalentListImport.objects.get()
    assert response.status_code == 302 and record.complete and record.imported_by == administrator


def test_the_admin_import_form_shows_every_row_error(client, administrator):
    client.force_login(administrator)
    upload = SimpleUploadedFile("talent-list.csv", BAD, content_type="text/csv")
    response = client.post(reverse("admin:policystore_talentlistimport_import"), {"file": upload, "effective_from": "2025-03-01", "source": SOURCE})
    assert response.status_code == 200
    assert "row 3, segment" in response.content.decode() and TalentListEntry.objects.count() == 0


def test_an_officer_cannot_reach_the_import_form(client, officer):
    client.force_login(officer)
    response = client.get(reverse("admin:policystore_talentlistimport_import"))
    assert response.status_code in (302, 403)
    assert TalentListImport.objects.count() == 0


def test_the_command_line_import_reports_success_and_failure(tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(BAD)
    assert main(["policy", "import-talent-list", str(good), "--version", "2025-03-01", "--source", SOURCE, "--by", "ops"]) == 0
    assert "Imported 2 professions" in capsys.readouterr().out
    assert main(["policy", "import-talent-list", str(bad), "--version", "2025-03-01", "--source", SOURCE, "--by", "ops"]) == 1
    assert "row 3, source_url" in capsys.readouterr().err
    assert list(TalentListImport.objects.values_list("status", "imported_by_name")) == [("rejected", "ops"), ("applied", "ops")]
