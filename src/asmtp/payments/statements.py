"""Reading the bank's end-of-day statement (ISO 20022 camt.053) for the credits it reports.

Only what reconciliation needs is read: each entry (`BkToCstmrStmt/Stmt/Ntry`) with its amount
and currency, whether it is a credit, its booking date, the bank's own reference for it, and the
payer's reference (`NtryDtls/TxDtls/RmtInf/Ustrd`, or `Strd/CdtrRefInf/Ref`). Namespaces differ
between versions (camt.053.001.02 to .13), so elements are matched by local name.

The file comes from an officer's upload, so it is parsed with defusedxml: a document type
declaration, an entity or an external reference is refused, never expanded or fetched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, ParseError  # the types only; parsing is defusedxml's

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring


class StatementError(ValueError):
    """A file that is not a readable camt.053 statement; `code` maps to a message."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


@dataclass(frozen=True)
class StatementCredit:
    """One entry of the statement, as reconciliation sees it."""

    key: str  # the bank's reference for the entry, else a digest of what identifies it
    booked_on: dt.date | None
    amount: Decimal
    currency: str
    credit: bool
    references: tuple[str, ...]
    payer: str


@dataclass(frozen=True)
class Statement:
    statement_id: str
    entries: tuple[StatementCredit, ...]


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child) == name]


def _path(element: Element, *names: str) -> list[Element]:
    found = [element]
    for name in names:
        found = [child for parent in found for child in _children(parent, name)]
    return found


def _text(element: Element, *names: str) -> str:
    for found in _path(element, *names):
        if found.text and found.text.strip():
            return found.text.strip()
    return ""


def _date(entry: Element) -> dt.date | None:
    text = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10] or _text(entry, "ValDt", "Dt")
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _references(entry: Element) -> tuple[str, ...]:
    details = _path(entry, "NtryDtls", "TxDtls", "RmtInf")
    found = [(item.text or "").strip() for info in details for item in _children(info, "Ustrd")]
    found += [(item.text or "").strip() for info in details for item in _path(info, "Strd", "CdtrRefInf", "Ref")]
    found += [_text(entry, "NtryDtls", "TxDtls", "Refs", "EndToEndId")]
    return tuple(reference for reference in found if reference and reference != "NOTPROVIDED")


def _entry(statement_id: str, index: int, entry: Element) -> StatementCredit:
    amounts = _children(entry, "Amt")
    if not amounts or not (amounts[0].text or "").strip():
        raise StatementError("bad_statement", f"entry {index} has no amount")
    try:
        amount = Decimal((amounts[0].text or "").strip())
    except InvalidOperation:
        raise StatementError("bad_statement", f"entry {index}: amount {amounts[0].text!r}") from None
    currency = amounts[0].get("Ccy", "")
    booked_on = _date(entry)
    references = _references(entry)
    bank_reference = _text(entry, "AcctSvcrRef") or _text(entry, "NtryDtls", "TxDtls", "Refs", "AcctSvcrRef")
    if bank_reference:
        key = f"bank:{bank_reference}"
    else:
        # No bank reference: the same entry in a second upload must still be recognised.
        identity = "|".join([statement_id, str(index), str(amount), currency, str(booked_on), *references])
        key = "digest:" + hashlib.sha256(identity.encode()).hexdigest()[:40]
    return StatementCredit(
        key=key,
        booked_on=booked_on,
        amount=amount,
        currency=currency,
        credit=_text(entry, "CdtDbtInd") == "CRDT",
        references=references,
        payer=_text(entry, "NtryDtls", "TxDtls", "RltdPties", "Dbtr", "Nm")
        or _text(entry, "NtryDtls", "TxDtls", "RltdPties", "Dbtr", "Pty", "Nm"),
    )


def read_camt053(content: bytes) -> list[Statement]:
    """Every statement in the file with its entries; `StatementError` if it is not camt.053."""
    try:
        root: Any = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise StatementError("unsafe_xml", "the file declares entities or a document type") from None
    except ParseError as exc:
        raise StatementError("bad_statement", f"not XML: {exc}") from None
    element: Element = root
    if _local(element) != "Document" or not _children(element, "BkToCstmrStmt"):
        raise StatementError("bad_statement", "not a camt.053 bank-to-customer statement")
    statements = []
    for statement in _path(element, "BkToCstmrStmt", "Stmt"):
        statement_id = _text(statement, "Id")
        entries = tuple(_entry(statement_id, index, entry) for index, entry in enumerate(_children(statement, "Ntry")))
        statements.append(Statement(statement_id, entries))
    return statements
