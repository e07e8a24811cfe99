from django.apps import AppConfig


class EvisaConfig(AppConfig):
    name = "asmtp.evisa"
    label = "evisa"
    default_auto_field = "django.db.models.BigAutoField"
