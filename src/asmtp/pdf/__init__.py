"""PDF documents with Chinese text (e-Visas, letters): fpdf2 with Debian's Noto Sans CJK.

Noto Sans CJK ships as one OpenType collection (.ttc) holding Japanese, Korean, Simplified,
Traditional (Taiwan) and Hong Kong faces; fpdf2 reads a collection face by index. Every face
covers both scripts; the variants differ in glyph shapes, so Simplified Chinese text is set in
the SC face and Traditional Chinese in the HK face, as a reader in each place expects.
The font is embedded as a subset with a ToUnicode map, so `pdftotext` extracts the characters.
"""

from __future__ import annotations

import os
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(os.environ.get("ASMTP_CJK_FONT_DIR", "/usr/share/fonts/opentype/noto"))
REGULAR = "NotoSansCJK-Regular.ttc"
BOLD = "NotoSansCJK-Bold.ttc"

# Face index inside the Noto Sans CJK collections (JP 0, KR 1, SC 2, TC 3, HK 4).
COLLECTION_INDEX = {"zh-hans": 2, "zh-hant": 4, "en": 2}

# Family names registered on every document: `cjk` for Simplified Chinese and English,
# `cjk-hk` for Traditional Chinese.
FAMILY = {"zh-hans": "cjk", "zh-hant": "cjk-hk", "en": "cjk"}


class CJKFontMissing(RuntimeError):
    """The Noto Sans CJK fonts are not installed (Debian package fonts-noto-cjk)."""


def font_family(language: str) -> str:
    """The registered font family for text in this language (en, zh-hans, zh-hant)."""
    return FAMILY.get(language, "cjk")


def new_cjk_document(*, language: str = "zh-hans", title: str = "", author: str = "") -> FPDF:
    """An A4 fpdf2 document with the CJK families registered and the language's one selected."""
    regular, bold = FONT_DIR / REGULAR, FONT_DIR / BOLD
    if not regular.exists():
        raise CJKFontMissing(f"{regular} not found: install the Debian package fonts-noto-cjk")
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    for family, index in (("cjk", COLLECTION_INDEX["zh-hans"]), ("cjk-hk", COLLECTION_INDEX["zh-hant"])):
        pdf.add_font(family, style="", fname=str(regular), collection_font_number=index)
        pdf.add_font(family, style="B", fname=str(bold if bold.exists() else regular), collection_font_number=index)
    pdf.set_font(font_family(language), size=11)
    pdf.set_lang({"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get(language, "en"))
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("ASMTP")
    return pdf
