"""Pages for report slots (being written)."""

from __future__ import annotations

from typing import Any

urlpatterns: list[Any] = []
