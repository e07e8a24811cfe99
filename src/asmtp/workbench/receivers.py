"""What the workbench does when a case acts, a letter is written, a Talent List is applied or
an officer corrects a person's details (connected in `WorkbenchConfig.ready`).

The jobs are queued in the sender's transaction (the job table is the outbox): each runs once
the change commits, never if it rolls back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.dispatch import receiver

from asmtp.cases.engine_input import build_engine_input
from asmtp.cases.models import Application, Letter
from asmtp.cases.signals import case_action_performed, letter_issued, personal_data_corrected
from asmtp.domain.lifecycle import OPEN_STATUSES, Action
from asmtp.policystore.signals import talent_list_applied
from asmtp.workbench.models import PolicyFlag
from asmtp.workbench.services import WorkbenchError, default_engine, policy_difference
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


@receiver(personal_data_corrected, dispatch_uid="workbench.flag_for_reassessment")
def flag_for_reassessment(
    sender: Any, case: Application, correction: Any, engine: Callable[..., dict[str, Any]] | None = None, **kwargs: Any
) -> dict[str, Any]:
    """An open, assessed case gets a flag showing what the corrected details would change."""
    latest = case.assessments.order_by("-id").first()
    if latest is None or case.status not in {str(status) for status in OPEN_STATUSES}:
        return {}

    try:
        run = engine or default_engine()
        result = run(build_engine_input(case), edition=settings.ASMTP_EDITION, as_of=latest.as_of)
    except WorkbenchError:
        result = {}
    if "error" in result:
        result = {}
    flag = PolicyFlag.objects.create(
        application=case,
        assessment=latest,
        old_fingerprint=latest.policy_fingerprint,
        new_fingerprint=f"correction:{correction.pk}",
        old_outcome=latest.outcome,
        new_outcome=str(result.get("outcome", "")),
        differences=policy_difference(latest.result, result) if result else [],
    )
    return {"reassessment_flag": flag.pk}
