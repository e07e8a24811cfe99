from django.urls import path

from asmtp.workbench import views

app_name = "workbench"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("cases/<int:pk>/letters/<int:letter_id>/", views.letter, name="letter"),
    # The case page's actions, one view each (views.ACTION_FORMS names their forms).
    path("cases/<int:pk>/claim/", views.claim, name="claim"),
    path("cases/<int:pk>/assign/", views.assign, name="assign"),
    path("cases/<int:pk>/request_information/", views.request_information, name="request_information"),
    path("cases/<int:pk>/assess/", views.assess, name="assess"),
    path("cases/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("cases/<int:pk>/decide/", views.decide, name="decide"),
    path("cases/<int:pk>/note/", views.note, name="note"),
    path("cases/<int:pk>/message/", views.message, name="message"),
]
