"""What the workbench does when a case acts, a letter is written or a Talent List is applied
(connected in `WorkbenchConfig.ready`).

Both queue a job in the sender's transaction (the job table is the outbox): it runs once the
change commits, never if it rolls back."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from asmtp.cases.models import Application, Letter
from asmtp.cases.signals import case_action_performed, letter_issued
from asmtp.domain.lifecycle import Action
from asmtp.policystore.signals import talent_list_applied
from asmtp.workbench.tasks import assess_case, email_letter, flag_policy_changes


@receiver(case_action_performed, dispatch_uid="workbench.assess_by_rules")
def assess_by_rules(sender: Any, case: Application, action: Action, **kwargs: Any) -> None:
    """On submission and on each answer to a request: the rules run for the officers' queues."""
    if action in {Action.SUBMIT, Action.RESPOND}:
        assess_case.enqueue(case.pk)


@receiver(letter_issued, dispatch_uid="workbench.email_the_letter")
def email_the_letter(sender: Any, letter: Letter, **kwargs: Any) -> None:
    email_letter.enqueue(letter.pk)


@receiver(talent_list_applied, dispatch_uid="workbench.flag_policy_changes")
def flag_cases_judged_differently(sender: Any, **kwargs: Any) -> None:
    """The rules in force changed: re-assess the open cases and flag those judged differently now."""
    flag_policy_changes.enqueue()
