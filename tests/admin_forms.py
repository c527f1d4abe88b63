"""What the admin tests post: an organisation admin with the permissions the demo gives, the user and
organisation change forms as the admin page would send them, and a field's errors read from the page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from lxml import html as lxml_html

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.organizations.models import Organization
from tests.factories import UserFactory

ORG_ADMIN_PERMISSIONS = {"view_user", "add_user", "change_user", "view_organization", "change_organization"}


def org_admin(org: Organization) -> User:
    user = UserFactory(organization=org, role=Role.ORG_ADMIN, is_staff=True, full_name="Quản Trị Xã")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in={"accounts", "organizations"}, codename__in=ORG_ADMIN_PERMISSIONS
        )
    )
    return user


def user_form(user: User, **changes: object) -> dict[str, object]:
    """The user's change form with its stored values and `changes` (an unticked box or an empty field is left
    out, as a browser does)."""
    form: dict[str, object] = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "organization": str(user.organization_id or ""),
        "role": user.role,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v != ""}


def org_form(org: Organization, **changes: object) -> dict[str, object]:
    """The organisation's change form with its stored values (dates as dd/mm/yyyy) and `changes`."""
    form: dict[str, object] = {
        "code": org.code,
        "name": org.name,
        "abbreviation": org.abbreviation,
        "kind": org.kind,
        "level": org.level,
        "superior": str(org.superior_id or ""),
        "admin_division_code": org.admin_division_code,
        "email": org.email,
        "established_on": f"{org.established_on:%d/%m/%Y}" if org.established_on else "",
        "dissolved_on": f"{org.dissolved_on:%d/%m/%Y}" if org.dissolved_on else "",
    }
    form.update(changes)
    return form


def field_errors(response: Any, field: str) -> list[str]:
    """The error messages the admin page shows under one field."""
    page = lxml_html.fromstring(response.content.decode())
    return [
        " ".join(e.text_content().split())
        for e in page.xpath(f"//div[contains(@class, 'field-{field}')]//ul[@class='errorlist']/li")
    ]
