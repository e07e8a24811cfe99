"""Fill and compile an area's translations from its locale/translations.yaml.

    python scripts/translations.py src/asmtp/portal          # after makemessages in that folder
    python scripts/translations.py --check src/asmtp         # fail if any message lacks Chinese,
                                                             # or two areas translate it differently

translations.yaml maps each English message to its Simplified and Traditional Chinese:

    "Sign in": {zh-hans: 登录, zh-hant: 登入}

Keeping the pairs in one YAML file (rather than two .po files edited by hand) lets a reviewer
read both Chinese scripts side by side.

Django merges every area's catalogue into one: where two areas translate the same English words
differently, the one listed first wins everywhere, so the other area silently shows words it did
not choose. `--check` refuses that; words that mean different things need different English
(for example "Case history" and "History").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polib
import yaml

LOCALES = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant"}


def fill(area: Path, check_only: bool) -> list[str]:
    table_path = area / "locale" / "translations.yaml"
    table = yaml.safe_load(table_path.read_text(encoding="utf-8")) if table_path.exists() else {}
    missing: list[str] = []
    for language, folder in LOCALES.items():
        po_path = area / "locale" / folder / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            continue
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.obsolete:
                continue
            pair = table.get(entry.msgid)
            if not pair or not pair.get(language):
                missing.append(f"{po_path}: {entry.msgid!r}")
                continue
            entry.msgstr = pair[language]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: pair[language]}
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            # makemessages' note of the similar message it guessed from: translated from the table now
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        if not check_only:
            po.metadata["Language"] = folder
            po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
            po.save()
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
    return missing


def conflicts(areas: list[Path]) -> list[str]:
    """English messages that two areas translate differently (Django would show only one)."""
    found: dict[tuple[str, str, str], dict[str, str]] = {}
    for area in areas:
        for language, folder in LOCALES.items():
            po_path = area / "locale" / folder / "LC_MESSAGES" / "django.po"
            if not po_path.exists():
                continue
            for entry in polib.pofile(str(po_path)):
                if not entry.obsolete and entry.msgstr:
                    found.setdefault((language, entry.msgctxt or "", entry.msgid), {})[str(area)] = entry.msgstr
    return [
        f"{language}: {msgid!r} is translated differently in " + "; ".join(f"{area}: {text}" for area, text in sorted(by_area.items()))
        for (language, _context, msgid), by_area in sorted(found.items())
        if len(set(by_area.values())) > 1
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("areas", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only report messages without a translation")
    args = parser.parse_args()
    missing = [m for area in args.areas for m in fill(area, args.check)]
    for line in missing:
        print("untranslated:", line, file=sys.stderr)
    clashes = conflicts(args.areas) if args.check else []
    for line in clashes:
        print("conflict:", line, file=sys.stderr)
    return 1 if missing or clashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
