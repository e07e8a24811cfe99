"""Applicant accounts: registering, the e-mailed verification link, and the e-mails that tell an
address's owner about an account (one answer for known and unknown addresses)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.audit.services import record_audit_event
from asmtp.errors import CodedError
from asmtp.jobs.mail import queue_email, render_plain_text

VERIFY_SALT = "asmtp.accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


class AccountLinkError(CodedError):
    """A verification link that cannot be used; `code` selects the message."""

    MESSAGES: ClassVar[Mapping[str, Promise]] = {
        "link_invalid": _("This link is not valid. Check that you copied all of it, or register again."),
        "link_expired": _("This link has expired. Register again and we will send you a new one."),
        "link_used": _("This link has already been used: your e-mail address is confirmed. Sign in with your password."),
    }


def register_applicant(
    *, email: str, password: str, first_name: str, last_name: str, language: str, link_for: Callable[[str], str]
) -> None:
    """Open an applicant account, to be activated from the e-mailed link.

    The answer is the same whether or not the address was already registered (no one learns who
    has an account), and so is the work: the password is hashed either way and the one e-mail is
    sent by the job worker. An existing account is never changed here (re-registering a victim's
    address must not set its password); its owner is told by e-mail instead, or, if the account
    still awaits its first confirmation, sent a fresh link.
    """
    from asmtp.accounts.models import Role, User

    hashed = make_password(password)  # first, whoever owns the address: the slow step, both ways
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            tell_owner_of_known_address(existing, link_for)
            return
        user = User(
            username=email, email=email, role=Role.APPLICANT, first_name=first_name, last_name=last_name,
            preferred_language=language, password=hashed,
            is_active=False,  # until the e-mail address is shown to be theirs
        )
        user.save()
        send_verification_link(user, language, link_for)
        record_audit_event("account.registered", actor=user, object_type="user", object_id=user.pk)


def tell_owner_of_known_address(existing: Any, link_for: Callable[[str], str]) -> None:
    """Someone registered (as an applicant or an employer) with an address that has an account:
    change nothing in it, and tell its owner by e-mail, in their language; an account still
    awaiting its first confirmation gets a fresh link instead."""
    if awaits_first_confirmation(existing):
        send_verification_link(existing, existing.preferred_language, link_for)
    else:
        _send_account_mail("already_registered", existing.email, existing.preferred_language, {"user": existing})
    record_audit_event("account.register_existing", actor=existing, object_type="user", object_id=existing.pk)


def awaits_first_confirmation(user: Any) -> bool:
    """A self-registered account (applicant or employer) never confirmed, never used, not active.

    Only such an account may be opened by a verification link: never a staff account, one an
    administrator disabled after it was used, or one confirmed before.
    """
    from asmtp.accounts.models import Role

    return (
        user.role in (Role.APPLICANT, Role.EMPLOYER)
        and not user.is_active
        and user.email_verified_at is None
        and user.last_login is None
    )


def send_verification_link(user: Any, language: str, link_for: Callable[[str], str]) -> None:
    """E-mail `user` a link (`link_for(token)`, absolute) that confirms their address once."""
    token = signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=VERIFY_SALT)
    _send_account_mail("verify", user.email, language, {"user": user, "link": link_for(token)})


def verify_email(token: str) -> Any:
    """Confirm the address a verification link names and activate its account; returns the user.

    A link works once: it never signs anyone in (that takes the password, and staff's second
    factor), and once the address is confirmed every link for it answers `link_used`.
    """
    from asmtp.accounts.models import User

    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise AccountLinkError("link_expired") from None
    except signing.BadSignature:
        raise AccountLinkError("link_invalid") from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload.get("u")).first()
        if user is None or user.email.lower() != payload.get("e"):
            raise AccountLinkError("link_invalid")
        if user.email_verified_at is not None:
            raise AccountLinkError("link_used")
        if not awaits_first_confirmation(user):
            raise AccountLinkError("link_invalid")
        user.email_verified_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_verified_at", "is_active"])
        record_audit_event("account.email_verified", actor=user, object_type="user", object_id=user.pk)
    return user


def _send_account_mail(template: str, to: str, language: str, context: dict[str, Any]) -> None:
    with translation.override(language or "zh-hans"):
        subject = render_plain_text(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_plain_text(f"accounts/email/{template}.txt", context)
    queue_email([to], subject, body)
