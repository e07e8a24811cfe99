"""What payments does when a case acts (connected in `PaymentsConfig.ready`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver

from asmtp.cases.models import Application
from asmtp.cases.signals import case_action_performed
from asmtp.domain.lifecycle import Action, TransitionRefused
from asmtp.payments.services import issuance_bill_paid, open_application_bill, open_issuance_bill


@receiver(case_action_performed, dispatch_uid="payments.bill_the_application_fee")
def bill_the_application_fee(sender: Any, case: Application, action: Action, now: dt.datetime, **kwargs: Any) -> None:
    """On submission: the application fee's bill, for every person, if a fee was in force that day."""
    if action is Action.SUBMIT:
        open_application_bill(case, now)


@receiver(case_action_performed, dispatch_uid="payments.bill_the_issuance_fee")
def bill_the_issuance_fee(sender: Any, case: Application, action: Action, now: dt.datetime, **kwargs: Any) -> None:
    """On approval: the issuance fee's bill, one line per person who will be issued an e-Visa
    (the approval letter quotes it)."""
    if action is Action.APPROVE:
        open_issuance_bill(case, now)


@receiver(case_action_performed, dispatch_uid="payments.refuse_issue_without_a_paid_bill")
def refuse_issue_without_a_paid_bill(sender: Any, case: Application, action: Action, **kwargs: Any) -> None:
    """Before any e-Visa is written: the case's flag may say the fee is paid, but without a paid
    bill showing it (a fee recorded by hand) the step is refused and its transaction rolled back."""
    if action is Action.ISSUE_EVISA and not issuance_bill_paid(case):
        raise TransitionRefused("fee_unpaid", "the issuance bill is not paid")
