from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse

from asmtp.accounts.models import User
from asmtp.security.signin_audit import acting_as


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ("email", "first_name", "last_name", "role", "company", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    fieldsets = (
        *UserAdmin.fieldsets,
        ("ASMTP", {"fields": ("role", "company", "preferred_language", "email_verified_at")}),
    )

    # Every change an administrator makes to an account here (disabling, a new password, a new
    # role or staff or superuser flag) is in the audit chain with the administrator as its actor.
    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with acting_as(request.user):
            return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with acting_as(request.user):
            return super().changelist_view(request, *args, **kwargs)

    def user_change_password(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with acting_as(request.user):
            return super().user_change_password(request, *args, **kwargs)
