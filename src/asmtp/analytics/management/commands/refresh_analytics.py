"""`manage.py refresh_analytics`: take the analytics extract now, or queue it (--enqueue), e.g. from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Refresh the analytics extract that the dashboard and open statistics read."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue the background job instead of running it here")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            from asmtp.analytics.tasks import refresh_extract

            refresh_extract.enqueue()
            self.stdout.write("Queued the analytics refresh.")
            return
        from asmtp.analytics.services import refresh_analytics_extract

        info = refresh_analytics_extract()
        self.stdout.write(f"Analytics extract taken at {info.taken_at:%Y-%m-%d %H:%M} with {info.rows} cases.")
