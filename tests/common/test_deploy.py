"""deploy/: gunicorn's configuration loads the application and logs through the application's JSON handler;
the sample systemd units start what deploy/README.md documents."""

from __future__ import annotations

import configparser
import os
import runpy
import subprocess
from pathlib import Path

from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
VENV_BIN = Path(settings.BASE_DIR) / ".venv" / "bin"


def test_gunicorn_config_serves_the_wsgi_app_with_json_logs_and_no_separate_access_log():
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert conf["wsgi_app"] == "phoihop.wsgi:application"
    assert conf["accesslog"] is None  # the application logs each request with its id (phoihop.request)
    logging = conf["logconfig_dict"]
    assert logging["handlers"]["console"]["formatter"] == "json"
    assert logging["handlers"]["console"]["filters"] == ["request_id"]
    assert logging["loggers"]["gunicorn.error"] == {"handlers": [], "level": "INFO", "propagate": True}


def test_gunicorn_check_config_loads_the_application():
    done = subprocess.run(
        [str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "--check-config"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:", "GUNICORN_WORKERS": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _exec_start(unit: str) -> str:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / unit, encoding="utf-8")
    assert parser["Service"]["EnvironmentFile"] == "/etc/phoihop/phoihop.env"
    assert parser["Service"]["User"] == "phoihop"
    return parser["Service"]["ExecStart"]


def test_the_systemd_units_start_gunicorn_one_worker_pool_and_one_beat():
    assert _exec_start("phoihop-web.service") == (
        "/srv/phoihop/.venv/bin/gunicorn -c /srv/phoihop/deploy/gunicorn.conf.py"
    )
    assert _exec_start("phoihop-worker.service").startswith(
        "/srv/phoihop/.venv/bin/celery -A phoihop worker "
    )
    assert _exec_start("phoihop-beat.service") == (
        "/srv/phoihop/.venv/bin/celery -A phoihop beat --schedule /var/lib/phoihop/celerybeat-schedule "
        "--pidfile /run/phoihop/beat.pid"
    )
    env = (DEPLOY / "phoihop.env.example").read_text(encoding="utf-8")
    assert "PYTHONPATH=/srv/phoihop/src" in env.splitlines()
