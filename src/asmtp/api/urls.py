"""JSON API, version 1. Not language-prefixed: clients send `?lang=` or Accept-Language."""

from django.urls import path

from asmtp.api import cases
from asmtp.api.statistics import statistics

app_name = "api"
urlpatterns = [
    path("statistics", statistics, name="statistics"),
    path("ping", cases.ping, name="ping"),
    path("cases/<str:reference>/status", cases.case_status, name="case_status"),
]
