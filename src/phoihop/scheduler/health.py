"""GET /healthz: is this deployment doing its job? For monitoring (and a load balancer that may pull a node).

    {"status": "ok" | "degraded", "database": "ok" | "error: <kind>", "redis": "ok" | "error: <kind>",
     "last_sweep_at": ISO 8601 | null, "last_sweep_age_seconds": n | null, "sweep_max_age_seconds": n}

200 while the database answers and the last successful sweep finished less than HEALTHZ_SWEEP_MAX_AGE_SECONDS
(300) ago; 503 otherwise (the database is down, or beat/worker stopped sweeping, or no sweep ever ran). Redis
down alone gives "degraded" with 200: pages still work, and if beat cannot reach the worker the sweep age
turns it into a 503 within that time. Errors name only the exception's class: no host, user or message.
No login, no session, never cached.
"""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .runs import last_successful_run


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


def _redis() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return "not used"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database()
    redis_state = _redis()
    last = None
    if database == "ok":
        try:
            last = last_successful_run()
        except Exception as exc:  # e.g. the table is missing: migrations not applied
            database = f"error: {type(exc).__name__}"
    max_age = settings.HEALTHZ_SWEEP_MAX_AGE_SECONDS
    age = (timezone.now() - last.finished_at).total_seconds() if last is not None else None
    healthy = database == "ok" and age is not None and age < max_age
    body = {
        "status": "ok" if healthy and redis_state in ("ok", "not used") else "degraded",
        "database": database,
        "redis": redis_state,
        "last_sweep_at": last.finished_at.isoformat() if last is not None else None,
        "last_sweep_age_seconds": round(age, 1) if age is not None else None,
        "sweep_max_age_seconds": max_age,
    }
    return JsonResponse(body, status=200 if healthy else 503)
