"""Pages of officials (issue 12): filled in by the domain's pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
