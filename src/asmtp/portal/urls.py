from django.urls import path

from asmtp.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("check/", views.self_check, name="self_check"),
    path("applications/start/", views.start, name="start"),
    path("applications/<int:pk>/", views.case_detail, name="case"),
    path("applications/<int:pk>/step/<slug:step>/", views.step, name="step"),
    path("applications/<int:pk>/family/", views.family, name="family"),
    path("applications/<int:pk>/family/<int:dependant_pk>/remove/", views.family_remove, name="family_remove"),
    path("applications/<int:pk>/documents/", views.documents, name="documents"),
    path("applications/<int:pk>/documents/<int:document_pk>/remove/", views.document_remove, name="document_remove"),
    path("applications/<int:pk>/review/", views.review, name="review"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/requests/<int:request_pk>/", views.respond, name="respond"),
    path("applications/<int:pk>/extend/", views.extend, name="extend"),
]
