from django.apps import AppConfig


class EvisaConfig(AppConfig):
    name = "asmtp.evisa"
    label = "evisa"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from asmtp.evisa import receivers  # noqa: F401 — its part of the privacy requests
