"""Two-factor helpers for tests: a confirmed authenticator app for a user, and the code it shows now."""

from __future__ import annotations

import time
from typing import Any

from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_app(user: Any) -> TOTPDevice:
    """The user's confirmed TOTP device (created if they have none), as after enrolment."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """A code the device accepts now: the current one, or the next one (accepted with the tolerance of one
    step) when the current one was already used; waits for the next step when both are used."""
    device.refresh_from_db()
    while True:
        now_t = (int(time.time()) - device.t0) // device.step + device.drift
        t = max(now_t, device.last_t + 1)
        if t <= now_t + device.tolerance:
            return str(hotp(device.bin_key, t, digits=device.digits)).zfill(device.digits)
        time.sleep(1)
