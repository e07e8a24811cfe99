"""One parsed copy of each CJK face per process, shared by every document.

fpdf2 parses a font in ``add_font`` (character map, widths of 65,535 glyphs) into a ``TTFFont``
and keeps it on the document; it has no cache across documents. The parsed maps never change,
so a document gets a copy of the parsed face that shares them and owns what one document
changes: its number in the document, the glyphs it used and its font descriptor (named at
output). The face's outlines are shared too (:class:`asmtp.pdf.cff.GlyphOutlines`): the
document is written by :class:`asmtp.pdf.embedding.SharedFaceOutputProducer`, which embeds
the glyphs the document used without fontTools' subsetter.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont

from asmtp.pdf.cff import GlyphOutlines

_parsed: dict[tuple[Path, int], tuple[TTFFont, GlyphOutlines]] = {}
_lock = threading.Lock()


def _parsed_face(path: Path, index: int) -> tuple[TTFFont, GlyphOutlines]:
    with _lock:
        found = _parsed.get((path, index))
        if found is None:
            reader = FPDF()
            reader.add_font("face", fname=str(path), collection_font_number=index)
            face = reader.fonts["face"]
            assert isinstance(face, TTFFont)
            found = _parsed[(path, index)] = (face, GlyphOutlines(path, index))
        return found


def add_face(pdf: FPDF, family: str, style: str, path: Path, index: int) -> GlyphOutlines:
    """Register face ``index`` of ``path`` on ``pdf`` as ``family`` in ``style`` ("" or "B").

    Returns the face's outlines: the document must be written by ``SharedFaceOutputProducer``
    with them (``CJKDocument`` is), as fontTools' subsetter would change the shared face.
    """
    parsed, outlines = _parsed_face(path, index)
    face = copy.copy(parsed)
    face.i = len(pdf.fonts) + 1
    face.fontkey = f"{family}{style}"
    face.emphasis = TextEmphasis.coerce(style)
    face.desc = copy.copy(face.desc)
    face.missing_glyphs = []
    face.biggest_size_pt = 0
    face._hbfont = None
    face.subset = SubsetMap(face)
    pdf.fonts[face.fontkey] = face
    return outlines
