"""JSON API, version 1. Not language-prefixed: clients send `?lang=` or Accept-Language."""

from django.urls import path

from asmtp.api.statistics import statistics

app_name = "api"
urlpatterns = [
    path("statistics", statistics, name="statistics"),
]
