from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phoihop.audit.admin_changes import AuditedDeletesMixin, record_admin_save, snapshot

from . import queries, rules
from .enums import Role
from .models import User

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


@admin.register(User)
class UserAdmin(AuditedDeletesMixin, BaseUserAdmin):
    audited_fields = AUDITED_FIELDS
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
    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and (obj is None or self._manages(request, obj))

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or self._manages(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or self._manages(request, obj))

    @staticmethod
    def _manages(request: HttpRequest, obj: User) -> bool:
        if obj.is_superuser and not request.user.is_superuser:
            return False
        return rules.can_manage_user(request.user, obj)  # type: ignore[arg-type]

    def get_queryset(self, request: HttpRequest):
        # An organisation admin manages only the users of their own organisation.
        return queries.visible_to(request.user)  # type: ignore[arg-type]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
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

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.SYSTEM_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # the stored values, read in the admin's transaction before the save; the event is written in
        # save_related, once the groups and permissions are saved too
        obj._audit_before = snapshot(User, obj.pk, list(AUDITED_FIELDS)) if change else None
        if not request.user.is_superuser:
            obj.organization_id = request.user.organization_id
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_admin_save(
            request, form.instance, AUDITED_FIELDS, getattr(form.instance, "_audit_before", None)
        )
