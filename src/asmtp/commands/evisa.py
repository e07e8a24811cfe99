"""`asmtp evisa verify FILE.pdf|IMAGE|TOKEN [--keys keys.json]` and `asmtp evisa keys export|rotate`.

`verify` is what an airline, employer or border post runs offline: it needs only the keys file
that `keys export` publishes (public keys and a signed revocation list) and never imports
Django or touches a database. `keys` manages the service's own signing keys and needs Django.

Exit status of `verify`: 0 valid; 1 expired, revoked or not genuine; 2 the input or keys file
could not be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

DEFAULT_KEYS = "evisa-keys.json"
STALE_LIST_DAYS = 7  # a cached revocation list older than a week earns a warning

RESULT_TEXT = {
    "valid": "VALID: genuine and in force",
    "expired": "EXPIRED: genuine, but the limit of stay has passed",
    "revoked": "REVOKED: genuine, but withdrawn by the Immigration Department",
    "not_genuine": "NOT GENUINE: not issued by this service, or altered",
}


def register(sub: Any) -> None:
    parser = sub.add_parser("evisa", help="verify e-Visas offline; export or rotate the signing keys")
    evisa_sub = parser.add_subparsers(dest="evisa_command", metavar="SUBCOMMAND", required=True)

    verify = evisa_sub.add_parser("verify", help="check an e-Visa PDF, QR image or token with the published keys only")
    verify.add_argument("input", help="an e-Visa PDF, a picture of its QR code, the token text, or - to read a token from standard input")
    verify.add_argument("--keys", default=os.environ.get("ASMTP_EVISA_KEYS", DEFAULT_KEYS), help=f"the published keys file (default {DEFAULT_KEYS})")
    verify.add_argument("--today", type=dt.date.fromisoformat, help="check as of this date (YYYY-MM-DD) instead of today")
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.set_defaults(func=run_verify)

    keys = evisa_sub.add_parser("keys", help="the service's signing keys (needs the service's configuration)")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    export = keys_sub.add_parser("export", help="write the public keys and the signed revocation list as JSON")
    export.add_argument("--output", "-o", default="-", help="file to write (default: standard output)")
    export.set_defaults(func=run_export)
    rotate = keys_sub.add_parser("rotate", help="start signing with a new key; older e-Visas stay verifiable")
    rotate.set_defaults(func=run_rotate)


def _fail(message: str) -> int:
    print(f"asmtp evisa: {message}", file=sys.stderr)
    return 2


def _read_tokens(source: str) -> list[str]:
    from asmtp.evisa.scanning import tokens_in_file

    if source == "-":
        return [line.strip() for line in sys.stdin if line.strip()]
    path = Path(source)
    if path.is_file():
        return tokens_in_file(path.read_bytes())
    return [source]


def run_verify(args: argparse.Namespace) -> int:
    from asmtp.domain.evisa_token import TokenError, read_public_keys, read_revocation_list, verify_token
    from asmtp.evisa.scanning import ScanError

    try:
        bundle = json.loads(Path(args.keys).read_text(encoding="utf-8"))
        keys = read_public_keys(bundle)
        revocations = read_revocation_list(bundle["revocation_list"], keys)
    except FileNotFoundError:
        return _fail(f"keys file {args.keys} not found: download it with `asmtp evisa keys export` or from the service")
    except (ValueError, KeyError, TypeError, TokenError) as exc:
        # A revocation list that fails its signature is refused outright: trusting an edited
        # list could make a revoked e-Visa look valid.
        return _fail(f"keys file {args.keys} is not usable: {exc}")
    try:
        tokens = _read_tokens(args.input)
    except ScanError as exc:
        return _fail(str(exc))
    if not tokens:
        return _fail(f"no e-Visa QR code found in {args.input}")
    today = args.today or dt.date.today()
    results = [verify_token(token, keys, revocations.numbers, today) for token in tokens]
    age = (today - revocations.issued_on).days
    if args.json:
        print(json.dumps({"revocation_list_issued_on": revocations.issued_on.isoformat(), "results": [
            {"result": str(item.result), "key_id": item.key_id, "problem": item.problem, "disclosed": item.disclosed()} for item in results
        ]}, ensure_ascii=False, indent=2))
    else:
        for item in results:
            print(RESULT_TEXT[str(item.result)])
            for name, value in item.disclosed().items():
                print(f"  {name.replace('_', ' ')}: {value}")
    if age > STALE_LIST_DAYS:
        print(f"warning: the revocation list is {age} days old; download a fresh keys file", file=sys.stderr)
    return 0 if all(str(item.result) == "valid" for item in results) else 1


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()


def run_export(args: argparse.Namespace) -> int:
    _django()
    from asmtp.evisa.services import verification_bundle

    text = json.dumps(verification_bundle(), indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def run_rotate(args: argparse.Namespace) -> int:
    _django()
    from asmtp.evisa.signing_keys import rotate_signing_key

    key = rotate_signing_key()
    print(f"now signing with key {key.kid}; publish a fresh keys file (asmtp evisa keys export)")
    return 0
