"""Logging: one JSON object a line in production, readable lines in development (structlog).

Everything goes to standard output through one handler: Django's and the libraries' standard
`logging` records and the service's own structlog events (the request lines of
asmtp.web.request_log) are rendered alike, with the request id of the request they belong to.
Settings set ``LOGGING = logging_settings(...)`` and ``LOGGING_CONFIG = "asmtp.logs.configure"``.

The job worker's start and finish lines (django-tasks logs two per job at INFO, and its worker
command forces that level) are demoted to DEBUG: a busy queue must not drown the console. A job
that fails is still logged, at ERROR, with its traceback.
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any

import structlog

_SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,  # request_id and friends bound for the request
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


class JobLinesAtDebug(logging.Filter):
    """Demote django-tasks' per-job INFO lines (state=RUNNING / state=SUCCESSFUL) to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def logging_settings(*, json_lines: bool, level: str) -> dict[str, Any]:
    """Django's LOGGING: JSON lines (production) or readable console lines, at `level`."""
    renderer: Any = (
        structlog.processors.JSONRenderer(sort_keys=False)
        if json_lines
        else structlog.dev.ConsoleRenderer(colors=False, pad_event_to=0)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"job_lines_at_debug": {"()": JobLinesAtDebug}},
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": _SHARED_PROCESSORS,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info if json_lines else _keep,
                    renderer,
                ],
            }
        },
        # The handler's level, not only the loggers': demoted job lines have passed their
        # logger's check already (the worker sets it to INFO).
        "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "structured", "level": level}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.server": {"level": "WARNING"},
            "django_tasks": {"filters": ["job_lines_at_debug"]},
        },
    }


def _keep(logger: Any, method: str, event: dict[str, Any]) -> dict[str, Any]:
    return event  # the console renderer formats tracebacks itself


def configure(config: dict[str, Any]) -> None:
    """LOGGING_CONFIG: apply `config` to `logging`, and send structlog's events through it."""
    logging.config.dictConfig(config)
    structlog.configure(
        processors=[
            *_SHARED_PROCESSORS,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
