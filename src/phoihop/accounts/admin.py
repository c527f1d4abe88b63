from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm, TypedChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phoihop.audit.admin_changes import (
    AuditedDeletesMixin,
    DomainActionsMixin,
    DomainChecksForm,
    record_admin_save,
    save_form_fields,
    snapshot,
)
from phoihop.audit.domain import lock_chain

from . import queries, rules
from .domain.users import change_role, check_move, check_role, move_user
from .enums import Role
from .models import User
from .types import signed_in

# What a user may do: every change of these made in the admin writes an audit event (issue 8).
AUDITED_FIELDS = {
    "role": "vai trò",
    "organization": "tổ chức",
    "is_active": "đang hoạt động",
    "is_staff": "vào trang quản trị",
    "is_superuser": "siêu quản trị",
    "groups": "nhóm quyền",
    "user_permissions": "quyền riêng",
}
# Changed through their domain function (accounts.domain.users), which writes its own event; the admin's
# event of a change names the other fields.
DOMAIN_FIELDS = {"role", "organization"}
OTHER_AUDITED_FIELDS = {f: label for f, label in AUDITED_FIELDS.items() if f not in DOMAIN_FIELDS}


class UserAdminChangeForm(DomainChecksForm[User], UserChangeForm[User]):
    domain_checks = {
        "role": lambda actor, user, role, cleaned: check_role(actor, user, role),
        "organization": lambda actor, user, org, cleaned: check_move(actor, user, org),
    }


@admin.register(User)
class UserAdmin(DomainActionsMixin, AuditedDeletesMixin, BaseUserAdmin[User]):
    audited_fields = AUDITED_FIELDS
    form = UserAdminChangeForm
    list_display = ["username", "full_name", "organization", "role", "is_active"]
    list_filter = ["role", "is_active", "organization__level"]
    search_fields = ["username", "full_name", "email", "organization__name"]
    autocomplete_fields = ["organization"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "email", "organization", "role")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "organization", "role", "password1", "password2"),
            },
        ),
    )

    # Object-level scoping on top of the model permissions: an organisation admin changes only the users
    # of its own organisation (another organisation's user is not in get_queryset either: the admin
    # redirects, and the password form is a 404) and never a superuser.
    def has_view_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_view_permission(request, obj) and (obj is None or self._manages(request, obj))

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or self._manages(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or self._manages(request, obj))

    @staticmethod
    def _manages(request: HttpRequest, obj: User) -> bool:
        if obj.is_superuser and not request.user.is_superuser:
            return False
        return rules.can_manage_user(request.user, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # An organisation admin manages only the users of their own organisation.
        return queries.visible_to(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        return [
            "organization",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        ]

    def formfield_for_choice_field(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> TypedChoiceField | None:
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.SYSTEM_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool) -> None:
        # The admin's event is written in save_related, once the groups and permissions are saved too: for a
        # new user, every audited value; for a change, the fields other than the role and the organisation,
        # whose domain functions write their own events (in this same transaction).
        if not change:
            if not request.user.is_superuser:
                obj.organization_id = getattr(request.user, "organization_id", None)
            super().save_model(request, obj, form, change)
            return
        lock_chain()  # before the first write of a transaction that records (AGENTS.md)
        obj._audit_before = snapshot(User, obj.pk, list(OTHER_AUDITED_FIELDS))  # type: ignore[attr-defined]
        role, organization = obj.role, obj.organization
        save_form_fields(obj, form, exclude=DOMAIN_FIELDS)
        if "role" in form.changed_data:
            change_role(signed_in(request.user), obj, role, via="admin")
        if "organization" in form.changed_data:
            move_user(signed_in(request.user), obj, organization, via="admin")

    def save_related(self, request: HttpRequest, form: ModelForm[User], formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(form.instance, "_audit_before", None)
        record_admin_save(request, form.instance, OTHER_AUDITED_FIELDS if change else AUDITED_FIELDS, before)
