"""What cases add to the yearly evaluation (phoihop.evaluation; discovered at start-up): "cases" (the
locality) — the cases of the locality opened in the year under the regulation that applies to it (003 for a
commune, 004 for a district: data/cases/cases.yaml), by the stage they are in as of the evaluation, and how
many of them are stale. The stages are the data's, read when the app starts."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from phoihop.evaluation.sources import Bounds, Figures, Metric, figures_by, source

from .models import Case
from .schema import cases_data

CASES = "cases"
_STAGES = tuple(cases_data().stages.values())


def _key(code: str) -> str:
    return f"cases_stage_{code}"


@source(
    CASES,
    _("Vụ án, vụ việc (địa phương)"),
    order=60,
    metrics=(
        Metric("cases_opened", _("Vụ án, vụ việc mở theo dõi"), CASES, _("Mở theo dõi trong năm.")),
        *(Metric(_key(s.code), s.label, CASES, _("Đang ở giai đoạn này.")) for s in _STAGES),
        Metric("cases_stale", _("Chậm tiến độ"), CASES, _("Đang bị đánh dấu chậm tiến độ.")),
    ),
)
def cases(b: Bounds) -> Figures:
    qs = Case.objects.filter(regulation_code=b.code, opened_on__gte=b.first_day, opened_on__lte=b.last_day)
    if b.only is not None:
        qs = qs.filter(locality_id=b.only)
    counts = {_key(s.code): Count("pk", filter=Q(stage=s.code)) for s in _STAGES}
    agg = (
        qs.values("locality_id")
        .annotate(cases_opened=Count("pk"), cases_stale=Count("pk", filter=Q(stale=True)), **counts)
        .order_by()
    )
    return figures_by(agg, "locality_id", ("cases_opened", *counts, "cases_stale"))
