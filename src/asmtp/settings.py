"""Django settings, read from the environment with safe defaults.

Two modes (``ASMTP_ENV``): ``development`` (the default: the embedded SQLite database, a
generated secret key kept in the data folder, e-mail to files) and ``production`` (every
insecure value refused at start). See docs/configuration.md for every variable.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from asmtp.config import env_bool, env_list, read_secret
from asmtp.logs import logging_settings

PACKAGE_DIR = Path(__file__).resolve().parent

# pytest (8.2+) announces itself in PYTEST_VERSION before any settings are read.
ENVIRONMENT = os.environ.get("ASMTP_ENV", "test" if "PYTEST_VERSION" in os.environ else "development").strip().lower()
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"ASMTP_ENV must be development, production or test, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

# Everything the service writes (database, documents, keys, mail) lives under one folder.
# Tests get a fresh folder of their own so they never touch a developer's demo data.
if "ASMTP_DATA_DIR" in os.environ:
    DATA_DIR = Path(os.environ["ASMTP_DATA_DIR"]).resolve()
elif ENVIRONMENT == "test":
    DATA_DIR = Path(tempfile.mkdtemp(prefix="asmtp-test-"))
else:
    DATA_DIR = (Path.cwd() / "data").resolve()

DEBUG = env_bool("ASMTP_DEBUG", default=not PRODUCTION)

# --- secret key -----------------------------------------------------------------------------
SECRET_KEY = read_secret("ASMTP_SECRET_KEY", "ASMTP_SECRET_KEY_FILE")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Production needs ASMTP_SECRET_KEY or ASMTP_SECRET_KEY_FILE (at least 50 characters).")
    # Development: generate once and keep it beside the data, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ASMTP_ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("ASMTP_CSRF_TRUSTED_ORIGINS", default=[])

# --- policy edition -------------------------------------------------------------------------
ASMTP_EDITION = os.environ.get("ASMTP_EDITION", "direct").strip().lower()
if ASMTP_EDITION not in {"direct", "immd"}:
    raise ImproperlyConfigured(f"ASMTP_EDITION must be 'direct' or 'immd', not {ASMTP_EDITION!r}")

# --- database -------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{DATA_DIR / 'asmtp.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_SQLITE)
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0 if DATABASE_URL.startswith("sqlite") else 60, conn_health_checks=True)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server and the job worker read while the other writes; IMMEDIATE
    # transactions take the write lock up front, so concurrent writers wait their turn (up to
    # `timeout` seconds) instead of failing half-way through a transaction.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
_db["ATOMIC_REQUESTS"] = False
# Tests on SQLite use a file, not memory, so that worker and server processes a test starts
# see the same database, as they would in production.
_test_name = os.environ.get("ASMTP_TEST_DATABASE_NAME") or (
    str(DATA_DIR / "test-db.sqlite3") if _db["ENGINE"] == "django.db.backends.sqlite3" else None
)
_db["TEST"] = {"NAME": _test_name}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "asmtp.accounts",
    "asmtp.audit",
    "asmtp.policystore",
    "asmtp.employers",
    "asmtp.cases",
    "asmtp.portal",
    "asmtp.workbench",
    "asmtp.evisa",
    "asmtp.payments",
    "asmtp.analytics",
    "asmtp.analytics.simulations",
    "asmtp.privacy",
    "asmtp.api",
    "asmtp.jobs",
    "asmtp.security",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # Last: translations of apps listed first win, and ours must win over the admin's.
    "django.contrib.admin",
]

MIDDLEWARE = [
    "asmtp.web.request_log.RequestLogMiddleware",  # the access log: one line per request, timed
    "asmtp.web.health.HealthCheckMiddleware",  # first: load balancers probe over plain HTTP by address
    "asmtp.web.metrics.MetricsMiddleware",  # /metrics, scraped over plain HTTP by address (allowed ones only)
    "asmtp.web.head_requests.HeadAsGetMiddleware",  # HEAD wherever GET is answered
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "asmtp.web.private_responses.PrivateResponsesMiddleware",  # no-store for signed-in users and the API
    "asmtp.web.load_shedding.LoadSheddingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "asmtp.security.requests.UploadLimitsMiddleware",  # too many files: a clear page, not a bare 400
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "asmtp.security.sessions.SessionLifetimeMiddleware",
    "asmtp.security.two_factor.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "asmtp.web.middleware.DatabaseUnavailableMiddleware",
    "asmtp.web.load_shedding.ConnectionExhaustionMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "asmtp.urls"
WSGI_APPLICATION = "asmtp.wsgi.application"

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
                "asmtp.web.context.site",
            ],
            # |day |moment |hkd |grouped: dates and money as each language writes them
            "builtins": ["asmtp.web.formats"],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "signed_in"  # staff on to their own area (asmtp.web.views.signed_in)
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # Argon2id
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if ENVIRONMENT == "test":  # Argon2id still, at the lowest cost: see TestSuiteArgon2PasswordHasher
    PASSWORD_HASHERS = ["asmtp.security.passwords.TestSuiteArgon2PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "asmtp.security.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "asmtp.security.throttling.SignInThrottleBackend",  # django-axes: lockout check first
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (docs/security.md, asmtp/security/throttling.py). Per client address:
# ASMTP_SIGN_IN_ADDRESS_FAILURE_LIMIT failures (any accounts: a password spray) lock that address
# out for 15 minutes. Per account: after ASMTP_SIGN_IN_FAILURE_LIMIT failures each further try
# waits longer (a delay, never a lock; failures elsewhere never delay the owner at an address
# they signed in from before). The answer never says whether the address has an account.
ASMTP_SIGN_IN_FAILURE_LIMIT = int(os.environ.get("ASMTP_SIGN_IN_FAILURE_LIMIT", "5"))
ASMTP_SIGN_IN_DELAY_SECONDS = (30, 10 * 60)  # the first delay, doubling up to the longest
# Django's cache is the database's (a table made by a migration of asmtp.security), so every
# web process on every node counts the same rate limits; nothing else is cached in it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "asmtp_cache",
        # One row per client address and minute: a busy minute must not cull counts still in use.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# The public self-check API (POST /api/v1/assessments): requests per client address per minute,
# counted in that cache; 0 turns it off. Off in tests, which post from one address far faster;
# the limit's own tests turn it on.
ASMTP_ASSESSMENTS_PER_MINUTE = int(
    os.environ.get("ASMTP_ASSESSMENTS_PER_MINUTE", "0" if ENVIRONMENT == "test" else "60")
)
# The client address: REMOTE_ADDR, or with N proxies in front that each append to
# X-Forwarded-For, the N-th address from its right (what the nearest trusted proxy saw).
ASMTP_TRUSTED_PROXY_HOPS = int(os.environ.get("ASMTP_TRUSTED_PROXY_HOPS", "0"))
AXES_CLIENT_IP_CALLABLE = "asmtp.security.throttling.client_address"
ASMTP_INVITATIONS_PER_COMPANY_HOUR = int(os.environ.get("ASMTP_INVITATIONS_PER_COMPANY_HOUR", "20"))
AXES_FAILURE_LIMIT = int(os.environ.get("ASMTP_SIGN_IN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_USERNAME_CALLABLE = "asmtp.security.throttling.sign_in_name"
AXES_LOCKOUT_CALLABLE = "asmtp.security.throttling.locked_out"
# A success must not wipe an address's count (an attacker would sign in to their own account
# between sprays); the account's own failures from that address are forgotten instead.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused tries do not lengthen a lock
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Staff (officers, analysts, administrators) must pass a TOTP second factor. On in production;
# off by default in development and tests so the demo and password-only test sign-ins work.
ASMTP_REQUIRE_STAFF_2FA = env_bool("ASMTP_REQUIRE_STAFF_2FA", default=PRODUCTION)
OTP_TOTP_ISSUER = "ASMTP"
# Staff passkeys (WebAuthn): the relying party id, a registrable domain such as "asmtp.gov.hk".
# Empty: the host the page was served from. Passkeys are bound to it, so changing it later
# means staff enrol their passkeys again (docs/security.md).
ASMTP_WEBAUTHN_RP_ID = os.environ.get("ASMTP_WEBAUTHN_RP_ID", "")
ASMTP_STAFF_IDLE_SECONDS = 30 * 60
ASMTP_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60

# --- languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hant", _("Traditional Chinese")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Hong_Kong"
USE_TZ = True

# --- static files and documents -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("ASMTP_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": str(DATA_DIR / "documents")}
        if "ASMTP_STORAGE_BACKEND" not in os.environ
        else {},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# A write-once copy of every signed audit checkpoint (ADR 0004), through any Django storage
# backend: in production an object store with object lock (django-storages' S3Storage, say).
# Unset, the checkpoints are kept in their log under the data folder only.
if os.environ.get("ASMTP_AUDIT_CHECKPOINT_STORAGE_BACKEND"):
    STORAGES["audit_checkpoints"] = {
        "BACKEND": os.environ["ASMTP_AUDIT_CHECKPOINT_STORAGE_BACKEND"],
        "OPTIONS": json.loads(os.environ.get("ASMTP_AUDIT_CHECKPOINT_STORAGE_OPTIONS", "{}")),
    }
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "documents"
ASMTP_KEYS_DIR = Path(os.environ.get("ASMTP_KEYS_DIR", DATA_DIR / "keys"))
# Signed checkpoints of the audit chain (ADR 0004): appended to this file (never rewritten), one
# after every N audit entries (0: only when the scheduled job runs) and published at /audit/checkpoint.
ASMTP_AUDIT_KEYS_DIR = ASMTP_KEYS_DIR / "audit"  # its signing key, beside the e-Visa keys
ASMTP_AUDIT_CHECKPOINT_LOG = Path(os.environ.get("ASMTP_AUDIT_CHECKPOINT_LOG", DATA_DIR / "audit" / "checkpoints.log"))
ASMTP_AUDIT_CHECKPOINT_EVERY = int(os.environ.get("ASMTP_AUDIT_CHECKPOINT_EVERY", "0" if ENVIRONMENT == "test" else "100"))
ASMTP_UPLOAD_MAX_BYTES = int(os.environ.get("ASMTP_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FILES = 20
ASMTP_UPLOAD_MAX_PIXELS = int(os.environ.get("ASMTP_UPLOAD_MAX_PIXELS", str(40_000_000)))  # pixel-flood limit
# Optional ClamAV: the path of clamd's Unix socket. When set, every upload is scanned and
# refused if the scanner cannot be reached (fail closed).
ASMTP_CLAMD_SOCKET = os.environ.get("ASMTP_CLAMD_SOCKET", "")
# Fees are paid by FPS to the department's FPS identifier (a proxy ID its bank registers).
ASMTP_FPS_ID = os.environ.get("ASMTP_FPS_ID", "1234567").strip()
ASMTP_FPS_MERCHANT_NAME = os.environ.get("ASMTP_FPS_MERCHANT_NAME", "IMMIGRATION DEPARTMENT").strip()
# The service's address as the public reaches it, for links in letters written outside a request.
ASMTP_SITE_URL = os.environ.get("ASMTP_SITE_URL", "http://localhost:8000").strip().rstrip("/")
# The audit chain's name in its signed checkpoints (and their key's name): fixed when the key is made.
ASMTP_AUDIT_ORIGIN = os.environ.get("ASMTP_AUDIT_ORIGIN", "").strip() or f"{ASMTP_SITE_URL.split('://', 1)[-1]}/audit-chain"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- background jobs ------------------------------------------------------------------------
# The database backend needs no extra server (SQLite in the embedded mode) and scales to many
# workers on many machines against PostgreSQL (SELECT ... FOR UPDATE SKIP LOCKED): ADR 0001.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "reports"],
    }
}
# /readyz fails when the oldest job ready to run has waited longer than this (seconds; 0: never).
ASMTP_READY_MAX_JOB_AGE = int(os.environ.get("ASMTP_READY_MAX_JOB_AGE", "900"))

# --- metrics (/metrics, asmtp.web.metrics) --------------------------------------------------
# Collectors of the service's own figures, read from the database when /metrics is scraped.
ASMTP_METRICS_COLLECTORS = ["asmtp.operations.service_figures.ServiceFiguresCollector"]
# Answered to these addresses (comma-separated addresses or networks) or to a request carrying
# `Authorization: Bearer <ASMTP_METRICS_TOKEN>`; 404 to anyone else. Loopback outside production
# only: in production a reverse proxy on the same host would make every visitor 127.0.0.1.
ASMTP_METRICS_TOKEN = os.environ.get("ASMTP_METRICS_TOKEN", "")
ASMTP_METRICS_ALLOWED_IPS = [
    item.strip()
    for item in os.environ.get("ASMTP_METRICS_ALLOWED_IPS", "" if PRODUCTION else "127.0.0.1,::1").split(",")
    if item.strip()
]
# Every process (gunicorn's workers, the job workers) writes its request and job figures here,
# and /metrics adds them up (prometheus_client's multiprocess mode, chosen by this variable
# before the first metric is made). `asmtp serve` and `demo` give each run a folder of its own
# inside it and pass it on to their processes in this variable (asmtp.web.metrics).
ASMTP_METRICS_DIR = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(DATA_DIR / "metrics")))

# --- e-mail ---------------------------------------------------------------------------------
if os.environ.get("ASMTP_EMAIL_URL", "").startswith("smtp"):
    from urllib.parse import unquote, urlparse

    _mail = urlparse(os.environ["ASMTP_EMAIL_URL"])
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 587
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme == "smtp+tls"
    EMAIL_USE_SSL = _mail.scheme == "smtps"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("ASMTP_FROM_EMAIL", "asmtp-noreply@example.gov.hk")
# Where the accessibility statement tells people to report a barrier (a monitored mailbox).
ASMTP_ACCESSIBILITY_CONTACT = os.environ.get("ASMTP_ACCESSIBILITY_CONTACT", "accessibility@example.gov.hk")

# --- security -------------------------------------------------------------------------------
SESSION_ENGINE = "asmtp.security.session_store"  # Django's database sessions with the account as a column
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute lifetime of a session: 12 hours
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("ASMTP_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("ASMTP_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("ASMTP_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Refuse to start with an insecure setting rather than run with it.
    _problems = []
    if DEBUG:
        _problems.append("ASMTP_DEBUG must be off")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        _problems.append("the secret key must be at least 50 random characters")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        _problems.append("ASMTP_ALLOWED_HOSTS must list the service's host names (no '*')")
    if _problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(_problems) + ".")

# Content-Security-Policy without 'unsafe-inline': scripts and styles come from our own static
# files only. blob:/data: images let the e-Visa verifier preview a chosen QR image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'self'"],
    }
}

# Logs (asmtp.logs): JSON lines in production, readable lines otherwise; ASMTP_LOG_FORMAT=json|console.
LOGGING_CONFIG = "asmtp.logs.configure"
LOGGING = logging_settings(
    json_lines=os.environ.get("ASMTP_LOG_FORMAT", "json" if PRODUCTION else "console").strip().lower() == "json",
    level=os.environ.get("ASMTP_LOG_LEVEL", "INFO").strip().upper(),
)
