from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Role


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
