"""Chinese reads as written by a Chinese hand: full-width punctuation against Chinese characters,
Hong Kong standard forms in Traditional Chinese, and dates written 2005年11月23日.

Checked over every Chinese message of the translation catalogues and the policy texts, and over
the pages of the raw-code crawl (tests/integration/web/test_no_raw_codes.py) in zh-hans and
zh-hant.

Hong Kong forms are checked with OpenCC's t2hk table, with one departure: for the characters
whose Hong Kong glyph differs only in shape (稅 說 閱 戶 ...), Hong Kong government text is
encoded with the Big5 code points (稅務局, 住戶) and Hong Kong fonts draw them in the Hong Kong
shape, so those code points are the standard here and OpenCC's 税 説 閲 户 are refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import polib
import pytest
import yaml

from tests.integration.web.test_no_raw_codes import _pages, cases, visible_text  # noqa: F401 — cases is a fixture

SOURCE = Path(__file__).resolve().parents[3] / "src" / "asmtp"
CHINESE = "\u3400-\u9fff\uf900-\ufaff"
ASCII_PUNCTUATION = ":;,!?()"
PUNCTUATION_TOUCHING_CHINESE = re.compile(
    rf"[{CHINESE}][{re.escape(ASCII_PUNCTUATION)}]|[{re.escape(ASCII_PUNCTUATION)}][{CHINESE}]"
)
# Hong Kong's encoded forms where OpenCC's t2hk table names a glyph variant (see the docstring).
BIG5_FORMS = str.maketrans("税説閲户脱悦鋭兑", "稅說閱戶脫悅銳兌")
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
ENGLISH_MONTH = re.compile(rf"\b\d{{1,2}} {_MONTH} \d{{4}}\b|\b{_MONTH} \d{{1,2}},? \d{{4}}\b")
ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
INLINE_TAGS = re.compile(r"</?(a|abbr|b|code|em|i|kbd|small|span|strong|time)\b[^>]*>", re.I)


def _t2hk():
    return opencc.OpenCC("t2hk")


def ascii_punctuation_touching_chinese(text: str) -> list[str]:
    """The places where an ASCII : ; , ! ? ( ) stands against a Chinese character."""
    return [text[max(0, m.start() - 6) : m.end() + 6] for m in PUNCTUATION_TOUCHING_CHINESE.finditer(text)]


def non_hong_kong_forms(text: str, converter=None) -> list[str]:
    """The characters of Traditional Chinese `text` that Hong Kong writes in another form."""
    converter = converter or _t2hk()
    standard = converter.convert(text).translate(BIG5_FORMS)
    return [f"{old}→{new}" for old, new in zip(text, standard, strict=True) if old != new]


def english_dates(text: str) -> list[str]:
    """Dates written in English (23 Nov 2005) or as ISO numbers (2005-11-23) in Chinese text."""
    if "YYYY-MM-DD" in text:  # a hint saying what to type into a date box shows the typed form
        return []
    return [m.group(0) for m in ENGLISH_MONTH.finditer(text)] + ISO_DATE.findall(text)


# --- the catalogues and the policy texts -------------------------------------------------------


def _catalogue_messages() -> list[tuple[str, str, str]]:
    """(where, language, text) for every Chinese message of every area's catalogue."""
    found = []
    for language, folder in (("zh-hans", "zh_Hans"), ("zh-hant", "zh_Hant")):
        for po_path in sorted(SOURCE.glob(f"**/locale/{folder}/LC_MESSAGES/django.po")):
            for entry in polib.pofile(str(po_path)):
                if not entry.obsolete and entry.msgstr:
                    found.append((f"{po_path.relative_to(SOURCE)}: {entry.msgid!r}", language, entry.msgstr))
    return found


def _policy_texts() -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and str(key).lower() in ("zh-hans", "zh-hant"):
                    found.append((where, str(key).lower(), value))
                else:
                    walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for path in sorted((SOURCE / "policy" / "data").glob("**/*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(SOURCE)))
    return found


CHINESE_TEXTS = _catalogue_messages() + _policy_texts()


def test_no_chinese_message_or_policy_text_puts_ascii_punctuation_against_chinese():
    found = {f"{where} [{language}]": spots for where, language, text in CHINESE_TEXTS if (spots := ascii_punctuation_touching_chinese(text))}
    assert found == {}


def test_every_traditional_chinese_message_and_policy_text_is_in_hong_kong_standard_forms():
    converter = _t2hk()
    found = {where: forms for where, language, text in CHINESE_TEXTS if language == "zh-hant" and (forms := non_hong_kong_forms(text, converter))}
    assert found == {}


def test_no_chinese_message_writes_a_date_in_english_or_iso_form():
    found = {f"{where} [{language}]": dates for where, language, text in CHINESE_TEXTS if (dates := english_dates(text))}
    assert found == {}


def test_the_checks_would_catch_each_fault():
    assert ascii_punctuation_touching_chinese("政策版本: 2025") == ["政策版本: 2025"]
    assert ascii_punctuation_touching_chinese("(選填)") != []
    assert ascii_punctuation_touching_chinese("政策版本：2025（選填）Policy: (optional)") == []
    assert non_hong_kong_forms("應評税入息") == ["税→稅"]
    assert non_hong_kong_forms("稅務局 住戶 閱覽 說明") == []
    assert english_dates("出生日期 23 Nov 2005，Dec. 28, 2022") == ["23 Nov 2005", "Dec. 28, 2022"]
    assert english_dates("您可由2028-10-03起申请") == ["2028-10-03"]
    assert english_dates("2005年11月23日 档案编号 ASMTP-2025-000123") == []


# --- rendered pages ---------------------------------------------------------------------------


def page_faults(page: str, language: str, converter) -> list[str]:
    text = visible_text(INLINE_TAGS.sub("", page))
    faults = [f"punctuation: {spot}" for spot in ascii_punctuation_touching_chinese(text)]
    faults += [f"date: {date}" for date in english_dates(text)]
    if language == "zh-hant":
        faults += [f"form: {form}" for form in non_hong_kong_forms(text, converter)]
    return faults


# Beyond the raw-code crawl: the public forms, the employer's pages, and forms sent back empty
# (each required field's message is Chinese text too).
MORE_PAGES = {
    "public": ["/", "/accounts/login/", "/accounts/register/", "/accounts/password/reset/", "/portal/check/", "/evisa/verify/", "/accessibility/"],
    "applicant": ["/employer/link/"],
    "employer": ["/employer/", "/employer/offers/new/", "/employer/staff/"],
}
EMPTY_FORMS = {
    "public": ["/accounts/login/", "/accounts/register/", "/accounts/password/reset/", "/employer/register/", "/portal/check/",
               "/evisa/verify/"],
    "applicant": ["/employer/link/"],
    "employer": ["/employer/offers/new/"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_no_page_of_the_crawl_breaks_chinese_typography(client, language, cases, applicant, officer, analyst, employer_staff):  # noqa: F811
    converter = _t2hk()
    people = {"applicant": applicant, "officer": officer, "analyst": analyst, "employer": employer_staff, "public": None}
    pages = _pages(cases)
    found = {}
    for role in people:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        for path in pages.get(role, []) + MORE_PAGES.get(role, []) + EMPTY_FORMS.get(role, []):
            response = client.get(f"/{language}{path}")
            if response.status_code == 404:
                continue  # a page this deployment does not offer
            assert response.status_code == 200, (path, response.status_code)
            if faults := page_faults(response.content.decode(), language, converter):
                found[path] = faults
        for path in EMPTY_FORMS.get(role, []):
            response = client.post(f"/{language}{path}", {})
            if faults := page_faults(response.content.decode(), language, converter):
                found[f"{path} (sent empty)"] = faults
    assert not found, "\n".join(f"{path}: {fault}" for path, faults in found.items() for fault in faults)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "words"), [("zh-hans", "（逗留期限届满前"), ("zh-hant", "（逗留期限屆滿前")])
def test_the_extension_window_on_the_officers_page_is_bracketed_in_full_width(client, language, words, cases, officer):  # noqa: F811
    client.force_login(officer)
    page = visible_text(client.get(f"/{language}/workbench/cases/{cases['approved'].pk}/").content.decode())
    assert words in page
    assert "(逗留期限" not in page
