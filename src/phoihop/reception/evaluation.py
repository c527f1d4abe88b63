"""What citizen reception adds to the yearly evaluation (phoihop.evaluation; discovered at start-up): "reception"
— the sessions the head of a party committee held in the year, the people received, the matters raised and the
written answers sent on time, for the bodies whose level the reception data ties to the evaluated regulation
(data/reception/reception.yaml `regulation`: communes under 003, districts under 004)."""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from phoihop.evaluation.sources import Bounds, Figures, Metric, figures_by, source

from .enums import AnswerState
from .models import ReceptionSession
from .schema import reception_data

RECEPTION = "reception"
KEYS = ("reception_sessions", "reception_people", "reception_matters", "reception_answers_on_time")


@source(
    RECEPTION,
    _("Tiếp công dân của bí thư cấp ủy"),
    order=75,
    metrics=(
        Metric("reception_sessions", _("Buổi tiếp dân"), RECEPTION, _("Buổi tiếp dân tổ chức trong năm.")),
        Metric(
            "reception_people", _("Lượt người được tiếp"), RECEPTION, _("Tổng số người đến các buổi tiếp.")
        ),
        Metric(
            "reception_matters", _("Vụ việc phản ánh, kiến nghị"), RECEPTION, _("Nội dung nêu tại buổi tiếp.")
        ),
        Metric(
            "reception_answers_on_time",
            _("Trả lời bằng văn bản đúng hạn"),
            RECEPTION,
            _("Văn bản trả lời gửi không muộn hơn hạn của quy định thời hạn."),
        ),
    ),
)
def reception(b: Bounds) -> Figures:
    levels = reception_data().levels_of_regulation(b.code)
    if not levels:
        return {}
    qs = ReceptionSession.objects.filter(
        organization__level__in=levels, held_on__gte=b.first_day, held_on__lte=b.last_day
    )
    if b.only is not None:
        qs = qs.filter(organization_id=b.only)
    agg = (
        qs.values("organization_id")
        .annotate(
            reception_sessions=Count("pk"),
            reception_people=Sum("people_count"),
            reception_matters=Sum("matters_count"),
            reception_answers_on_time=Count(
                "pk", filter=Q(answer_state=AnswerState.SENT, answer_sent_on__lte=F("answer_due_on"))
            ),
        )
        .order_by()
    )
    return figures_by(agg, "organization_id", KEYS)
