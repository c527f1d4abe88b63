"""What information about officials adds to the yearly evaluation (phoihop.evaluation), per regulation code and
year (by the local date it was sent; every version of the code counts):

- "information_sent" (the sender): items sent;
- "information_results" (the recipient): handling results reported on time (on or before the copy's due date,
  by the local date of the report, or with no due date), reported late, and open copies overdue as of `today`.
"""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.evaluation.sources import Bounds, Figures, Metric, figures_by, source

from .enums import OPEN_COPY_STATES, CopyState, InformationState
from .models import InformationCopy, OfficialInformation

SENT = "information_sent"
RESULTS = "information_results"


@source(
    SENT,
    _("Thông tin về cán bộ (cơ quan gửi)"),
    order=60,
    metrics=(Metric("information_sent", _("Thông tin về cán bộ đã gửi"), SENT),),
)
def information_sent(b: Bounds) -> Figures:
    qs = OfficialInformation.objects.filter(
        regulation__code=b.code, state=InformationState.SENT, sent_at__gte=b.start, sent_at__lt=b.end
    )
    if b.only is not None:
        qs = qs.filter(sender_id=b.only)
    agg = qs.values("sender_id").annotate(information_sent=Count("pk")).order_by()
    return figures_by(agg, "sender_id", ("information_sent",))


@source(
    RESULTS,
    _("Thông tin về cán bộ (nơi nhận)"),
    order=61,
    metrics=(
        Metric("results_on_time", _("Báo cáo kết quả xử lý đúng hạn"), RESULTS),
        Metric("results_late", _("Báo cáo kết quả xử lý sau hạn"), RESULTS),
        Metric("results_overdue", _("Quá hạn, chưa báo cáo kết quả"), RESULTS),
    ),
)
def information_results(b: Bounds) -> Figures:
    qs = InformationCopy.objects.filter(
        information__regulation__code=b.code,
        information__sent_at__gte=b.start,
        information__sent_at__lt=b.end,
        expects_result=True,
    )
    if b.only is not None:
        qs = qs.filter(recipient_id=b.only)
    day = TruncDate("result_at", tzinfo=timezone.get_default_timezone())
    answered = Q(state=CopyState.ANSWERED)
    agg = (
        qs.annotate(result_day=day)
        .values("recipient_id")
        .annotate(
            results_on_time=Count(
                "pk", filter=answered & (Q(due_on__isnull=True) | Q(result_day__lte=F("due_on")))
            ),
            results_late=Count("pk", filter=answered & Q(due_on__isnull=False, result_day__gt=F("due_on"))),
            results_overdue=Count(
                "pk", filter=Q(state__in=list(OPEN_COPY_STATES), due_on__isnull=False, due_on__lt=b.today)
            ),
        )
        .order_by()
    )
    return figures_by(agg, "recipient_id", ("results_on_time", "results_late", "results_overdue"))
