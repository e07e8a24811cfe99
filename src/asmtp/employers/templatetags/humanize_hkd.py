"""Money in templates that load it by this name: the filters of asmtp.web.formats, the one
formatter of dates and money (built into every template already)."""

from __future__ import annotations

from django import template

from asmtp.web.formats import grouped, money

register = template.Library()
register.filter("grouped", grouped)
register.filter("hkd", money)
