"""API for periodic, ad hoc and thematic reports (being written)."""

from __future__ import annotations

from typing import Any

urlpatterns: list[Any] = []
