"""Officers' pages for companies' claims (under /workbench/companies/): the queue of claims with
a certificate to check, one claim beside any competing claims for its number, the certificate
itself, and the decision. Officers only; anyone else is told the page does not exist, as
elsewhere in the workbench.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from asmtp.accounts.models import User
from asmtp.employers import claims as company_claims
from asmtp.employers.claim_forms import ClaimDecisionForm
from asmtp.employers.errors import EmployerError
from asmtp.employers.industries import Industry
from asmtp.employers.models import Company
from asmtp.web.access import officer_required

# As the workbench serves applicants' documents: a PDF is downloaded, never run in our origin.
CERTIFICATE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"

View = Callable[..., HttpResponseBase]


def _officer(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _company(pk: int) -> Company:
    company = Company.objects.filter(pk=pk).first()
    if company is None:
        raise Http404
    return company


@require_GET
@officer_required
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "employers/claims/queue.html", {"claims": company_claims.pending_claims()[:200]})


def _claim_page(request: HttpRequest, company: Company, form: ClaimDecisionForm | None = None,
                error: str = "") -> HttpResponse:
    return render(request, "employers/claims/claim.html", {
        "company": company,
        "industry_label": dict(Industry.choices).get(company.industry, company.industry),
        "certificate": company_claims.latest_certificate(company),
        "staff": company.staff.order_by("email"),
        "competing": company_claims.competing_claims(company),
        "form": form or ClaimDecisionForm(),
        "error": error,
    }, status=400 if error or (form is not None and form.errors) else 200)


@require_GET
@officer_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_page(request, _company(pk))


@require_GET
@officer_required
def certificate(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The newest certificate's bytes: a PDF as an attachment, a photo inline, both sandboxed."""
    found = company_claims.latest_certificate(_company(pk))
    if found is None:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    as_attachment = found.content_type not in {"image/jpeg", "image/png"}
    response["Content-Disposition"] = content_disposition_header(as_attachment, found.original_name) or "attachment"
    response["Content-Security-Policy"] = CERTIFICATE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@officer_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    company = _company(pk)
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, company, form)
    try:
        if form.cleaned_data["decision"] == "approve":
            company_claims.approve_company_claim(_officer(request), company)
            messages.success(request, _("The company's registration is verified. Its staff have been told by e-mail."))
        else:
            company_claims.reject_company_claim(_officer(request), company, form.cleaned_data["reason"])
            messages.success(request, _("The company's registration was rejected. Its staff have been told by e-mail."))
    except EmployerError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
            return _claim_page(request, company, form)
        return _claim_page(request, company, form, error=error.message)
    return redirect("companies:queue")
