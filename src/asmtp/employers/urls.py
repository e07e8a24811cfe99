from django.urls import path

from asmtp.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("certificate/", views.certificate_upload, name="certificate_upload"),
    path("staff/", views.staff, name="staff"),
    path("welcome/<str:uidb64>/<str:token>/", views.welcome, name="welcome"),
    path("offers/new/", views.offer_new, name="offer_new"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/documents/", views.offer_document_upload, name="offer_document_upload"),
    path("offers/<int:pk>/documents/<int:document_pk>/", views.offer_document, name="offer_document"),
    path("offers/<int:pk>/documents/<int:document_pk>/remove/", views.offer_document_remove, name="offer_document_remove"),
    path("offers/<int:pk>/file/", views.offer_file, name="offer_file"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:pk>/invite/", views.offer_invite, name="offer_invite"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("link/", views.link, name="link"),
    path("link/<int:pk>/", views.linked, name="linked"),
]
