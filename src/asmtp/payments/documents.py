"""What a bill looks like outside the page: the FPS QR code image, and the receipt PDF in the
applicant's language (the shared CJK document of `asmtp.pdf`, text extractable)."""

from __future__ import annotations

import io

import segno
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asmtp.cases.letters import letter_language
from asmtp.cases.models import Dependant
from asmtp.payments.models import Bill, FeeLine
from asmtp.pdf import new_cjk_document


def fps_qr_png(payload: str) -> bytes:
    """The payload as a PNG QR code; level M, as banking apps read it from a phone screen."""
    qr = segno.make(payload, error="m", micro=False)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def person_label(line: FeeLine) -> str:
    """Whose fee a line is, in the active language: the name, and the principal or their relation."""
    chinese = (translation.get_language() or "").startswith("zh")
    name = line.name_zh if chinese and line.name_zh else line.name_en
    if not line.relationship:
        return _("%(name)s (principal applicant)") % {"name": name}
    relation = dict(Dependant.Relationship.choices).get(line.relationship, line.relationship)
    return _("%(name)s (%(relation)s)") % {"name": name, "relation": relation}


def hkd(amount: int) -> str:
    """HK$1,300: Hong Kong groups thousands with a comma in Chinese too."""
    return f"HK${amount:,}"


def receipt_pdf(bill: Bill) -> bytes:
    """The receipt for a paid bill: its number, the case, each person's fee and the total."""
    case = bill.application
    language = letter_language(case)
    with translation.override(language):
        title = _("Receipt %(number)s") % {"number": bill.receipt_number}
        pdf = new_cjk_document(language=language, title=title, author="ASMTP")
        pdf.add_page()
        pdf.set_font(size=16)
        pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font(size=11)
        paid_on = timezone.localtime(bill.paid_at).date().isoformat() if bill.paid_at else ""
        for label, value in (
            (_("Application"), case.reference or ""),
            (_("Bill reference"), bill.reference),
            (_("Fee"), str(bill.get_kind_display())),
            (_("Paid on"), paid_on),
            (_("Paid by"), str(bill.get_paid_via_display())),
        ):
            pdf.multi_cell(0, 7, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        for line in bill.lines.all():
            pdf.multi_cell(0, 7, f"{person_label(line)}    {hkd(line.amount_hkd)}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font(style="B", size=12)
        pdf.multi_cell(0, 8, f"{_('Total')}: {hkd(bill.amount_hkd)}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(style="", size=9)
        pdf.ln(4)
        pdf.multi_cell(0, 5, _("Immigration Department. This receipt is issued by the ASMTP online service."), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
