from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ..enums import Role
from ..rules import requires_two_factor


class EmailNotifications(models.TextChoices):
    """How a user wants their notifications by e-mail (issue 11): each at once, one digest a working day, none."""

    IMMEDIATE = "immediate", _("Gửi ngay")
    DIGEST = "digest", _("Tổng hợp hằng ngày (ngày làm việc)")
    OFF = "off", _("Không gửi")


class User(AbstractUser):
    """A person working in one organisation with one role."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.SPECIALIST)
    email_notifications = models.CharField(
        _("thông báo qua thư điện tử"),
        max_length=10,
        choices=EmailNotifications.choices,
        default=EmailNotifications.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ORG_ADMIN

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_clerk(self) -> bool:
        return self.role == Role.CLERK

    @property
    def is_system_admin(self) -> bool:
        return self.is_superuser or self.role == Role.SYSTEM_ADMIN

    @property
    def needs_two_factor(self) -> bool:
        """Must pass the TOTP step after the password (accounts.rules.requires_two_factor)."""
        return requires_two_factor(self)

    # Django ends a session at its next request when the user's session hash no longer matches the one stored
    # at login (that is how a password change logs out the other sessions). The hash also covers what the
    # session was granted for — the role, the organisation and being active — so disabling a user or changing
    # their role or organisation ends every session of theirs, whatever path made the change (admin, domain
    # function, shell, even QuerySet.update()).
    def get_session_auth_hash(self) -> str:
        return self._access_hash(secret=None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._access_hash(secret=fallback_secret)

    def _access_hash(self, secret: str | bytes | None) -> str:
        material = "\x1f".join(
            [self.password, str(self.role), str(self.organization_id), str(int(self.is_active))]
        )
        return salted_hmac(
            "phoihop.accounts.User.get_session_auth_hash", material, secret=secret, algorithm="sha256"
        ).hexdigest()
