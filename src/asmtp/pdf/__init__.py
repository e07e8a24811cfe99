"""PDF documents with Chinese text (e-Visas, letters): fpdf2 with Debian's Noto Sans CJK.

Noto Sans CJK ships as one OpenType collection (.ttc) holding Japanese, Korean, Simplified,
Traditional (Taiwan) and Hong Kong faces; fpdf2 reads a collection face by index. Every face
covers both scripts; the variants differ in glyph shapes, so Simplified Chinese text is set in
the SC face and Traditional Chinese in the HK face, as a reader in each place expects.
The font is embedded as a subset with a ToUnicode map, so `pdftotext` extracts the characters.

Parsing a face (65,535 glyphs) took about a second of CPU per face and document, and every
document registered four faces. Now each face is parsed once per process and a document
registers a face only when it first selects it (:func:`asmtp.pdf.faces.add_face`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import TextEmphasis

from asmtp.pdf.cff import GlyphOutlines
from asmtp.pdf.embedding import SharedFaceOutputProducer
from asmtp.pdf.faces import add_face

# fontTools reports every subsetting step at INFO: dozens of lines per document in the logs.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

FONT_DIR = Path(os.environ.get("ASMTP_CJK_FONT_DIR", "/usr/share/fonts/opentype/noto"))
REGULAR = "NotoSansCJK-Regular.ttc"
BOLD = "NotoSansCJK-Bold.ttc"

# Face index inside the Noto Sans CJK collections (JP 0, KR 1, SC 2, TC 3, HK 4).
COLLECTION_INDEX = {"zh-hans": 2, "zh-hant": 4, "en": 2}

# Family names a document knows: `cjk` for Simplified Chinese and English, `cjk-hk` for
# Traditional Chinese.
FAMILY = {"zh-hans": "cjk", "zh-hant": "cjk-hk", "en": "cjk"}
_FAMILY_INDEX = {"cjk": COLLECTION_INDEX["zh-hans"], "cjk-hk": COLLECTION_INDEX["zh-hant"]}


class CJKFontMissing(RuntimeError):
    """The Noto Sans CJK fonts are not installed (Debian package fonts-noto-cjk)."""


def font_family(language: str) -> str:
    """The registered font family for text in this language (en, zh-hans, zh-hant)."""
    return FAMILY.get(language, "cjk")


class CJKDocument(FPDF):
    """An A4 document that adds a CJK face (regular or bold) the first time it is selected."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shared_faces: dict[str, GlyphOutlines] = {}

    def output(self, *args: Any, **kwargs: Any) -> Any:
        # The shared faces are written by this producer only (a linearized PDF would use fpdf2's).
        if kwargs.get("linearize"):
            raise ValueError("a CJK document is not linearized")
        kwargs.setdefault("output_producer_class", SharedFaceOutputProducer)
        return super().output(*args, **kwargs)

    def set_font(self, family: str | None = None, style: str | TextEmphasis = "", size: float = 0) -> None:
        name = (family or self.font_family).lower()
        weight = "B" if "B" in (style.style if isinstance(style, TextEmphasis) else style.upper()) else ""
        if name in _FAMILY_INDEX and f"{name}{weight}" not in self.fonts:
            path = FONT_DIR / BOLD if weight and (FONT_DIR / BOLD).exists() else FONT_DIR / REGULAR
            self.shared_faces[f"{name}{weight}"] = add_face(self, name, weight, path, _FAMILY_INDEX[name])
        super().set_font(family, style, size)


def new_cjk_document(*, language: str = "zh-hans", title: str = "", author: str = "", **options: Any) -> FPDF:
    """An A4 fpdf2 document with the language's CJK family selected (both families available)."""
    if not (FONT_DIR / REGULAR).exists():
        raise CJKFontMissing(f"{FONT_DIR / REGULAR} not found: install the Debian package fonts-noto-cjk")
    pdf = CJKDocument(orientation="portrait", unit="mm", format="A4", **options)
    pdf.set_font(font_family(language), size=11)
    pdf.set_lang({"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get(language, "en"))
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("ASMTP")
    return pdf
