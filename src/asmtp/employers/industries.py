"""HSIC Version 2.0 sections (C&SD), the industry an employer declares.

Section letters are what the engine reads (`employment.industry`); the titles follow the
C&SD section titles (see shared/domain/reference/reference-data.md §2).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    A = "A", _("A — Agriculture, forestry and fishing")
    B = "B", _("B — Mining and quarrying")
    C = "C", _("C — Manufacturing")
    D = "D", _("D — Electricity and gas supply")
    E = "E", _("E — Water supply; sewerage, waste management and remediation activities")
    F = "F", _("F — Construction")
    G = "G", _("G — Import/export, wholesale and retail trades")
    H = "H", _("H — Transportation, storage, postal and courier services")
    I = "I", _("I — Accommodation and food service activities")  # noqa: E741 — the section's own letter
    J = "J", _("J — Information and communications")
    K = "K", _("K — Financial and insurance activities")
    L = "L", _("L — Real estate activities")
    M = "M", _("M — Professional, scientific and technical activities")
    N = "N", _("N — Administrative and support service activities")
    O = "O", _("O — Public administration")  # noqa: E741 — the section's own letter
    P = "P", _("P — Education")
    Q = "Q", _("Q — Human health and social work activities")
    R = "R", _("R — Arts, entertainment and recreation")
    S = "S", _("S — Other service activities")
    T = "T", _("T — Activities of households as employers")
    U = "U", _("U — Activities of extraterritorial organisations and bodies")
