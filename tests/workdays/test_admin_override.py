"""An override added in the admin changes the API's and the command's answers at once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_an_override_added_in_the_admin_changes_the_api_and_the_command_at_once(client, superuser):
    client.force_login(superuser)
    before = client.get("/api/v1/workdays/add", {"date": "2025-03-11", "days": "1"}).json()
    assert before["date"] == "2025-03-12"
    response = client.post(
        "/admin/workdays/calendaroverride/add/",
        {
            "day": "12/03/2025",
            "kind": "day_off",
            "name": "Nghỉ đột xuất",
            "legal_basis": "Thông báo số 1/TB-UBND",
            "status": "official",
            "note": "",
        },
    )
    assert response.status_code == 302
    after = client.get("/api/v1/workdays/add", {"date": "2025-03-11", "days": "1"}).json()
    assert after["date"] == "2025-03-13"
    assert after["explanation"]["skipped"] == [
        {"date": "2025-03-12", "reason": "Nghỉ đột xuất (Thông báo số 1/TB-UBND)"}
    ]
    out = io.StringIO()
    call_command("workdays", "add", "2025-03-11", "1", stdout=out)
    assert out.getvalue() == "2025-03-13\n"
