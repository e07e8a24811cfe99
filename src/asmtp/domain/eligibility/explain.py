"""Turning one row of a batch result into explained findings, from the reason catalogue.

The rules decide (criterion, status, reason code); this module only says why, in three
languages: the catalogue entry for the reason is filled with the application's facts, the facts
the rule derived, and the parameters in force on the assessment date with their sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from asmtp.domain.eligibility.application import Application
from asmtp.domain.eligibility.batch import BatchResult, CriterionResults
from asmtp.domain.eligibility.codes import FAIL, OUTCOMES, REFER, STATUSES, Criterion
from asmtp.domain.eligibility.dependant import DEPENDANT_CRITERIA
from asmtp.domain.eligibility.principal import PRINCIPAL_CRITERIA
from asmtp.policy import LANGUAGES, Names, Params, Policy


def json_value(value: Any) -> Any:
    """A numpy or Python value as plain JSON: ISO dates, ints for whole numbers, None for NaN/NaT."""
    if isinstance(value, np.generic):
        value = value.item() if not isinstance(value, np.datetime64) else value
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(value.astype("datetime64[D]"))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, tuple):
        return [json_value(item) for item in value]
    return value


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _chinese_day(value: Any) -> Any:
    """An ISO day as Chinese text writes it (2026年12月5日, as asmtp.web.formats does); else unchanged."""
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        year, month, day = (int(part) for part in value.split("-"))
        return f"{year}年{month}月{day}日"
    return value


def _field(application: Application, path: str, dependant: int | None) -> Any:
    node: Any = application.dependants[dependant] if dependant is not None else application
    for part in path.split("."):
        node = getattr(node, part, None) if node is not None else None
    return json_value(node)


def _fact_name(path: str) -> str:
    # "applicant.travel_document.type" -> "travel_document_type"; "employment.industry" -> "industry"
    parts = path.split(".")
    if parts[0] in ("applicant", "employment"):
        parts = parts[1:]
    return "_".join(parts)


class _Finding:
    """Gathers what one finding shows, then renders its texts."""

    def __init__(self, criterion: Criterion[Any], results: CriterionResults, row: int, params: Params) -> None:
        self.criterion = criterion
        code = int(results.reason[criterion.id][row])
        self.status = STATUSES[int(results.status[criterion.id][row])]
        self.reason = criterion.reasons.key(code)
        self.params = params
        self.facts: dict[str, Any] = {}
        self.derived = {name: json_value(values[row]) for name, values in results.values[criterion.id].items()}
        self.parameters: dict[str, Any] = {name: params.entry(name).as_dict() for name in criterion.parameters}
        self.context: dict[str, Any] = {"as_of": params.day.isoformat()}
        self.labels: dict[str, Names] = {}

    def add_facts(self, application: Application, dependant: int | None) -> None:
        tp = application.technical_professional and dependant is None
        for path in self.criterion.facts + (self.criterion.tp_facts if tp else ()):
            self.facts[_fact_name(path)] = _field(application, path, dependant)
        self.context.update(self.facts)
        self.context.update(self.derived)
        for name in self.criterion.parameters:
            self.context[name.rsplit(".", 1)[-1]] = json_value(self.params[name])
        for name in self.criterion.tp_parameters:
            if tp:
                self.parameters[name] = self.params.entry(name).as_dict()
            # Named in full ("tp_minimum_age_years") so as not to shadow the general stream's value.
            self.context[name.replace(".", "_")] = json_value(self.params[name])

    def render(self, catalogue: Mapping[str, Any]) -> dict[str, Any]:
        entry = catalogue[self.criterion.id]
        texts = entry["reasons"][self.reason]
        finding: dict[str, Any] = {
            "criterion": self.criterion.id,
            "status": self.status,
            "reason_code": self.reason,
            "reason": self._texts(texts),
            # The public legal or policy source, in each language (never the research note).
            "reference": entry["source"]["en"],
            "source": dict(entry["source"]),
            "facts": {**self.facts, **self.derived},
            "parameters": self.parameters,
        }
        if self.status in (STATUSES[FAIL], STATUSES[REFER]):
            finding["next_step"] = self._texts(texts["next_step"])
        return finding

    def _texts(self, texts: Mapping[str, str]) -> dict[str, str]:
        rendered = {}
        for language in LANGUAGES:
            context = {name: _chinese_day(value) if language.startswith("zh") else value for name, value in self.context.items()}
            for name, label in self.labels.items():
                context[name] = label.get(language).format_map(context)
            rendered[language] = texts[language].format_map(context)
        return rendered


def _add_tables(finding: _Finding, application: Application, policy: Policy, province: int) -> None:
    """Facts and parameters from the reference tables a criterion cites."""
    params = finding.params
    employment = application.employment
    for table in finding.criterion.tables:
        if table == "provinces":
            code = f"{province:02d}"
            finding.labels["province_label"] = (
                policy.provinces.mainland.get(code) or policy.provinces.not_mainland.get(code) or policy.label("province", "unknown")
            )
            finding.parameters["provinces"] = {"reference": policy.provinces.reference}
        elif table == "wage_benchmark" and employment is not None:
            benchmark = params.wage_benchmark(employment.industry)
            finding.parameters["wage_benchmark"] = {
                "section": benchmark.section, "series": benchmark.series, "label": benchmark.label,
                "value": json_value(benchmark.value), "survey_year": benchmark.survey_year,
                "reference": benchmark.reference, "confidence": benchmark.confidence, "why_this_series": benchmark.mapping_reason,
            }
            finding.context.update(
                benchmark_hkd=benchmark.value, benchmark_survey_year=benchmark.survey_year, benchmark_series_label=benchmark.label
            )
            finding.labels["benchmark_label"] = policy.label("benchmark", "overall" if benchmark.series == "overall" else "industry")
        elif table == "overall_median":
            median = policy.wages.overall_at(params.day)
            finding.parameters["overall_median"] = {
                "value": json_value(median.value), "survey_year": median.survey_year,
                "reference": median.reference, "confidence": median.confidence,
            }
            finding.context["overall_median_hkd"] = median.value
        elif table == "tp_pay_floor" and employment is not None and application.technical_professional:
            benchmark = params.wage_benchmark(employment.industry)
            non_degree = float(params.entry("tp.non_degree_median_monthly_hkd").value)
            floor = max(benchmark.value, non_degree)
            finding.parameters["tp_pay_floor"] = {
                "value": json_value(floor), "industry_benchmark": json_value(benchmark.value),
                "non_degree_median": json_value(non_degree),
                "rule": "the higher of the industry's benchmark and the non-degree median (rules.md remuneration)",
            }
            finding.context["pay_floor_hkd"] = floor
            higher = "non_degree_median" if non_degree > benchmark.value else "overall" if benchmark.series == "overall" else "industry"
            finding.labels["pay_floor_label"] = policy.label("benchmark", higher)
        elif table == "tp_list":
            tp_version = params.tp_list
            opens, closes = tp_open_period(policy)
            finding.context.update(tp_opens_on=opens, tp_closes_on=closes)
            if application.technical_professional:
                finding.parameters["tp_list"] = {
                    "effective_from": tp_version.effective_from.isoformat(), "complete": tp_version.complete,
                    "source": tp_version.source, "trades": list(tp_version.trades),
                }
        elif table == "talent_list":
            version = params.talent_list
            finding.parameters["talent_list"] = {
                "effective_from": version.effective_from.isoformat(), "complete": version.complete,
                "stated_count": version.stated_count, "source": version.source,
            }
            profession = employment.talent_list_profession if employment else None
            known = policy.talent_list.professions.get(profession) if profession else None
            finding.labels["profession_label"] = known.names if known else Names("-")


def _labels(finding: _Finding, application: Application, policy: Policy, dependant: int | None) -> None:
    applicant, employment = application.applicant, application.employment
    labels = finding.labels
    labels["edition_label"] = policy.edition.names
    labels["education_level_label"] = policy.label("education_level", applicant.education_level)
    labels["residence_label"] = policy.label("residence", applicant.residence)
    if applicant.travel_document is not None:
        labels["travel_document_label"] = policy.label("travel_document", applicant.travel_document.type)
        labels["travel_document_format_label"] = policy.label("travel_document_format", applicant.travel_document.type)
    if employment is not None:
        labels["industry_label"] = policy.industries[employment.industry].names
        finding.context.setdefault("employer_name", employment.employer_name)
    if application.technical_professional:
        trade = employment.tp_trade if employment is not None else None
        labels["trade_label"] = policy.tp_list.label(trade) if trade else Names("-")
    if dependant is not None:
        person = application.dependants[dependant]
        labels["relationship_label"] = policy.label("relationship", person.relationship)
        if person.marital_status:
            labels["marital_status_label"] = policy.label("marital_status", person.marital_status)


def _findings(
    criteria: Sequence[Criterion[Any]],
    results: CriterionResults,
    row: int,
    application: Application,
    result: BatchResult,
    province: int,
    dependant: int | None = None,
) -> list[dict[str, Any]]:
    policy = result.policy
    params = policy.at(application.as_of)
    catalogue = policy.reasons["dependant" if dependant is not None else "principal"]
    findings = []
    for criterion in criteria:
        finding = _Finding(criterion, results, row, params)
        finding.add_facts(application, dependant)
        _labels(finding, application, policy, dependant)
        _add_tables(finding, application, policy, province)
        findings.append(finding.render(catalogue))
    return findings


def tp_open_period(policy: Policy) -> tuple[str, str]:
    """The first day the TP stream accepted applications and the day it stopped ("" when open-ended)."""
    periods = policy.parameter("tp.accepting_applications").periods
    opening = next((index for index, period in enumerate(periods) if period.value), None)
    if opening is None:
        return "", ""
    closing = next((period for period in periods[opening + 1 :] if not period.value), None)
    return periods[opening].effective_from.isoformat(), closing.effective_from.isoformat() if closing else ""


def conditions_of_stay(application: Application, policy: Policy) -> list[dict[str, Any]]:
    """The conditions of stay the result states: a TP holder stays in the trade (rules.md criterion 11)."""
    employment = application.employment
    if not application.technical_professional or employment is None or employment.tp_trade is None:
        return []
    return [{"code": "tp_trade", "trade": employment.tp_trade, "text": tp_trade_condition(policy, employment.tp_trade, employment.employer_name)}]


def tp_trade_condition(policy: Policy, trade: str, employer_name: str = "") -> dict[str, str]:
    """The condition of stay that keeps a TP holder in the trade, in three languages (the result and the e-Visa)."""
    texts = policy.reasons["principal"]["conditions_of_stay"]["tp_trade"]
    label = policy.tp_list.label(trade)
    context = {"tp_trade": trade, "employer_name": employer_name}
    return {language: texts[language].format_map({**context, "trade_label": label.get(language)}) for language in LANGUAGES}


def explain(result: BatchResult, row: int, application: Application, dependant_rows: Iterable[int]) -> dict[str, Any]:
    """The full result of one application (the JSON of rules.md "The assessment interface")."""
    dependants = []
    for position, dependant_row in enumerate(dependant_rows):
        province = int(result.dependant.values["identity"]["province_code"][dependant_row])
        dependants.append(
            {
                "index": position,
                "outcome": OUTCOMES[int(result.dependant_outcome[dependant_row])],
                "findings": _findings(DEPENDANT_CRITERIA, result.dependant, dependant_row, application, result, province, position),
            }
        )
    stay = result.stay
    persons = int(result.persons[row])
    application_fee, issuance_fee = int(stay.application_fee_hkd[row]), int(stay.issuance_fee_hkd[row])
    # Every person pays the application fee; an ineligible dependant is never issued a visa (rules.md "Fees").
    issued = 1 + sum(1 for dependant in dependants if dependant["outcome"] != "ineligible")
    stay_result: dict[str, Any] = {
        "initial_months": int(stay.initial_months[row]),
        "extension_months": result.extension_months(row),
        "top_tier": bool(stay.top_tier[row]),
    }
    if application.technical_professional:
        stay_result["conditions"] = conditions_of_stay(application, result.policy)
    return {
        "id": application.id,
        "edition": result.edition,
        "stream": application.stream,
        "as_of": application.as_of.isoformat(),
        "submitted_on": application.submitted_on.isoformat(),
        "outcome": OUTCOMES[int(result.outcome[row])],
        "findings": _findings(PRINCIPAL_CRITERIA, result.principal, row, application, result, int(result.province_code[row])),
        "stay": stay_result,
        "fees_hkd": {
            "application": application_fee,
            "issuance": issuance_fee,
            "persons": persons,
            "total_if_approved": persons * application_fee + issued * issuance_fee,
        },
        "talent_list": bool(result.talent_list[row]),
        "dependants": dependants,
    }


# A source names the public reference; a project file ("rules.md identity") is never one.
INTERNAL_FILE = re.compile(r"\b[\w-]+\.(?:md|py|ya?ml)\b")


def catalogue_problems(reasons: Mapping[str, Any]) -> list[str]:
    """What is missing from a reason catalogue for the criteria the engine has (empty when whole)."""
    problems = []
    for group, criteria in (("principal", PRINCIPAL_CRITERIA), ("dependant", DEPENDANT_CRITERIA)):
        catalogue = reasons.get(group, {})
        for criterion in criteria:
            entry = catalogue.get(criterion.id)
            if not entry or not entry.get("source"):
                problems.append(f"{group}.{criterion.id}: no entry or no source")
                continue
            for language in LANGUAGES:
                source = entry["source"].get(language) or ""
                if not source:
                    problems.append(f"{group}.{criterion.id}: no {language} source")
                elif INTERNAL_FILE.search(source):
                    problems.append(f"{group}.{criterion.id}: the {language} source names an internal file")
            for code in criterion.reasons.codes:
                texts = entry["reasons"].get(code.name)
                where = f"{group}.{criterion.id}.{code.name}"
                if texts is None:
                    problems.append(f"{where}: missing")
                    continue
                problems += [f"{where}: no {language} text" for language in LANGUAGES if not texts.get(language)]
                if criterion.reasons.statuses[code] in (FAIL, REFER):
                    step = texts.get("next_step") or {}
                    problems += [f"{where}: no {language} next step" for language in LANGUAGES if not step.get(language)]
            extra = set(entry["reasons"]) - {code.name for code in criterion.reasons.codes}
            problems += [f"{group}.{criterion.id}.{name}: not a reason the rule gives" for name in sorted(extra)]
    return problems
