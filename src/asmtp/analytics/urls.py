from django.urls import path

from asmtp.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    path("charts/<slug:key>.<str:fmt>", views.chart_image, name="chart"),
    path("data/<slug:key>.csv", views.chart_csv, name="csv"),
    path("statistics/", views.public, name="public"),
]
