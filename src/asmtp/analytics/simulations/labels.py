"""Names of a simulation's groups, outcomes and flips in the reader's language.

A simulation labels its groups in English (``asmtp simulate`` prints them). The job stores a
stable code beside each label (an industry letter, a segment id, a salary band key, a province
code) so that the page can name the group in any language with the analytics' reference names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asmtp.analytics.reference import label as reference_label
from asmtp.policy import load_policy
from asmtp.population.calibration import SALARY_BANDS
from asmtp.population.simulation.aggregation import TRANSITIONS, transition_name
from asmtp.population.simulation.dimensions import DIMENSIONS, NO_OFFER, NOT_LISTED, OTHER, OUTCOMES

NO_OFFER_CODE = "no_offer"
NOT_LISTED_CODE = "not_listed"
OTHER_CODE = "other"

DIMENSION_TITLES: Mapping[str, Promise] = {
    "industry": _("By industry"),
    "talent_list_segment": _("By Talent List segment"),
    "salary_band": _("By monthly salary"),
    "province": _("By province of origin"),
}
DIMENSION_NOTES: Mapping[str, Promise] = {
    "industry": _("The Hong Kong Standard Industrial Classification section of the job offer."),
    "talent_list_segment": _("The Talent List segment of the profession the post claims."),
    "salary_band": _("The offered monthly salary, in the bands of the Legislative Council reply LCQ13 (7 May 2025)."),
    "province": _("The province of the Mainland identity card number."),
}
DIMENSION_HEADINGS: Mapping[str, Promise] = {
    "industry": _("Industry"),
    "talent_list_segment": _("Talent List segment"),
    "salary_band": _("Monthly salary"),
    "province": _("Province"),
}
CHART_TITLES: Mapping[str, Promise] = {
    "industry": _("Applications whose outcome changes, by industry"),
    "talent_list_segment": _("Applications whose outcome changes, by Talent List segment"),
    "salary_band": _("Applications whose outcome changes, by monthly salary"),
    "province": _("Applications whose outcome changes, by province of origin"),
}
OUTCOME_NAMES: Mapping[str, Promise] = {
    "eligible": _("Eligible"),
    "refer": _("Refer to an officer"),
    "ineligible": _("Ineligible"),
}
FLIP_NAMES: Mapping[str, Promise] = {
    "eligible_to_refer": _("Eligible → refer"),
    "eligible_to_ineligible": _("Eligible → ineligible"),
    "refer_to_eligible": _("Refer → eligible"),
    "refer_to_ineligible": _("Refer → ineligible"),
    "ineligible_to_eligible": _("Ineligible → eligible"),
    "ineligible_to_refer": _("Ineligible → refer"),
}
_SPECIAL: Mapping[str, Promise] = {
    NO_OFFER_CODE: _("No job offer"),
    NOT_LISTED_CODE: _("Not on the Talent List"),
    OTHER_CODE: _("Other or unreadable"),
}
_BANDS: Mapping[str, Promise] = {
    "under_20k": _("Under HK$20,000"),
    "20k_40k": _("HK$20,000 to 39,999"),
    "40k_80k": _("HK$40,000 to 79,999"),
    "80k_plus": _("HK$80,000 and over"),
}
# The analytics' reference tables call the Talent List dimension "segment".
_REFERENCE_DIMENSION = {"industry": "industry", "talent_list_segment": "segment", "province": "province"}

assert tuple(FLIP_NAMES) == tuple(transition_name(i, j) for i, j in TRANSITIONS)
assert tuple(OUTCOME_NAMES) == OUTCOMES
assert {band.key for band in SALARY_BANDS} == set(_BANDS)


def _code_maps(edition: str) -> dict[str, dict[str, str]]:
    """English group label -> code, per dimension, from the policy the run started from."""
    policy = load_policy(edition)
    special = {NO_OFFER: NO_OFFER_CODE, NOT_LISTED: NOT_LISTED_CODE, OTHER: OTHER_CODE}
    return {
        "industry": {**special, **{letter: letter for letter in policy.industry_letters}},
        "talent_list_segment": {**special, **{s.names.en: s.id for s in policy.talent_list.segments}},
        "salary_band": {**special, **{band.label: band.key for band in SALARY_BANDS}},
        "province": {**special, **{names.en: code for code, names in policy.provinces.mainland.items()}},
    }


def with_group_codes(result: dict[str, Any], edition: str) -> dict[str, Any]:
    """The result with a ``code`` beside each breakdown row's English ``group`` label."""
    maps = _code_maps(edition)
    breakdowns = {
        dimension: [{**row, "code": maps[dimension].get(str(row["group"]), "")} for row in result["breakdowns"][dimension]]
        for dimension in DIMENSIONS
    }
    return {**result, "breakdowns": breakdowns}


def group_label(dimension: str, row: Mapping[str, Any], language: str) -> str:
    """A breakdown row's group named in ``language`` (its English label when no name is known)."""
    code = str(row.get("code") or "")
    if code in _SPECIAL:
        return str(_SPECIAL[code])
    if dimension == "salary_band" and code in _BANDS:
        return str(_BANDS[code])
    if code and dimension in _REFERENCE_DIMENSION:
        name = reference_label(_REFERENCE_DIMENSION[dimension], code, language)
        if name != code:
            return f"{code} {name}" if dimension == "industry" else name
    return str(row["group"])
