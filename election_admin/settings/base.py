"""Base settings, driven by environment variables with embedded-default fallbacks.

Embedded default: SQLite under ``var/`` and kombu's ``filesystem://`` broker, so
one laptop runs web, worker and beat with no other service. Production sets
``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL`` (Redis).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Project apps come first: their translation catalogues then take precedence over
# third-party ones for common words ("Name", "Status" …).
INSTALLED_APPS = [
    "core",
    "villages",
    "stages",
    "candidates",
    "elections",
    "discipline",
    "supervision",
    "notifications",
    "bulletins",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "django_celery_beat",
    "axes",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "core.security.IdParameterMiddleware",
    "core.request_cache.RequestCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Axes must be last: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "election_admin.urls"
WSGI_APPLICATION = "election_admin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many writers on one file (web threads, the worker, beat): WAL lets readers
    # go on while one writes; IMMEDIATE takes the write lock when a transaction
    # begins, so a transaction that read first never fails on upgrading to a
    # write ("database is locked" at once, whatever the timeout); writers queue
    # for up to ``timeout`` seconds (SQLite's busy timeout) instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
            "transaction_mode": os.environ.get("SQLITE_TRANSACTION_MODE", "IMMEDIATE"),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# Argon2id first (see core/hashers.py); the others verify older hashes, which are
# re-hashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "core.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions expire after a working day and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Failed-login rate limiting (django-axes): 5 failures per user+IP lock for 30 min.
# The IP is the real client's (core.security.client_ip): behind TRUSTED_PROXY_COUNT
# reverse proxies it is read from X-Forwarded-For, so failures from an attacker's
# machine lock only that machine's attempts at the username, never the user.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Wrong current passwords on the password-change form (core.security).
PASSWORD_CHANGE_FAILURE_LIMIT = int(
    os.environ.get("PASSWORD_CHANGE_FAILURE_LIMIT", "5")
)
PASSWORD_CHANGE_COOLOFF_MINUTES = int(
    os.environ.get("PASSWORD_CHANGE_COOLOFF_MINUTES", "30")
)
# Everything is served from this site (vendored CSS/JS, no CDN): scripts only
# from static files; inline style attributes stay allowed (Bootstrap utilities,
# Chart.js); data: images are Bootstrap's SVG icons in CSS.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
)
# /healthz gives the load balancer the status only; staff users and callers with
# this token (header X-Healthz-Token or ?token=) also see each check's details.
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["election_admin.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded files live outside the web root and are served only through views
# that check the user's scope (core.views.protected_media); there is no MEDIA_URL
# route that serves them directly.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))
MEDIA_URL = "/files/"
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Off only while restoring a backup: the backup already holds every history row,
# and loaddata would otherwise add new history rows for many-to-many fields.
SIMPLE_HISTORY_ENABLED = env_bool("SIMPLE_HISTORY_ENABLED", True)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery -----------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("in", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "in"),
        "data_folder_out": str(BROKER_DIR / "in"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # Broadcast/control messages (worker pings, remote control) live here too,
        # not in the current directory.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Acknowledge after the task ran, so a worker killed mid-task leaves the message
# for another worker; tasks are idempotent (outbox rows, status guards).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "300"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "360"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Roster (and voter-register) imports have their own queue so a burst of
# reminders never delays a clerk's import: workers run ``-Q celery,imports``.
CELERY_TASK_ROUTES = {"villages.roster_import_*": {"queue": "imports"}}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# --- Email and SMS -------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "huanjietong@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Dotted path of the SMS backend class; the default writes messages to a log file.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "notifications.sms.LogSmsBackend")
SMS_LOG_FILE = Path(os.environ.get("SMS_LOG_FILE", VAR_DIR / "sms.log"))
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")

# --- Logging: one JSON object per line ---------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Product settings ---------------------------------------------------------------
# Roles that see full ID and phone numbers (SPEC §2: masked for everyone else).
PERSONAL_DATA_FULL_ROLES = ("office",)
DEMO_PASSWORD = "huanjie2021"

# Checks reported by /healthz (see core.health); apps append their own.
HEALTH_CHECKS = ["core.health.database", "core.health.broker"]

# --- notifications (reminder outbox, channels, scan, digest, health) ---------------
# Hour (Beijing time) of the daily digest for users who chose a digest; each user
# may pick another hour in their preferences.
NOTIFICATIONS_DIGEST_HOUR = int(os.environ.get("NOTIFICATIONS_DIGEST_HOUR", "8"))
# Overdue for this many days escalates to the guidance-group leader and the 督察组,
# unless the round's rule set has ``escalate_overdue_days``.
NOTIFICATIONS_ESCALATE_OVERDUE_DAYS = int(
    os.environ.get("NOTIFICATIONS_ESCALATE_OVERDUE_DAYS", "3")
)
# A row left "being delivered" longer than this (a killed worker) is delivered again;
# must exceed the delivery task's hard time limit (90 s).
NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS = int(
    os.environ.get("NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS", "300")
)
# Outbox rows per delivery task: a thousand reminders are twenty broker messages.
NOTIFICATIONS_DELIVERY_BATCH = int(os.environ.get("NOTIFICATIONS_DELIVERY_BATCH", "50"))
# outbox_flush re-queues rows still pending after this long (a lost broker message).
NOTIFICATIONS_FLUSH_GRACE_SECONDS = int(
    os.environ.get("NOTIFICATIONS_FLUSH_GRACE_SECONDS", "120")
)
# The status page and /healthz flag the worker as silent after this many minutes.
NOTIFICATIONS_HEARTBEAT_STALE_MINUTES = int(
    os.environ.get("NOTIFICATIONS_HEARTBEAT_STALE_MINUTES", "10")
)
# Absolute links in emails and SMS; set to the address users open in production.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# HTTP SMS gateway (notifications.sms.HttpSmsBackend) request timeout in seconds.
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
HEALTH_CHECKS += ["notifications.health.reminders"]

# --- Discipline and reports (discipline app, issue 8) ----------------------------------
# Working days to verify a report when the township has no round with the rule
# ``report_verify_days`` (DOMAIN §5: 查结时间一般不超过5个工作日).
DISCIPLINE_REPORT_VERIFY_DAYS = int(
    os.environ.get("DISCIPLINE_REPORT_VERIFY_DAYS", "5")
)
# Most working days one approved extension may add to a verification deadline.
DISCIPLINE_EXTENSION_MAX_DAYS = int(
    os.environ.get("DISCIPLINE_EXTENSION_MAX_DAYS", "10")
)
# Days overdue after which report reminders also go to the leading group, when the
# round's rules have no ``escalate_overdue_days``.
DISCIPLINE_ESCALATE_DAYS = int(os.environ.get("DISCIPLINE_ESCALATE_DAYS", "3"))
# Calendar days to handle a public-opinion record (舆情), by risk level (早发现、早处置).
DISCIPLINE_OPINION_DAYS = {"high": 1, "medium": 3, "low": 7}

# --- Candidate vetting (candidates app) ----------------------------------------------
# Pre-check of a nominee's age on the election day: under the minimum has no right
# to stand (组织法 第十三条); above the upper age is flagged as a local practice (BK).
VETTING_MIN_AGE = int(os.environ.get("VETTING_MIN_AGE", "18"))
VETTING_MAX_AGE = int(os.environ.get("VETTING_MAX_AGE", "60"))
