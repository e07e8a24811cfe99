"""Fee pages: the case's bills (applicant and officers), the FPS code, receipts; the officers'
statement upload and exceptions queue.

Each view parses, checks who may act, calls one service and renders. A bill, a receipt or a
case answers 404 to anyone who may not see it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from asmtp.accounts.models import OFFICER_ROLES
from asmtp.cases.models import Application
from asmtp.cases.services import StaleCase
from asmtp.domain.lifecycle import TransitionRefused
from asmtp.payments import services as service
from asmtp.payments.documents import fps_qr_png, person_label, receipt_pdf
from asmtp.payments.forms import ResolveForm, StatementForm
from asmtp.payments.messages import message_for
from asmtp.payments.models import Bill, StatementEntry, StatementImport
from asmtp.web.access import officer_required


def _is_officer(request: HttpRequest) -> bool:
    return getattr(request.user, "role", "") in OFFICER_ROLES


def _visible_case(request: HttpRequest, case_id: int) -> Application:
    cases = Application.objects.select_related("applicant")
    if not _is_officer(request):
        cases = cases.filter(applicant=request.user)
    case = cases.filter(pk=case_id).exclude(reference=None).first()
    if case is None:
        raise Http404
    return case


def _visible_bill(request: HttpRequest, **lookup: str) -> Bill:
    bill = Bill.objects.select_related("application").filter(**lookup).first()
    if bill is None or not (_is_officer(request) or bill.application.applicant_id == request.user.pk):
        raise Http404
    return bill


@login_required
@require_GET
def case_bills(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's bill: every fee, one line per person by name, an FPS code for what is unpaid."""
    case = _visible_case(request, case_id)
    bills = list(case.bills.prefetch_related("lines"))
    rows = [
        {"bill": bill, "lines": [{"line": line, "person": person_label(line)} for line in bill.lines.all()],
         "payload": service.fps_payload_of(bill) if bill.status == Bill.Status.UNPAID else ""}
        for bill in bills
    ]
    context = {"case": case, "bills": rows, "officer": _is_officer(request)}
    return render(request, "payments/case.html", context)


@login_required
@require_GET
def fps_qr(request: HttpRequest, reference: str) -> HttpResponse:
    bill = _visible_bill(request, reference=reference)
    if bill.status != Bill.Status.UNPAID:
        raise Http404
    response = HttpResponse(fps_qr_png(service.fps_payload_of(bill)), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    bill = _visible_bill(request, receipt_number=number)
    response = HttpResponse(receipt_pdf(bill), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{bill.receipt_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@officer_required
@require_POST
def counter_payment(request: HttpRequest, reference: str) -> HttpResponse:
    bill = _visible_bill(request, reference=reference)
    try:
        paid = service.record_counter_payment(reference, request.user)
    except (service.PaymentError, TransitionRefused) as error:
        messages.error(request, message_for(error.code))
    else:
        messages.success(request, _("Payment at the counter recorded: receipt %(number)s.") % {"number": paid.receipt_number})
    return redirect("payments:case", case_id=bill.application_id)


@officer_required
@require_POST
def record_issuance_fee(request: HttpRequest, case_id: int) -> HttpResponse:
    """From the case's e-Visa page: the issuance fee paid in full at the counter; back to that page."""
    _visible_case(request, case_id)
    try:
        service.record_issuance_fee(case_id, request.user)
    except (service.PaymentError, TransitionRefused) as error:
        messages.error(request, message_for(error.code))
    except StaleCase:
        messages.error(request, _("The case changed while you were looking at it. Check it again."))
    else:
        messages.success(request, _("The issuance fee is recorded."))
    return redirect("evisa:case", case_id=case_id)


@never_cache
@officer_required
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    """Upload the bank's camt.053 statement: matching credits pay their bills, the rest are exceptions."""
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = service.import_statement(upload.read(), upload.name or "", request.user)
        except (service.PaymentError, service.StatementError) as error:
            form.add_error("file", message_for(error.code))
        else:
            if outcome.duplicate:
                messages.info(request, _("This statement was already uploaded; nothing was counted twice."))
            else:
                messages.success(request, _("Statement read: %(matched)s payments matched, %(exceptions)s exceptions.")
                                 % {"matched": outcome.matched, "exceptions": outcome.exceptions})
            return redirect("payments:statements")
    imports = StatementImport.objects.select_related("uploaded_by")[:20]
    return render(request, "payments/statements.html", {"form": form, "imports": imports}, status=400 if form.errors else 200)


@never_cache
@officer_required
@require_GET
def exceptions(request: HttpRequest) -> HttpResponse:
    """Credits the statement reported that paid no bill as they stood: for an officer to resolve."""
    return render(request, "payments/exceptions.html", {"entries": service.open_exceptions(), "form": ResolveForm()})


@officer_required
@require_POST
def resolve(request: HttpRequest, entry_id: int) -> HttpResponse:
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how the exception is resolved."))
        return redirect("payments:exceptions")
    try:
        service.resolve_exception(entry_id, request.user, note=form.cleaned_data["note"],
                                  bill_reference=form.cleaned_data["bill_reference"])
    except (service.PaymentError, TransitionRefused) as error:
        messages.error(request, message_for(error.code))
    except StatementEntry.DoesNotExist:
        raise Http404 from None
    else:
        messages.success(request, _("The exception is resolved."))
    return redirect("payments:exceptions")
