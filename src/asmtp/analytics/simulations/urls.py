from django.urls import path

from asmtp.analytics.simulations import views

app_name = "simulations"
urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/progress.json", views.progress, name="progress"),
    path("runs/<int:run_id>/charts/<slug:dimension>.<str:fmt>", views.chart, name="chart"),
    path("runs/<int:run_id>/data/<slug:dimension>.csv", views.csv, name="csv"),
]
