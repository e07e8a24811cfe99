"""The words around the numbers: chart titles, series names, axis labels, in the reader's language."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asmtp.analytics.aggregates import NOT_ON_LIST, OTHER, ChartData, pledge_on
from asmtp.analytics.charts import ChartText
from asmtp.analytics.reference import label
from asmtp.web.formats import duration_words

TITLES = {
    "flow": gettext_lazy("Applications, approvals and refusals by month"),
    "processing": gettext_lazy("Processing time against the pledge"),
    "industry": gettext_lazy("People admitted by industry (HSIC section)"),
    "segment": gettext_lazy("People admitted by Talent List segment"),
    "profession": gettext_lazy("People admitted by Talent List profession"),
    "salary": gettext_lazy("Monthly salaries of people admitted against Hong Kong's median wage"),
    "tax": gettext_lazy("Estimated annual salaries tax per person admitted"),
    "dependants": gettext_lazy("Dependants admitted by month"),
    "province": gettext_lazy("People admitted by province of origin"),
    "retention": gettext_lazy("Retention: extensions granted and people reaching 7 years"),
}

DESCRIPTIONS = {
    "flow": gettext_lazy("Applications by the month they were submitted; approvals and refusals by the month they were decided."),
    "processing": gettext_lazy("Days from submission to decision for cases decided in each month. The pledge is about %(pledge)s once all documents are in, so time spent waiting for the applicant counts here but not against the pledge."),
    "industry": gettext_lazy("Approved cases, by the Hong Kong Standard Industrial Classification section of the post."),
    "segment": gettext_lazy("How many people the scheme brought into the professions on the Talent List, which names the shortages Hong Kong wants to fill."),
    "profession": gettext_lazy("The Talent List professions with the most people admitted."),
    "salary": gettext_lazy("Offered monthly salary in HK$5,000 bands; the dashed line is the median monthly wage of all employees in Hong Kong (C&SD Annual Earnings and Hours Survey)."),
    "tax": gettext_lazy("Each person's salaries tax for a full year at the offered salary under the Inland Revenue Department's rules for the current year of assessment: MPF contributions deducted, the married person's allowance where a spouse came too, no other deductions or one-off reductions."),
    "dependants": gettext_lazy("Spouses, civil partners and children admitted with the people approved each month."),
    "province": gettext_lazy("Share of people admitted by the province of their Mainland identity card. The diversity index is Shannon's: the effective number is how many equally represented provinces would give the same diversity."),
    "retention": gettext_lazy("Extensions of stay granted each year, and people who reached 7 years of continuous residence (the threshold for permanent residence) that year while still holding permission to stay."),
}

SERIES = {
    "applications": gettext_lazy("Applications"),
    "approvals": gettext_lazy("Approvals"),
    "refusals": gettext_lazy("Refusals"),
    "median_days": gettext_lazy("Median days"),
    "p90_days": gettext_lazy("90th percentile days"),
    "within_pledge_pct": gettext_lazy("Decided within pledge (%)"),
    "admitted": gettext_lazy("People admitted"),
    "people": gettext_lazy("People"),
    "spouses": gettext_lazy("Spouses and civil partners"),
    "children": gettext_lazy("Children"),
    "share_pct": gettext_lazy("Share (%)"),
    "extensions": gettext_lazy("Extensions granted"),
    "seven_years": gettext_lazy("Reached 7 years"),
}

VALUE_AXIS = {
    "flow": gettext_lazy("Number of cases"),
    "processing": gettext_lazy("Days"),
    "industry": gettext_lazy("People admitted"),
    "segment": gettext_lazy("People admitted"),
    "profession": gettext_lazy("People admitted"),
    "salary": gettext_lazy("People admitted"),
    "tax": gettext_lazy("People"),
    "dependants": gettext_lazy("Dependants"),
    "province": gettext_lazy("Share of people admitted (%)"),
    "retention": gettext_lazy("People"),
}

DIMENSION = {
    "month": gettext_lazy("Month"),
    "year": gettext_lazy("Year"),
    "industry": gettext_lazy("Industry"),
    "segment": gettext_lazy("Talent List segment"),
    "profession": gettext_lazy("Profession"),
    "province": gettext_lazy("Province"),
    "salary_band": gettext_lazy("Monthly salary (HK$)"),
    "tax_band": gettext_lazy("Estimated annual tax (HK$)"),
}


def pledge_words() -> str:
    """The processing pledge in force today (the day the chart's reference line is drawn for), in words."""
    return duration_words(pledge_on(dt.date.today()))


def chart_description(key: str) -> str:
    """What a chart shows, with the pledge in force where it names it."""
    text = str(DESCRIPTIONS[key])
    return text % {"pledge": pledge_words()} if key == "processing" else text


def category_label(chart: ChartData, index: int, language: str) -> str:
    """The name of one category (a month stays as written, a code becomes a name)."""
    code = chart.categories[index]
    if code == OTHER:
        return _("Other")
    if code == NOT_ON_LIST:
        return _("Not on the Talent List")
    if chart.dimension in {"salary_band", "tax_band"}:
        return _band_label(chart, index)
    return label(chart.dimension, code, language)


def _band_label(chart: ChartData, index: int) -> str:
    low = int(chart.categories[index])
    if index + 1 == len(chart.categories):
        return f"{low:,}+"
    high = int(chart.categories[index + 1]) - 1
    return f"{low:,}" if high == low else f"{low:,}–{high:,}"


def chart_text(chart: ChartData, language: str) -> ChartText:
    reference = ""
    if chart.key == "processing":
        reference = _("Pledge: %(pledge)s") % {"pledge": pledge_words()}
    elif chart.key == "salary" and chart.reference is not None:
        reference = _("Hong Kong median monthly wage: HK$%(wage)s") % {"wage": f"{chart.reference:,.0f}"}
    return ChartText(
        title=str(TITLES[chart.key]),
        categories=tuple(category_label(chart, i, language) for i in range(len(chart.categories))),
        series={key: str(SERIES[key]) for key, _values in chart.series},
        value_axis=str(VALUE_AXIS[chart.key]),
        reference=reference,
        empty=_("No data for these filters"),
    )
