import re

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3(client_logged_in):
    response = client_logged_in.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "PhốiHợp API"
    assert "/api/v1/me/" in schema["paths"]


def test_swagger_ui_uses_local_assets_only(client_logged_in):
    response = client_logged_in.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the Swagger page must load its assets"
    assert [u for u in urls if u.startswith(("http://", "https://", "//"))] == []
    assert any("swagger-ui-dist" in u for u in urls)


def test_token_authentication(client, user):
    token = Token.objects.create(user=user)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json() == {
        "username": user.username,
        "full_name": user.full_name,
        "role": "specialist",
        "organization": user.organization.name,
    }


def test_session_authentication(client_logged_in, user):
    assert client_logged_in.get("/api/v1/me/").json()["username"] == user.username


def test_anonymous_gets_machine_readable_401(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == "not_authenticated"


def test_bad_token_is_rejected(client):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token khong-hop-le")
    assert response.status_code == 401
    assert response.json()["error"] == "authentication_failed"
