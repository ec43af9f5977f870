"""The one settings file. Everything that differs between machines comes from the environment (see API.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env, envbool, envint, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # local, ignored by git: development keys and the like

DEBUG = envbool("DJANGO_DEBUG", False)


def _required_in_production(name: str, value: str | None) -> str | None:
    if not value and not DEBUG:
        raise ImproperlyConfigured(f"{name} is required when DJANGO_DEBUG is off")
    return value


SECRET_KEY = _required_in_production("DJANGO_SECRET_KEY", envsecret("DJANGO_SECRET_KEY")) or (
    "insecure-development-only-" + "x" * 32
)
ALLOWED_HOSTS = [
    h.strip() for h in env("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]

# Master key (KEK) that wraps every client's data key. In development a random one is made under var/.
CASEWORK_KEK = _required_in_production("CASEWORK_KEK", envsecret("CASEWORK_KEK"))
# During a rotation, the old master key: data keys it wrapped still open until crypto_rewrap_keys has run.
CASEWORK_KEK_PREVIOUS = envsecret("CASEWORK_KEK_PREVIOUS")
CASEWORK_DEV_KEK_FILE = VAR_DIR / "development.kek"
# Key of the blind index used for exact-match search. When unset it is derived from the KEK (docs/keys.md).
CASEWORK_INDEX_KEY = envsecret("CASEWORK_INDEX_KEY")
CASEWORK_BASE_URL = env("CASEWORK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CASEWORK_REQUIRE_MFA = envbool("CASEWORK_REQUIRE_MFA", not DEBUG)
# Logins (docs/authentication.md): a second step with a TOTP code for everyone who has a factor; erasing a
# client and exporting ask for the password (and code) again when the last login is older than this.
CASEWORK_REAUTH_MINUTES = envint("CASEWORK_REAUTH_MINUTES", 10)
CASEWORK_MFA_CODE_ATTEMPTS = envint("CASEWORK_MFA_CODE_ATTEMPTS", 5)  # per pending login, then start again
CASEWORK_MFA_PENDING_MINUTES = envint(
    "CASEWORK_MFA_PENDING_MINUTES", 5
)  # to type the code after the password
CASEWORK_TOTP_ISSUER = env("CASEWORK_TOTP_ISSUER", "casework")  # the name shown in the authenticator app
# Failed logins (web and API), counted in the shared cache: past a limit within the window, that account or
# address is refused for the lockout period.
CASEWORK_LOGIN_FAILURES_PER_ACCOUNT = envint("CASEWORK_LOGIN_FAILURES_PER_ACCOUNT", 10)
CASEWORK_LOGIN_FAILURES_PER_IP = envint("CASEWORK_LOGIN_FAILURES_PER_IP", 30)
CASEWORK_LOGIN_FAILURE_WINDOW_MINUTES = envint("CASEWORK_LOGIN_FAILURE_WINDOW_MINUTES", 15)
CASEWORK_LOGIN_LOCKOUT_MINUTES = envint("CASEWORK_LOGIN_LOCKOUT_MINUTES", 15)
# Behind a reverse proxy, the request header (as in request.META) whose last entry is the caller's address,
# e.g. HTTP_X_FORWARDED_FOR; unset: the connection's address. Without it every caller shares the proxy's.
CASEWORK_CLIENT_IP_HEADER = env("CASEWORK_CLIENT_IP_HEADER", "")
# Disclosure control of aggregate exports (docs/disclosure-control.md): hide every count 0 < n < k, publish
# multiples of the rounding base, withhold a table of fewer people than the floor. Refused below k = 5.
CASEWORK_EXPORT_K = envint("CASEWORK_EXPORT_K", 10)
CASEWORK_EXPORT_ROUNDING_BASE = envint("CASEWORK_EXPORT_ROUNDING_BASE", 5)
CASEWORK_EXPORT_POPULATION_FLOOR = envint("CASEWORK_EXPORT_POPULATION_FLOOR", 50)
try:
    # Pure code (no Django): checked here so that a bad value stops the start, not the first export.
    from casework.exports.disclosure import Rules

    Rules(k=CASEWORK_EXPORT_K, rounding_base=CASEWORK_EXPORT_ROUNDING_BASE,
          population_floor=CASEWORK_EXPORT_POPULATION_FLOOR)  # fmt: skip
except ValueError as error:
    raise ImproperlyConfigured(f"CASEWORK_EXPORT_*: {error}") from error

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "casework",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "casework.web.middleware.PermissionsPolicyMiddleware",
    "casework.no_store.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "casework.web.middleware.TenancyMiddleware",
    "casework.web.middleware.UserLanguageMiddleware",
    "casework.accounts.second_factor_middleware.SecondFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "casework.accounts.session_expiry.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG:
    # Static files (our own CSS/JS and the vendored Swagger UI) served by the app: no CDN, no extra server.
    # In development runserver serves them from the apps' folders instead.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/casework"))}
# Every request is one transaction: a failing write leaves nothing half-done.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = envint("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME", "test_casework")}
# Row-level security (casework/tenancy.py): a process that connects as the tables' owner takes this role for
# every request and task, so that the policies bind it. Unset in production, where the web and worker
# processes connect as a member of casework_app in the first place (docs/operations.md).
CASEWORK_DB_ROLE = env("CASEWORK_DB_ROLE") or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "casework"),
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }
}

if envbool("CASEWORK_FAST_PASSWORD_HASHING", False):
    # Tests only: password hashing is deliberately slow, and the suite creates hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "casework" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The case file (casework/documents/): every blob is ciphertext under the client's key; the root or bucket
# holds nothing readable without the database's wrapped keys and the KEK (docs/keys.md).
CASEWORK_MEDIA_ROOT = Path(env("CASEWORK_MEDIA_ROOT", "var/media"))
if not CASEWORK_MEDIA_ROOT.is_absolute():
    CASEWORK_MEDIA_ROOT = BASE_DIR / CASEWORK_MEDIA_ROOT
CASEWORK_MAX_UPLOAD_MB = envint("CASEWORK_MAX_UPLOAD_MB", 25)
if CASEWORK_MAX_UPLOAD_MB < 1:
    raise ImproperlyConfigured("CASEWORK_MAX_UPLOAD_MB must be at least 1")
STORAGES["documents"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    # No base_url: blobs are never served by URL, only decrypted through the API and the pages.
    "OPTIONS": {
        "location": CASEWORK_MEDIA_ROOT,
        "file_permissions_mode": 0o600,
        "directory_permissions_mode": 0o700,
    },
}
if env("CASEWORK_S3_BUCKET"):
    # An S3-compatible bucket through django-storages (pip install django-storages[s3]; docs/operations.md).
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("CASEWORK_S3_BUCKET"),
            "endpoint_url": env("CASEWORK_S3_ENDPOINT_URL") or None,
            "region_name": env("CASEWORK_S3_REGION") or None,
            "access_key": envsecret("CASEWORK_S3_ACCESS_KEY"),
            "secret_key": envsecret("CASEWORK_S3_SECRET_KEY"),
            "location": env("CASEWORK_S3_PREFIX", "documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# A strict Content-Security-Policy: our own scripts and styles only, no inline code, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

REST_FRAMEWORK = {
    # Tokens only: a browser session (a stolen laptop, an injected script) never reaches the API, so the web's
    # re-authentication before erasure and exports cannot be stepped around through /api/.
    "DEFAULT_AUTHENTICATION_CLASSES": ["casework.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's JSON parser, with a depth limit and no NUL or lone surrogate in any string (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["casework.api.parsers.CheckedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "casework.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "casework API",
    "DESCRIPTION": "Case tracker for legal-aid NGOs: clients, their event streams and derived deadlines.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes the API, not anybody's data: readable without logging in.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Swagger UI is served from our own static files: no CDN may learn who opens the docs.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Celery: JSON only, ids in arguments, late acknowledgement so a crashed worker's task is redelivered.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With Redis down, recording an event must not hang: publishing gives up quickly and beat catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {"task": "casework.tasks.beat_heartbeat", "schedule": timedelta(minutes=1)},
    "enqueue-due-reminders": {"task": "casework.reminders.enqueue_due", "schedule": timedelta(minutes=2)},
    "refresh-stale-projections": {
        "task": "casework.tasks.refresh_stale_projections",
        "schedule": timedelta(minutes=15),
    },
}
CELERY_BEAT_SCHEDULE["sweep-orphan-documents"] = {
    "task": "casework.documents.sweep_orphans",
    "schedule": timedelta(minutes=30),
}
CELERY_IMPORTS = ["casework.reminders.tasks", "casework.documents.tasks", "casework.drafts.tasks"]
# The drafts' PDF converter (casework/drafts/pdf.py): LibreOffice's soffice (default: the one on PATH), its
# time limit per job in seconds, and where the per-job directories go (default: /dev/shm, a tmpfs).
CASEWORK_SOFFICE = env("CASEWORK_SOFFICE", "")
CASEWORK_PDF_TIMEOUT = envint("CASEWORK_PDF_TIMEOUT", 60)
CASEWORK_PDF_WORKDIR = env("CASEWORK_PDF_WORKDIR", "")
# The reminder ledger's timings (tests shorten them).
CASEWORK_REMINDER_MAX_ATTEMPTS = envint("CASEWORK_REMINDER_MAX_ATTEMPTS", 6)
CASEWORK_REMINDER_RETRY_BASE_SECONDS = envint("CASEWORK_REMINDER_RETRY_BASE_SECONDS", 60)
CASEWORK_REMINDER_CLAIM_TIMEOUT_SECONDS = envint("CASEWORK_REMINDER_CLAIM_TIMEOUT_SECONDS", 600)
CASEWORK_REMINDER_REQUEUE_SECONDS = envint("CASEWORK_REMINDER_REQUEUE_SECONDS", 300)
CASEWORK_BEAT_STALE_AFTER = timedelta(minutes=envint("CASEWORK_BEAT_STALE_MINUTES", 5))

EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "casework@localhost")

# Logs carry ids and codes, never personal data: there is no request-body logging anywhere.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from anyone who reaches gunicorn.
    # gunicorn sets the scheme from it only for the proxy's address (--forwarded-allow-ips, or the
    # FORWARDED_ALLOW_IPS environment variable; docs/operations.md), and Django reads that scheme.

# --- Session limits, no caching of personal data, export throttling, deploy settings ---
# docs/operations.md explains each choice.
# Browser sessions end after CASEWORK_SESSION_IDLE_MINUTES without a request and, whatever the activity,
# CASEWORK_SESSION_LIFETIME_HOURS after the login (casework/accounts/session_expiry.py enforces both).
CASEWORK_SESSION_IDLE_MINUTES = envint("CASEWORK_SESSION_IDLE_MINUTES", 30)
CASEWORK_SESSION_LIFETIME_HOURS = envint("CASEWORK_SESSION_LIFETIME_HOURS", 12)
if CASEWORK_SESSION_IDLE_MINUTES < 1 or CASEWORK_SESSION_LIFETIME_HOURS < 1:
    raise ImproperlyConfigured("CASEWORK_SESSION_IDLE_MINUTES and _LIFETIME_HOURS must be at least 1")
SESSION_COOKIE_AGE = CASEWORK_SESSION_LIFETIME_HOURS * 3600  # the stored session row dies with the lifetime
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the cookie itself is a session cookie
# Lax, not Strict: a reminder e-mail's link is a cross-site navigation, and Strict would drop the cookie on it
# and ask for a login that is not needed. Lax still withholds the cookie from every cross-site POST, frame and
# fetch (CSRF tokens guard the POSTs as well), and a cross-site GET changes nothing.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Permissions-Policy: every one of these browser features is off on every page (none of ours uses one).
CASEWORK_PERMISSIONS_POLICY_OFF = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "browsing-topics",
)
# No Referer to other sites: our URLs carry client ids. (Django's default; stated so that nobody loosens it.)
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # "preload" in the header changes nothing by itself; it lets an operator submit the domain to the
    # browsers' HSTS preload list (a long-term commitment to HTTPS on every subdomain: docs/operations.md).
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", True)
# Swagger UI would show a badge fetched from validator.swagger.io, telling it where our schema lives. The CSP
# blocks the request anyway; here it is never made.
SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"] = {"deepLinking": True, "validatorUrl": None}
# API tokens end CASEWORK_TOKEN_TTL_DAYS after they were made, or after CASEWORK_TOKEN_IDLE_DAYS unused.
CASEWORK_TOKEN_TTL_DAYS = envint("CASEWORK_TOKEN_TTL_DAYS", 30)
CASEWORK_TOKEN_IDLE_DAYS = envint("CASEWORK_TOKEN_IDLE_DAYS", 7)
if CASEWORK_TOKEN_TTL_DAYS < 1 or CASEWORK_TOKEN_IDLE_DAYS < 1:
    raise ImproperlyConfigured("CASEWORK_TOKEN_TTL_DAYS and CASEWORK_TOKEN_IDLE_DAYS must be at least 1")
# Erasures one admin may make in an hour, through the web and the API together (erasure cannot be undone).
CASEWORK_ERASURES_PER_HOUR = envint("CASEWORK_ERASURES_PER_HOUR", 10)
# Per-user rate of the export endpoints (list and tables together), counted in the shared Redis cache.
CASEWORK_EXPORT_THROTTLE_RATE = env("CASEWORK_EXPORT_THROTTLE_RATE", "60/hour")
_rate_count, _, _rate_period = CASEWORK_EXPORT_THROTTLE_RATE.partition("/")
if not _rate_count.isdigit() or int(_rate_count) < 1 or _rate_period not in {"minute", "hour", "day"}:
    raise ImproperlyConfigured("CASEWORK_EXPORT_THROTTLE_RATE must look like 60/hour (minute, hour or day)")
