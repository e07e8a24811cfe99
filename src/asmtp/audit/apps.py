from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "asmtp.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from asmtp.audit import receivers  # noqa: F401 — queues a checkpoint when the chain says one is due
