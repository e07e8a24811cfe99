"""Employer pages: register a company, staff, job offers with documents, invitations, cases;
and the applicant's page that links an offer code to their application.

Each view parses, checks who may act, calls one service and renders. A refusal from a service
(`EmployerError`) is shown next to its field in the user's language; nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import redirect_to_login
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from asmtp.accounts.models import Role, User
from asmtp.cases.models import Application, CaseStatus
from asmtp.employers import claims as company_claims
from asmtp.employers import selectors
from asmtp.employers import services as service
from asmtp.employers.claim_forms import CertificateForm
from asmtp.employers.errors import EmployerError
from asmtp.employers.forms import (
    CompanyRegistrationForm,
    InviteForm,
    LinkForm,
    LinkQuery,
    OfferDocumentForm,
    OfferForm,
    StaffForm,
)
from asmtp.employers.industries import Industry
from asmtp.employers.models import Company, JobOffer, OfferDocumentKind
from asmtp.web.formats import day

View = Callable[..., HttpResponseBase]


def _role_required(role: str) -> Callable[[View], View]:
    """Signed in with `role` (employer staff also need a company); others get a page saying so."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            assert isinstance(user, User)
            if user.role != role or (role == Role.EMPLOYER and user.company_id is None):
                return render(request, "employers/wrong_role.html", {"wanted": role}, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


employer_required = _role_required(Role.EMPLOYER)
applicant_required = _role_required(Role.APPLICANT)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _refuse(form: Form, error: EmployerError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- registration and staff ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = CompanyRegistrationForm(request.POST or None, rules=service.offer_rules_on(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            service.register_employer(
                form.company(), form.staff(translation.get_language() or "zh-hant"),
                link_for=lambda token: request.build_absolute_uri(reverse("accounts:verify", kwargs={"token": token})),
            )
        except EmployerError as error:
            _refuse(form, error)
        else:
            # The page an applicant sees after registering: whether the address already had an
            # account is never shown; its owner learns of this by e-mail.
            request.session["registered_email"] = form.cleaned_data["email"]
            return redirect("accounts:register_done")
    return render(request, "employers/register.html", {"form": form}, status=400 if form.errors else 200)


def dashboard(request: HttpRequest) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return render(request, "employers/landing.html")
    return _dashboard(request)


@employer_required
def _dashboard(request: HttpRequest, certificate_form: CertificateForm | None = None) -> HttpResponse:
    user = _user(request)
    assert user.company is not None
    company = user.company
    return render(request, "employers/dashboard.html", {
        "company": company,
        "verified": company.status == Company.Status.VERIFIED,
        "certificate": company_claims.latest_certificate(company),
        "certificate_form": certificate_form or CertificateForm(),
        "claim_days": company_claims.claim_days(),
        "industry_label": dict(Industry.choices).get(company.industry, company.industry),
        "offers": selectors.company_offers(user)[:50],
        "cases": selectors.company_cases(user)[:50],
    }, status=400 if certificate_form is not None and certificate_form.errors else 200)


@employer_required
@require_POST
def certificate_upload(request: HttpRequest) -> HttpResponseBase:
    """The company's Business Registration certificate, for an officer to check its claim."""
    form = CertificateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            company_claims.upload_registration_certificate(_user(request), form.cleaned_data["file"])
        except EmployerError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The certificate was uploaded. An officer will check it."))
            return redirect("employers:dashboard")
    return _dashboard(request, certificate_form=form)


@employer_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = StaffForm(request.POST or None, initial={"preferred_language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            service.add_staff(user, form.staff(), welcome_url=lambda u: _welcome_url(request, u))
        except EmployerError as error:
            _refuse(form, error)
        else:
            # The same words whether or not the address already had an account (its owner is told by e-mail).
            messages.success(request, _("We have e-mailed %(email)s. A colleague joins the list below once they "
                                        "have chosen their password.") % {"email": form.cleaned_data["email"]})
            return redirect("employers:staff")
    # Only colleagues who have chosen a password: a pending addition would show which addresses were new.
    colleagues = (User.objects.filter(company=user.company, role=Role.EMPLOYER)
                  .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).order_by("email"))
    return render(request, "employers/staff.html", {"form": form, "colleagues": colleagues},
                  status=400 if form.errors else 200)


def _welcome_url(request: HttpRequest, user: User) -> str:
    with translation.override(user.preferred_language):
        path = reverse("employers:welcome", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                                  default_token_generator.make_token(user)])
    return request.build_absolute_uri(path)


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A colleague added by staff chooses their password (a one-time link, like a password reset)."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), role=Role.EMPLOYER)
    except (ValueError, User.DoesNotExist):
        raise Http404 from None
    if not default_token_generator.check_token(user, token):
        return render(request, "employers/welcome.html", {"expired": True}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("employers:dashboard")
    return render(request, "employers/welcome.html", {"form": form}, status=400 if form.errors else 200)


# --- offers -------------------------------------------------------------------------------------


@employer_required
@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest) -> HttpResponse:
    rules = service.offer_rules_on(timezone.localdate())
    form = OfferForm(request.POST or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        try:
            offer = service.save_offer(_user(request), form.details())
        except EmployerError as error:
            _refuse(form, error)
        else:
            return redirect("employers:offer", pk=offer.pk)
    return render(request, "employers/offer_form.html", {"form": form, "rules": rules}, status=400 if form.errors else 200)


@employer_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(_user(request), pk)
    if offer.status != JobOffer.Status.DRAFT:
        return redirect("employers:offer", pk=offer.pk)
    initial = {name: getattr(offer, name) for name in OfferForm.base_fields}
    rules = service.offer_rules_on(timezone.localdate())
    form = OfferForm(request.POST or None, initial=initial, rules=rules)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_offer(_user(request), form.details(), offer)
        except EmployerError as error:
            _refuse(form, error)
        else:
            return redirect("employers:offer", pk=offer.pk)
    return render(request, "employers/offer_form.html", {"form": form, "offer": offer, "rules": rules},
                  status=400 if form.errors else 200)


def _offer_page(request: HttpRequest, offer: JobOffer, *, upload_form: OfferDocumentForm | None = None,
                invite_form: InviteForm | None = None, error: str = "") -> HttpResponse:
    today = timezone.localdate()
    required = service.required_offer_documents(offer, today)
    documents = list(offer.documents.all())
    have = {d.kind for d in documents}
    labels = dict(OfferDocumentKind.choices)
    checklist = [{"kind": kind, "label": labels[kind], "done": kind in have} for kind in required]
    bad = bool(error or (upload_form and upload_form.errors) or (invite_form and invite_form.errors))
    return render(request, "employers/offer_detail.html", {
        "offer": offer,
        "company": offer.company,
        "documents": documents,
        "checklist": checklist,
        "complete": all(item["done"] for item in checklist),
        # The engine's own market_test and employer criteria, with the policy in force today.
        "findings": service.offer_findings_on(offer, today),
        "upload_form": upload_form or OfferDocumentForm(),
        "invite_form": invite_form or InviteForm(initial={"email": offer.invited_email,
                                                          "language": translation.get_language()}),
        "cases": offer.applications.all(),
        "error": error,
    }, status=400 if bad else 200)


@employer_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_page(request, selectors.offer_for(_user(request), pk))


@employer_required
@require_POST
def offer_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(_user(request), pk)
    form = OfferDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            service.upload_offer_document(_user(request), offer, form.cleaned_data["kind"], form.cleaned_data["file"])
        except EmployerError as error:
            _refuse(form, error)
        else:
            return redirect("employers:offer", pk=offer.pk)
    return _offer_page(request, offer, upload_form=form)


@employer_required
@require_POST
def offer_document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = selectors.offer_document_for(_user(request), pk, document_pk)
    try:
        service.remove_offer_document(_user(request), document)
    except EmployerError as error:
        return _offer_page(request, document.offer, error=error.message)
    return redirect("employers:offer", pk=pk)


def offer_document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponseBase:
    """The file itself, for the company's staff and for officers once the offer is on a submitted case."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    assert isinstance(user, User)
    if user.is_officer:
        document = selectors.offer_document_for_officer(pk, document_pk)
    elif user.role == Role.EMPLOYER:
        document = selectors.offer_document_for(user, pk, document_pk)
    else:
        raise Http404
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    # A PDF is downloaded, never shown inside the service's pages; photos stay inline. Sandboxed.
    disposition = "inline" if document.content_type in {"image/jpeg", "image/png"} else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.kind}-{document.pk}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@employer_required
@require_POST
def offer_file(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(_user(request), pk)
    try:
        service.file_offer(_user(request), offer)
    except EmployerError as error:
        return _offer_page(request, offer, error=error.message)
    return redirect("employers:offer", pk=offer.pk)


@employer_required
@require_POST
def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(_user(request), pk)
    try:
        service.withdraw_offer(_user(request), offer)
    except EmployerError as error:
        return _offer_page(request, offer, error=error.message)
    return redirect("employers:offer", pk=offer.pk)


@employer_required
@require_POST
def offer_invite(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(_user(request), pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        with translation.override(language):
            link = request.build_absolute_uri(reverse("employers:link") + f"?code={offer.code}")
        try:
            service.invite_applicant(_user(request), offer, form.cleaned_data["email"], language=language, link=link)
        except EmployerError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("employers:offer", pk=offer.pk)
    return _offer_page(request, offer, invite_form=form)


# --- cases --------------------------------------------------------------------------------------


@employer_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(_user(request), pk)
    statuses = dict(CaseStatus.choices)
    return render(request, "employers/case_detail.html", {
        "case": case,
        "offer": case.offer,
        "history": [{"at": e.at, "label": statuses.get(e.to_status, e.to_status)} for e in selectors.case_history(case)],
        "change_in_effect": service.employment_change_in_effect(case),
        "notification_only": service.is_notification_only(case),
    })


# --- the applicant's side: link an offer code ---------------------------------------------------


def _link_targets(user: User) -> list[tuple[str, str]]:
    targets = [(f"app:{a.pk}", _("My application started on %(date)s") % {"date": day(a.created_at)})
               for a in selectors.linkable_applications(user)]
    targets += [(f"change:{g.pk}", _("A change of employment after my approved application %(reference)s")
                 % {"reference": g.reference}) for g in selectors.grants(user)]
    targets.append(("new", _("A new application")))
    return targets


def _link(user: User, target: str, code: str) -> Application:
    kind, _sep, ident = target.partition(":")
    if kind == "app":
        return service.link_offer_to_application(_own(selectors.linkable_applications(user), ident), code, user)
    if kind == "change":
        return service.change_of_employment(_own(selectors.grants(user), ident), code, user)
    return service.start_application_with_offer(user, code, language=translation.get_language())


def _own(applications: Any, ident: str) -> Application:
    found: Application | None = applications.filter(pk=int(ident)).first() if ident.isdigit() else None
    if found is None:
        raise Http404
    return found


@applicant_required
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = LinkForm(request.POST or None, targets=_link_targets(user),
                    initial=LinkQuery(request.GET).values())
    if request.method == "POST" and form.is_valid():
        try:
            case = _link(user, form.cleaned_data["target"], form.cleaned_data["code"])
        except EmployerError as error:
            _refuse(form, error)
        else:
            return redirect("employers:linked", pk=case.pk)
    return render(request, "employers/link.html", {"form": form}, status=400 if form.errors else 200)


@applicant_required
def linked(request: HttpRequest, pk: int) -> HttpResponse:
    """What the applicant's case now carries from the employer, and where to go next."""
    case = Application.objects.select_related("offer__company").filter(pk=pk, applicant=_user(request)).first()
    if case is None or case.offer is None:
        raise Http404
    return render(request, "employers/linked.html", {"case": case, "offer": case.offer})
