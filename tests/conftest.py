from __future__ import annotations

import os

import pytest

from phoihop.work.queue import forget_totals

from .factories import PASSWORD, OrganizationFactory, UserFactory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def org(db):
    return OrganizationFactory()


@pytest.fixture
def user(db, org):
    return UserFactory(organization=org)


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(request, monkeypatch):
    """`client.force_login(user)` stands for a completed login: for a user who must use two-factor
    authentication (leaders, organisation admins, system administrators, staff) that includes the TOTP step,
    so it also gives them a confirmed authenticator app and marks the session as verified by it, as
    django_otp.login does. Tests of the two-factor step itself opt out with @pytest.mark.no_auto_otp."""
    if request.node.get_closest_marker("no_auto_otp"):
        return
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from phoihop.accounts.rules import requires_two_factor

    from .otp import confirmed_app

    plain_force_login = Client.force_login

    def force_login(self, user, backend=None):
        plain_force_login(self, user, backend)
        if requires_two_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = confirmed_app(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _no_remembered_work_totals():
    """The menu's badge is remembered per user and data version (work.queue.menu_total); each test's database
    repeats the last one's ids, so a test starts with nothing remembered."""
    forget_totals()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users: a cheap hasher keeps the suite fast (production uses Argon2:
    tests/web/test_logins.py checks the production list)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


class _Inbox:
    """Messages received by the test SMTP server."""

    def __init__(self) -> None:
        self.messages: list = []
        self.connections: set = set()  # the client (address, port) of each SMTP connection that sent mail

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.connections.add(session.peer)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free localhost port; settings point Django's SMTP backend at it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()
