"""Production refuses to start with an insecure setting; a secure one passes check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_KEY = "k3J9-x" * 10


def run_django(args: list[str], tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: nothing from this test run (e.g. the e2e tests' DJANGO_ALLOW_ASYNC_UNSAFE) leaks in.
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ASMTP_", "PYTEST_", "DATABASE_URL", "DJANGO_"))}
    base.update({"DJANGO_SETTINGS_MODULE": "asmtp.settings", "ASMTP_DATA_DIR": str(tmp_path)}, **env)
    return subprocess.run([sys.executable, "-m", "asmtp", "manage", *args], env=base, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ASMTP_ALLOWED_HOSTS": "asmtp.example.gov.hk"}, "ASMTP_SECRET_KEY"),
        ({"ASMTP_SECRET_KEY": "short", "ASMTP_ALLOWED_HOSTS": "asmtp.example.gov.hk"}, "at least 50 random characters"),
        ({"ASMTP_SECRET_KEY": GOOD_KEY, "ASMTP_ALLOWED_HOSTS": "*"}, "no '*'"),
        ({"ASMTP_SECRET_KEY": GOOD_KEY}, "ASMTP_ALLOWED_HOSTS"),
        ({"ASMTP_SECRET_KEY": GOOD_KEY, "ASMTP_ALLOWED_HOSTS": "a.example", "ASMTP_DEBUG": "1"}, "ASMTP_DEBUG must be off"),
    ],
)
def test_production_refuses_to_start_with_an_insecure_setting(tmp_path, env, complaint):
    result = run_django(["check"], tmp_path, ASMTP_ENV="production", **env)
    assert result.returncode != 0
    assert complaint in result.stderr
    assert "Traceback" not in result.stderr


def test_secure_production_settings_pass_check_deploy_without_a_warning(tmp_path):
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], tmp_path,
                        ASMTP_ENV="production", ASMTP_SECRET_KEY=GOOD_KEY + "Zq", ASMTP_ALLOWED_HOSTS="asmtp.example.gov.hk")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(GOOD_KEY + "Zq\n")
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], tmp_path,
                        ASMTP_ENV="production", ASMTP_SECRET_KEY_FILE=str(key_file), ASMTP_ALLOWED_HOSTS="asmtp.example.gov.hk")
    assert result.returncode == 0, result.stderr


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    probe = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASMTP_", "PYTEST_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="asmtp.settings", ASMTP_DATA_DIR=str(tmp_path), ASMTP_ENV="development")
    first = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + probe], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + probe], env=env, capture_output=True, text=True, check=True)
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_an_unknown_edition_is_refused(tmp_path):
    result = run_django(["check"], tmp_path, ASMTP_EDITION="qmas")
    assert result.returncode != 0
    assert "ASMTP_EDITION must be 'direct' or 'immd'" in result.stderr


def test_no_secret_key_is_committed_to_the_repository():
    root = Path(__file__).resolve().parents[3]
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "--", "*secret_key*"], cwd=root, capture_output=True, text=True, check=True)
    assert tracked.stdout.split() == []
