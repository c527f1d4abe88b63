"""Skeleton (issue 13): filled by its part."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
