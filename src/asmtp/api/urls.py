"""JSON API, version 1. Not language-prefixed: clients send `?lang=` or Accept-Language.

Every route here is an operation of openapi.yaml (a test walks these patterns to make sure);
the last pattern answers any other path under /api/v1/ with the API's JSON 404.
"""

from django.urls import path, re_path

from asmtp.api import assessments, cases, evisa, openapi
from asmtp.api.responses import no_such_operation
from asmtp.api.statistics import statistics

app_name = "api"
urlpatterns = [
    path("openapi.json", openapi.openapi_json, name="openapi"),
    path("assessments", assessments.create_assessment, name="assessments"),
    path("statistics", statistics, name="statistics"),
    path("evisas/verify", evisa.verify, name="evisa-verify"),
    path("evisas/keys", evisa.keys, name="evisa-keys"),
    path("ping", cases.ping, name="ping"),
    path("cases/<str:reference>/status", cases.case_status, name="case_status"),
    re_path(r"^(?P<path>.*)$", no_such_operation),
]
