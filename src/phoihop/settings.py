"""Settings for PhốiHợp.

Secrets and deployment choices come from the environment, never from the repository:
- SECRET_KEY, else SECRET_KEY_FILE (a file holding it), else the git-ignored `.secret_key` that `make` creates
  for a local checkout; without any of them nothing starts (the tests use their own key: tests/settings.py),
- DEBUG (off unless DEBUG=1; `make run` runs with it off too, so it never shows Django's debug pages),
- HTTPS=1 when served over HTTPS: secure cookies, HSTS, redirect to https (SECURE_SSL_REDIRECT=0 to leave
  that to the proxy; SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto behind a TLS-terminating proxy),
  CSRF_TRUSTED_ORIGINS (comma separated),
- DATABASE_URL (default: the embedded SQLite file db.sqlite3), REDIS_URL (Celery broker),
- EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER / EMAIL_HOST_PASSWORD / DEFAULT_FROM_EMAIL; EMAIL_OUTBOX_PER_RUN
  (e-mails one sweep sends at most, default 5000) and EMAIL_OUTBOX_SECONDS (after this long a sweep claims no
  further batch, default half of SWEEP_INTERVAL_SECONDS),
- ALLOWED_HOSTS (comma separated), MEDIA_ROOT,
- TRUSTED_PROXY_COUNT (reverse proxies in front of the application, for the client address of the login
  lockout; default 0), SESSION_MAX_HOURS (default 9) and SESSION_IDLE_MINUTES (default 30),
- LOG_FORMAT (json, the default, or plain) and LOG_LEVEL (default WARNING; INFO adds one line per request and
  per sweep), SWEEP_INTERVAL_SECONDS (beat, default 60), HEALTHZ_SWEEP_MAX_AGE_SECONDS (default 300),
- PHOIHOP_IDENTITY_KEYS (comma-separated Fernet keys of the protected identities, the first one encrypts;
  separate from SECRET_KEY), else PHOIHOP_IDENTITY_KEYS_FILE (a file holding them), else the git-ignored
  `.identity_keys` that `make` creates for a local checkout; PHOIHOP_IDENTITY_MODE=metadata_only keeps no
  identity at all (the paper register does). Without keys (and not metadata_only) the system checks refuse
  to start (identities/checks.py).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from phoihop.common.logs import logging_config

# Django's generic classes take their type parameters at runtime too (`admin.ModelAdmin[User]`,
# `forms.ModelForm[Organization]`): mypy runs strict on src/, and these subscripted bases need the patch.
# DRF's classes (Serializer, generics views, fields) are subscriptable by themselves.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SRC_DIR = BASE_DIR / "src"
DATA_DIR = BASE_DIR / "data"


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default) == "1"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else the file SECRET_KEY_FILE names, else BASE_DIR/.secret_key."""
    if key := os.environ.get("SECRET_KEY", "").strip():
        return key
    named = os.environ.get("SECRET_KEY_FILE", "")
    path = Path(named) if named else BASE_DIR / ".secret_key"
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError:
        key = ""
    if key:
        return key
    if named:
        raise ImproperlyConfigured(f"SECRET_KEY_FILE={named}: tệp không đọc được hoặc rỗng.")
    raise ImproperlyConfigured(
        "Chưa có SECRET_KEY: đặt biến môi trường SECRET_KEY (hoặc SECRET_KEY_FILE, tệp chứa khóa), "
        f"hoặc chạy “make run” để tạo khóa cục bộ {path}."
    )


DEBUG = _flag("DEBUG")
SECRET_KEY = _secret_key()


def _identity_keys() -> list[str]:
    """The Fernet keys of the protected identities (issue 13, point 5): PHOIHOP_IDENTITY_KEYS, else the file
    PHOIHOP_IDENTITY_KEYS_FILE names, else BASE_DIR/.identity_keys; comma- or line-separated, the first encrypts.
    None found: an empty list, which identities/checks.py refuses (unless PHOIHOP_IDENTITY_MODE=metadata_only)."""
    text = os.environ.get("PHOIHOP_IDENTITY_KEYS", "").strip()
    if not text:
        named = os.environ.get("PHOIHOP_IDENTITY_KEYS_FILE", "")
        try:
            text = (Path(named) if named else BASE_DIR / ".identity_keys").read_text(encoding="utf-8")
        except OSError:
            text = ""
    return [k.strip() for k in text.replace("\n", ",").split(",") if k.strip()]


PHOIHOP_IDENTITY_KEYS = _identity_keys()
PHOIHOP_IDENTITY_MODE = os.environ.get("PHOIHOP_IDENTITY_MODE", "encrypted").strip() or "encrypted"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

# Transport and browser protections (issue 8, point 9). Over HTTPS (HTTPS=1): cookies only over TLS, HSTS for a
# year (subdomains and preload unless HSTS_INCLUDE_SUBDOMAINS=0 / HSTS_PRELOAD=0), plain http redirected.
HTTPS = _flag("HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and _flag("HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = HTTPS and _flag("HSTS_PRELOAD", "1")
SECURE_SSL_REDIRECT = HTTPS and _flag("SECURE_SSL_REDIRECT", "1")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a local monitor may ask over plain http
if _proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", ""):  # e.g. X-Forwarded-Proto, set by the proxy
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): only this site's own scripts, styles and images, no inline script or
# style (the templates have none; htmx's indicator styles are in app.css), never framed, forms post here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

INSTALLED_APPS = [
    "phoihop.web.admin_site.PhoihopAdminConfig",  # django.contrib.admin, Vietnamese order
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # domain apps
    "phoihop.audit",
    "phoihop.organizations",
    "phoihop.accounts",
    "phoihop.workdays",
    "phoihop.regulations",
    "phoihop.legal",
    "phoihop.notifications",
    "phoihop.consultations",
    "phoihop.reports",
    "phoihop.officials",
    "phoihop.information",
    "phoihop.cases",
    "phoihop.identities",
    "phoihop.petitions",
    "phoihop.reception",
    "phoihop.scheduler",
    "phoihop.evaluation",
    "phoihop.work",
    # delivery apps
    "phoihop.web",
    "phoihop.api",
    "phoihop.demo",  # manage.py load_demo: the demo province (data/demo/)
]

MIDDLEWARE = [
    "phoihop.common.request_id.RequestIdMiddleware",  # first: its id is on every log line of the request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, before anything that needs a session
    "csp.middleware.CSPMiddleware",
    "phoihop.web.middleware.NoStoreForAuthenticatedMiddleware",  # reads request.user on the way out
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phoihop.common.middleware.RejectNulMiddleware",  # a NUL in the path or query string: 400, never a 500
    "phoihop.common.middleware.TransientDatabaseErrorMiddleware",  # deadlock: 409 "try again", never a 500
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "phoihop.common.uploads.UploadRefusalMiddleware",  # answers a refused upload before any view reads it
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "phoihop.accounts.middleware.SessionLimitsMiddleware",
    "phoihop.accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "phoihop.urls"
WSGI_APPLICATION = "phoihop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "phoihop.web.context_processors.notifications",
                "phoihop.web.context_processors.work",
            ],
        },
    },
]

# Database: embedded SQLite by default (WAL, IMMEDIATE transactions, busy timeout);
# PostgreSQL in production and in CI through DATABASE_URL.
# Connections persist CONN_MAX_AGE seconds (60 by default on PostgreSQL, where opening one costs ~4.5 ms; 0 on
# SQLite, where it costs nothing), checked before reuse (CONN_HEALTH_CHECKS) so a dropped one is reopened.
_SQLITE_DEFAULT = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _SQLITE_DEFAULT))}
try:
    _conn_max_age = int(
        os.environ.get(
            "CONN_MAX_AGE", "0" if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else "60"
        )
    )
except ValueError as exc:
    raise ImproperlyConfigured(
        "CONN_MAX_AGE must be a whole number of seconds (0: close after each request)."
    ) from exc
DATABASES["default"]["CONN_MAX_AGE"] = _conn_max_age
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory for tests unless told otherwise

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Logins (issue 8, point 8). Axes first: it refuses a locked-out username + address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # older hashes still verify, and are upgraded to Argon2 at the next login
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Lockout: 5 failed logins for one username from one address lock that pair for 15 minutes (HTTP 429); an
# attempt during the lock starts the 15 minutes again.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "phoihop.web.lockout.lockout_response"  # Vietnamese page, status 429
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests
# TRUSTED_PROXY_COUNT: how many reverse proxies stand in front of the application (0: none, the client's
# address is REMOTE_ADDR; n: the n-th address from the right of X-Forwarded-For). See common/client_ip.py.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "phoihop.common.client_ip.client_ip"
# Two-factor authentication (django-otp TOTP + one-time recovery codes) for the roles in
# accounts.enums.TWO_FACTOR_ROLES, superusers and staff.
OTP_TOTP_ISSUER = "PhốiHợp"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin site never shows a device's secret key
# Sessions end a working day after the login (SESSION_MAX_HOURS, default 9) and after SESSION_IDLE_MINUTES
# (default 30) without a request; activity is recorded to the minute. See accounts/sessions.py.
SESSION_COOKIE_AGE = int(float(os.environ.get("SESSION_MAX_HOURS", "9")) * 3600)
SESSION_IDLE_TIMEOUT = int(float(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60)
SESSION_ACTIVITY_RESOLUTION = 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
# Vietnamese only: no gettext catalogue translates the pages into another language, so none is offered.
LANGUAGES = [("vi", _("Tiếng Việt"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
# WhiteNoise serves the files `collectstatic` gathers here (`make run` runs it; so does a deployment).
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploads (phoihop.common.uploads): limits enforced while the body streams in, before anything is written.
# ATTACHMENT_MAX_BYTES (20 MB) per file; UPLOAD_MAX_REQUEST_BYTES (default 5 files + 1 MB) per request;
# ATTACHMENT_MAX_UNCOMPRESSED_BYTES (100 MB) for .docx/.xlsx/.odt/.ods once unpacked.
FILE_UPLOAD_HANDLERS = [
    "phoihop.common.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# E-mail: a real SMTP server (tests run aiosmtpd on localhost).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# where the file backend writes (`make run` uses it for the demo's @phoihop.local addresses)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "1025"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "phoihop@localhost")

# Celery on Redis (production path).
CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
# One beat in a deployment; should a second one run, the sweep's lock makes its runs do nothing
# (scheduler/runs.py). A sweep message not picked up within one interval expires (the next one is coming).
SWEEP_INTERVAL_SECONDS = float(os.environ.get("SWEEP_INTERVAL_SECONDS", "60"))
# The outbox step sends at most this many e-mails a run, and claims no further batch of 100 once it has been
# sending this long: a week's backlog (≈15k e-mails for a province) goes out in a few runs, and a slow SMTP
# server never makes a sweep outlast its interval by more than one batch (notifications.domain.deliver_outbox).
EMAIL_OUTBOX_PER_RUN = int(os.environ.get("EMAIL_OUTBOX_PER_RUN", "5000"))
EMAIL_OUTBOX_SECONDS = float(os.environ.get("EMAIL_OUTBOX_SECONDS", str(SWEEP_INTERVAL_SECONDS / 2)))
CELERY_BEAT_SCHEDULE = {
    "sweep": {
        "task": "phoihop.sweep",
        "schedule": SWEEP_INTERVAL_SECONDS,
        "options": {"expires": SWEEP_INTERVAL_SECONDS},
    }
}
SWEEP_LOCK_SECONDS = 600  # SQLite's lease: a killed sweep blocks the next ones at most this long
SWEEP_HISTORY_DAYS = 7  # finished runs kept (SweepRun)
# GET /healthz answers 503 when the last successful sweep is this old (scheduler/health.py)
HEALTHZ_SWEEP_MAX_AGE_SECONDS = float(os.environ.get("HEALTHZ_SWEEP_MAX_AGE_SECONDS", "300"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "phoihop.api.exceptions.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "phoihop.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "PhốiHợp API",
    "DESCRIPTION": "API của hệ thống PhốiHợp (quy chế phối hợp, lịch ngày làm việc).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # no badge from validator.swagger.io: no outside request (no CDN) and the CSP would block it anyway
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "RequestKindEnum": "phoihop.consultations.enums.RequestKind",
        "RequestStateEnum": "phoihop.consultations.enums.RequestState",
        "DeliveryStateEnum": "phoihop.consultations.enums.DeliveryState",
        "DraftKindEnum": "phoihop.consultations.enums.DraftKind",
        "DraftStateEnum": "phoihop.consultations.enums.DraftState",
        # one name per choice set shared by several fields (else drf_spectacular.W001 in `check --deploy`)
        "OrganizationKindEnum": "phoihop.organizations.enums.OrganizationKind",
        "OrganizationLevelEnum": "phoihop.organizations.enums.Level",
        "ReportPeriodEnum": "phoihop.regulations.enums.ReportPeriod",
        "InformationKindEnum": "phoihop.information.enums.InformationKind",
        "InformationStateEnum": "phoihop.information.enums.InformationState",
        "InformationCopyStateEnum": "phoihop.information.enums.CopyState",
        "DeliveryChannelEnum": "phoihop.consultations.enums.Channel",
        "ProtectionStateEnum": "phoihop.identities.enums.ProtectionState",
        "PetitionKindEnum": "phoihop.petitions.enums.PetitionKind",
        "PetitionChannelEnum": "phoihop.petitions.enums.Channel",
        "PetitionStateEnum": "phoihop.petitions.enums.PetitionState",
        "ReceptionDayStateEnum": "phoihop.reception.enums.DayState",
        "ReceptionSessionKindEnum": "phoihop.reception.enums.SessionKind",
        "ReceptionAnswerStateEnum": "phoihop.reception.enums.AnswerState",
        "ReceptionFollowUpStateEnum": "phoihop.reception.enums.FollowUpState",
    },
}

# Logs on stderr: JSON lines with the request (or Celery task) id by default, LOG_FORMAT=plain for people.
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "json"), os.environ.get("LOG_LEVEL", "WARNING").upper())

# Where the regulation data files and the calendar data live (versioned in the repository).
REGULATIONS_DATA_DIR = DATA_DIR / "regulations"
CALENDAR_DATA_DIR = DATA_DIR / "calendar"
FORMAT_MODULE_PATH = ["phoihop.formats"]
