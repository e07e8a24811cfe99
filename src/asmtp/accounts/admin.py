from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from asmtp.accounts.models import User


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
