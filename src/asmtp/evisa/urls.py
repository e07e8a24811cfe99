from django.urls import path

from asmtp.evisa import views

app_name = "evisa"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("", views.my_evisas, name="mine"),
    path("<str:number>/pdf/<str:view>/", views.download, name="download"),
    path("<str:number>/revoke/", views.revoke, name="revoke"),
    path("case/<int:case_id>/", views.case_evisas, name="case"),
    path("case/<int:case_id>/issue/", views.issue, name="issue"),
]
