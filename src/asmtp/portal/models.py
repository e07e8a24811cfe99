"""What the portal keeps of its own: the extension reminders e-mailed to holders."""

from __future__ import annotations

from django.db import models

from asmtp.cases.models import Application


class ExtensionReminder(models.Model):
    """One reminder to apply for an extension of stay, recorded so that each goes once."""

    class Kind(models.TextChoices):
        WINDOW_OPEN = "window_open", "the window to apply has opened"
        LATE = "late", "the late reminder before the limit of stay"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="extension_reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The limit of stay reminded of: a later grant with a new limit is reminded afresh.
    limit_of_stay_on = models.DateField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "limit_of_stay_on"], name="one_extension_reminder_each"),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} {self.limit_of_stay_on}"
