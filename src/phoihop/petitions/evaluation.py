"""What petitions add to the yearly evaluation (phoihop.evaluation), per calendar year (a petition belongs to no
regulation: a body's figures are the same under every regulation it is a party to):

- "petitions" (the receiving body): petitions received in the year (by `received_on`) per kind, and how many of
  them it transferred;
- "petition_results" (the body a petition was transferred to): for the petitions transferred to it in the year,
  results reported on time (on or before the due date), late, and still overdue as of `today` (003 4.1.đ).
"""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from phoihop.evaluation.sources import Bounds, Figures, Metric, figures_by, source

from .enums import PetitionKind, PetitionState
from .models import Petition

PETITIONS = "petitions"
RESULTS = "petition_results"


def _kind_key(kind: str) -> str:
    return f"petitions_{kind}"


@source(
    PETITIONS,
    _("Đơn thư (cơ quan tiếp nhận)"),
    order=70,
    metrics=(
        Metric("petitions_received", _("Đơn thư tiếp nhận"), PETITIONS, _("Vào sổ trong năm.")),
        *(Metric(_kind_key(k.value), k.label, PETITIONS, _("Vào sổ trong năm.")) for k in PetitionKind),
        Metric("petitions_transferred", _("Đơn đã chuyển"), PETITIONS, _("Đơn vào sổ trong năm đã chuyển.")),
    ),
)
def petitions(b: Bounds) -> Figures:
    qs = Petition.objects.filter(received_on__gte=b.first_day, received_on__lte=b.last_day)
    if b.only is not None:
        qs = qs.filter(organization_id=b.only)
    kinds = {_kind_key(k.value): Count("pk", filter=Q(kind=k.value)) for k in PetitionKind}
    agg = (
        qs.values("organization_id")
        .annotate(
            petitions_received=Count("pk"),
            petitions_transferred=Count("pk", filter=Q(transferred_to__isnull=False)),
            **kinds,
        )
        .order_by()
    )
    return figures_by(agg, "organization_id", ("petitions_received", *kinds, "petitions_transferred"))


@source(
    RESULTS,
    _("Đơn được chuyển đến (báo cáo kết quả)"),
    order=71,
    metrics=(
        Metric("petition_results_on_time", _("Báo cáo kết quả đúng hạn"), RESULTS),
        Metric("petition_results_late", _("Báo cáo kết quả sau hạn"), RESULTS),
        Metric("petition_results_overdue", _("Quá hạn, chưa báo cáo kết quả"), RESULTS),
    ),
)
def petition_results(b: Bounds) -> Figures:
    qs = Petition.objects.filter(
        transferred_to__isnull=False, transferred_on__gte=b.first_day, transferred_on__lte=b.last_day
    )
    if b.only is not None:
        qs = qs.filter(transferred_to_id=b.only)
    reported = Q(result_on__isnull=False)
    agg = (
        qs.values("transferred_to_id")
        .annotate(
            petition_results_on_time=Count("pk", filter=reported & Q(result_on__lte=F("result_due_on"))),
            petition_results_late=Count("pk", filter=reported & Q(result_on__gt=F("result_due_on"))),
            petition_results_overdue=Count(
                "pk", filter=Q(state=PetitionState.TRANSFERRED, result_due_on__lt=b.today)
            ),
        )
        .order_by()
    )
    return figures_by(
        agg,
        "transferred_to_id",
        ("petition_results_on_time", "petition_results_late", "petition_results_overdue"),
    )
