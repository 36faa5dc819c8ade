"""Cityline's Django settings, all read from the environment.

Every setting a city's IT team may change is listed in docs/operations.md. The defaults make a
first run on a laptop work with nothing set: a SQLite database and a generated secret key under
``var/``, the Hutchinson demo pack.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _lazy

PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# "production" turns on the checks a public server needs; "local" (the default) is for a trial or
# development and fills in what is missing.
MODE = env("CITYLINE_MODE", "local")
if MODE not in {"local", "production"}:
    raise ImproperlyConfigured("CITYLINE_MODE must be 'local' or 'production'")
PRODUCTION = MODE == "production"

VAR_DIR = Path(env("CITYLINE_VAR_DIR", str(Path.cwd() / "var"))).resolve()


def _secret_key() -> str:
    configured = env("SECRET_KEY")
    if configured:
        return configured
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when CITYLINE_MODE=production")
    # A trial install keeps one generated key, so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when CITYLINE_MODE=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of this site, used in links sent by e-mail and SMS and to check telephony
# webhook signatures.
SITE_URL = env("CITYLINE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

CITYLINE_PACK = env("CITYLINE_PACK", "hutchinson-ks")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "cityline.core",
    "cityline.directory",
    "cityline.catalog",
    "cityline.knowledge",
    "cityline.cases",
    "cityline.triage",
    "cityline.oncall",
    "cityline.notify",
    "cityline.portal",
    "cityline.console",
    "cityline.voice",
    "cityline.sms",
    "cityline.open311",
    "cityline.insights",
    "cityline.packs",
    "cityline.demo",
    "axes",  # console: log-in lockout
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cityline.core.middleware.CityTimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # console: answers a locked-out log-in (last, as axes asks)
]

ROOT_URLCONF = "cityline.urls"
WSGI_APPLICATION = "cityline.wsgi.application"
ASGI_APPLICATION = "cityline.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cityline.core.context_processors.city",
            ],
        },
    },
]

SQLITE_PATH = VAR_DIR / "cityline.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=int(env("CONN_MAX_AGE", "60"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] == str(SQLITE_PATH):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while a writer writes; IMMEDIATE takes the write lock at the start
        # of a transaction, so two writers queue instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
    }
    if env("REDIS_URL")
    # Without Redis the cache lives in the database, so that rate limits and other shared counters
    # hold across every server process (a per-process memory cache would not). `migrate` creates it.
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cityline_cache"}
}

TASKS = {
    "default": {
        "BACKEND": env("CITYLINE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Pages show times in the city's zone (set per request from the loaded pack); this is only the
# fallback before a pack is loaded.
TIME_ZONE = env("TIME_ZONE", "America/Chicago")

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
COLLECTED_STATIC = env_bool("CITYLINE_COLLECTED_STATIC", False)
# Production runs `cityline collectstatic` into STATIC_ROOT (hashed, compressed names); a trial
# serves straight from the app folders.
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static"))) if COLLECTED_STATIC or env("STATIC_ROOT") else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if COLLECTED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# --- console: staff log-in, lockout and session time-out -------------------------------------------
AUTHENTICATION_BACKENDS = [
    "cityline.console.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After this many wrong passwords in a row an account is locked for AXES_COOLOFF_TIME hours (an
# administrator can lift it sooner: `cityline axes_reset_username NAME`). Counted per account, not
# per address: a call centre shares one address.
AXES_FAILURE_LIMIT = int(env("CITYLINE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("CITYLINE_LOGIN_LOCKOUT_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that a per-account count can be dodged by an attacker who also varies other things; a
# per-address count would lock a whole call centre behind one address, so the account it is.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "console/locked_out.html"
AXES_VERBOSE = False
# A console session ends after this many idle minutes, and after SESSION_COOKIE_AGE in any case.
CONSOLE_IDLE_MINUTES = int(env("CITYLINE_CONSOLE_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = int(env("CITYLINE_SESSION_HOURS", "12")) * 3600
# Extra console navigation entries other apps add without the console importing them:
# [{"label": "Dashboards", "url": "insights:dashboard", "roles": ["supervisor", "administrator"]}]
CONSOLE_EXTRA_NAV: list[dict] = []

LOGIN_URL = "/console/login/"
LOGIN_REDIRECT_URL = "/console/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))

# A trial keeps the mail it would send as files under var/mail/ (one file per message), so the demo
# shows what residents and staff receive without flooding the terminal; production sets SMTP.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "311@example.org")

# --- oncall / notify: telephony provider, outbox delivery, the worker (docs/notifications.md) ---
# Outbound texts and calls go through the provider's REST API (the `twilio` package). Without an
# account SID they are written to the log instead (a trial install), like the console e-mail backend.
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", "")
# The provider's API address; tests point it at a local fake provider.
TWILIO_API_BASE = env("TWILIO_API_BASE", "https://api.twilio.com").rstrip("/")
CITYLINE_SMS_BACKEND = env("CITYLINE_SMS_BACKEND", "twilio" if TWILIO_ACCOUNT_SID else "console")
# Replies to e-mail go here (the 311 centre's inbox); default: the city's e-mail from the pack.
CITYLINE_REPLY_TO_EMAIL = env("CITYLINE_REPLY_TO_EMAIL", "")
# A message being sent is leased to one worker this long; a worker killed mid-send leaves it to be
# taken up again after the lease.
CITYLINE_OUTBOX_LEASE_SECONDS = int(env("CITYLINE_OUTBOX_LEASE_SECONDS", "120"))
CITYLINE_OUTBOX_MAX_ATTEMPTS = int(env("CITYLINE_OUTBOX_MAX_ATTEMPTS", "8"))
CITYLINE_WORKER_INTERVAL = float(env("CITYLINE_WORKER_INTERVAL", "2"))
# Folders with a city's own message templates (<language>/<kind>.email.txt), tried before notify's.
CITYLINE_MESSAGE_DIRS = env_list("CITYLINE_MESSAGE_DIRS", [])

# --- insights ---------------------------------------------------------------------------------
# Where `cityline export-open-data` writes the public files served under /open-data/, and the
# licence the DCAT-US catalog states for them.
CITYLINE_OPEN_DATA_DIR = Path(env("CITYLINE_OPEN_DATA_DIR", str(VAR_DIR / "open-data")))
CITYLINE_OPEN_DATA_LICENSE = env("CITYLINE_OPEN_DATA_LICENSE", "https://creativecommons.org/publicdomain/zero/1.0/")
# Figures and charts are kept until the next refresh in their own cache: Redis when there is one
# (shared by every process, and warmed by the worker after each refresh), else each process's
# memory (the database cache would cost more than the figures it keeps).
CACHES["insights"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL"), "KEY_PREFIX": "insights"}
    if env("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "insights",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
)
# The dashboards' entry in the console's menu (department staff see their own departments').
CONSOLE_EXTRA_NAV = [
    *CONSOLE_EXTRA_NAV,
    {
        "key": "insights",
        "label": _lazy("Insights"),
        "url": "insights:home",
        "roles": ["supervisor", "administrator", "department_staff"],
    },
]
# Periodic tasks `cityline worker` runs for apps above the domain: (task, seconds between runs).
CITYLINE_WORKER_JOBS = [
    ("cityline.insights.tasks.refresh", float(env("CITYLINE_INSIGHTS_REFRESH_SECONDS", "300"))),
    ("cityline.insights.tasks.export", 24 * 60 * 60.0),
]

# --- voice / sms: the phone line and text messages (docs/telephony.md) ---
# Every webhook is checked against the provider's signature, keyed with TWILIO_AUTH_TOKEN above
# (Twilio's auth token, or SignalWire's signing key: both sign the same way). With neither that nor
# the Telnyx key, the webhooks refuse every request. TWILIO_ACCOUNT_SID also fetches MMS photos
# where the provider protects media URLs with the account's credentials.
# Telnyx signs its TeXML webhooks with Ed25519 instead: the account's public key, base64.
TELNYX_PUBLIC_KEY = env("TELNYX_PUBLIC_KEY", "")
# The voices <Say> uses in each language (any name the provider knows; empty = its default).
CITYLINE_VOICE_NAMES = {"en": env("CITYLINE_VOICE_EN", "Polly.Joanna"), "es": env("CITYLINE_VOICE_ES", "Polly.Lupe")}
# "Talk to a person" dials the pack's call-centre number; name a provider queue here to <Enqueue>
# callers in it instead (a contact-centre product that takes calls from a queue).
CITYLINE_VOICE_QUEUE = env("CITYLINE_VOICE_QUEUE", "")
# Texts from one number beyond this many in the window get one polite "please wait" reply.
CITYLINE_SMS_RATE_LIMIT = int(env("CITYLINE_SMS_RATE_LIMIT", "12"))
CITYLINE_SMS_RATE_WINDOW_SECONDS = int(env("CITYLINE_SMS_RATE_WINDOW_SECONDS", "600"))
# MMS photos are fetched only from these hosts ("*." allows sub-domains) and up to this size.
CITYLINE_SMS_MEDIA_HOSTS = env_list(
    "CITYLINE_SMS_MEDIA_HOSTS",
    ["api.twilio.com", "*.twiliocdn.com", "*.amazonaws.com", "*.signalwire.com", "*.telnyx.com"],
)
CITYLINE_SMS_MEDIA_MAX_BYTES = int(env("CITYLINE_SMS_MEDIA_MAX_BYTES", str(5 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"cityline": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO"), "propagate": False}},
}

# --- open311: the GeoReport v2 API (docs/api.md) ---
# Requests a minute allowed to one API key (a key may carry its own); calls without a key, counted
# per client address (0 = not limited here, e.g. when the city's proxy limits them).
OPEN311_RATE_LIMIT = int(env("OPEN311_RATE_LIMIT", "600"))
OPEN311_ANONYMOUS_RATE_LIMIT = int(env("OPEN311_ANONYMOUS_RATE_LIMIT", "0"))
# Take the client address from X-Forwarded-For (only behind a proxy that sets it).
OPEN311_TRUST_FORWARDED_FOR = env_bool("OPEN311_TRUST_FORWARDED_FOR", False)
# The discovery document's key_service: where developers ask for a key (a URL or a sentence).
OPEN311_KEY_SERVICE = env("OPEN311_KEY_SERVICE", "")
# --- portal (resident web pages) -----------------------------------------------------------------
# The resident's language choice is kept for a year (Django's default forgets it with the browser).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Reports a client may send: "N/period" with period s, m, h or d (e.g. "10/h", "30/d").
CITYLINE_REPORT_RATE = env("CITYLINE_REPORT_RATE", "10/h")
# Follow requests and directory corrections share a second, looser limit.
CITYLINE_FORM_RATE = env("CITYLINE_FORM_RATE", "30/h")
# Behind a proxy, the header that carries the client's address (e.g. HTTP_X_REAL_IP); by default the
# connection's address.
CITYLINE_CLIENT_IP_HEADER = env("CITYLINE_CLIENT_IP_HEADER", "REMOTE_ADDR")
CITYLINE_PHOTO_MAX_BYTES = int(env("CITYLINE_PHOTO_MAX_MB", "10")) * 1024 * 1024
CITYLINE_PHOTOS_PER_REPORT = int(env("CITYLINE_PHOTOS_PER_REPORT", "3"))
# Address search uses the city's address points; "census" also asks the U.S. Census Bureau's
# geocoder for addresses the city's list lacks (results outside the city limits are dropped).
CITYLINE_GEOCODER = env("CITYLINE_GEOCODER", "")
CITYLINE_GEOCODER_URL = env(
    "CITYLINE_GEOCODER_URL", "https://geocoding.geo.census.gov/geocoder/locations/onelineaddress"
)
# The report map draws the city limits and districts from the pack with no tile server; a tile URL
# template ("https://tiles.example.org/{z}/{x}/{y}.png") and its attribution add a street map.
CITYLINE_MAP_TILES = env("CITYLINE_MAP_TILES", "")
CITYLINE_MAP_ATTRIBUTION = env("CITYLINE_MAP_ATTRIBUTION", "")
