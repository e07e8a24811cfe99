"""Officers see each case's stream, and a Technical Professional's trade, in the queue and on the case page."""

from __future__ import annotations

import pytest
from django.urls import reverse as django_reverse
from django.utils import translation

from asmtp.cases.models import Application
from tests.integration.workbench.factories import claimed_case, submitted_case

pytestmark = pytest.mark.django_db


def reverse(name, args=()):
    with translation.override("en"):
        return django_reverse(name, args=args)


def _technical_professional(case: Application) -> Application:
    Application.objects.filter(pk=case.pk).update(
        stream="technical_professional",
        employment_data={**(case.employment_data or {}), "tp_trade": "aircraft_maintenance_technician"},
        applicant_data={**case.applicant_data, "meets_trade_minimum_qualification": True},
    )
    return Application.objects.get(pk=case.pk)


def _row(page: str, reference: str) -> str:
    return page.split(reference)[1].split("</tr>")[0]


@pytest.mark.parametrize(
    ("language", "tp", "general"),
    [("en", "Technical Professionals stream · Aircraft maintenance technician", "General stream"),
     ("zh-hans", "技术专才类别 · 飞机维修技术员", "一般类别"), ("zh-hant", "技術專才類別 · 飛機維修技術員", "一般類別")],
)
def test_the_queue_shows_each_cases_stream_and_a_technical_professionals_trade(client, applicant, officer, language, tp, general):
    tp_case = _technical_professional(submitted_case(applicant))
    general_case = submitted_case(applicant)
    client.force_login(officer)
    page = client.get(f"/{language}" + reverse("workbench:queue").removeprefix("/en") + "?queue=new").content.decode()
    assert tp in _row(page, tp_case.reference)
    general_cell = _row(page, general_case.reference).split('class="stream"')[1].split(">")[1].split("<")[0]
    assert general_cell == general  # no trade for the general stream


def test_the_case_page_shows_the_stream_the_trade_and_the_qualification_declaration(client, applicant, officer):
    case = _technical_professional(claimed_case(applicant, officer))
    client.force_login(officer)
    page = client.get("/zh-hant" + reverse("workbench:case", args=[case.pk]).removeprefix("/en")).content.decode()
    assert '<span class="stream">技術專才類別 · 飛機維修技術員</span>' in page
    assert "符合該工種的最低資歷要求（申請人聲明）</dt><dd>是</dd>" in page
