"""A document's own CID-keyed CFF font program, written from the glyphs it uses.

fpdf2 subsets an embedded face with fontTools at output: for Noto Sans CJK (65,535 glyphs)
that read the face's tables and decompiled and recompiled every used glyph with its
subroutines, about 250 ms of CPU per face and document, in every document. Here each glyph's
outline is taken out of the face once per process, with its subroutines inlined
(``desubroutinizeCharString``), and a document's font program is the used outlines written
one after the other with the face's private dictionaries: a few milliseconds.

The program keeps the face's CIDs (glyph ``cid01234`` is CID 1234), so the PDF maps its
character codes to the same CIDs as before.
"""

from __future__ import annotations

import functools
import itertools
import struct
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from fontTools import ttLib
from fontTools.cffLib import privateDictOperators
from fontTools.cffLib.transforms import desubroutinizeCharString
from fontTools.misc.arrayTools import intRect, unionRect
from fontTools.misc.psCharStrings import T2CharString, encodeFloat, encodeIntCFF


class Outline(NamedTuple):
    fd: int  # the font dictionary (hinting zones, default widths) the glyph uses
    charstring: bytes
    bounds: tuple[float, float, float, float] | None  # x min, y min, x max, y max; None: no ink


_NOT_WRITTEN = {"Subrs", "vsindex", "blend"}  # no subroutines are written; CFF2 only
_PRIVATE_OPERATORS = [(op, name, kind) for op, name, kind, *_ in privateDictOperators if name not in _NOT_WRITTEN]


class GlyphOutlines:
    """The outlines of one CID-keyed CFF face (a face of an OpenType file or collection)."""

    def __init__(self, path: Path, index: int) -> None:
        self._font = ttLib.TTFont(str(path), fontNumber=index, lazy=True)
        cff = self._font["CFF "].cff
        top = cff.topDictIndex[0]
        if not hasattr(top, "ROS"):
            raise ValueError(f"{path} face {index} is not a CID-keyed CFF font")
        self.font_name: str = cff.fontNames[0]
        self._top = top
        self._global_subrs = cff.GlobalSubrs
        self._index = top.CharStrings.charStringsIndex
        self._gid_of_cid = {int(name[3:]): gid for gid, name in enumerate(self._font.getGlyphOrder()) if name.startswith("cid")}
        self._gid_of_cid[0] = 0  # .notdef
        self._private = [_private_dict(fd.Private.rawDict) for fd in top.FDArray]
        self._outlines: dict[int, Outline] = {}
        self._lock = threading.Lock()

    def outline(self, cid: int) -> Outline:
        """The glyph's charstring with no subroutine calls, its font dictionary and its bounds."""
        found = self._outlines.get(cid)
        if found is None:
            with self._lock:  # the face is read from one open file
                gid = self._gid_of_cid[cid]
                fd = self._top.FDSelect[gid]
                source = self._index[gid]
                charstring = T2CharString(bytecode=source.bytecode, private=self._top.FDArray[fd].Private, globalSubrs=self._global_subrs)
                desubroutinizeCharString(charstring)
                charstring.compile()
                found = self._outlines[cid] = Outline(fd, charstring.bytecode, charstring.calcBounds(None))
        return found

    def program(self, cids: Iterable[int]) -> bytes:
        """A CFF font program holding .notdef and these CIDs (a PDF's FontFile3, CIDFontType0C)."""
        glyphs = [0, *sorted(set(cids) - {0})]
        outlines = [self.outline(cid) for cid in glyphs]
        dicts = sorted({outline.fd for outline in outlines})
        fd_number = {fd: number for number, fd in enumerate(dicts)}
        registry, ordering, supplement = self._top.ROS

        charset = b"\x00" + b"".join(struct.pack(">H", cid) for cid in glyphs[1:])
        fd_select = b"\x00" + bytes(fd_number[outline.fd] for outline in outlines)
        charstrings = _index([outline.charstring for outline in outlines])
        # The bounds of the glyphs written, as fontTools' subsetter wrote them (poppler places
        # glyphs by them: the face's own bounds move every glyph by a pixel at 150 dpi).
        inked = [outline.bounds for outline in outlines if outline.bounds is not None]
        box = intRect(functools.reduce(unionRect, inked)) if inked else (0, 0, 0, 0)
        privates = [self._private[fd] for fd in dicts]

        def top_dict(charset_at: int, charstrings_at: int, fd_array_at: int, fd_select_at: int) -> bytes:
            return b"".join([
                _number(391), _number(392), _number(supplement), b"\x0c\x1e",  # ROS
                _number(getattr(self._top, "CIDCount", 8720)), b"\x0c\x22",
                *(_number(value) for value in box), b"\x05",
                _offset(charset_at), b"\x0f",
                _offset(charstrings_at), b"\x11",
                _offset(fd_array_at), b"\x0c\x24",
                _offset(fd_select_at), b"\x0c\x25",
            ])

        def fd_array(privates_at: int) -> bytes:
            entries, at = [], privates_at
            for private in privates:
                entries.append(_offset(len(private)) + _offset(at) + b"\x12")
                at += len(private)
            return _index(entries)

        head = b"\x01\x00\x04\x04" + _index([self.font_name.encode("ascii")])
        strings = _index([registry.encode("ascii"), ordering.encode("ascii")]) + _index([])  # + no global subrs
        start = len(head) + len(_index([top_dict(0, 0, 0, 0)])) + len(strings)
        charset_at = start
        fd_select_at = charset_at + len(charset)
        charstrings_at = fd_select_at + len(fd_select)
        fd_array_at = charstrings_at + len(charstrings)
        privates_at = fd_array_at + len(fd_array(0))
        top = _index([top_dict(charset_at, charstrings_at, fd_array_at, fd_select_at)])
        return b"".join([head, top, strings, charset, fd_select, charstrings, fd_array(privates_at), *privates])


def _private_dict(raw: dict[str, Any]) -> bytes:
    out = []
    for operator, name, kind in _PRIVATE_OPERATORS:
        if name not in raw:
            continue
        value = raw[name]
        values = value if isinstance(value, list) else [value]
        if kind == "delta":
            values = [values[0], *(current - previous for previous, current in itertools.pairwise(values))]
        out += [_number(v) for v in values]
        out.append(bytes(operator) if isinstance(operator, tuple) else bytes([operator]))
    return b"".join(out)


def _number(value: float) -> bytes:
    if isinstance(value, int) or float(value).is_integer():
        return bytes(encodeIntCFF(int(value)))
    return bytes(encodeFloat(value))


def _offset(value: int) -> bytes:
    """An offset as a five-byte integer, so a dictionary's length does not depend on it."""
    return b"\x1d" + struct.pack(">l", value)


def _index(items: Sequence[bytes]) -> bytes:
    if not items:
        return b"\x00\x00"
    ends = [1]
    for item in items:
        ends.append(ends[-1] + len(item))
    size = next(size for size in (1, 2, 3, 4) if ends[-1] < 1 << (8 * size))
    return struct.pack(">HB", len(items), size) + b"".join(end.to_bytes(size, "big") for end in ends) + b"".join(items)
