"""TOTP two-factor authentication (django-otp): enrolment, recovery codes, verification.

A user has at most one confirmed TOTP device (an authenticator app) and one static device holding their
one-time recovery codes. Enrolment creates an unconfirmed device (its secret is shown as a QR code and as
base32 text); entering a code from the app confirms it, replaces any older app and issues new recovery codes.
"""

from __future__ import annotations

import re
from base64 import b32encode
from io import BytesIO
from typing import TYPE_CHECKING

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction

if TYPE_CHECKING:
    from ..models import User
    from ..types import Viewer

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"
_SEPARATORS = re.compile(r"[\s-]+")


def session_verified(user: Viewer) -> bool:
    """Has this request's session passed the TOTP step? (django-otp's OTPMiddleware sets user.otp_device.)"""
    return getattr(user, "otp_device", None) is not None


def confirmed_app(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def pending_app(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (the same secret until it is confirmed, so a reload keeps it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code, drawn here (no external service, no script)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # drop the XML declaration: the SVG is embedded in the page


def normalize(token: str) -> str:
    return _SEPARATORS.sub("", token or "").lower()


def confirm_app(user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the pending device with a code from the app. Returns the new recovery codes, None if the code
    is wrong (or the device is throttled after wrong codes)."""
    if device.user_id != user.pk or device.confirmed:
        return None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalize(token)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _replace_recovery_codes(user)
        record(
            actor=user,
            action=AuditAction.CHANGED,
            target=user,
            summary=f"Bật xác thực hai lớp cho {user.username}",
            data={"two_factor": "enabled"},
        )
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working) and return the new ones."""
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record(
            actor=user,
            action=AuditAction.CHANGED,
            target=user,
            summary=f"Tạo mã dự phòng mới cho {user.username}",
            data={"two_factor": "recovery_codes_replaced"},
        )
    return codes


def recovery_codes_left(user: User) -> int:
    left: int = StaticToken.objects.filter(
        device__user=user, device__confirmed=True
    ).count()  # django-otp: untyped
    return left


def verify(user: User, token: str) -> Device | None:
    """The device that accepts the code: a six-digit code goes to the app, anything else is a recovery code
    (used once). Wrong codes slow the device down (django-otp's throttling)."""
    token = normalize(token)
    if not token:
        return None
    with transaction.atomic():
        devices: list[Device]
        if token.isascii() and token.isdecimal() and len(token) == 6:
            devices = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
        else:
            devices = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
        for device in devices:
            if device.verify_token(token):
                return device
    return None


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
