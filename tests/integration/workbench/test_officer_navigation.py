"""Every officer page reaches the bank statements and the payment exceptions from the main
navigation: the workbench queue, a case, and the case's fee and e-Visa page and revoke form."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from asmtp.evisa.services import issue_evisa
from tests.integration.evisa.factories import approved_case

pytestmark = pytest.mark.django_db


def _main_navigation(html: str) -> str:
    return re.search(r'<nav class="wrap site-nav".*?</nav>', html, re.S).group(0)


def test_each_officer_page_links_the_workbench_the_bank_statements_and_the_payment_exceptions(
    client, applicant, officer, senior_officer
):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)
    evisa = issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))[0]
    client.force_login(officer)

    for path in ("/zh-hans/workbench/", f"/zh-hans/workbench/cases/{case.pk}/", f"/zh-hans/evisa/case/{case.pk}/",
                 f"/zh-hans/evisa/{evisa.number}/revoke/"):
        navigation = _main_navigation(client.get(path).content.decode())
        for address, words in (("workbench/", "工作台"), ("payments/statements/", "银行结单"),
                               ("payments/exceptions/", "异常款项")):
            assert re.search(rf'href="/zh-hans/{address}"[^>]*>{words}</a>', navigation), (path, words)
