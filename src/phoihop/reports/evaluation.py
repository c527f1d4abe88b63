"""What report slots add to the yearly evaluation (phoihop.evaluation; discovered at start-up): "reports" (the
reporting body) — the slots whose last on-time day (due_on) falls in the year, under any version of the
regulation's code: sent on time, sent late, not sent and past due (missing) or not yet due (pending) as of
`today`.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from phoihop.evaluation.sources import Bounds, Figures, Metric, figures_by, source

from .models import ReportSlot

REPORTS = "reports"


@source(
    REPORTS,
    _("Báo cáo (cơ quan báo cáo)"),
    order=30,
    metrics=(
        Metric("reports_due", _("Báo cáo phải gửi"), REPORTS, _("Kỳ báo cáo có hạn gửi trong năm.")),
        Metric("reports_on_time", _("Báo cáo đúng hạn"), REPORTS),
        Metric("reports_late", _("Báo cáo trễ hạn"), REPORTS),
        Metric("reports_missing", _("Chưa gửi, đã quá hạn"), REPORTS),
        Metric("reports_pending", _("Chưa đến hạn"), REPORTS),
    ),
)
def report_slots(b: Bounds) -> Figures:
    qs = ReportSlot.objects.filter(regulation__code=b.code, due_on__gte=b.first_day, due_on__lte=b.last_day)
    if b.only is not None:
        qs = qs.filter(reporter_id=b.only)
    sent = Q(first_sent_at__isnull=False)
    unsent = Q(first_sent_at__isnull=True)
    agg = (
        qs.values("reporter_id")
        .annotate(
            reports_due=Count("pk"),
            reports_on_time=Count("pk", filter=sent & Q(late=False)),
            reports_late=Count("pk", filter=sent & Q(late=True)),
            reports_missing=Count("pk", filter=unsent & Q(due_on__lt=b.today)),
            reports_pending=Count("pk", filter=unsent & Q(due_on__gte=b.today)),
        )
        .order_by()
    )
    keys = ("reports_due", "reports_on_time", "reports_late", "reports_missing", "reports_pending")
    return figures_by(agg, "reporter_id", keys)
