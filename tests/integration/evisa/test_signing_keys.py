"""Signing keys: generated on first use, kept outside the database, rotated without breaking older e-Visas."""

from __future__ import annotations

import datetime as dt
import stat

import pytest
from django.utils import timezone

from asmtp.audit.models import AuditEntry
from asmtp.domain.evisa_token import Result, read_public_keys, read_revocation_list
from asmtp.evisa.services import issue_evisa, verification_bundle, verify_evisa
from asmtp.evisa.signing_keys import current_signing_key, keys_folder, rotate_signing_key
from tests.integration.evisa.factories import approved_case

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def own_keys_folder(settings, tmp_path):
    settings.ASMTP_KEYS_DIR = tmp_path / "keys"


def test_the_first_use_generates_a_private_key_readable_only_by_the_service():
    key = current_signing_key()

    private = keys_folder() / f"{key.kid}.key"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys_folder().stat().st_mode) == 0o700
    assert b"PRIVATE KEY" in private.read_bytes()
    assert current_signing_key().kid == key.kid
    assert AuditEntry.objects.filter(action="evisa.key_generated", object_id=key.kid).count() == 1


def test_every_token_names_the_key_that_signed_it(applicant, officer, senior_officer):
    case = approved_case(applicant, officer, senior_officer, with_fee=True)

    evisa = issue_evisa(case.pk, officer, today=dt.date(2026, 3, 20))[0]

    assert evisa.key_id == current_signing_key().kid
    assert verify_evisa(evisa.token_full, channel="api", today=TODAY).verification.key_id == evisa.key_id


def test_after_rotation_older_evisas_still_verify_and_new_ones_use_the_new_key(applicant, other_applicant, officer, senior_officer):
    before = issue_evisa(approved_case(applicant, officer, senior_officer, with_fee=True).pk, officer, today=dt.date(2026, 3, 20))[0]

    new_key = rotate_signing_key()
    after = issue_evisa(approved_case(other_applicant, officer, senior_officer, with_fee=True).pk, officer, today=dt.date(2026, 3, 21))[0]

    assert new_key.kid != before.key_id
    assert after.key_id == new_key.kid
    assert verify_evisa(before.token_full, channel="web", today=TODAY).result is Result.VALID
    assert verify_evisa(after.token_full, channel="web", today=TODAY).result is Result.VALID
    assert not (keys_folder() / f"{before.key_id}.key").exists()  # nothing may be signed with a retired key


def test_the_published_bundle_lists_retired_keys_and_a_revocation_list_signed_by_the_current_one():
    old = current_signing_key()
    new = rotate_signing_key()

    bundle = verification_bundle(today=TODAY)

    keys = read_public_keys(bundle)
    assert set(keys) == {old.kid, new.kid}
    assert [entry.get("retired_on") for entry in bundle["keys"]] == [timezone.localdate().isoformat(), None]
    assert bundle["revocation_list"]["key_id"] == new.kid
    assert read_revocation_list(bundle["revocation_list"], keys).issued_on == TODAY
    assert "PRIVATE" not in str(bundle)
