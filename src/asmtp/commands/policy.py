"""``asmtp policy``: show the policy in force, compare dates or editions, import a Talent List.

``show`` and ``diff`` read only the policy files (no Django). ``import-talent-list`` writes to
the database and so starts Django.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from asmtp.commands.assess import iso_date


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("policy", help="show, compare and import policy data", description=__doc__)
    actions = parser.add_subparsers(dest="policy_command", metavar="ACTION")

    show = actions.add_parser("show", help="the parameters in force on a date, with their sources")
    show.add_argument("--edition", help="edition (default: ASMTP_EDITION, else the policy default)")
    show.add_argument("--as-of", type=iso_date, default=None, help="date (default: today)")
    show.add_argument("--json", action="store_true", help="print JSON instead of text")
    show.set_defaults(func=run_show)

    diff = actions.add_parser(
        "diff", help="what changed between two dates or two editions", description="Compare the policy in force at --from under --edition with the policy at --to under --against."
    )
    diff.add_argument("--from", dest="from_date", type=iso_date, default=None, help="first date (default: today)")
    diff.add_argument("--to", dest="to_date", type=iso_date, default=None, help="second date (default: the first)")
    diff.add_argument("--edition", help="edition at the first date (default: ASMTP_EDITION, else the policy default)")
    diff.add_argument("--against", help="edition at the second date (default: the same edition)")
    diff.add_argument("--json", action="store_true", help="print JSON instead of text")
    diff.set_defaults(func=run_diff)

    load = actions.add_parser(
        "import-talent-list",
        help="import an official Talent List from CSV (validated, all or nothing, recorded)",
        description="Columns: id, segment, name_en, name_zh_hant, name_zh_hans, source_url (optional: note).",
    )
    load.add_argument("file", help="CSV file (UTF-8)")
    load.add_argument("--version", dest="effective_from", type=iso_date, required=True, help="date the list took effect")
    load.add_argument("--source", required=True, help="address of the official list")
    load.add_argument("--complete", action="store_true", help="the file holds the whole official list")
    load.add_argument("--by", default=os.environ.get("USER", ""), help="who is importing (default: $USER)")
    load.set_defaults(func=run_import)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _policy(edition: str | None) -> Any:
    from asmtp.cases.assessment import deployment_edition
    from asmtp.policy import UnknownEdition, load_policy

    try:
        return load_policy(edition or deployment_edition())
    except UnknownEdition as exc:
        raise SystemExit(f"asmtp policy: {exc}") from None


def policy_snapshot(policy: Any, day: date) -> dict[str, Any]:
    """Everything in force on ``day`` as plain data: parameters, Talent List, wage benchmarks."""
    params = policy.at(day)
    version = params.talent_list
    return {
        "edition": policy.edition.id,
        "as_of": day.isoformat(),
        "parameters": {name: entry.as_dict() for name, entry in params.items()},
        "talent_list": {
            "effective_from": version.effective_from.isoformat(),
            "stated_count": version.stated_count,
            "held": len(version.professions),
            "complete": version.complete,
            "source": version.source,
            "professions": list(version.professions),
        },
        "tp_list": {
            "effective_from": params.tp_list.effective_from.isoformat(),
            "source": params.tp_list.source,
            "trades": list(params.tp_list.trades),
        },
        "wage_benchmarks": {
            bench.section: {
                "value": bench.value,
                "series": bench.label,
                "survey_year": bench.survey_year,
                "confidence": bench.confidence,
                "reference": bench.reference,
            }
            for bench in (params.wage_benchmark(letter) for letter in policy.industry_letters)
        },
    }


def _money(value: Any) -> str:
    return f"{value:,.0f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else json.dumps(value)


def run_show(args: argparse.Namespace) -> int:
    policy = _policy(args.edition)
    snapshot = policy_snapshot(policy, args.as_of or date.today())
    if args.json:
        print(json.dumps(snapshot, ensure_ascii=False, indent=2))
        return 0
    out = [f"Policy in force on {snapshot['as_of']}, edition {policy.edition.id}: {policy.edition.names.en}", "", "Parameters"]
    for name, entry in snapshot["parameters"].items():
        out.append(f"  {name} = {_money(entry['value'])}   [from {entry['effective_from']}, {entry['confidence']}]")
        out.append(f"      source: {entry['reference']}")
    tl = snapshot["talent_list"]
    state = "complete" if tl["complete"] else "partial: the full list was not retrievable"
    out += ["", f"Talent List: version of {tl['effective_from']}, {tl['held']} of {tl['stated_count']} professions held ({state})",
            f"      source: {tl['source']}"]
    tp = snapshot["tp_list"]
    out += [f"TP List (Technical Professionals): version of {tp['effective_from']}, {len(tp['trades'])} trades: {', '.join(tp['trades'])}",
            f"      source: {tp['source']}", "", "Market wage benchmarks (C&SD AEHS median monthly wage, HK$) by HSIC section"]
    for letter, bench in snapshot["wage_benchmarks"].items():
        out.append(f"  {letter} {_money(bench['value']):>7}  {bench['series']}, {bench['survey_year']} survey [{bench['confidence']}]")
    out.append("      sources: see `asmtp policy show --json` (wage_benchmarks.*.reference)")
    print("\n".join(out))
    return 0


def policy_diff(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """What differs between two snapshots (see :func:`policy_snapshot`)."""
    changed = {}
    for name in sorted(set(first["parameters"]) | set(second["parameters"])):
        a, b = first["parameters"].get(name), second["parameters"].get(name)
        if (a or {}).get("value") != (b or {}).get("value"):
            changed[name] = {"from": a and a["value"], "to": b and b["value"], "source": b and b["reference"]}
    wages = {
        letter: {"from": first["wage_benchmarks"][letter]["value"], "to": bench["value"], "source": bench["reference"]}
        for letter, bench in second["wage_benchmarks"].items()
        if bench["value"] != first["wage_benchmarks"][letter]["value"]
    }
    before, after = set(first["talent_list"]["professions"]), set(second["talent_list"]["professions"])
    return {
        "from": {"edition": first["edition"], "as_of": first["as_of"]},
        "to": {"edition": second["edition"], "as_of": second["as_of"]},
        "parameters": changed,
        "wage_benchmarks": wages,
        "talent_list": {
            "from_version": first["talent_list"]["effective_from"],
            "to_version": second["talent_list"]["effective_from"],
            "added": sorted(after - before),
            "removed": sorted(before - after),
        },
    }


def run_diff(args: argparse.Namespace) -> int:
    first_day = args.from_date or date.today()
    second_day = args.to_date or first_day
    first_policy = _policy(args.edition)
    second_policy = _policy(args.against) if args.against else first_policy
    diff = policy_diff(policy_snapshot(first_policy, first_day), policy_snapshot(second_policy, second_day))
    if args.json:
        print(json.dumps(diff, ensure_ascii=False, indent=2))
        return 0
    print(f"From {diff['from']['edition']} on {diff['from']['as_of']} to {diff['to']['edition']} on {diff['to']['as_of']}")
    if not diff["parameters"] and not diff["wage_benchmarks"] and not diff["talent_list"]["added"] and not diff["talent_list"]["removed"]:
        print("No differences.")
        return 0
    for name, change in diff["parameters"].items():
        print(f"  {name}: {_money(change['from'])} -> {_money(change['to'])}")
        print(f"      source: {change['source']}")
    for letter, change in diff["wage_benchmarks"].items():
        print(f"  wage benchmark {letter}: {_money(change['from'])} -> {_money(change['to'])}   ({change['source']})")
    tl = diff["talent_list"]
    if tl["added"] or tl["removed"]:
        print(f"  Talent List {tl['from_version']} -> {tl['to_version']}: +{len(tl['added'])} -{len(tl['removed'])}")
        for pid in tl["added"]:
            print(f"      + {pid}")
        for pid in tl["removed"]:
            print(f"      - {pid}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        print(f"asmtp policy import-talent-list: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asmtp.settings")
    import django

    django.setup()
    from asmtp.policystore.imports import import_talent_list

    result = import_talent_list(
        content, effective_from=args.effective_from, source=args.source, file_name=path.name, complete=args.complete, user_name=args.by or "command line"
    )
    if result.applied:
        print(f"Imported {result.record.row_count} professions as the Talent List of {args.effective_from} (import #{result.record.pk}).")
        return 0
    print(f"Nothing imported from {path.name}: {len(result.errors)} problem(s) (recorded as import #{result.record.pk})", file=sys.stderr)
    for error in result.errors:
        print(f"  {error}", file=sys.stderr)
    return 1
