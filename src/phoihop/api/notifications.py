"""API of notifications (issue 11): the user's own list (keyset pages, newest first), marking one or all read,
the unread count (the bell) and the e-mail preference. A user only ever reads and marks their own
(notifications.queries.notification_for): anyone else's is a 404, as on the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from phoihop.accounts.models import EmailNotifications
from phoihop.accounts.types import signed_in
from phoihop.api.error_responses import errors
from phoihop.api.pagination import MAX_LIMIT, read_keyset
from phoihop.notifications import queries, rules
from phoihop.notifications.domain import mark_all_read, mark_read, set_email_notifications
from phoihop.notifications.models import Notification

TAG = "notifications"
DEFAULT_LIMIT = 50


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    url = serializers.SerializerMethodField(
        help_text="Đường dẫn trong hệ thống tới đối tượng (rỗng: không có)"
    )
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "read"]

    def get_url(self, obj: Notification) -> str:
        return rules.safe_link(obj)

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = NotificationSerializer(many=True)


class UnreadCountSerializer(serializers.Serializer[Any]):
    unread = serializers.IntegerField(help_text="Số thông báo chưa đọc")


class MarkedSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField(help_text="Số thông báo vừa được đánh dấu đã đọc")
    unread = serializers.IntegerField(help_text="Số thông báo còn chưa đọc")


class SettingsSerializer(serializers.Serializer[Any]):
    email_notifications = serializers.ChoiceField(
        choices=EmailNotifications.choices,
        help_text="immediate: gửi ngay; digest: tổng hợp hằng ngày (ngày làm việc); off: không gửi",
        error_messages={
            "invalid_choice": "Hãy chọn một cách nhận thư thông báo trong danh sách.",
            "required": "Hãy chọn một cách nhận thư thông báo.",
        },
    )
    email = serializers.EmailField(read_only=True, help_text="Địa chỉ nhận thư (rỗng: không gửi được thư)")


def _link(request: Request, cursor: str | None) -> str | None:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None


class NotificationListView(APIView):
    @extend_schema(
        operation_id="notifications_list",
        summary="Thông báo của người dùng, mới nhất trước (phân trang theo khóa)",
        parameters=[
            OpenApiParameter(
                "cursor", str, description="Vị trí trang, lấy từ next hoặc previous của trang trước"
            ),
            OpenApiParameter(
                "limit", int, description=f"Số dòng mỗi trang (1–{MAX_LIMIT}, mặc định {DEFAULT_LIMIT})"
            ),
        ],
        responses={200: NotificationPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        page = read_keyset(
            request,
            lambda cursor, limit: queries.notification_page(request.user, cursor, limit),
            DEFAULT_LIMIT,
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "results": NotificationSerializer(page.rows, many=True).data,
            }
        )


class NotificationReadView(APIView):
    @extend_schema(
        operation_id="notifications_read",
        summary="Đánh dấu một thông báo đã đọc",
        request=None,
        responses={200: NotificationSerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        notification = queries.notification_for(request.user, pk)
        if notification is None:
            raise Http404
        mark_read(signed_in(request.user), notification)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(
        operation_id="notifications_read_all",
        summary="Đánh dấu tất cả thông báo đã đọc",
        request=None,
        responses={200: MarkedSerializer, **errors()},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        marked = mark_all_read(signed_in(request.user))
        return Response({"marked": marked, "unread": queries.unread_count(request.user)})


class UnreadCountView(APIView):
    @extend_schema(
        operation_id="notifications_unread_count",
        summary="Số thông báo chưa đọc",
        responses={200: UnreadCountSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        return Response({"unread": queries.unread_count(request.user)})


class NotificationSettingsView(APIView):
    def _body(self, request: Request) -> Response:
        user = signed_in(request.user)
        return Response(
            SettingsSerializer({"email_notifications": user.email_notifications, "email": user.email}).data
        )

    @extend_schema(
        operation_id="notifications_settings_retrieve",
        summary="Cách nhận thông báo qua thư điện tử",
        responses={200: SettingsSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        return self._body(request)

    @extend_schema(
        operation_id="notifications_settings_update",
        summary="Đổi cách nhận thông báo qua thư điện tử",
        request=SettingsSerializer,
        responses={200: SettingsSerializer, **errors()},
        tags=[TAG],
    )
    def patch(self, request: Request) -> Response:
        data = SettingsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        value = data.validated_data.get("email_notifications")
        if value is not None:
            set_email_notifications(signed_in(request.user), value)
        return self._body(request)


urlpatterns = [
    path("", NotificationListView.as_view(), name="api-notification-list"),
    path("unread-count/", UnreadCountView.as_view(), name="api-notification-unread-count"),
    path("read-all/", NotificationReadAllView.as_view(), name="api-notification-read-all"),
    path("settings/", NotificationSettingsView.as_view(), name="api-notification-settings"),
    path("<int:pk>/read/", NotificationReadView.as_view(), name="api-notification-read"),
]
