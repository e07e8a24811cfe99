from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "asmtp.security"
    label = "security"
    verbose_name = "Security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-ins, sign-outs, failures, lockouts and account changes go to the audit chain.
        from asmtp.security.signin_audit import connect

        connect()
