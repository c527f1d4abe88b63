"""Two-factor authentication pages: enrol an authenticator app, enter a code after the password, recovery codes.

Who must use them, and what the other pages do until the code is entered: accounts/middleware.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from phoihop.accounts import rules
from phoihop.accounts.domain import two_factor
from phoihop.accounts.forms import OTPCodeForm
from phoihop.accounts.types import signed_in


def _next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _verified(request: HttpRequest) -> bool:
    return two_factor.session_verified(request.user)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (first time, or a new phone once the session has passed the code step)."""
    user = signed_in(request.user)
    if not rules.requires_two_factor(user):
        messages.info(request, _("Tài khoản của bạn không phải xác thực hai lớp."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    if two_factor.confirmed_app(user) and not _verified(request):
        return redirect(_with_next("two-factor-verify", request))
    device = two_factor.pending_app(user)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_app(user, device, form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            return render(
                request,
                "web/two_factor/recovery_codes.html",
                {"codes": codes, "next": _next(request), "just_enrolled": True},
            )
        form.add_error("code", _("Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng."))
    return render(
        request,
        "web/two_factor/setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_base32(device),
            "replacing": _verified(request),
            "next": _next(request),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The step after the password: a code from the app, or one of the recovery codes."""
    user = signed_in(request.user)
    if _verified(request) or not rules.requires_two_factor(user):
        return redirect(_next(request))
    if two_factor.confirmed_app(user) is None:
        return redirect(_with_next("two-factor-setup", request))
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "Bạn vừa dùng một mã dự phòng; còn %(n)d mã. Nếu mất ứng dụng xác thực, hãy thiết lập lại."
                    )
                    % {"n": two_factor.recovery_codes_left(user)},
                )
            return redirect(_next(request))
        form.add_error(
            "code", _("Mã không đúng, đã dùng hoặc đã hết hạn. Nếu nhập sai nhiều lần, hãy chờ ít phút.")
        )
    return render(request, "web/two_factor/verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; a new set (shown once) on request."""
    user = signed_in(request.user)
    if not rules.requires_two_factor(user):
        messages.info(request, _("Tài khoản của bạn không phải xác thực hai lớp."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == "POST":
        codes = two_factor.new_recovery_codes(user)
        return render(
            request,
            "web/two_factor/recovery_codes.html",
            {"codes": codes, "next": reverse(settings.LOGIN_REDIRECT_URL), "just_enrolled": False},
        )
    return render(request, "web/two_factor/status.html", {"left": two_factor.recovery_codes_left(user)})


urlpatterns = [
    path("", verify, name="two-factor-verify"),
    path("thiet-lap/", setup, name="two-factor-setup"),
    path("ma-du-phong/", recovery_codes, name="two-factor-recovery"),
]
