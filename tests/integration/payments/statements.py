"""Cases that reach the fee stages through the real use cases, and camt.053 files as a bank writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from asmtp.cases.models import Application, Assessment, Dependant
from asmtp.cases.services import perform_action
from asmtp.domain.lifecycle import Action
from asmtp.workbench.services import decide_case
from tests.integration.evisa.factories import CONTRACT_RESULT, PRINCIPAL

SUBMITTED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def submitted_case(applicant: Any, *, dependants: tuple[dict[str, Any], ...] = (), on: dt.datetime = SUBMITTED) -> Application:
    case = Application.objects.create(
        applicant=applicant, edition="direct", applicant_data=dict(PRINCIPAL), name_en=PRINCIPAL["name_en"],
        name_zh=PRINCIPAL["name_zh"], language="zh-hans", dependant_count=len(dependants),
    )
    for position, person in enumerate(dependants):
        Dependant.objects.create(application=case, position=position, **person)
    return perform_action(case.pk, Action.SUBMIT, applicant, now=on)


def approved_by_decision(applicant: Any, officer: Any, senior_officer: Any, *, dependants: tuple[dict[str, Any], ...] = (),
                         dependant_outcomes: tuple[str, ...] = ()) -> Application:
    """Submitted, assessed and recommended, then approved through the senior officer's decision."""
    case = submitted_case(applicant, dependants=dependants)
    perform_action(case.pk, Action.CLAIM, officer)
    for dependant, outcome in zip(case.dependants.order_by("position"), dependant_outcomes, strict=False):
        Dependant.objects.filter(pk=dependant.pk).update(rules_outcome=outcome)
    result = {**CONTRACT_RESULT, "id": case.reference, "edition": case.edition, "as_of": SUBMITTED.date().isoformat()}
    Assessment.objects.create(application=case, edition=case.edition, as_of=SUBMITTED.date(), outcome="eligible",
                              result=result, created_by=officer)
    perform_action(case.pk, Action.RECORD_ASSESSMENT, officer)
    perform_action(case.pk, Action.RECOMMEND_APPROVAL, officer)
    return decide_case(case.pk, senior_officer, decision="approve")


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
