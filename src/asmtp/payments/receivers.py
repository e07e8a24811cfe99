"""What payments does when a case acts (connected in `PaymentsConfig.ready`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver

from asmtp.cases.models import Application
from asmtp.cases.signals import case_action_performed
from asmtp.domain.lifecycle import Action
from asmtp.services.payments import open_application_bill


@receiver(case_action_performed, dispatch_uid="payments.bill_the_application_fee")
def bill_the_application_fee(sender: Any, case: Application, action: Action, now: dt.datetime, **kwargs: Any) -> None:
    """On submission: the application fee's bill, for every person, if a fee was in force that day."""
    if action is Action.SUBMIT:
        open_application_bill(case, now)
