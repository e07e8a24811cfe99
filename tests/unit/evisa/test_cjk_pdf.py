"""The shared CJK PDF document (asmtp.pdf): Chinese set in the right face and extractable as text."""

from __future__ import annotations

import subprocess

from pypdf import PdfReader

from asmtp.pdf import font_family, new_cjk_document


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
