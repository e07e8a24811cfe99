"""People who sign in, and the one role each of them holds."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from asmtp.domain.person_names import full_name


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    EMPLOYER = "employer", _("Employer staff")
    OFFICER = "officer", _("Officer")
    SENIOR_OFFICER = "senior_officer", _("Senior officer")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset({Role.OFFICER, Role.SENIOR_OFFICER, Role.ANALYST, Role.ADMINISTRATOR})
OFFICER_ROLES = frozenset({Role.OFFICER, Role.SENIOR_OFFICER})


class AccountManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Sign-in is by e-mail address, whatever case it was typed in.
        return self.get(email__iexact=username)


class User(AbstractUser):
    """An account. The e-mail address is the sign-in name; `username` mirrors it for the admin."""

    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="zh-hans")
    company = models.ForeignKey(
        "employers.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Employer staff only: the company whose cases this person may see."),
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)

    objects = AccountManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES

    @property
    def is_senior_officer(self) -> bool:
        return self.role == Role.SENIOR_OFFICER

    def get_full_name(self) -> str:
        """The name as the active language writes it (李明, Ming Li): never "明 李"."""
        return full_name(self.first_name, self.last_name, get_language())

    def __str__(self) -> str:
        return self.get_full_name() or self.email
