"""Django admin for imported Talent Lists: a read-only history and an import form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from asmtp.policy.talent_list_csv import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from asmtp.policystore.imports import import_talent_list
from asmtp.policystore.models import TalentListEntry, TalentListImport

MAX_UPLOAD_BYTES = 2_000_000  # the official list has 60 rows; anything near this is not a Talent List


class TalentListImportForm(forms.Form):
    file = forms.FileField(help_text=f"CSV, UTF-8, columns: {', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)}).")
    effective_from = forms.DateField(help_text="The date this version of the list took effect, YYYY-MM-DD.")
    source = forms.URLField(assume_scheme="https", help_text="Where the official list is published.")
    complete = forms.BooleanField(required=False, help_text="Tick when the file holds the whole official list.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is too large to be a Talent List.")
        return upload


class TalentListEntryInline(admin.TabularInline[TalentListEntry, TalentListImport]):
    model = TalentListEntry
    extra = 0
    can_delete = False
    fields = ("profession_id", "segment", "name_en", "name_zh_hant", "name_zh_hans", "source_url")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TalentListImport)
class TalentListImportAdmin(admin.ModelAdmin[TalentListImport]):
    list_display = ("effective_from", "status", "row_count", "complete", "imported_by_name", "imported_at")
    list_filter = ("status", "complete")
    readonly_fields = (
        "effective_from", "complete", "source", "file_name", "file_sha256", "row_count", "status", "errors",
        "imported_by", "imported_by_name", "imported_at",
    )
    inlines = (TalentListEntryInline,)
    change_list_template = "admin/policystore/talentlistimport/change_list.html"

    # Imports happen only through the validated form; records are history and never edited.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        custom = [path("import/", self.admin_site.admin_view(self.import_view), name="policystore_talentlistimport_import")]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("policystore.add_talentlistimport"):
            return HttpResponse(status=403)
        form = TalentListImportForm(request.POST or None, request.FILES or None)
        errors: tuple[Any, ...] = ()
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_talent_list(
                upload.read(),
                effective_from=form.cleaned_data["effective_from"],
                source=form.cleaned_data["source"],
                file_name=upload.name,
                complete=form.cleaned_data["complete"],
                user=request.user,
            )
            if result.applied:
                messages.success(request, f"Imported {result.record.row_count} professions as the Talent List of {result.record.effective_from}.")
                return HttpResponseRedirect(reverse("admin:policystore_talentlistimport_change", args=[result.record.pk]))
            errors = result.errors
            messages.error(request, f"Nothing was imported: {len(errors)} problem(s) in the file.")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a Talent List",
            "opts": self.model._meta,
            "form": form,
            "row_errors": errors,
        }
        return TemplateResponse(request, "admin/policystore/talentlistimport/import.html", context)
