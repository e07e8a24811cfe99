"""An offer's Talent List profession by its name in the reader's language, never its policy id."""

from __future__ import annotations

from django import template

from asmtp.cases.choices import talent_list_choices

register = template.Library()


@register.filter
def profession_name(profession_id: str) -> str:
    if not profession_id:
        return ""
    return str(dict(talent_list_choices()).get(profession_id, profession_id))
