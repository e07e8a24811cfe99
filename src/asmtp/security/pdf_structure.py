"""A PDF's structure read with bounded work: every object (those packed in compressed object
streams included), the active features it carries, encryption, and the size of its pages.

Searching a PDF's raw bytes for `/JavaScript` misses anything inside a compressed object
stream, so both the upload screen (`asmtp.security.uploads`) and the e-Visa scanner
(`asmtp.evisa.scanning`) read the file through pypdf instead. The work is bounded: decoded
stream sizes and page-tree entries through pypdf's own limits (its `Configuration`), the number
of objects and the values visited by the limits below, so a small hostile file costs
milliseconds, not seconds. No Django here: the offline e-Visa verifier uses this module too.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_OBJECTS = 20_000  # a scanned or printed certificate has tens; a long report a few thousand
MAX_VALUES = 300_000  # dictionary and array entries visited in all
MAX_DEPTH = 64
MAX_DECODED_BYTES = 16_000_000  # per stream pypdf decodes (object and cross-reference streams)
# Content and image streams are inflated only to measure them (a flate bomb: kilobytes that
# inflate to gigabytes in the reader's viewer); a 600 dpi colour page is about 100 MB.
MAX_INFLATED_STREAM = 128_000_000
MAX_INFLATED_TOTAL = 256_000_000

# Features that run code, open other files or programs, or carry files inside the PDF.
ACTIVE_NAMES = frozenset({
    "/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/FileAttachment",
    "/RichMedia", "/RichMediaContent", "/RichMediaSettings", "/XFA", "/SubmitForm", "/ImportData",
    "/GoToE", "/GoToR", "/Rendition", "/Movie", "/Sound",
})
# Actions that run by themselves (on opening the file, a page or a field) may only move within it.
_AUTOMATIC_TRIGGERS = ("/OpenAction", "/AA")
_HARMLESS_ACTIONS = frozenset({"/GoTo"})


class PdfUnreadable(Exception):
    """The PDF cannot be judged: `code` is "damaged", "encrypted" or "too_complex"."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


@dataclass(frozen=True)
class PdfStructure:
    page_count: int
    page_sizes: tuple[tuple[float, float], ...]  # of the first pages, in points (1/72 inch), UserUnit applied
    active: frozenset[str]  # active features found ("/JavaScript", "/OpenAction /URI"…); empty when none


def read_structure(data: bytes, *, first_pages: int = 3) -> PdfStructure:
    """The structure of a PDF, or `PdfUnreadable` if it is damaged, encrypted or too complex."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    limits: dict[str, Any] = {
        "maximum_declared_stream_length": MAX_DECODED_BYTES,
        "array_based_stream_maximum_output_length": MAX_DECODED_BYTES,
        "zlib_maximum_output_length": MAX_DECODED_BYTES,
        "lzw_maximum_output_length": MAX_DECODED_BYTES,
        "run_length_maximum_output_length": MAX_DECODED_BYTES,
        "brotli_maximum_output_length": MAX_DECODED_BYTES,
        "jbig2_maximum_output_length": MAX_DECODED_BYTES,
        "image_maximum_buffer_size": MAX_DECODED_BYTES,
        "stream_decoding_work_maximum_length": 4 * MAX_DECODED_BYTES,
        "array_maximum_element_count": 50_000,
        "dictionary_maximum_element_count": 10_000,
        "page_tree_maximum_entries": 10_000,
        "page_tree_maximum_page_entries": 100_000,
        "jbig2dec_binary": None,  # never run an outside decoder on an upload
    }
    pypdf_log = logging.getLogger("pypdf")
    previous_level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a damaged file's warnings are the verdict's business, not the log's
    try:
        with apply_configuration(**limits), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False, root_object_recovery_limit=MAX_OBJECTS)
            if reader.is_encrypted:
                raise PdfUnreadable("encrypted")
            active = _active_features(reader)
            page_count = len(reader.pages)
            if page_count < 1:
                raise PdfUnreadable("damaged", "no pages")
            sizes = tuple(_page_size(reader.pages[index]) for index in range(min(first_pages, page_count)))
    except PdfUnreadable:
        raise
    except (LimitReachedError, RecursionError, MemoryError) as exc:
        raise PdfUnreadable("too_complex", exc.__class__.__name__) from exc
    except Exception as exc:  # any parser failure means the file does not open: say so, never crash
        raise PdfUnreadable("damaged", exc.__class__.__name__) from exc
    finally:
        pypdf_log.setLevel(previous_level)
    return PdfStructure(page_count=page_count, page_sizes=sizes, active=active)


def _object_references(reader: object) -> Iterator[tuple[int, int]]:
    """(number, generation) of every object the cross-reference data lists, compressed or not."""
    xref: dict[int, dict[int, int]] = reader.xref  # type: ignore[attr-defined]
    in_streams: dict[int, object] = reader.xref_objStm  # type: ignore[attr-defined]
    count = sum(len(numbers) for numbers in xref.values()) + len(in_streams)
    if count > MAX_OBJECTS:
        raise PdfUnreadable("too_complex", f"{count} objects")
    for generation, numbers in xref.items():
        for number in numbers:
            yield number, generation
    for number in in_streams:
        yield number, 0


def _active_features(reader: object) -> frozenset[str]:
    """Every active feature in any object, found by walking values (not following references:
    each object is visited from the cross-reference data, and the trailer on its own)."""
    from pypdf.generic import ArrayObject, DictionaryObject, EncodedStreamObject, IndirectObject, NameObject

    found: set[str] = set()
    budget = [MAX_VALUES]
    inflated = [0]

    def resolve(value: object) -> object:
        return value.get_object() if isinstance(value, IndirectObject) else value

    def automatic(action: object, trigger: str, depth: int) -> None:
        action = resolve(action)
        if isinstance(action, DictionaryObject) and "/S" in action:
            kind = str(action.get("/S"))
            if kind not in _HARMLESS_ACTIONS:
                found.add(f"{trigger} {kind}")
            if "/Next" in action and depth < 8:  # actions chain: each one runs
                following = resolve(action["/Next"])
                for step in following if isinstance(following, ArrayObject) else [following]:
                    automatic(step, trigger, depth + 1)

    def walk(value: object, depth: int) -> None:
        budget[0] -= 1
        if budget[0] < 0 or depth > MAX_DEPTH:
            raise PdfUnreadable("too_complex", "too many values")
        if isinstance(value, NameObject):
            if value in ACTIVE_NAMES:
                found.add(str(value))
        elif isinstance(value, DictionaryObject):
            if isinstance(value, EncodedStreamObject):
                inflated[0] += _inflated_size(value, MAX_INFLATED_TOTAL - inflated[0])
            for key, item in value.items():
                if key in ACTIVE_NAMES:
                    found.add(str(key))
                if key == "/OpenAction":
                    automatic(item, "/OpenAction", 0)
                elif key == "/AA":
                    triggers = resolve(item)
                    if isinstance(triggers, DictionaryObject):
                        for action in triggers.values():
                            automatic(action, "/AA", 0)
                walk(item, depth + 1)
        elif isinstance(value, ArrayObject):
            for item in value:
                walk(item, depth + 1)

    walk(reader.trailer, 0)  # type: ignore[attr-defined]
    for number, generation in _object_references(reader):
        walk(reader.get_object(IndirectObject(number, generation, reader)), 0)  # type: ignore[attr-defined]
    return frozenset(found)


def _inflated_size(stream: object, remaining: int) -> int:
    """How many bytes a FlateDecode stream inflates to; `PdfUnreadable` past the limits.
    Inflated a megabyte at a time and thrown away, so a bomb costs time only up to the limit."""
    import zlib

    filters = stream.get("/Filter")  # type: ignore[attr-defined]
    names = [str(item) for item in filters] if isinstance(filters, list) else [str(filters)]
    if not names or names[0] not in {"/FlateDecode", "/Fl"}:
        return 0
    limit = min(MAX_INFLATED_STREAM, remaining)
    inflater = zlib.decompressobj()
    pending = stream._data  # type: ignore[attr-defined]  # the stream's raw (still compressed) bytes
    size = 0
    try:
        while pending and not inflater.eof:
            size += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
            if size > limit:
                raise PdfUnreadable("too_complex", "a stream inflates past the limit")
    except zlib.error:
        return size  # a damaged stream: the reader shows what it can, it holds no bomb
    return size


def _page_size(page: object) -> tuple[float, float]:
    box = page.mediabox  # type: ignore[attr-defined]
    unit = float(page.get("/UserUnit", 1) or 1)  # type: ignore[attr-defined]
    return abs(float(box.width)) * unit, abs(float(box.height)) * unit
