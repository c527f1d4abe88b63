"""Keyset-paged lists on the pages (common.keyset): the page a `cursor` asks for, or the first one with a message
when the cursor was edited or truncated (the API answers 400 instead: api.pagination.read_keyset)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from phoihop.common.keyset import BadCursor, Page


def cursor_of(request: HttpRequest) -> str | None:
    """The cursor of the page asked for (a form posting back to the list sends it as a field)."""
    return request.GET.get("cursor") or request.POST.get("cursor") or None


def page_or_first(request: HttpRequest, read: Callable[[str | None], Page[Any]]) -> Page[Any]:
    """The page the cursor asks for; an edited or truncated cursor gets the first page with a message."""
    try:
        return read(cursor_of(request))
    except BadCursor:
        messages.warning(request, _("Liên kết trang không hợp lệ: đang hiện trang đầu."))
        return read(None)
