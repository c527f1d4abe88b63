"""Login rules enforced on every request (issue 8, point 8).

- SessionLimitsMiddleware: a session ends a working day after the login and after a spell without requests
  (see accounts/sessions.py).
- TwoFactorMiddleware: a user who must use two-factor authentication (rules.requires_two_factor) and whose
  session has not passed the TOTP step reaches only the two-factor pages, logout and the language switch:
  pages redirect to enrolment (no confirmed app yet) or to the code page; the API answers 403
  {"error": "otp_required"} to session requests. Token requests are left to the API's TokenAuthentication:
  tokens are not obtained with a password (a system administrator, who passed the TOTP step, issues them in
  the admin site for integrations), so the TOTP step guards the password, not the token.

Both run after AuthenticationMiddleware, django-otp's OTPMiddleware and MessageMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from . import rules, sessions
from .domain import two_factor
from .types import signed_in

# Pages an authenticated user may open before passing the TOTP step.
TWO_FACTOR_OPEN_URL_NAMES = frozenset(
    {"two-factor-setup", "two-factor-verify", "login", "logout", "set_language"}
)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            if sessions.is_expired(request.session):
                logout(request)
                messages.info(request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."))
            else:
                sessions.touch(request.session)
        return self.get_response(request)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and rules.requires_two_factor(user)
            and not two_factor.session_verified(user)
            and not self._open(request)
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        path = request.path_info
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return True
        if _is_api(path) and request.META.get("HTTP_AUTHORIZATION", "").startswith("Token "):
            return True  # TokenAuthentication decides (an invalid token is refused, never falls back)
        try:
            return resolve(path).url_name in TWO_FACTOR_OPEN_URL_NAMES
        except Resolver404:
            return False

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        if _is_api(request.path_info):
            return JsonResponse(
                {
                    "error": "otp_required",
                    "detail": _(
                        "Tài khoản này phải xác thực hai lớp: nhập mã từ ứng dụng xác thực tại trang "
                        "%(url)s trước khi dùng API."
                    )
                    % {"url": reverse("two-factor-verify")},
                },
                status=403,
            )
        name = (
            "two-factor-verify" if two_factor.confirmed_app(signed_in(request.user)) else "two-factor-setup"
        )
        url = f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


def _is_api(path: str) -> bool:
    return path.startswith("/api/")
