"""One parsed copy of each CJK face per process, shared by every document.

fpdf2 parses a font in ``add_font`` (character map, widths of 65,535 glyphs) into a ``TTFFont``
and keeps it on the document; it has no cache across documents. The parsed maps never change,
so a document gets a copy of the parsed face that shares them and owns what one document
changes: its number in the document, the glyphs it used, its font descriptor (named at output),
and a fresh, lazily read fontTools font, because writing the PDF subsets that font in place.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont

_parsed: dict[tuple[Path, int], TTFFont] = {}
_lock = threading.Lock()


def _parsed_face(path: Path, index: int) -> TTFFont:
    with _lock:
        face = _parsed.get((path, index))
        if face is None:
            reader = FPDF()
            reader.add_font("face", fname=str(path), collection_font_number=index)
            face = _parsed[(path, index)] = reader.fonts["face"]
        return face


def add_face(pdf: FPDF, family: str, style: str, path: Path, index: int) -> None:
    """Register face ``index`` of ``path`` on ``pdf`` as ``family`` in ``style`` ("" or "B")."""
    face = copy.copy(_parsed_face(path, index))
    face.i = len(pdf.fonts) + 1
    face.fontkey = f"{family}{style}"
    face.emphasis = TextEmphasis.coerce(style)
    face.desc = copy.copy(face.desc)
    face.ttfont = ttLib.TTFont(str(path), recalcTimestamp=False, fontNumber=index, lazy=True)
    face.missing_glyphs = []
    face.biggest_size_pt = 0
    face._hbfont = None
    face.subset = SubsetMap(face)
    pdf.fonts[face.fontkey] = face
