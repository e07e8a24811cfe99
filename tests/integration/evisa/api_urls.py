"""The project's URLs plus the e-Visa API routes, until they are listed in asmtp/api/urls.py."""

from django.urls import path

from asmtp.api import evisa
from asmtp.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/v1/evisas/verify", evisa.verify, name="evisa-verify-test"),
    path("api/v1/evisas/keys", evisa.keys, name="evisa-keys-test"),
    *project_urlpatterns,
]
