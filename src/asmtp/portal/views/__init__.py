"""Applicant pages. Each view parses, checks who is asking, calls one service and renders."""

from asmtp.portal.views.drafting import document_remove, documents, family, family_remove, start, step
from asmtp.portal.views.self_check import self_check
from asmtp.portal.views.tracking import case_detail, dashboard, extend, respond, review, withdraw

__all__ = [
    "case_detail",
    "dashboard",
    "document_remove",
    "documents",
    "extend",
    "family",
    "family_remove",
    "respond",
    "review",
    "self_check",
    "start",
    "step",
    "withdraw",
]
