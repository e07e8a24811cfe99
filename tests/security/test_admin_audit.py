"""What an administrator does to an account in the admin is in the hash-chained audit log, with
the administrator as its actor: a new role, staff or superuser flag, disabling and enabling,
and a new password (issue #20, finding 12)."""

from __future__ import annotations

import pytest

from asmtp.audit.models import AuditEntry
from asmtp.audit.services import verify_audit_chain

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "an administrator's chosen phrase 2026"


def change_form(user, **changes) -> dict[str, object]:
    """The admin's change form for `user` as it stands, with `changes` made."""
    data: dict[str, object] = {
        "username": user.username, "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
        "role": user.role, "company": user.company_id or "", "preferred_language": user.preferred_language,
        "email_verified_at_0": "", "email_verified_at_1": "", "is_active": user.is_active, "is_staff": user.is_staff,
        "is_superuser": user.is_superuser, "last_login_0": "", "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"), "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": [], "user_permissions": [],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def entries_about(user) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="user", object_id=str(user.pk)).order_by("id"))


def test_making_an_applicant_an_officer_with_staff_rights_is_recorded_with_the_administrator(client, administrator, applicant):
    client.force_login(administrator)
    response = client.post(f"/en/admin/accounts/user/{applicant.pk}/change/",
                           change_form(applicant, role="officer", is_staff=True))
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = [e for e in entries_about(applicant) if e.action == "account.privileges_changed"]
    assert (entry.actor_id, entry.actor_label) == (administrator.pk, administrator.email)
    assert entry.data == {"role": ["applicant", "officer"], "is_staff": [False, True]}
    assert verify_audit_chain()[1] == []


def test_granting_superuser_is_recorded_with_the_administrator(client, administrator, officer):
    client.force_login(administrator)
    client.post(f"/en/admin/accounts/user/{officer.pk}/change/", change_form(officer, is_superuser=True))
    [entry] = [e for e in entries_about(officer) if e.action == "account.privileges_changed"]
    assert entry.actor_id == administrator.pk and entry.data == {"is_superuser": [False, True]}


def test_disabling_and_enabling_in_the_admin_name_the_administrator_not_system(client, administrator, officer):
    client.force_login(administrator)
    client.post(f"/en/admin/accounts/user/{officer.pk}/change/", change_form(officer, is_active=False))
    officer.refresh_from_db()
    client.post(f"/en/admin/accounts/user/{officer.pk}/change/", change_form(officer, is_active=True))
    recorded = [(e.action, e.actor_id, e.actor_label) for e in entries_about(officer)]
    assert recorded == [("account.disabled", administrator.pk, administrator.email),
                        ("account.enabled", administrator.pk, administrator.email)]


def test_a_password_set_by_an_administrator_names_the_administrator(client, administrator, officer):
    client.force_login(administrator)
    response = client.post(f"/en/admin/accounts/user/{officer.pk}/password/",
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    [entry] = [e for e in entries_about(officer) if e.action == "account.password_changed"]
    assert entry.actor_id == administrator.pk
    assert NEW_PASSWORD not in str(entry.data)


def test_a_change_outside_the_admin_is_still_recorded_as_the_system(officer):
    officer.role = "senior_officer"
    officer.save()
    [entry] = entries_about(officer)
    assert (entry.action, entry.actor_id, entry.actor_label) == ("account.privileges_changed", None, "system")
