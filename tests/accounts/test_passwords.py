"""Argon2 is the production password hasher (the suite itself uses a cheap one: tests/conftest.py)."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = importlib.import_module("phoihop.settings").PASSWORD_HASHERS


def test_production_settings_hash_with_argon2_first():
    assert PRODUCTION_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in PRODUCTION_HASHERS


def test_argon2_hashes_and_checks(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    encoded = make_password("Mat-khau-thu-123")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("Mat-khau-thu-123", encoded)
    assert not check_password("mat-khau-thu-123", encoded)


def test_an_older_pbkdf2_hash_is_upgraded_to_argon2_at_login(client, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory()
    user.password = make_password("Mat-khau-cu-789", hasher="pbkdf2_sha256")
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": "Mat-khau-cu-789"})
    assert response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
