"""What the workbench does when a case acts or a letter is written (connected in `WorkbenchConfig.ready`).

Both queue a job in the sender's transaction (the job table is the outbox): it runs once the
change commits, never if it rolls back."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from asmtp.cases.models import Application
from asmtp.cases.signals import case_action_performed, letter_issued
from asmtp.domain.lifecycle import Action
from asmtp.workbench.models import Letter
from asmtp.workbench.tasks import assess_case, email_letter


@receiver(case_action_performed, dispatch_uid="workbench.assess_by_rules")
def assess_by_rules(sender: Any, case: Application, action: Action, **kwargs: Any) -> None:
    """On submission and on each answer to a request: the rules run for the officers' queues."""
    if action in {Action.SUBMIT, Action.RESPOND}:
        assess_case.enqueue(case.pk)


@receiver(letter_issued, dispatch_uid="workbench.email_the_letter")
def email_the_letter(sender: Any, letter: Letter, **kwargs: Any) -> None:
    email_letter.enqueue(letter.pk)
