"""The analysts' policy simulation pages: the form and list of runs, one run, its progress,
charts and data. Only analysts and administrators see them; anyone else gets a 404."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from asmtp.analytics.simulations import services as service
from asmtp.analytics.simulations.errors import SimulationError, message_for
from asmtp.analytics.simulations.forms import REFORM_FILE, SimulationForm
from asmtp.analytics.simulations.models import POPULATION_SIZES, RunStatus
from asmtp.analytics.simulations.tables import breakdowns, flip_rows, outcome_rows
from asmtp.analytics.simulations.tasks import start_simulation
from asmtp.analytics.views import analyst_only

EDITION_NAMES = {
    "direct": _("Direct (no local sponsor needed)"),
    "immd": _("ImmD (employer-sponsored)"),
}
FIELDS = ("baseline", "reform", "reform_yaml", "as_of", "population_size", "seed")


def _language() -> str:
    return translation.get_language() or "en"


def edition_name(edition: str) -> str:
    return str(EDITION_NAMES.get(edition, edition))


def _initial_values() -> dict[str, str]:
    return {
        "baseline": settings.ASMTP_EDITION,
        "reform": REFORM_FILE,
        "reform_yaml": service.example_reform(),
        "as_of": "",
        "population_size": "10000",
        "seed": "1",
    }


def _form_errors(form: SimulationForm) -> dict[str, str]:
    return {field: str(messages[0]) for field, messages in form.errors.items()}


@require_http_methods(["GET", "POST"])
@analyst_only
def index(request: HttpRequest) -> HttpResponse:
    editions = service.editions()
    errors: dict[str, str] = {}
    values = _initial_values()
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in FIELDS}
        form = SimulationForm(request.POST, editions=editions)
        if form.is_valid():
            try:
                run = start_simulation(request.user, form.simulation_request())
            except SimulationError as error:
                errors[_field_of(error)] = error.message
            else:
                return redirect("simulations:run", run_id=run.pk)
        else:
            errors = _form_errors(form)
    context = {
        "values": values,
        "errors": errors,
        "editions": [(edition, edition_name(edition)) for edition in editions],
        "sizes": [(str(size), f"{size:,}") for size in POPULATION_SIZES],
        "reform_file": REFORM_FILE,
        "runs": [_run_summary(run) for run in service.simulation_runs(request.user)],
    }
    return render(request, "simulations/index.html", context, status=400 if errors else 200)


def _field_of(error: SimulationError) -> str:
    # The service names the request's field; the form calls the edition-or-file choice "reform".
    return "reform" if error.field == "reform_edition" else error.field or "reform"


def _reform_name(run: Any) -> str:
    if run.reform_edition:
        return edition_name(run.reform_edition)
    name = service.reform_name(run)
    return str(_("Reform file: %(name)s") % {"name": name}) if name else str(_("Reform file"))


def _run_summary(run: Any) -> dict[str, Any]:
    return {
        "id": run.pk,
        "created_at": run.created_at,
        "baseline": edition_name(run.baseline),
        "reform": _reform_name(run),
        "as_of": run.as_of,
        "size": f"{run.population_size:,}",
        "seed": run.seed,
        "status": run.status,
        "status_label": run.get_status_display(),
    }


@require_GET
@analyst_only
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        simulation = service.simulation_run(request.user, run_id)
    except SimulationError as error:
        raise Http404 from error
    context: dict[str, Any] = {
        "run": simulation,
        "summary": _run_summary(simulation),
        "finished": simulation.finished,
    }
    if simulation.status == RunStatus.DONE and simulation.result:
        result = simulation.result
        context.update(
            result=result,
            outcomes=outcome_rows(result),
            flips=flip_rows(result),
            tables=breakdowns(result, _language()),
            seconds=f"{result['seconds'].get('total', 0):.1f}",
            dependants=f"{result['dependants']:,}",
        )
    elif simulation.status == RunStatus.FAILED:
        context["failure"] = message_for(simulation.error_code, {"detail": simulation.error_detail})
    return render(request, "simulations/run.html", context)


@require_GET
@analyst_only
def progress(request: HttpRequest, run_id: int) -> JsonResponse:
    try:
        status = service.run_status(request.user, run_id)
    except SimulationError as error:
        raise Http404 from error
    response = JsonResponse({**status, "label": str(RunStatus(status["status"]).label)})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@analyst_only
def chart(request: HttpRequest, run_id: int, dimension: str, fmt: str) -> HttpResponse:
    try:
        content, content_type = service.simulation_chart(request.user, run_id, dimension, fmt, _language())
    except SimulationError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=content_type)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="asmtp-simulation-{run_id}-{dimension}.{fmt}"'
    # A finished run never changes: the browser may keep the picture.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@analyst_only
def csv(request: HttpRequest, run_id: int, dimension: str) -> HttpResponse:
    try:
        content = service.simulation_csv(request.user, run_id, dimension, _language())
    except SimulationError as error:
        raise Http404 from error
    # A byte-order mark so that spreadsheet programs read the Chinese names as UTF-8.
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="asmtp-simulation-{run_id}-{dimension}.csv"'
    return response
