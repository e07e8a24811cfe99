"""Bad input through the interface: one error record per bad line, the rest assessed, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

from asmtp.cases.assessment import assess_application, assess_lines
from tests.unit.domain.eligibility.builders import application

GOOD = json.dumps(application(id="good"))
LINES = [
    GOOD,
    "{not json",
    json.dumps(application(id="no-dob", applicant={"date_of_birth": None})),
    json.dumps(application(id="salary-text", employment={"monthly_salary_hkd": "48k"})),
    json.dumps(application(id="edition", edition="eu")),
    json.dumps(application(id="profession", employment={"talent_list_profession": "wizards"})),
    "",
    json.dumps(application(id="good-2")),
]


def test_each_bad_line_gets_an_error_naming_its_field_and_the_others_are_assessed():
    results = list(assess_lines(LINES))
    assert [r["id"] for r in results] == ["good", None, "no-dob", "salary-text", "edition", "profession", "good-2"]
    errors = [(r["error"]["code"], r["error"]["field"]) for r in results if "error" in r]
    assert errors == [
        ("invalid_json", ""),
        ("missing_field", "applicant.date_of_birth"),
        ("invalid_type", "employment.monthly_salary_hkd"),
        ("unknown_edition", "edition"),
        ("unknown_talent_list_profession", "employment.talent_list_profession"),
    ]
    assert results[0]["outcome"] == results[-1]["outcome"] == "eligible"


def test_an_unknown_talent_list_id_lists_the_valid_ones():
    result = assess_application(application(employment={"talent_list_profession": "wizards"}))
    assert "ship-surveyors" in result["error"]["message"]


def test_a_value_that_is_not_an_object_is_an_error_record():
    assert assess_application(["not", "an", "application"])["error"]["code"] == "invalid_type"


def test_an_unknown_edition_from_the_caller_is_an_error_record():
    assert assess_application(application(), edition="eu")["error"]["field"] == "edition"


def test_the_command_reports_bad_lines_and_exits_non_zero_without_a_traceback():
    stdin = ("\n".join(LINES) + "\n").encode() + b'{"id": "\xff"}\n'
    run = subprocess.run([sys.executable, "-m", "asmtp", "assess"], input=stdin, capture_output=True, timeout=120, check=False)
    results = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert run.returncode == 1
    assert b"Traceback" not in run.stderr
    assert len(results) == 8 and results[-1]["error"]["code"] == "invalid_json"
    assert [r.get("outcome") for r in results if "error" not in r] == ["eligible", "eligible"]


def test_the_command_refuses_a_missing_file_cleanly():
    run = subprocess.run([sys.executable, "-m", "asmtp", "assess", "/nonexistent/applications.jsonl"], capture_output=True, timeout=60, check=False)
    assert run.returncode == 2 and b"cannot read" in run.stderr and b"Traceback" not in run.stderr


def test_the_command_writes_chinese_as_utf8_whatever_the_locale():
    run = subprocess.run(
        [sys.executable, "-m", "asmtp", "assess"], input=(GOOD + "\n").encode(), capture_output=True, timeout=60, check=False,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
    )
    assert run.returncode == 0, run.stderr
    assert "相符" in json.loads(run.stdout.decode("utf-8"))["findings"][0]["reason"]["zh-Hant"]
