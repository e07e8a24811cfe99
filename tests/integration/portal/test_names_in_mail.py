"""E-mails and letters name a person as the reader's language writes the name."""

from __future__ import annotations

import pytest

from asmtp.cases.letters import issue_letter
from asmtp.cases.models import Letter
from tests.integration.portal.factories import submitted

REGISTRATION = {
    "last_name": "李", "first_name": "明", "email": "li.ming@example.cn", "preferred_language": "zh-hans",
    "password1": "harbour lantern 2026 tea", "password2": "harbour lantern 2026 tea",
}


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_e_mail_in_simplified_chinese_greets_li_ming_family_name_first(client, mailoutbox, run_jobs):
    client.post("/zh-hans/accounts/register/", REGISTRATION)
    run_jobs()
    assert "李明 先生/女士" in mailoutbox[0].body
    assert "明 李" not in mailoutbox[0].body


@pytest.mark.django_db
def test_the_acknowledgement_letter_in_chinese_greets_the_applicant_by_the_chinese_name(applicant):
    applicant.preferred_language = "zh-hans"
    applicant.save()
    case = submitted(applicant)
    case.language = "zh-hans"
    case.save(update_fields=["language"])
    letter = issue_letter(case, "acknowledgement", key=f"test-ack-{case.pk}")
    assert letter.body.startswith("李伟 先生/女士")
    assert Letter.objects.filter(pk=letter.pk).exists()
