"""Who reads the audit trail in the admin: system administrators only (audit.rules.can_read_audit), even for
staff holding Django's "view audit event" permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/audit/auditevent/"


def test_a_superuser_reads_the_trail_and_staff_with_the_view_permission_gets_403(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    staff = UserFactory(username="staff", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    event = record(actor=root, action=AuditAction.CHANGED, target=staff, summary="Sự kiện bí mật", data={})

    client.force_login(root)
    shown = client.get(LIST)
    assert shown.status_code == 200
    assert "Sự kiện bí mật" in shown.content.decode()
    assert client.get(f"{LIST}{event.pk}/change/").status_code == 200

    client.force_login(staff)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{event.pk}/change/").status_code == 403
    assert "Sự kiện bí mật" not in client.get("/admin/").content.decode()
