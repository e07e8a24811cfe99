"""The supply-chain checks can fail: `./dev audit` fails when no vulnerability data can be
reached, and CI pipes no check's output into something that hides its exit status."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_dev_audit_fails_when_the_vulnerability_data_cannot_be_reached():
    # Port 9 (discard) refuses the connection: the audit could check nothing, so it must fail.
    unreachable = ["-s", "osv", "--osv-url", "http://127.0.0.1:9/v1/query"]
    result = subprocess.run([str(ROOT / "dev"), "audit", *unreachable], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert "pip-audit" in result.stdout


def test_ci_pipes_no_check_into_a_command_that_hides_its_exit_status():
    script = (ROOT / ".ci" / "run").read_text()
    commands = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    assert [line for line in commands if re.search(r"\|\s*(tail|head|tee|grep)\b", line)] == []
    assert "pip-audit" not in "\n".join(commands), "pip-audit runs in ./dev audit, where its data is reachable"
