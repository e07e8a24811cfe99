"""gunicorn configuration for the durability tests: a preloaded master that has already done
Django's lazy first-request work (URL patterns, templates, translation catalogues), so a worker
forked after a SIGKILL serves at once. The master opens no database connection to hand down."""

preload_app = True


def when_ready(server):  # gunicorn's hook: the master is listening, no worker forked yet
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 — imports every view module
    for name in ("portal/review.html", "portal/case.html", "503.html", "500.html", "404.html"):
        get_template(name)
    for language in ("en", "zh-hans", "zh-hant"):
        with translation.override(language):
            translation.gettext("Application")
    connections.close_all()
