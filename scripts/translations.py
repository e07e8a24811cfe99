"""Fill and compile an area's translations from its locale/translations.yaml.

    python scripts/translations.py src/asmtp/portal          # after makemessages in that folder
    python scripts/translations.py --check src/asmtp         # fail if any message lacks Chinese

translations.yaml maps each English message to its Simplified and Traditional Chinese:

    "Sign in": {zh-hans: 登录, zh-hant: 登入}

Keeping the pairs in one YAML file (rather than two .po files edited by hand) lets a reviewer
read both Chinese scripts side by side.
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
        if not check_only:
            po.metadata["Language"] = folder
            po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
            po.save()
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("areas", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only report messages without a translation")
    args = parser.parse_args()
    missing = [m for area in args.areas for m in fill(area, args.check)]
    for line in missing:
        print("untranslated:", line, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
