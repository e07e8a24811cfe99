from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "asmtp.jobs"
    label = "jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Job figures for /metrics, recorded where the job runs (asmtp.jobs.metrics).
        from django_tasks.signals import task_finished

        from asmtp.jobs.metrics import record_finished_job

        task_finished.connect(record_finished_job, dispatch_uid="asmtp.jobs.metrics")
