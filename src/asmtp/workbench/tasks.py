"""Background jobs of the workbench. Each is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def email_letter(letter_id: int) -> bool:
    """Send a letter to the applicant (a letter already sent is not sent again)."""
    from asmtp.cases.letters import email_letter_now

    return email_letter_now(letter_id)


@task()
def assess_case(case_id: int) -> bool:
    """Run the eligibility rules on a case just submitted or just answered, for the officers'
    queues; an unchanged result under the same rule version is not written again."""
    from asmtp.workbench.services import assess_by_rules

    return assess_by_rules(case_id) is not None


@task()
def flag_policy_changes() -> int:
    """Re-assess open cases assessed under other rules and flag those judged differently now
    (queued by a Talent List import; see asmtp.workbench.services)."""
    from asmtp.workbench.services import flag_policy_changes as flag

    return flag()


@task()
def flag_rules_taking_effect(today: str = "") -> int:
    """The daily check, to schedule once a day (e.g. `flag_rules_taking_effect.enqueue()` from
    cron): on a day a dated value the engine reads takes effect, re-assess every open case and
    flag those judged differently. `today` (YYYY-MM-DD) defaults to the local date."""
    import datetime as dt

    from asmtp.workbench.services import flag_rules_taking_effect as check

    return check(dt.date.fromisoformat(today) if today else None)
