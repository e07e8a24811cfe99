from django.apps import AppConfig


class SimulationsConfig(AppConfig):
    name = "asmtp.analytics.simulations"
    label = "simulations"
    default_auto_field = "django.db.models.BigAutoField"
