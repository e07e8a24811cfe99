"""URL map. Pages people read are under a language prefix (/en/, /zh-hans/, /zh-hant/);
machine interfaces (API, health, verification tokens) are not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from asmtp.audit import views as audit_views
from asmtp.web import health, views

urlpatterns = [
    # Answered by asmtp.web.health.HealthCheckMiddleware before the host check and the https
    # redirect; listed here so they have names and appear in the route list.
    path("healthz", health.liveness_view, name="health"),
    path("readyz", health.readiness_view, name="readiness"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("asmtp.api.urls")),
    path("audit/checkpoint", audit_views.checkpoint, name="audit_checkpoint"),
    path("audit/checkpoint-key", audit_views.checkpoint_key, name="audit_checkpoint_key"),
    path("", views.root_redirect, name="root"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("signed-in/", views.signed_in, name="signed_in"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("accounts/", include("asmtp.accounts.urls")),
    path("portal/", include("asmtp.portal.urls")),
    path("employer/", include("asmtp.employers.urls")),
    path("workbench/companies/", include("asmtp.employers.claim_urls")),
    path("workbench/", include("asmtp.workbench.urls")),
    path("evisa/", include("asmtp.evisa.urls")),
    path("payments/", include("asmtp.payments.urls")),
    path("analytics/", include("asmtp.analytics.urls")),
    path("simulations/", include("asmtp.analytics.simulations.urls")),
    path("privacy/", include("asmtp.privacy.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler404 = "asmtp.web.views.not_found"
handler500 = "asmtp.web.views.server_error"
