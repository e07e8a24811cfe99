"""Administrators remove a lost passkey or void someone's recovery codes here (each audited,
with the administrator as actor); nobody adds or edits one in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from asmtp.audit.services import record_audit_event
from asmtp.security.models import RecoveryCodeSet, StaffPasskey


class _RemoveOnly(admin.ModelAdmin):  # type: ignore[type-arg]  # for any of the two models
    action = ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _audit(self, request: HttpRequest, obj: Any) -> None:
        record_audit_event(
            self.action, actor=request.user, object_type="user", object_id=obj.user_id, data={"device": obj.pk, "name": obj.name, "by": "administrator"}
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj)
            super().delete_queryset(request, queryset)


@admin.register(StaffPasskey)
class StaffPasskeyAdmin(_RemoveOnly):
    action = "security.passkey_removed"
    list_display = ("user", "name", "created_at", "last_used_at")
    search_fields = ("user__email", "name")
    fields = ("user", "name", "created_at", "last_used_at", "sign_count", "transports")


@admin.register(RecoveryCodeSet)
class RecoveryCodeSetAdmin(_RemoveOnly):
    action = "security.recovery_codes_voided"
    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__email",)
    fields = ("user", "created_at", "last_used_at")
