"""Officers' pages for companies' claims, mounted at /workbench/companies/ beside the workbench."""

from django.urls import path

from asmtp.employers import claim_views

app_name = "companies"
urlpatterns = [
    path("", claim_views.queue, name="queue"),
    path("<int:pk>/", claim_views.claim, name="claim"),
    path("<int:pk>/certificate/", claim_views.certificate, name="certificate"),
    path("<int:pk>/decide/", claim_views.decide, name="decide"),
]
