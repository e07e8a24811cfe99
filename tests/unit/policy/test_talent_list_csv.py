"""An administrator's Talent List CSV: accepted whole, or refused with every row's problem."""

from __future__ import annotations

from datetime import date

from asmtp.policy import load_policy
from asmtp.policy.talent_list_csv import read_talent_list_csv

SEGMENTS = load_policy().talent_list.segment_ids
HEADER = "id,segment,name_en,name_zh_hant,name_zh_hans,source_url\n"
ROW = "accountants,financial_services,Accountants,會計師,会计师,https://www.talentlist.gov.hk/en/talentlist.html\n"


def test_a_valid_file_gives_its_professions():
    read = read_talent_list_csv((HEADER + ROW).encode("utf-8-sig"), SEGMENTS)
    assert read.ok and read.professions[0].names.zh_hans == "会计师"


def test_a_missing_column_is_reported_with_the_expected_ones():
    read = read_talent_list_csv("id,segment,name_en\naccountants,financial_services,Accountants\n", SEGMENTS)
    assert not read.ok and "missing column(s) name_zh_hant, name_zh_hans, source_url" in str(read.errors[0])


def test_every_bad_row_is_reported_and_nothing_is_accepted():
    content = HEADER + ROW + "Bad Id,fintech,X,,y,ftp://x\n" + ROW
    read = read_talent_list_csv(content, SEGMENTS)
    assert read.professions == ()
    messages = [str(error) for error in read.errors]
    assert any(m.startswith("row 3, id:") for m in messages)
    assert any(m.startswith("row 3, segment:") and "financial_services" in m for m in messages)
    assert any(m.startswith("row 3, name_zh_hant:") for m in messages)
    assert any(m.startswith("row 3, source_url:") for m in messages)
    assert any(m.startswith("row 4, id:") and "row 2" in m for m in messages)


def test_a_file_that_is_not_utf8_is_refused():
    read = read_talent_list_csv((HEADER + ROW).encode("big5", errors="replace") + b"\xff", SEGMENTS)
    assert not read.ok and "not UTF-8" in str(read.errors[0])


def test_a_header_without_rows_is_refused():
    assert not read_talent_list_csv(HEADER, SEGMENTS).ok


def test_an_imported_version_overlays_the_file_data():
    policy = load_policy()
    read = read_talent_list_csv(HEADER + ROW + ROW.replace("accountants", "quantity-surveyors").replace("financial_services", "development_construction"), SEGMENTS)
    updated = policy.with_talent_list_version(date(2025, 3, 1), read.professions, complete=True, source="https://example.gov.hk")
    version = updated.talent_list.version_at(date(2025, 6, 1))
    assert version.complete and "quantity-surveyors" in version.professions
    assert updated.talent_list.professions["accountants"].names.zh_hant == "會計師"
    assert "quantity-surveyors" not in policy.talent_list.version_at(date(2025, 6, 1)).professions
