"""Session lifetime: a session ends a working day after the login (SESSION_COOKIE_AGE) and after
SESSION_IDLE_TIMEOUT seconds without a request, whichever comes first.

The login time is fixed in the session at login (and as the session's own expiry date, so Django's session
store refuses it after the working day even without our middleware); the last activity is recorded at most
once every SESSION_ACTIVITY_RESOLUTION seconds, so an ordinary page view does not write the session.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

LOGIN_AT_KEY = "phoihop_login_at"
SEEN_AT_KEY = "phoihop_seen_at"


def start(session: SessionBase, now: datetime | None = None) -> None:
    """Called at every login: stamp the login time and make the session expire a working day later."""
    now = now or timezone.now()
    session[LOGIN_AT_KEY] = now.timestamp()
    session[SEEN_AT_KEY] = now.timestamp()
    session.set_expiry(now + timedelta(seconds=settings.SESSION_COOKIE_AGE))


def is_expired(session: SessionBase, now: datetime | None = None) -> bool:
    """True once the working day since the login is over or the session has been idle too long.

    A session without the stamps (made before this rule existed) is expired: its user logs in again."""
    login_at: float | None = session.get(LOGIN_AT_KEY)
    seen_at: float | None = session.get(SEEN_AT_KEY)
    if login_at is None or seen_at is None:
        return True
    at = (now or timezone.now()).timestamp()
    return at - login_at >= settings.SESSION_COOKIE_AGE or at - seen_at >= settings.SESSION_IDLE_TIMEOUT


def touch(session: SessionBase, now: datetime | None = None) -> None:
    """Record activity (only when the recorded one is older than the resolution: no write per request)."""
    at = (now or timezone.now()).timestamp()
    if at - session.get(SEEN_AT_KEY, at) >= settings.SESSION_ACTIVITY_RESOLUTION:
        session[SEEN_AT_KEY] = at
