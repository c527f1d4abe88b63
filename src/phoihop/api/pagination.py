"""Paging of every API list: limit/offset with bounds, so that no query string can ask for a whole table, or a
keyset page (`read_keyset`) for the lists that grow with a body's history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from phoihop.common.errors import DomainError
from phoihop.common.keyset import BadCursor, Page

MAX_LIMIT = 200
MAX_OFFSET = 10_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset with `limit` capped at 200 and `offset` at ten million (a larger or malformed value
    — `1e20`, a negative number, twenty digits — falls back to the default or the cap, never reaches SQL)."""

    max_limit = MAX_LIMIT

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)


def read_keyset(
    request: Request, read: Callable[[str | None, int], Page[Any]], default_limit: int
) -> Page[Any]:
    """The page `read(cursor, limit)` returns for the request's `cursor` and `limit` (1 to MAX_LIMIT; anything
    else: `default_limit`); a cursor this API did not write is a 400 `bad_cursor` on the field `cursor`."""
    try:
        limit = min(MAX_LIMIT, max(1, int(request.query_params.get("limit", default_limit))))
    except ValueError:
        limit = default_limit
    try:
        return read(request.query_params.get("cursor") or None, limit)
    except BadCursor as exc:
        raise DomainError(
            "Tham số cursor không hợp lệ: hãy dùng đường dẫn next hoặc previous của trang đã nhận.",
            code="bad_cursor",
            field="cursor",
        ) from exc
