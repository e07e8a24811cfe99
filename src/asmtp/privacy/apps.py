from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "asmtp.privacy"
    label = "privacy"
    verbose_name = "Personal data"
    default_auto_field = "django.db.models.BigAutoField"
