"""API of the work queue ("Việc cần làm"): GET /api/v1/work/ — what awaits the signed-in user, the same items as
the home page (phoihop.work.queue), with each source's count. Anonymous users 401."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.api.error_responses import errors
from phoihop.work.queue import counts_for, groups_for, queue_for

TAG = "work"


class WorkItemSerializer(serializers.Serializer[Any]):
    what = serializers.CharField(help_text="Loại việc, ví dụ: Cần trả lời, Dự thảo chờ duyệt, ký gửi")
    title = serializers.CharField(help_text="Trích yếu, tên báo cáo")
    from_body = serializers.CharField(allow_blank=True, help_text="Từ cơ quan (hoặc người soạn)")
    to_body = serializers.CharField(allow_blank=True, help_text="Đến cơ quan (hoặc người được giao)")
    number = serializers.CharField(allow_blank=True, help_text="Số ký hiệu văn bản, nếu có")
    deadline = serializers.DateField(allow_null=True, help_text="Hạn")
    days = serializers.CharField(
        allow_blank=True,
        help_text="Hạn tính bằng ngày làm việc: còn 2 ngày làm việc, hạn hôm nay, quá hạn 3 ngày",
    )
    url = serializers.CharField(help_text="Trang của việc")
    source = serializers.CharField(  # type: ignore[assignment]  # a field named like Field.source
        help_text="Nguồn việc, ví dụ consultations.incoming"
    )


class WorkSourceCountSerializer(serializers.Serializer[Any]):
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    count = serializers.IntegerField(help_text="Số việc của nguồn (đếm tối đa 1000)")
    more = serializers.IntegerField(help_text="Số việc không liệt kê trong items")


class WorkQueueSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField(help_text="Tổng số việc đang chờ (số trên thanh điều hướng)")
    sources = WorkSourceCountSerializer(many=True)
    items = WorkItemSerializer(many=True)


class WorkView(APIView):
    @extend_schema(
        operation_id="work_list",
        summary="Việc cần làm: những việc đang chờ người dùng hoặc cơ quan của họ, hạn tính bằng ngày làm việc",
        responses={200: WorkQueueSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        items = queue_for(request.user)
        counts = counts_for(request.user)
        groups = groups_for(items, counts)
        data = {
            "total": sum(counts.values()),
            "sources": [
                {"source": g.name, "label": str(g.label), "count": g.count, "more": g.more} for g in groups
            ],
            "items": [
                {
                    "what": i.what,
                    "title": i.title,
                    "from_body": i.from_body,
                    "to_body": i.to_body,
                    "number": i.number,
                    "deadline": i.deadline,
                    "days": i.days,
                    "url": i.url,
                    "source": i.source,
                }
                for i in items
            ],
        }
        return Response(WorkQueueSerializer(data).data)


urlpatterns = [path("", WorkView.as_view(), name="api-work")]
