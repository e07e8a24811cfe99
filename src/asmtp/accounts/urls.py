from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from asmtp.accounts import views
from asmtp.accounts.forms import PasswordResetRequestForm, SignInForm
from asmtp.security import factor_views
from asmtp.security import sessions as security_sessions
from asmtp.security import views as security_views

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=SignInForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/keep-alive/", security_sessions.keep_alive, name="keep_alive"),
    path("two-factor/", security_views.verify, name="two_factor"),
    path("two-factor/setup/", security_views.setup, name="two_factor_setup"),
    path("two-factor/methods/", factor_views.methods, name="two_factor_methods"),
    path("two-factor/passkeys/new/options/", factor_views.passkey_register_options, name="passkey_register_options"),
    path("two-factor/passkeys/new/", factor_views.passkey_register, name="passkey_register"),
    path("two-factor/passkeys/<int:pk>/remove/", factor_views.passkey_remove, name="passkey_remove"),
    path("two-factor/passkey/options/", factor_views.passkey_sign_in_options, name="passkey_sign_in_options"),
    path("two-factor/passkey/", factor_views.passkey_sign_in, name="passkey_sign_in"),
    path("two-factor/recovery/", factor_views.recovery, name="recovery_code"),
    path("two-factor/recovery-codes/", factor_views.recovery_codes_page, name="recovery_codes"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetRequestForm,  # the same work for every address; mail by the worker
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
