from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "asmtp.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"
