from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "asmtp.employers"
    label = "employers"
    default_auto_field = "django.db.models.BigAutoField"
