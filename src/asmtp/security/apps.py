from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "asmtp.security"
    label = "security"
    verbose_name = "Security"
    default_auto_field = "django.db.models.BigAutoField"
