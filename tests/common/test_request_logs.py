"""Structured logs: JSON lines (the default LOG_FORMAT) with the request id, echoed as X-Request-ID; the id a
proxy sends is kept when it looks like one."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re

import pytest
from django.conf import settings

from phoihop.common.logs import RequestIdFilter, logging_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """The project's handler (JSON formatter + request id filter) writing into a buffer, on the root logger at
    INFO; yields a function returning the lines written so far, parsed."""
    config = logging_config("json", "INFO")
    formatter = logging.config.DictConfigurator(config).configure_formatter(
        dict(config["formatters"]["json"])
    )
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_production_logs_are_json_lines_by_default():
    assert settings.LOGGING["handlers"]["console"] == {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "filters": ["request_id"],
    }
    assert settings.LOGGING["root"]["handlers"] == ["console"]


def test_a_request_logs_json_lines_with_its_id_and_echoes_it(client, json_lines):
    response = client.get("/khong-co-trang-nay/", headers={"X-Request-ID": "req-2026.03.02:abc_1"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-2026.03.02:abc_1"
    lines = json_lines()
    # the access line, then Django's warning about the 404 (written after the middleware): both with the id
    assert [(x["logger"], x["level"], x["message"], x["request_id"]) for x in lines] == [
        ("phoihop.request", "INFO", "GET /khong-co-trang-nay/ 404", "req-2026.03.02:abc_1"),
        ("django.request", "WARNING", "Not Found: /khong-co-trang-nay/", "req-2026.03.02:abc_1"),
    ]
    access = lines[0]
    assert {k: access[k] for k in ("method", "path", "status", "user_id")} == {
        "method": "GET",
        "path": "/khong-co-trang-nay/",
        "status": 404,
        "user_id": None,
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", access["time"])
    assert isinstance(access["duration_ms"], float)


def test_a_missing_or_insane_request_id_gets_a_fresh_one(client, json_lines):
    ids = []
    for header in (None, "", "x" * 129, "a b", "<script>", "-leading-dash", "ok\nforged line"):
        response = client.get("/dang-nhap/", headers={"X-Request-ID": header} if header is not None else {})
        ids.append(response["X-Request-ID"])
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids), ids
    assert len(set(ids)) == len(ids)
    assert [x["request_id"] for x in json_lines() if x["logger"] == "phoihop.request"] == ids


def test_a_signed_in_users_requests_carry_their_user_id(client, user, json_lines):
    client.force_login(user)
    client.get("/")
    (access,) = [x for x in json_lines() if x["logger"] == "phoihop.request"]
    assert (access["path"], access["user_id"]) == ("/", user.pk)


def test_outside_a_request_the_id_is_a_dash(json_lines):
    logging.getLogger("phoihop.test").warning("ngoài yêu cầu")
    assert [(x["message"], x["request_id"]) for x in json_lines()] == [("ngoài yêu cầu", "-")]


def test_plain_format_for_people():
    config = logging_config("plain", "INFO")
    assert config["handlers"]["console"]["formatter"] == "plain"
    with pytest.raises(ValueError, match="LOG_FORMAT='xml': use json or plain"):
        logging_config("xml")
