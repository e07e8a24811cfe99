"""Background jobs of the employers' area. Each is safe to run twice."""

from __future__ import annotations

from django_tasks import task

from asmtp.employers.claims import release_unfinished_claims as release


@task()
def release_unfinished_claims() -> int:
    """Reject companies' claims to a Business Registration number left without a certificate past
    the days they were given (scheduled daily); returns how many."""
    return release()
