"""“Your personal data”: ask for a copy of everything held on you, see past requests, download.

Open to every signed-in person (applicants, employer staff and staff are all data subjects).
A download answers only its owner, signed in, before it expires; anyone else gets a 404.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from asmtp.accounts.models import User
from asmtp.privacy import services as service
from asmtp.privacy.errors import PrivacyError
from asmtp.privacy.tasks import request_export


@require_http_methods(["GET", "POST"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if request.method == "POST":
        request_export(user, page_url=request.build_absolute_uri(reverse("privacy:index")))
        return redirect("privacy:index")
    context = {"requests": service.data_access_requests(user), "days": service.EXPORT_DAYS}
    return render(request, "privacy/index.html", context)


@require_GET
@login_required
def download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        export, content = service.export_for_download(cast(User, request.user), token)
    except PrivacyError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="asmtp-personal-data-{export.created_at:%Y%m%d}.zip"'
    )
    response["Cache-Control"] = "no-store"
    return response
