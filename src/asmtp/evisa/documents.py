"""The e-Visa as a PDF: bilingual (English and Traditional Chinese, as Hong Kong documents are),
with the holder's Chinese name in the Simplified face, and the signed QR codes.

Two views: `full` carries every particular and both QR codes (the full one for airlines and
border control, the right-to-work one for employers); `work` leaves out the date of birth,
the travel document and the full QR code, so the holder can hand an employer only that.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import segno

from asmtp.cases.tp_quota import tp_condition_of_stay
from asmtp.domain.evisa_token import Condition, View
from asmtp.pdf import font_family, new_cjk_document

TITLE_EN = "e-Visa (Entry Permit)"
TITLE_ZH = "電子簽證（入境許可）"
SCHEME_EN = "Admission Scheme for Mainland Talents and Professionals"
SCHEME_ZH = "輸入內地人才計劃"
RELATIONSHIPS = {
    "spouse": ("Spouse", "配偶"),
    "civil_partner": ("Civil partner", "民事伴侶"),
    "child": ("Child", "子女"),
}


def condition_text(evisa: Any) -> tuple[str, str]:
    """The conditions of stay in English and Traditional Chinese (a TP holder's name the trade)."""
    english, chinese = _employment_condition(evisa)
    if getattr(evisa, "tp_trade", ""):
        trade = tp_condition_of_stay(evisa.tp_trade, evisa.employer_name)
        english, chinese = f"{english} {trade['en']}", f"{chinese}{trade['zh-Hant']}"
    return english, chinese


def _employment_condition(evisa: Any) -> tuple[str, str]:
    condition = Condition(evisa.condition)
    if condition is Condition.EMPLOYER_ONLY:
        return (
            f"Employment only with {evisa.employer_name}; a change of employer needs prior approval.",
            f"只可受僱於{evisa.employer_name}；轉換僱主須事先獲得批准。",
        )
    if condition is Condition.ANY_EMPLOYMENT:
        return ("Admitted as a talent for employment; no sponsoring employer.", "以人才身分獲准入境就業；無須僱主擔保。")
    principal = evisa.principal.number if evisa.principal else ""
    return (
        f"Dependant of the holder of e-Visa {principal}; stay tied to the principal's.",
        f"受養人，逗留期限隨持有電子簽證 {principal} 的主申請人。",
    )


@functools.lru_cache(maxsize=256)
def _qr_png(token: str) -> bytes:
    # Level M tolerates a crease or a smudge; a larger level would make the code denser.
    # Cached by token: the holder downloads both views and often the same one again, and
    # encoding a code and writing its PNG is most of an e-Visa's CPU once the fonts are quick.
    qr = segno.make(token, error="m", micro=False)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def _rows(evisa: Any, view: View) -> list[tuple[str, str, str]]:
    rows = [
        ("e-Visa number", "電子簽證編號", evisa.number),
        ("Name in English", "英文姓名", evisa.name_en),
        ("Name in Chinese", "中文姓名", evisa.name_zh or "—"),
    ]
    if view is View.FULL:
        rows.append(("Date of birth", "出生日期", evisa.date_of_birth.isoformat()))
        rows.append(("Travel document", "旅行證件", evisa.travel_document or "—"))
        if evisa.relationship:
            english, chinese = RELATIONSHIPS.get(evisa.relationship, (evisa.relationship, evisa.relationship))
            rows.append(("Relationship to principal", "與主申請人關係", f"{english} {chinese}"))
    english, chinese = condition_text(evisa)
    rows += [
        ("Conditions of stay", "逗留條件", f"{english}\n{chinese}"),
        ("Limit of stay", "逗留期限", evisa.limit_of_stay_on.isoformat()),
        ("Date of issue", "簽發日期", evisa.issued_on.isoformat()),
    ]
    return rows


def render_evisa_pdf(evisa: Any, view: View = View.FULL) -> bytes:
    """The e-Visa PDF in this view (see the module docstring)."""
    pdf = new_cjk_document(language="zh-hant", title=f"e-Visa {evisa.number}", author="ASMTP")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    hk = font_family("zh-hant")
    pdf.set_font(hk, "B", 18)
    pdf.cell(0, 10, f"{TITLE_EN}  {TITLE_ZH}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(hk, "", 11)
    pdf.cell(0, 7, f"{SCHEME_EN}  {SCHEME_ZH}", new_x="LMARGIN", new_y="NEXT")
    if view is View.WORK:
        pdf.cell(0, 7, "Right-to-work copy: date of birth and travel document withheld.  工作權利副本：不顯示出生日期及旅行證件。", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for english, chinese, value in _rows(evisa, view):
        _row(pdf, english, chinese, value, hk)
    _qr_codes(pdf, evisa, view, hk)
    pdf.set_xy(pdf.l_margin, 272)
    pdf.set_font(hk, "", 8)
    footer = (
        f"Check this e-Visa by scanning a QR code on the service's verification page, or offline with the published keys (key {evisa.key_id}).\n"
        f"掃描二維碼於本服務的核實網頁核實本電子簽證，或以已公布的公開密鑰離線核實（密鑰 {evisa.key_id}）。"
    )
    pdf.multi_cell(0, 4, footer, align="L")
    return bytes(pdf.output())


def _row(pdf: Any, english: str, chinese: str, value: str, label_family: str) -> None:
    top = pdf.get_y()
    pdf.set_font(label_family, "", 9)
    pdf.multi_cell(62, 5, f"{english}\n{chinese}", new_x="RIGHT", new_y="TOP")
    # The holder's own particulars may be Simplified Chinese (Mainland names): the SC face.
    pdf.set_font(font_family("zh-hans"), "B", 11)
    pdf.multi_cell(0, 5, value, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y() + 2, top + 11))


def _qr_codes(pdf: Any, evisa: Any, view: View, family: str) -> None:
    codes = [(evisa.token_work, "Right to work (no date of birth)", "工作權利（不含出生日期）")]
    if view is View.FULL:
        codes.insert(0, (evisa.token_full, "Full particulars (border control, airlines)", "完整資料（出入境管制、航空公司）"))
    top = max(pdf.get_y() + 6, 160)
    size = 78
    for index, (token, english, chinese) in enumerate(codes):
        x = pdf.l_margin + index * (size + 12)
        pdf.image(io.BytesIO(_qr_png(token)), x=x, y=top, w=size, h=size)
        pdf.set_xy(x, top + size + 1)
        pdf.set_font(family, "", 9)
        pdf.multi_cell(size, 4.5, f"{english}\n{chinese}", align="C")
