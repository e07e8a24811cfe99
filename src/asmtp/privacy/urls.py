from django.urls import path

from asmtp.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("exports/<str:token>/", views.download, name="download"),
]
