"""Importing an administrator's Talent List CSV: validated, all or nothing, audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from asmtp.audit.services import record_audit_event
from asmtp.policy import load_policy
from asmtp.policy.talent_list_csv import RowError, read_talent_list_csv
from asmtp.policystore.models import TalentListEntry, TalentListImport
from asmtp.policystore.signals import talent_list_applied


@dataclass(frozen=True)
class ImportResult:
    record: TalentListImport
    errors: tuple[RowError, ...]

    @property
    def applied(self) -> bool:
        return self.record.status == TalentListImport.Status.APPLIED


def import_talent_list(
    content: bytes,
    *,
    effective_from: date,
    source: str,
    file_name: str,
    complete: bool = False,
    user: Any = None,
    user_name: str = "",
) -> ImportResult:
    """Check a Talent List CSV and, only if every row is valid, store it as the version of ``effective_from``.

    A rejected file is recorded too (with its errors and no entries), so every attempt is on
    file. The audit event is written in the same transaction as the import.
    """
    segments = load_policy().talent_list.segment_ids
    read = read_talent_list_csv(content, segments)
    who = user_name or str(getattr(user, "email", "") or getattr(user, "username", "") or "unknown")
    with transaction.atomic():
        record = TalentListImport.objects.create(
            effective_from=effective_from,
            complete=complete,
            source=source,
            file_name=file_name[:255],
            file_sha256=hashlib.sha256(content).hexdigest(),
            row_count=len(read.professions),
            status=TalentListImport.Status.APPLIED if read.ok else TalentListImport.Status.REJECTED,
            errors=[str(error) for error in read.errors],
            imported_by=user if getattr(user, "pk", None) else None,
            imported_by_name=who[:150],
        )
        record_audit_event(
            f"talent_list.import_{record.status}",
            actor=user,
            object_type="talent_list_import",
            object_id=record.pk,
            data={
                "effective_from": effective_from.isoformat(),
                "file_sha256": record.file_sha256,
                "rows": record.row_count,
                "errors": len(read.errors),
                "by": who,
            },
        )
        if read.ok:
            TalentListEntry.objects.bulk_create(
                TalentListEntry(
                    talent_list_import=record,
                    profession_id=profession.id,
                    segment=profession.segment,
                    name_en=profession.names.en,
                    name_zh_hant=profession.names.zh_hant or "",
                    name_zh_hans=profession.names.zh_hans or "",
                    source_url=profession.source,
                    note=profession.note or "",
                )
                for profession in read.professions
            )
            # The rules in force changed: the workbench flags the open cases judged differently now.
            talent_list_applied.send(sender=TalentListImport, talent_list_import=record)
    return ImportResult(record, read.errors)
