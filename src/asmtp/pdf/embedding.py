"""Writing a document's CJK faces into the PDF from the process's glyph outlines.

fpdf2's ``OutputProducer`` writes every font itself, subsetting the face with fontTools
(:mod:`asmtp.pdf.cff` says what that cost). This producer writes the faces that came from
:func:`asmtp.pdf.faces.add_face` with the font program of :class:`asmtp.pdf.cff.GlyphOutlines`
and leaves any other font to fpdf2. The PDF objects are those fpdf2 writes for a CID-keyed
OpenType face: a Type0 font with a ToUnicode map (so the text can be extracted and searched),
a CIDFontType0 with the glyph widths, and the font program as FontFile3 (CIDFontType0C).
"""

from __future__ import annotations

from typing import Any

from fpdf.fonts import TTFFont
from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFFont,
    PDFFontStream,
    _build_cmap_blocks,
    _cid_font_widths,
)
from fpdf.syntax import Name, PDFArray, PDFContentStream, PDFString, Raw

from asmtp.pdf.cff import GlyphOutlines


class SharedFaceOutputProducer(OutputProducer):
    """fpdf2's producer, writing the faces a document lists in ``shared_faces`` itself."""

    def _add_fonts(self, *args: Any, **kwargs: Any) -> Any:
        registry = self.fpdf.fonts  # the document's own dict: hide the shared faces from fpdf2
        fonts = dict(registry)
        shared: dict[str, GlyphOutlines] = getattr(self.fpdf, "shared_faces", {})
        for key in shared:
            del registry[key]
        try:
            written = super()._add_fonts(*args, **kwargs)
        finally:
            registry.clear()
            registry.update(fonts)
        for key, outlines in shared.items():
            face = fonts[key]
            assert isinstance(face, TTFFont)
            written[face.i] = self._add_shared_face(face, outlines)
        return written

    def _add_shared_face(self, face: TTFFont, outlines: GlyphOutlines) -> PDFFont:
        name = f"MPDFAA+{face.name}"
        glyphs = [(glyph, code) for glyph, code in face.subset.items() if glyph is not None]
        cid_of_code = {code: _cid(glyph.glyph_name) for glyph, code in glyphs}
        widths = {_cid(glyph.glyph_name): glyph.glyph_width for glyph, _ in glyphs}
        registry, ordering, supplement = face.cff_ros or ("Adobe", "Identity", 0)

        font = PDFFont(subtype="Type0", base_font=name, encoding="Identity-H")
        self._add_pdf_obj(font, "fonts")
        cid_font = PDFFont(subtype="CIDFontType0", base_font=name, d_w=face.desc.missing_width, w=_cid_font_widths(widths))
        self._add_pdf_obj(cid_font, "fonts")
        font.descendant_fonts = PDFArray([cid_font])

        to_unicode = [
            f"<{code:04X}> <{''.join(_utf16(u) for u in glyph.unicode)}>\n"
            for glyph, code in glyphs
            if isinstance(glyph.unicode, tuple) and glyph.unicode
        ]
        font.to_unicode = self._cmap("Adobe", "UCS", 0, "Adobe-Identity-UCS", to_unicode, "bfchar")
        cids = [f"<{code:04X}> {cid}\n" for code, cid in sorted(cid_of_code.items())]
        encoding = self._cmap(registry, ordering, supplement, f"{registry}-{ordering}-UCS", cids, "cidchar", as_cmap=True)
        font.encoding = encoding  # type: ignore[assignment]

        system_info = CIDSystemInfo()
        system_info.registry = PDFString(registry, encrypt=True)
        system_info.ordering = PDFString(ordering, encrypt=True)
        system_info.supplement = supplement
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info

        descriptor = face.desc
        descriptor.font_name = Name(name)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor
        program = PDFFontStream(contents=outlines.program(cid_of_code.values()))
        program.subtype = Name("CIDFontType0C")  # type: ignore[attr-defined]
        self._add_pdf_obj(program, "fonts")
        descriptor.font_file3 = program  # type: ignore[attr-defined]

        # SubsetMap caches its look-ups in one cache for all documents (functools.cache on the
        # class): fpdf2 clears it after writing each font, and so does this.
        face.subset.pick.cache_clear()
        face.subset.get_glyph.cache_clear()
        return font

    def _cmap(
        self, registry: str, ordering: str, supplement: int, name: str, entries: list[str], operator: Any, *, as_cmap: bool = False
    ) -> PDFContentStream:
        stream = PDFContentStream(
            (
                "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
                f"<</Registry ({registry})\n/Ordering ({ordering})\n/Supplement {supplement}\n>> def\n"
                f"/CMapName /{name} def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{_build_cmap_blocks(entries, operator)}"
                "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
            ).encode("latin-1")
        )
        if as_cmap:
            stream.type = Name("CMap")  # type: ignore[attr-defined]
            stream.c_map_name = Name(name)  # type: ignore[attr-defined]
            stream.c_i_d_system_info = Raw(f"<< /Registry ({registry}) /Ordering ({ordering}) /Supplement {supplement} >>")  # type: ignore[attr-defined]
        self._add_pdf_obj(stream, "fonts")
        return stream


def _cid(glyph_name: str) -> int:
    return int(glyph_name[3:]) if glyph_name.startswith("cid") else 0


def _utf16(code: int) -> str:
    if code > 0xFFFF:
        return f"{0xD800 | (code - 0x10000) >> 10:04X}{0xDC00 | (code & 0x3FF):04X}"
    return f"{code:04X}"
