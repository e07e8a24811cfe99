"""The web servers `asmtp demo`/`serve` and scripts/run-production.sh start share nothing in $HOME."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

from gunicorn.config import Config

from asmtp.commands.serve import _web_command

ROOT = Path(__file__).resolve().parents[2]


def _gunicorn_settings(argv: list[str]) -> argparse.Namespace:
    return Config().parser().parse_args(argv)


def test_the_demo_and_serve_web_server_opens_no_control_socket_shared_by_every_server():
    argv = _web_command(argparse.Namespace(host="127.0.0.1", port=8000, web_workers=2))
    settings = _gunicorn_settings(argv[argv.index("-m") + 2:])
    assert settings.control_socket_disable is True


def test_the_production_script_opens_no_control_socket_either():
    script = (ROOT / "scripts" / "run-production.sh").read_text()
    start = script.index('"$python" -m gunicorn')
    command = script[start:script.index("&", start)].replace("\\\n", " ")
    command = re.sub(r'"\$[^"]*"', "1", command)  # the script's variables: any value will do
    argv = shlex.split(command)[3:]
    assert _gunicorn_settings(argv).control_socket_disable is True
