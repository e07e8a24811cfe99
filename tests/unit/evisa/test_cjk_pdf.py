"""The shared CJK PDF document (asmtp.pdf): Chinese set in the right face and extractable as text."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

from fontTools.cffLib import CFFFontSet
from fontTools.pens.recordingPen import RecordingPen
from fontTools.subset import Subsetter
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from asmtp.pdf import COLLECTION_INDEX, FONT_DIR, REGULAR, font_family, new_cjk_document


def _text(pdf_bytes: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_simplified_and_traditional_chinese_come_back_out_of_pdftotext(tmp_path):
    pdf = new_cjk_document(language="zh-hans", title="测试")
    pdf.add_page()
    pdf.cell(text="输入内地人才计划 李伟")
    pdf.ln(10)
    pdf.set_font(font_family("zh-hant"), size=11)
    pdf.cell(text="輸入內地人才計劃 僱主")

    text = _text(bytes(pdf.output()), tmp_path)

    assert "输入内地人才计划 李伟" in text
    assert "輸入內地人才計劃 僱主" in text


def test_simplified_text_is_set_in_the_sc_face_and_traditional_in_the_hong_kong_face(tmp_path):
    pdf = new_cjk_document(language="zh-hant")
    pdf.add_page()
    pdf.cell(text="香港")
    pdf.set_font(font_family("zh-hans"))
    pdf.cell(text="内地")

    fonts = {str(font["/BaseFont"]) for page in PdfReader(_write(pdf, tmp_path)).pages for font in page["/Resources"]["/Font"].values()}

    assert {name.split("+")[-1] for name in fonts} == {"NotoSansCJKHK", "NotoSansCJKSC"}


def _write(pdf, tmp_path):
    path = tmp_path / "faces.pdf"
    path.write_bytes(bytes(pdf.output()))
    return str(path)


def test_the_document_language_is_recorded_for_screen_readers():
    pdf = new_cjk_document(language="zh-hant")
    pdf.add_page()
    pdf.cell(text="入境")

    assert b"/Lang (zh-Hant)" in bytes(pdf.output())


def test_documents_share_one_parsed_face_but_each_embeds_only_its_own_glyphs(tmp_path):
    first = new_cjk_document(language="zh-hans")
    first.add_page()
    first.cell(text="李伟")
    second = new_cjk_document(language="zh-hans")
    second.add_page()
    second.cell(text="香港")

    second_text = _text(bytes(second.output()), tmp_path)  # written first: subsetting one leaves the other whole
    first_text = _text(bytes(first.output()), tmp_path)

    assert first.fonts["cjk"].cmap is second.fonts["cjk"].cmap
    assert ("李伟" in first_text, "香港" in first_text) == (True, False)
    assert ("香港" in second_text, "李伟" in second_text) == (True, False)


def test_a_document_embeds_only_the_faces_it_selects(tmp_path):
    pdf = new_cjk_document(language="zh-hant")
    pdf.add_page()
    pdf.cell(text="通知")

    fonts = {str(font["/BaseFont"]) for page in PdfReader(_write(pdf, tmp_path)).pages for font in page["/Resources"]["/Font"].values()}

    assert set(pdf.fonts) == {"cjk-hk"}
    assert {name.split("+")[-1] for name in fonts} == {"NotoSansCJKHK"}


def test_bold_is_the_bold_face_of_the_same_script(tmp_path):
    pdf = new_cjk_document(language="zh-hans")
    pdf.add_page()
    pdf.set_font(font_family("zh-hans"), "B", 12)
    pdf.cell(text="批准")
    written = _write(pdf, tmp_path)

    fonts = {str(font["/BaseFont"]) for page in PdfReader(written).pages for font in page["/Resources"]["/Font"].values()}

    assert {name.split("+")[-1] for name in fonts} == {"NotoSansCJKSCBold"}
    assert "批准" in _text(Path(written).read_bytes(), tmp_path)


def _embedded_programs(pdf_bytes: bytes, tmp_path) -> dict[str, Any]:
    path = tmp_path / "programs.pdf"
    path.write_bytes(pdf_bytes)
    programs = {}
    for font in PdfReader(str(path)).pages[0]["/Resources"]["/Font"].values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        data = descendant["/FontDescriptor"].get_object()["/FontFile3"].get_object().get_data()
        program = CFFFontSet()
        program.decompile(io.BytesIO(data), None)
        programs[str(font.get_object()["/BaseFont"]).split("+")[-1]] = program.topDictIndex[0]
    return programs


def _drawing(charstring) -> list:
    pen = RecordingPen()
    charstring.draw(pen)
    return pen.value


def test_the_embedded_font_draws_each_character_as_the_noto_face_does(tmp_path):
    text = "補交僱主 Rm 1,300：李伟"
    pdf = new_cjk_document(language="zh-hant")
    pdf.add_page()
    pdf.cell(text=text)

    embedded = _embedded_programs(bytes(pdf.output()), tmp_path)["NotoSansCJKHK"]

    face = TTFont(str(FONT_DIR / REGULAR), fontNumber=COLLECTION_INDEX["zh-hant"], lazy=True)
    glyphs = {face.getBestCmap()[ord(c)] for c in text}
    assert set(embedded.charset) == glyphs | {".notdef"}
    source = face["CFF "].cff.topDictIndex[0].CharStrings
    assert all(_drawing(embedded.CharStrings[name]) == _drawing(source[name]) for name in glyphs)
    # The font's bounding box is that of the glyphs in it, as a subsetter writes it: viewers
    # place glyphs by it.
    written = list(embedded.FontBBox)
    embedded.recalcFontBBox()
    assert written == embedded.FontBBox


def test_a_document_is_written_without_running_fonttools_subsetter_on_the_face(tmp_path, monkeypatch):
    def subsetting(*args, **kwargs):
        raise AssertionError("the face was subset with fontTools")

    monkeypatch.setattr(Subsetter, "subset", subsetting)
    pdf = new_cjk_document(language="zh-hans")
    pdf.add_page()
    pdf.cell(text="批准通知")

    assert "批准通知" in _text(bytes(pdf.output()), tmp_path)
