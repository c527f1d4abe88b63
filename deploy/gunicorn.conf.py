"""gunicorn settings for PhốiHợp (deploy/README.md): `gunicorn -c deploy/gunicorn.conf.py`.

Environment: GUNICORN_BIND (default 127.0.0.1:8000, behind the reverse proxy), GUNICORN_WORKERS (default
2 × CPUs + 1), GUNICORN_TIMEOUT (default 60 s), LOG_FORMAT / LOG_LEVEL (as the application: JSON lines).
gunicorn's own messages go through the application's log handler; its access log is off because the
application writes one line per request with the request id (logger phoihop.request, at LOG_LEVEL=INFO).
"""

import multiprocessing
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from phoihop.common.logs import logging_config  # noqa: E402

wsgi_app = "phoihop.wsgi:application"
chdir = str(ROOT)
pythonpath = str(ROOT / "src")
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then (memory)
max_requests_jitter = 200
limit_request_line = 8190

_level = os.environ.get("LOG_LEVEL", "WARNING").upper()
loglevel = _level.lower()
errorlog = "-"
accesslog = None
logconfig_dict = logging_config(os.environ.get("LOG_FORMAT", "json"), _level)
logconfig_dict["loggers"].update(
    {
        "gunicorn.error": {"handlers": [], "level": "INFO", "propagate": True},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    }
)
