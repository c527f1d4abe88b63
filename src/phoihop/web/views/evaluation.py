"""Yearly evaluation of each regulation: the list of regulations the user may evaluate (with a year), the
evaluation of one regulation for one year, and its .xlsx export.

Who sees what (phoihop.evaluation.rules): the lead body, the body the evaluation is reported to and
system administrators see every body's row; a partner sees its own row only; anyone else gets 404. A year that
is not a 4-digit year from 2000 to 2100 gets a Vietnamese message (400), never a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError
from phoihop.common.files import XLSX_TYPE
from phoihop.evaluation.domain.evaluation import MAX_YEAR, MIN_YEAR, EvaluationNotFound, parse_year
from phoihop.evaluation.domain.xlsx import duty_line, evaluation_xlsx, filename
from phoihop.evaluation.enums import Scope
from phoihop.evaluation.queries import evaluable_regulations, evaluation_for

YEAR_PARAM = "nam"


def _this_year() -> int:
    return local_date(timezone.now()).year


def _index(request: HttpRequest, year: int, error: str = "", status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "items": evaluable_regulations(request.user),
        "year": year,
        "error": error,
        "min_year": MIN_YEAR,
        "max_year": MAX_YEAR,
        "year_param": YEAR_PARAM,
    }
    return render(request, "web/evaluation/index.html", context, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get(YEAR_PARAM, "")
    if not raw:
        return _index(request, _this_year())
    try:
        year = parse_year(raw)
    except DomainError as exc:
        return _index(request, _this_year(), exc.message, exc.status)
    return _index(request, year)


def _evaluation(request: HttpRequest, code: str, year: str) -> Any:
    """The evaluation, or an HttpResponse for a bad year (400); 404 for an unknown code or an outsider."""
    try:
        wanted = parse_year(year)
    except DomainError as exc:
        return _index(request, _this_year(), exc.message, exc.status)
    try:
        return evaluation_for(request.user, code, wanted)
    except EvaluationNotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def detail(request: HttpRequest, code: str, year: str) -> HttpResponse:
    ev = _evaluation(request, code, year)
    if isinstance(ev, HttpResponse):
        return ev
    context = {
        "ev": ev,
        "duty_line": duty_line(ev),
        "own_only": ev.scope == Scope.OWN,
        "previous_year": ev.year - 1 if ev.year > MIN_YEAR else None,
        "next_year": ev.year + 1 if ev.year < MAX_YEAR else None,
        "versions": sorted(v.version for v in ev.versions),
    }
    return render(request, "web/evaluation/detail.html", context)


@login_required
def xlsx(request: HttpRequest, code: str, year: str) -> HttpResponse:
    ev = _evaluation(request, code, year)
    if isinstance(ev, HttpResponse):
        return ev
    response = HttpResponse(evaluation_xlsx(ev), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(ev)}"'
    return response


urlpatterns = [
    path("", index, name="evaluation-index"),
    path("<str:code>/<str:year>/", detail, name="evaluation-detail"),
    path("<str:code>/<str:year>/xlsx/", xlsx, name="evaluation-xlsx"),
]
