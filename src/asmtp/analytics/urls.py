from django.urls import path  # noqa: F401 — routes are added as the area grows

app_name = "analytics"
urlpatterns: list = []
