from django.urls import path

from asmtp.payments import views

app_name = "payments"
urlpatterns = [
    path("case/<int:case_id>/", views.case_bills, name="case"),
    path("bills/<str:reference>/fps.png", views.fps_qr, name="fps_qr"),
    path("bills/<str:reference>/counter/", views.counter_payment, name="counter"),
    path("case/<int:case_id>/issuance-fee/", views.record_issuance_fee, name="record_issuance_fee"),
    path("receipts/<str:number>.pdf", views.receipt, name="receipt"),
    path("statements/", views.statements, name="statements"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("exceptions/<int:entry_id>/resolve/", views.resolve, name="resolve"),
]
