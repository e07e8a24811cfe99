from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "asmtp.workbench"
    label = "workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from asmtp.workbench import receivers  # noqa: F401 — connects its receivers to the case core's signals
