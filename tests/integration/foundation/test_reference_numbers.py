"""Reference numbers: counted per year, gap-free within committed submissions, never handed out twice."""

from __future__ import annotations

import pytest
from django.db import transaction

from asmtp.cases.models import ReferenceCounter
from asmtp.cases.services import next_reference
from tests.processes import all_at_once


@pytest.mark.django_db
def test_numbers_count_up_within_a_year_and_start_again_in_the_next():
    with transaction.atomic():
        assert [next_reference(2026) for _ in range(3)] == ["ASMTP-2026-000001", "ASMTP-2026-000002", "ASMTP-2026-000003"]
        assert next_reference(2027) == "ASMTP-2027-000001"
    assert dict(ReferenceCounter.objects.values_list("year", "last")) == {2026: 3, 2027: 1}


@pytest.mark.django_db
def test_a_submission_that_is_rolled_back_gives_its_number_back():
    with transaction.atomic():
        assert next_reference(2026) == "ASMTP-2026-000001"
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_reference(2026) == "ASMTP-2026-000002"
        raise RuntimeError("the submission failed after taking its number")
    with transaction.atomic():
        assert next_reference(2026) == "ASMTP-2026-000002"


@pytest.mark.django_db(transaction=True)
def test_submitters_at_the_same_moment_each_get_their_own_number():
    numbers: list[str] = []

    def submitter() -> None:
        with transaction.atomic():
            numbers.append(next_reference(2026))

    assert all_at_once(6, submitter, wait=15) == []
    assert sorted(numbers) == [f"ASMTP-2026-{n:06d}" for n in range(1, 7)]
