"""The analytics background job: refresh the extract the dashboards read."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="reports")
def refresh_extract() -> int:
    """Take a new extract of every submitted case; return its number of rows.

    Safe to run twice: the file is replaced atomically and holds the same rows either way.
    """
    from asmtp.services.analytics import refresh_analytics_extract

    return refresh_analytics_extract().rows
