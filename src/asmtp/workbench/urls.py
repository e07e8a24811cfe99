from django.urls import path

from asmtp.workbench import views

app_name = "workbench"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("cases/<int:pk>/letters/<int:letter_id>/", views.letter, name="letter"),
    path("cases/<int:pk>/<slug:action>/", views.case_action, name="action"),
]
