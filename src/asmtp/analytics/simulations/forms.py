"""Parsing the simulation form: types and choices here, the policy checks in the service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asmtp.analytics.simulations.models import POPULATION_SIZES
from asmtp.analytics.simulations.services import SEED_MAX, SimulationRequest

REFORM_FILE = "file"


class SimulationForm(forms.Form):
    baseline = forms.ChoiceField(error_messages={"required": _("Choose the baseline edition."), "invalid_choice": _("Choose an edition from the list.")})
    reform = forms.ChoiceField(error_messages={"required": _("Choose the reform."), "invalid_choice": _("Choose a reform from the list.")})
    reform_yaml = forms.CharField(required=False, strip=False, max_length=20_000, error_messages={"max_length": _("A reform file has at most 20,000 characters.")})
    as_of = forms.DateField(required=False, input_formats=["%Y-%m-%d"], error_messages={"invalid": _("Enter a date as YYYY-MM-DD, for example 2025-01-31.")})
    population_size = forms.TypedChoiceField(
        coerce=int,
        choices=[(str(size), f"{size:,}") for size in POPULATION_SIZES],
        error_messages={"required": _("Choose a population size from the list."), "invalid_choice": _("Choose a population size from the list.")},
    )
    seed = forms.IntegerField(
        min_value=0,
        max_value=SEED_MAX,
        error_messages={
            "required": _("Enter a seed: a whole number that picks the synthetic population."),
            "invalid": _("Enter a whole number from 0 to 2,147,483,647."),
            "min_value": _("Enter a whole number from 0 to 2,147,483,647."),
            "max_value": _("Enter a whole number from 0 to 2,147,483,647."),
        },
    )

    def __init__(self, *args: Any, editions: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["baseline"].choices = [(e, e) for e in editions]  # type: ignore[attr-defined]
        self.fields["reform"].choices = [(REFORM_FILE, REFORM_FILE), *((e, e) for e in editions)]  # type: ignore[attr-defined]

    def simulation_request(self) -> SimulationRequest:
        data = self.cleaned_data
        by_file = data["reform"] == REFORM_FILE
        as_of: dt.date | None = data.get("as_of")
        return SimulationRequest(
            baseline=data["baseline"],
            reform_edition="" if by_file else data["reform"],
            reform_yaml=data["reform_yaml"] if by_file else "",
            as_of=as_of,
            population_size=data["population_size"],
            seed=data["seed"],
        )
