"""Paging of every API list: limit/offset with bounds, so that no query string can ask for a whole table."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

MAX_LIMIT = 200
MAX_OFFSET = 10_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset with `limit` capped at 200 and `offset` at ten million (a larger or malformed value
    — `1e20`, a negative number, twenty digits — falls back to the default or the cap, never reaches SQL)."""

    max_limit = MAX_LIMIT

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
