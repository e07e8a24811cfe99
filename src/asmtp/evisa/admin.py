"""Read-only admin for e-Visas: issuing and revoking go through the services (and the audit log)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from asmtp.evisa.models import EVisa


@admin.register(EVisa)
class EVisaAdmin(admin.ModelAdmin[EVisa]):
    list_display = ["number", "name_en", "status", "limit_of_stay_on", "issued_on", "key_id"]
    list_filter = ["status", "condition"]
    search_fields = ["number"]
    exclude = ["token_full", "token_work"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
