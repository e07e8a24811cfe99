"""JSON API, version 1. Not language-prefixed: clients send `?lang=` or Accept-Language."""

from django.urls import path

from asmtp.api import assessments, cases, evisa
from asmtp.api.statistics import statistics

app_name = "api"
urlpatterns = [
    path("assessments", assessments.create_assessment, name="assessments"),
    path("statistics", statistics, name="statistics"),
    path("evisas/verify", evisa.verify, name="evisa-verify"),
    path("evisas/keys", evisa.keys, name="evisa-keys"),
    path("ping", cases.ping, name="ping"),
    path("cases/<str:reference>/status", cases.case_status, name="case_status"),
]
