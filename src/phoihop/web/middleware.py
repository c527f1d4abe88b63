"""Middleware of the web layer.

NoStoreForAuthenticatedMiddleware: what a signed-in user sees (pages, API answers, downloaded files) must not
stay in a browser's or a proxy's cache, where the next person at a shared office computer could open it.
Every response to an authenticated request (session or API token) gets `Cache-Control: private, no-store`,
unless the view already said `no-store` (e.g. Django's `never_cache`). Static files never reach it: WhiteNoise
answers them earlier in MIDDLEWARE and they keep their caching headers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

NO_STORE = "private, no-store"


def _directives(value: str) -> set[str]:
    return {part.split("=", 1)[0].strip().lower() for part in value.split(",") if part.strip()}


def is_authenticated_request(request: HttpRequest) -> bool:
    """Signed in by session (or by DRF, which sets request.user too) or carrying credentials of its own."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class NoStoreForAuthenticatedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        already = _directives(response.get("Cache-Control", ""))
        if "no-store" not in already and is_authenticated_request(request):
            response["Cache-Control"] = NO_STORE
        return response
