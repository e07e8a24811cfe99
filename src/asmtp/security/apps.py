from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "asmtp.security"
    label = "security"
    verbose_name = "Security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-ins, sign-outs, failures, lockouts and account changes go to the audit chain.
        from django.contrib.auth.signals import user_logged_in

        from asmtp.security.signin_audit import connect
        from asmtp.security.throttling import forget_account_failures

        connect()
        user_logged_in.connect(forget_account_failures, dispatch_uid="asmtp-forget-account-failures")
