"""Cases that reach the fee stages (tests/factories.py builds them), and camt.053 files as a bank writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from asmtp.cases.models import Application
from tests.factories import FakeEngine, make_case

SUBMITTED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def submitted_case(applicant: Any, *, dependants: tuple[dict[str, Any], ...] = (), on: dt.datetime = SUBMITTED) -> Application:
    """Submitted `on` that day: the application fee is billed for everyone on it."""
    return make_case(applicant, "submitted", dependants=dependants, submitted_at=on)


def approved_by_decision(applicant: Any, officer: Any, senior_officer: Any, *, dependants: tuple[dict[str, Any], ...] = (),
                         dependant_outcomes: tuple[str, ...] = ()) -> Application:
    """Submitted, assessed (the dependants' outcomes as given) and recommended, then approved
    through the senior officer's decision, which bills the issuance fee."""
    return make_case(applicant, "approved", officer=officer, senior_officer=senior_officer, dependants=dependants,
                     engine=FakeEngine(findings=[], dependants=dependant_outcomes), submitted_at=SUBMITTED)


def camt053(*entries: dict[str, Any], statement_id: str = "STMT-2026-03-03") -> bytes:
    """A bank-to-customer statement (camt.053.001.08) with one Ntry per entry:
    {amount, reference, currency?, credit?, bank_ref?, structured?}."""
    rows = []
    for index, entry in enumerate(entries):
        reference = entry.get("reference", "")
        remittance = (
            f"<Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd>" if entry.get("structured")
            else f"<Ustrd>{reference}</Ustrd>"
        )
        rows.append(f"""
      <Ntry>
        <Amt Ccy="{entry.get('currency', 'HKD')}">{entry['amount']}</Amt>
        <CdtDbtInd>{'CRDT' if entry.get('credit', True) else 'DBIT'}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-03</Dt></BookgDt>
        <AcctSvcrRef>{entry.get('bank_ref', f'FPS{index:08d}')}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Pty><Nm>LI WEI</Nm></Pty></Dbtr></RltdPties>
          <RmtInf>{remittance}</RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-03-03T18:00:00+08:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <Acct><Id><Othr><Id>012-345-678901</Id></Othr></Id><Ccy>HKD</Ccy></Acct>{''.join(rows)}
    </Stmt>
  </BkToCstmrStmt>
</Document>""".encode()
