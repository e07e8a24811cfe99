"""HSIC Version 2.0 sections (C&SD), the industry an employer declares.

Section letters are what the engine reads (`employment.industry`); the choices are labelled
"A — title" with the titles of the policy data (asmtp/policy/data/hsic_sections.yaml).
"""

from __future__ import annotations

from django.db import models

from asmtp.web.reference_names import industry_choices

Industry = models.TextChoices(
    "Industry", [(letter, (letter, label)) for letter, label in industry_choices(with_letter=True)]
)
