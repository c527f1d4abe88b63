"""What coordination requests add to the yearly evaluation (phoihop.evaluation; discovered at start-up):

- "requests" (the requesting body): requests signed and sent in the year, by the local (Asia/Ho_Chi_Minh) date
  they were sent — drafts never sent do not count, withdrawn ones do (and are counted apart) — and the
  escalations of those requests;
- "deliveries" (the requested body): the copies of those requests — answers on time or late (on time is on or
  before the current deadline day, i.e. the new date after an extension notice, judged by the local date of
  the answer), extensions, deemed consents, and the copies still open (in time or overdue as of `today`) of the
  kinds that expect an answer.
Every version of the regulation's code counts.
"""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.evaluation.sources import Bounds, Figures, Metric, figures_by, source

from .enums import ANSWERED_KINDS, OPEN_DELIVERY_STATES, DeliveryState, RequestState
from .models import CoordinationRequest, Delivery

REQUESTS = "requests"
DELIVERIES = "deliveries"


@source(
    REQUESTS,
    _("Đề nghị phối hợp (cơ quan đề nghị)"),
    order=10,
    metrics=(
        Metric(
            "requests_sent",
            _("Đề nghị đã gửi"),
            REQUESTS,
            _("Văn bản đề nghị đã ký, gửi trong năm (kể cả văn bản sau đó bị thu hồi)."),
        ),
        Metric("requests_withdrawn", _("Đề nghị đã thu hồi"), REQUESTS),
        Metric(
            "escalations",
            _("Báo cáo cấp có thẩm quyền"),
            REQUESTS,
            _("Đề nghị còn ý kiến khác nhau đã được báo cáo cấp có thẩm quyền quyết định."),
        ),
    ),
)
def requests(b: Bounds) -> Figures:
    qs = CoordinationRequest.objects.filter(regulation__code=b.code, sent_at__gte=b.start, sent_at__lt=b.end)
    if b.only is not None:
        qs = qs.filter(sender_id=b.only)
    agg = (
        qs.values("sender_id")
        .annotate(
            requests_sent=Count("pk"),
            requests_withdrawn=Count("pk", filter=Q(state=RequestState.WITHDRAWN)),
            escalations=Count("escalation"),
        )
        .order_by()
    )
    return figures_by(agg, "sender_id", ("requests_sent", "requests_withdrawn", "escalations"))


@source(
    DELIVERIES,
    _("Đề nghị nhận được (cơ quan được đề nghị)"),
    order=20,
    metrics=(
        Metric("requests_received", _("Đề nghị nhận được"), DELIVERIES),
        Metric(
            "answered_on_time",
            _("Trả lời đúng hạn"),
            DELIVERIES,
            _("Trả lời trước 24:00 ngày hết hạn (hạn mới nếu đã báo gia hạn)."),
        ),
        Metric("answered_late", _("Trả lời sau hạn"), DELIVERIES),
        Metric(
            "extensions",
            _("Báo gia hạn"),
            DELIVERIES,
            _("Số lần cơ quan được đề nghị thông báo cần thêm thời gian."),
        ),
        Metric(
            "deemed_consents",
            _("Coi như đồng ý"),
            DELIVERIES,
            _("Quá hạn không trả lời: coi như đồng ý, cùng chịu trách nhiệm."),
        ),
        Metric("open_in_time", _("Chờ trả lời, còn hạn"), DELIVERIES),
        Metric("open_overdue", _("Quá hạn, chưa trả lời"), DELIVERIES),
    ),
)
def deliveries(b: Bounds) -> Figures:
    qs = Delivery.objects.filter(
        request__regulation__code=b.code, request__sent_at__gte=b.start, request__sent_at__lt=b.end
    )
    if b.only is not None:
        qs = qs.filter(recipient_id=b.only)
    answered_day = TruncDate("answered_at", tzinfo=timezone.get_default_timezone())
    answered = Q(state=DeliveryState.ANSWERED)
    expects_answer = Q(request__kind__in=list(ANSWERED_KINDS))
    open_ = Q(state__in=list(OPEN_DELIVERY_STATES)) & expects_answer
    agg = (
        qs.values("recipient_id")
        .annotate(
            requests_received=Count("pk"),
            answered_on_time=Count(
                "pk",
                filter=answered
                & (Q(deadline__isnull=True) | Q(LessThanOrEqual(answered_day, F("deadline")))),
            ),
            answered_late=Count(
                "pk",
                filter=answered & Q(deadline__isnull=False) & Q(GreaterThan(answered_day, F("deadline"))),
            ),
            extensions=Count("pk", filter=Q(extension_notified_at__isnull=False)),
            deemed_consents=Count("pk", filter=Q(state=DeliveryState.DEEMED_CONSENT)),
            open_in_time=Count("pk", filter=open_ & (Q(deadline__isnull=True) | Q(deadline__gte=b.today))),
            open_overdue=Count("pk", filter=open_ & Q(deadline__lt=b.today)),
        )
        .order_by()
    )
    keys = (
        "requests_received",
        "answered_on_time",
        "answered_late",
        "extensions",
        "deemed_consents",
        "open_in_time",
        "open_overdue",
    )
    return figures_by(agg, "recipient_id", keys)
