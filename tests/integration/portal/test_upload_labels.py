"""The upload form names the document's type and the file to choose with different words."""

from __future__ import annotations

import re

import pytest

from tests.integration.portal.factories import fill_particulars, start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "kind", "file"), [("zh-hans", "文件类型", "选择文件"), ("zh-hant", "文件類型", "選擇檔案"),
                                                        ("en", "Type of document", "File to upload")])
def test_the_document_select_and_the_file_input_have_distinct_labels(client, applicant, language, kind, file):
    case = fill_particulars(start(applicant), applicant)
    client.force_login(applicant)
    page = client.get(f"/{language}/portal/applications/{case.pk}/documents/").content.decode()
    labels = {name: re.sub(r"<[^>]+>", "", text).strip() for name, text in re.findall(r'<label for="id_(kind|file)"[^>]*>(.*?)</label>', page, re.S)}
    assert labels["kind"].startswith(kind) and labels["file"].startswith(file)
    assert labels["kind"] != labels["file"]
