"""What the schemathesis run (test_schema_fuzz.py) and reading around it found, kept as plain tests.

- A digit that int() refuses ("²" passes str.isdigit()) was a 500: ?version=² on a regulation, and a reporter
  given as "²" in a report request. Now the first is the current version (as any non-number), the second an
  unknown organisation (400).
- Every operation documents the errors it can answer with, with the one error body.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from phoihop.accounts.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(db):
    call_command("load_regulations", stdout=io.StringIO())
    user = UserFactory(role=Role.SPECIALIST)
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def test_a_superscript_version_is_no_version(client, auth):
    current = client.get("/api/v1/regulations/003/", **auth).json()
    response = client.get("/api/v1/regulations/003/", {"version": "²"}, **auth)
    assert response.status_code == 200
    assert response.json()["version"] == current["version"]


def test_a_superscript_reporter_is_an_unknown_organisation(client, auth):
    response = client.post(
        "/api/v1/reports/requests/",
        {"origin": "ad_hoc", "subject": "Báo cáo", "reporters": ["²"], "working_days": 5},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["error"], list(body["fields"])) == ("invalid", ["reporters"])
    assert "²" in body["detail"]


def test_every_operation_documents_its_errors(client, auth):
    schema = client.get("/api/v1/schema/?format=json", **auth).json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "error"]
    undocumented = {
        f"{method.upper()} {path}": sorted({"400", "401", "403"} - set(operation["responses"]))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if not {"400", "401", "403"} <= set(operation["responses"])
    }
    assert undocumented == {}
    with_id = [(p, m) for p, methods in schema["paths"].items() for m in methods if "{" in p]
    assert with_id
    assert all("404" in schema["paths"][p][m]["responses"] for p, m in with_id)
