"""`asmtp evisa verify` works offline: only the exported keys file, no database, no Django."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asmtp.cli import main
from asmtp.evisa.documents import render_evisa_pdf
from asmtp.evisa.services import issue_evisa, revoke_evisa
from tests.integration.evisa.factories import SPOUSE, approved_case

pytestmark = pytest.mark.django_db

ASMTP = str(Path(sys.executable).with_name("asmtp"))
TODAY = "2026-04-01"


def offline_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which any attempt to reach a database or the service's keys would fail."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO", "ASMTP", "PYTEST"))}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:9/nowhere"
    env["ASMTP_KEYS_DIR"] = str(tmp_path / "no-keys-here")
    env["ASMTP_DATA_DIR"] = str(tmp_path / "no-data-here")
    return env


def verify_offline(tmp_path: Path, target: str, keys: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ASMTP, "evisa", "verify", target, "--keys", str(keys), "--today", TODAY, "--json"],
        capture_output=True, text=True, env=offline_env(tmp_path), cwd=tmp_path, timeout=120,
    )


@pytest.fixture
def issued(applicant, officer, senior_officer, employer_staff):
    case = approved_case(applicant, officer, senior_officer, offer_by=employer_staff, dependants=(SPOUSE,), with_fee=True)
    return issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))


def export_keys(path: Path) -> Path:
    assert main(["evisa", "keys", "export", "--output", str(path)]) == 0
    return path


def test_the_cli_verifies_the_pdf_with_only_the_exported_keys_and_no_database(issued, tmp_path):
    principal = issued[0]
    pdf = tmp_path / "evisa.pdf"
    pdf.write_bytes(render_evisa_pdf(principal))
    keys = export_keys(tmp_path / "keys.json")

    run = verify_offline(tmp_path, str(pdf), keys)

    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert [item["result"] for item in report["results"]] == ["valid", "valid"]
    assert report["results"][0]["disclosed"]["name_zh"] == "李伟"
    assert "date_of_birth" not in report["results"][1]["disclosed"]
    assert not (tmp_path / "no-data-here").exists()


def test_the_cli_says_not_genuine_for_an_altered_token_and_exits_1(issued, tmp_path):
    token = issued[0].token_full
    tampered = token[:50] + ("A" if token[50] != "A" else "B") + token[51:]
    keys = export_keys(tmp_path / "keys.json")

    run = verify_offline(tmp_path, tampered, keys)

    assert run.returncode == 1
    result = json.loads(run.stdout)["results"][0]
    assert result["result"] == "not_genuine"
    assert result["disclosed"] == {}
    assert result["key_id"] is None


def test_the_cli_reports_revoked_from_the_cached_revocation_list(issued, officer, tmp_path):
    principal, spouse = issued
    revoke_evisa(principal.number, officer, "Obtained by false statement.")
    keys = export_keys(tmp_path / "keys.json")

    run = verify_offline(tmp_path, spouse.token_work, keys)

    assert run.returncode == 1
    assert json.loads(run.stdout)["results"][0]["result"] == "revoked"


def test_the_cli_refuses_a_keys_file_whose_revocation_list_was_edited(issued, officer, tmp_path):
    revoke_evisa(issued[0].number, officer, "Obtained by false statement.")
    keys = export_keys(tmp_path / "keys.json")
    bundle = json.loads(keys.read_text())
    bundle["revocation_list"]["revoked"] = []
    keys.write_text(json.dumps(bundle))

    run = verify_offline(tmp_path, issued[0].token_full, keys)

    assert run.returncode == 2
    assert "not usable" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_verify_command_never_imports_django(issued, tmp_path):
    keys = export_keys(tmp_path / "keys.json")
    script = (
        "import sys, argparse\n"
        "from asmtp.commands import evisa\n"
        "parser = argparse.ArgumentParser(); evisa.register(parser.add_subparsers())\n"
        f"args = parser.parse_args(['evisa', 'verify', sys.argv[1], '--keys', {str(keys)!r}, '--today', {TODAY!r}])\n"
        "code = args.func(args)\n"
        "print('DJANGO LOADED' if any(name.split('.')[0] == 'django' for name in sys.modules) else 'no django', code)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, issued[0].token_full], capture_output=True, text=True, env=offline_env(tmp_path), timeout=120)

    assert run.stdout.strip().splitlines()[-1] == "no django 0", run.stdout + run.stderr
    assert run.stdout.startswith("VALID")
