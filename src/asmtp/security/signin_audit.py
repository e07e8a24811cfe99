"""Sign-ins and account security events in the hash-chained audit log (ASVS V16, issue #10).

Django's auth signals and axes' lockout signal are the one place every sign-in path passes
(the sign-in page, the admin, the API's session sign-in, tests' `login()`), and a model signal
on the account is the one place every password change passes (the change and reset pages,
`changepassword`, the admin). The house style prefers explicit service calls over signals;
here the callers are Django's and axes' own views, which the project does not write.

What is recorded, and what never is:
- never a password, not even a wrong one (Django hands receivers the credentials with the
  password masked, and only the user name is read here);
- for a failed sign-in, the typed name is kept only as a keyed digest (HMAC-SHA256 with the
  secret key, 16 hex characters): a user who types their password into the name field does not
  leave it in a permanent log, while repeated attempts on one name can still be linked. When
  the name is an account's address, the entry names the account by its id (`object_id`);
- the client's IP address (the one axes counts), which a security log needs.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.http import HttpRequest

from asmtp.audit.services import record_audit_event


def name_digest(name: str) -> str:
    """The keyed digest a failed sign-in's typed name is recorded as."""
    normalised = name.strip().lower().encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"sign-in-name\x00" + normalised, hashlib.sha256
    ).hexdigest()[:16]


def _ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", ""))


def _account_id(name: str) -> int | None:
    if not name.strip():
        return None
    pk = get_user_model().objects.filter(email__iexact=name.strip()).values_list("pk", flat=True).first()
    return int(pk) if pk is not None else None


def signed_in(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    record_audit_event(
        "account.signed_in", actor=user, object_type="user", object_id=user.pk, data={"ip": _ip(request)}
    )


def signed_out(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if user is None or not getattr(user, "pk", None):  # signing out while not signed in
        return
    record_audit_event(
        "account.signed_out", actor=user, object_type="user", object_id=user.pk, data={"ip": _ip(request)}
    )


def sign_in_failed(
    sender: Any, credentials: dict[str, Any] | None = None, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    name = str((credentials or {}).get("username") or (credentials or {}).get("email") or "")
    account = _account_id(name)
    record_audit_event(
        "account.sign_in_failed",
        object_type="user" if account else "",
        object_id=account or "",
        data={"name_digest": name_digest(name), "ip": _ip(request)},
    )


def locked_out(
    sender: Any,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    account = _account_id(username or "")
    record_audit_event(
        "account.locked_out",
        object_type="user" if account else "",
        object_id=account or "",
        data={"name_digest": name_digest(username or ""), "ip": ip_address or _ip(request)},
    )


# Who is changing accounts, when it is a person acting through a page (an administrator in the
# admin): set by `acting_as`, read by the account-save receivers, so the entry names them
# rather than "system".
_ACTOR: ContextVar[Any] = ContextVar("asmtp_account_change_actor", default=None)
# What an account may do: a change to any of these is a change of privilege, audited with the
# values before and after.
PRIVILEGE_FIELDS = ("role", "is_staff", "is_superuser")


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """While this lasts, account changes are recorded with `user` as their actor."""
    token = _ACTOR.set(user)
    try:
        yield
    finally:
        _ACTOR.reset(token)


def remember_active_flag(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """Before an account is saved: note whether it was active and what it was allowed, to see it
    being disabled or given other privileges."""
    instance._audit_before = None
    if instance.pk is None or kwargs.get("raw"):
        return
    watched = ("is_active", *PRIVILEGE_FIELDS)
    if update_fields is not None and not set(watched) & set(update_fields):
        return
    instance._audit_before = type(instance).objects.filter(pk=instance.pk).values(*watched).first()


def account_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """After an account is saved: a new password, the account disabled or enabled again, or its
    role or staff or superuser flag changed; by whoever `acting_as` names."""
    if created or kwargs.get("raw"):
        return
    actor = _ACTOR.get()
    # Django keeps the raw password on the object from set_password() until the save that stores it.
    if getattr(instance, "_password", None) is not None:
        record_audit_event("account.password_changed", actor=actor, object_type="user", object_id=instance.pk)
    before = getattr(instance, "_audit_before", None) or {}
    if "is_active" in before and before["is_active"] != instance.is_active:
        record_audit_event(
            "account.disabled" if before["is_active"] else "account.enabled",
            actor=actor, object_type="user", object_id=instance.pk,
        )
    changed = {
        name: [before[name], getattr(instance, name)]
        for name in PRIVILEGE_FIELDS
        if name in before and before[name] != getattr(instance, name)
    }
    if changed:
        record_audit_event("account.privileges_changed", actor=actor, object_type="user", object_id=instance.pk, data=changed)
    instance._audit_before = None


def connect() -> None:
    """Called once from the security app's `ready()`."""
    from axes.signals import user_locked_out

    user_model = get_user_model()
    user_logged_in.connect(signed_in, dispatch_uid="asmtp-audit-signed-in")
    user_logged_out.connect(signed_out, dispatch_uid="asmtp-audit-signed-out")
    user_login_failed.connect(sign_in_failed, dispatch_uid="asmtp-audit-sign-in-failed")
    user_locked_out.connect(locked_out, dispatch_uid="asmtp-audit-locked-out")
    pre_save.connect(remember_active_flag, sender=user_model, dispatch_uid="asmtp-audit-account-before")
    post_save.connect(account_saved, sender=user_model, dispatch_uid="asmtp-audit-account-after")
