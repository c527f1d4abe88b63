"""What every module of the reports API shares: the tag, the scoped lookups (404 for outsiders), the day, input
validation and downloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from phoihop.accounts.types import Viewer
from phoihop.common.clock import local_date
from phoihop.reports import queries
from phoihop.reports.models import ReportSlot, ReportSubmission

TAG = "reports"
ZIP_TYPE = "application/zip"
NOT_FOUND = "Không tìm thấy (hoặc cơ quan của bạn không được xem)."
SLOT_RELATED = ("regulation", "obligation", "request", "reporter", "receiver")


def visible_slots(user: Viewer) -> QuerySet[ReportSlot]:
    return queries.visible_to(user).select_related(*SLOT_RELATED)


def visible_submissions(user: Viewer) -> QuerySet[ReportSubmission]:
    return queries.submissions_visible_to(user).select_related(*(f"slot__{r}" for r in SLOT_RELATED))


def get_or_404(qs: QuerySet[Any], pk: int) -> Any:
    """The object, or a 404 that names neither the model nor whether it exists."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise NotFound(NOT_FOUND)
    return obj


def today() -> dt.date:
    return local_date(timezone.now())


def serializer_context(request: Request) -> dict[str, Any]:
    return {"request": request, "today": today()}


def valid(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
