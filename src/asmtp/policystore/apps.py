from django.apps import AppConfig


class PolicystoreConfig(AppConfig):
    name = "asmtp.policystore"
    label = "policystore"
    default_auto_field = "django.db.models.BigAutoField"
