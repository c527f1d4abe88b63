"""Issue 8, points 7 and 9: DEBUG and SECRET_KEY, error pages, Content-Security-Policy, caching, deploy checks."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults
from rest_framework.authtoken.models import Token

from phoihop import settings as project_settings
from tests.consultations.conftest import bodies, regulation  # noqa: F401 (fixtures)
from tests.consultations.test_pages import pdf, sent

ROOT = Path(settings.BASE_DIR)
PYTHON = ROOT / ".venv" / "bin" / "python"
EXE = str(PYTHON if PYTHON.exists() else sys.executable)

CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
NO_STORE = "private, no-store"


def _child_env(**extra: str) -> dict[str, str]:
    """A clean environment (nothing from this shell or from pytest) with the production settings module."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "src"),
        "PYTHONUTF8": "1",
        "DJANGO_SETTINGS_MODULE": "phoihop.settings",
    }
    return {**env, **extra}


def _settings_in_child(names: list[str], **env: str) -> dict[str, object]:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    done = subprocess.run(
        [EXE, "-c", code], cwd=ROOT, env=_child_env(**env), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- DEBUG and SECRET_KEY ----------------------------------------------------------------------------


def test_debug_is_off_unless_debug_is_1_and_plain_http_by_default():
    key = secrets.token_urlsafe(50)
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
    ]
    assert _settings_in_child(names, SECRET_KEY=key) == dict.fromkeys(names, False) | {
        "SECURE_HSTS_SECONDS": 0
    }
    assert _settings_in_child(["DEBUG"], SECRET_KEY=key, DEBUG="0") == {"DEBUG": False}
    assert _settings_in_child(["DEBUG"], SECRET_KEY=key, DEBUG="true") == {"DEBUG": False}
    assert _settings_in_child(["DEBUG"], SECRET_KEY=key, DEBUG="1") == {"DEBUG": True}


def test_https_turns_on_secure_cookies_hsts_and_the_redirect():
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
    ]
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    }
    assert _settings_in_child(names, **env) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
    }
    assert _settings_in_child(["SECURE_SSL_REDIRECT"], **env, SECURE_SSL_REDIRECT="0") == {
        "SECURE_SSL_REDIRECT": False
    }


def test_key_from_the_environment_then_the_named_file_then_the_local_file(tmp_path, monkeypatch):
    monkeypatch.setattr(project_settings, "BASE_DIR", tmp_path)
    (tmp_path / ".secret_key").write_text("local-key\n")
    named = tmp_path / "key.txt"
    named.write_text("  named-key \n")
    monkeypatch.setenv("SECRET_KEY", "env-key")
    monkeypatch.setenv("SECRET_KEY_FILE", str(named))
    assert project_settings._secret_key() == "env-key"
    monkeypatch.delenv("SECRET_KEY")
    assert project_settings._secret_key() == "named-key"
    monkeypatch.delenv("SECRET_KEY_FILE")
    assert project_settings._secret_key() == "local-key"


def test_no_key_anywhere_is_refused_with_one_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(project_settings, "BASE_DIR", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured) as exc:
        project_settings._secret_key()
    assert str(exc.value) == (
        "Chưa có SECRET_KEY: đặt biến môi trường SECRET_KEY (hoặc SECRET_KEY_FILE, tệp chứa khóa), "
        f"hoặc chạy “make run” để tạo khóa cục bộ {tmp_path / '.secret_key'}."
    )
    (tmp_path / "empty").write_text("\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "empty"))
    with pytest.raises(
        ImproperlyConfigured, match=r"^SECRET_KEY_FILE=.*/empty: tệp không đọc được hoặc rỗng\.$"
    ):
        project_settings._secret_key()


def test_manage_py_without_a_key_exits_1_with_one_line_and_no_traceback(tmp_path):
    missing = tmp_path / "no-such-key"
    done = subprocess.run(
        [EXE, "manage.py", "check"],
        cwd=ROOT,
        env=_child_env(SECRET_KEY_FILE=str(missing)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "",
        f"manage.py: SECRET_KEY_FILE={missing}: tệp không đọc được hoặc rỗng.\n",
    )


def test_check_deploy_is_clean_with_production_settings():
    env = _child_env(SECRET_KEY=secrets.token_urlsafe(50), HTTPS="1", ALLOWED_HOSTS="phoihop.example.vn")
    done = subprocess.run(
        [EXE, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


# --- error pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_404_is_a_vietnamese_page_with_debug_off(client):
    assert settings.DEBUG is False
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="vi">' in html
    assert "Không tìm thấy trang" in html
    assert "Mã lỗi: 404" in html
    assert "Page not found" not in html
    assert "Traceback" not in html
    assert _parse(html).inline == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (defaults.bad_request, 400, "Yêu cầu không hợp lệ"),
        (defaults.permission_denied, 403, "Không được phép"),
    ],
)
def test_400_and_403_pages_are_vietnamese(rf, view, status, heading):
    request = rf.get("/")
    request.user = AnonymousUser()
    response = view(request, exception=Exception("x"))
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html
    assert f"Mã lỗi: {status}" in html


def test_500_page_is_vietnamese_and_needs_no_database():
    response = defaults.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in html
    assert "Lỗi máy chủ" in html
    assert "Mã lỗi: 500" in html


@pytest.mark.django_db
def test_csrf_failure_is_a_vietnamese_page(user, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


# --- Content-Security-Policy and inline script -------------------------------------------------------


class _Page(HTMLParser):
    """Inline script, inline style and on* handlers in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and not found.get("src") and found.get("type") != "application/json":
            self.inline.append("<script> without src")
        if tag == "style":
            self.inline.append("<style>")
        self.inline += [f"{tag} {name}=" for name, _ in attrs if name.startswith("on") or name == "style"]
        self.inline += [
            f"{tag} {name}=javascript:" for name, v in attrs if (v or "").startswith("javascript:")
        ]


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _policy(header: str) -> dict[str, list[str]]:
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
def test_csp_header_on_pages_has_exactly_the_policy(client, user):
    anonymous = client.get(reverse("login"))
    client.force_login(user)
    page = client.get(reverse("home"))
    for response in (anonymous, page):
        assert response.status_code == 200
        assert _policy(response["Content-Security-Policy"]) == CSP
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert (
            response["X-Frame-Options"],
            response["X-Content-Type-Options"],
            response["Referrer-Policy"],
        ) == (
            "DENY",
            "nosniff",
            "same-origin",
        )


MAIN_PAGES = [
    "home",
    "regulation-list",
    "calendar-year",
    "consult-dashboard",
    "consult-inbox",
    "consult-outbox",
    "consult-create",
    "reports-own",
    "evaluation-index",
    "password_change",
]


@pytest.mark.django_db
def test_no_inline_script_style_or_handler_on_the_main_pages(client, bodies, regulation):  # noqa: F811
    req = sent(bodies, regulation, files=[pdf()])
    assert _parse(client.get(reverse("login")).content.decode()).inline == []
    client.force_login(bodies.specialist)
    urls = [reverse(name) for name in MAIN_PAGES] + [reverse("consult-detail", args=[req.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert (url, _parse(response.content.decode()).inline) == (url, [])
        assert _policy(response["Content-Security-Policy"]) == CSP


@pytest.mark.django_db
def test_api_docs_page_loads_its_script_from_a_url_not_inline(client, user):
    client.force_login(user)
    page = client.get(reverse("api-docs"))
    html = page.content.decode()
    assert page.status_code == 200
    assert _parse(html).inline == []
    assert _policy(page["Content-Security-Policy"]) == CSP
    script = client.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content
    assert b"validatorUrl" in script.content


# --- Cache-Control ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_store_on_authenticated_pages_api_and_downloads(client, bodies, regulation):  # noqa: F811
    req = sent(bodies, regulation, files=[pdf()])
    attachment = req.attachments.get()
    client.force_login(bodies.specialist)
    for url in (
        reverse("home"),
        reverse("consult-detail", args=[req.pk]),
        reverse("consult-attachment", args=[attachment.pk]),
        reverse("api-me"),
        reverse("api-consult-attachment", args=[attachment.pk]),
    ):
        response = client.get(url)
        assert (url, response.status_code, response["Cache-Control"]) == (url, 200, NO_STORE)


@pytest.mark.django_db
def test_no_store_on_api_answers_to_a_token(client, user):
    token = Token.objects.create(user=user)
    response = client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert (response.status_code, response["Cache-Control"]) == (200, NO_STORE)
    refused = client.get(reverse("api-me"), HTTP_AUTHORIZATION="Token wrong")
    assert (refused.status_code, refused["Cache-Control"]) == (401, NO_STORE)


@pytest.mark.django_db
def test_a_stricter_header_is_kept(client_logged_in):
    # Django's never_cache on the login view: already no-store, left as it is
    response = client_logged_in.get(reverse("login"))
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_static_files_keep_their_caching_signed_in_or_not(client, user):
    url = settings.STATIC_URL + "phoihop/app.css"
    anonymous = client.get(url)
    client.force_login(user)
    signed_in = client.get(url)
    for response in (anonymous, signed_in):
        assert response.status_code == 200
        assert "no-store" not in response["Cache-Control"]
        assert "max-age=" in response["Cache-Control"]
