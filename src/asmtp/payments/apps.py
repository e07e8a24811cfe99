from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "asmtp.payments"
    label = "payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from asmtp.payments import receivers  # noqa: F401 — connects its receivers to the case core's signals
