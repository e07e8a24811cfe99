"""What the e-Visas hold of a person, for the privacy requests (connected in `EvisaConfig.ready`;
the signals are the case core's, asmtp/cases/signals.py)."""

from __future__ import annotations

from typing import Any

from django.db.models.functions import TruncYear
from django.dispatch import receiver

from asmtp.cases.models import Application
from asmtp.cases.signals import iso, personal_data_corrected, personal_data_erased, personal_data_exported
from asmtp.evisa.models import EVisa


def _exported(evisa: EVisa) -> dict[str, Any]:
    return {
        "number": evisa.number,
        "status": evisa.status,
        "name_en": evisa.name_en,
        "name_zh": evisa.name_zh,
        "date_of_birth": iso(evisa.date_of_birth),
        "travel_document": evisa.travel_document,
        "relationship": evisa.relationship,
        "condition": evisa.condition,
        "employer": evisa.employer_name,
        "limit_of_stay_on": iso(evisa.limit_of_stay_on),
        "issued_on": iso(evisa.issued_on),
        "revoked_at": iso(evisa.revoked_at),
        "revocation_reason": evisa.revocation_reason,
    }


@receiver(personal_data_exported, dispatch_uid="evisa.export")
def export(sender: Any, case: Application, **kwargs: Any) -> dict[str, Any]:
    """The e-Visas issued on the case, for its person's data-access export."""
    return {"evisas": [_exported(evisa) for evisa in EVisa.objects.filter(application=case).order_by("id")]}


@receiver(personal_data_erased, dispatch_uid="evisa.erase")
def erase(sender: Any, case: Application, **kwargs: Any) -> None:
    """Past retention: names, travel documents and the signed tokens go; the year of birth stays for statistics."""
    EVisa.objects.filter(application=case).update(
        name_en="",
        name_zh="",
        travel_document="",
        token_full="",
        token_work="",
        date_of_birth=TruncYear("date_of_birth"),
    )


@receiver(personal_data_corrected, dispatch_uid="evisa.to_reissue")
def to_reissue(sender: Any, case: Application, **kwargs: Any) -> dict[str, Any]:
    """An e-Visa in force carries the old details: the officer must issue it again."""
    return {"evisa_to_reissue": EVisa.objects.filter(application=case, status=EVisa.Status.ISSUED).exists()}
