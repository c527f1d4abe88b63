"""API of officials (issue 12)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
