"""One env-driven settings file (style: healthchecks' envbool/envint helpers that fail loudly).

Environment:
  DATABASE_URL            default sqlite:///$LAYOFFWATCH_DATA_DIR/layoffwatch.sqlite3
  LAYOFFWATCH_DATA_DIR    default ./var (SQLite, data lake, uploads, huey queue, secret key)
  SECRET_KEY              default: generated once into $LAYOFFWATCH_DATA_DIR/secret_key
  LAYOFFWATCH_AUDIT_KEYS  "id:secret,..." keys of the audit log's MAC, newest first (ADR 0084)
  DEBUG                   true/false (default false)
  ALLOWED_HOSTS           comma separated (default 127.0.0.1,localhost)
  REDIS_URL               when set, the task queue and the cache run on Redis (not SQLite / files)
  EMAIL_HOST (+ EMAIL_*)  SMTP for notifications; no email unless set (ADR 0041)
  NOTIFY_WEBHOOK_URLS     group-chat robots, comma separated ("feishu:" prefix for 飞书)
  SITE_URL                absolute address for links in emails and robot messages
  LAYOFFWATCH_PUBLIC_BASE_URL  address the QR codes of the public report form point to, one a
                          phone can open (default: the address the staff page was asked on)
  LAYOFFWATCH_BUREAU_PHONE  the bureau's phone number printed on the QR notice (default: none)

Production (behind TLS; `layoffwatch check --deploy` reports no issue when these are set):
  SECURE_COOKIES=true  SECURE_SSL_REDIRECT=true  SECURE_HSTS_SECONDS=31536000
  SECURE_HSTS_INCLUDE_SUBDOMAINS=true  SECURE_HSTS_PRELOAD=true (only if every subdomain is HTTPS)
  BEHIND_TLS_PROXY=true when a reverse proxy terminates TLS and sets X-Forwarded-Proto (the
  client's address for the login lockout is then the last X-Forwarded-For entry; ADR 0004).
All default off, so that the demo runs over plain http://127.0.0.1:8000. /healthz and /readyz
are never redirected (load balancers probe them over plain HTTP).

A bad value stops the program at start-up with a message naming the variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true/false)")


def envint(name: str, default: str, *, minimum: int | None = None) -> int:
    value = os.getenv(name, default)
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer")
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}")
    return number


DATA_DIR = Path(os.getenv("LAYOFFWATCH_DATA_DIR") or Path.cwd() / "var").resolve()
if DATA_DIR.exists() and not DATA_DIR.is_dir():
    raise ImproperlyConfigured(f"LAYOFFWATCH_DATA_DIR={DATA_DIR} exists and is not a directory")
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(f"LAYOFFWATCH_DATA_DIR={DATA_DIR} cannot be created: {exc}")
if not os.access(DATA_DIR, os.W_OK):
    raise ImproperlyConfigured(f"LAYOFFWATCH_DATA_DIR={DATA_DIR} is not writable")
LAKE_DIR = DATA_DIR / "lake"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

DEBUG = envbool("DEBUG", "false")


def _secret_key() -> str:
    key = os.getenv("SECRET_KEY")
    if key is not None:
        if len(key) < 32:
            raise ImproperlyConfigured(
                f"SECRET_KEY must be at least 32 characters long (it has {len(key)})"
            )
        return key
    # why: the demo must run with nothing configured, yet never with a key known from the source.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Key for the keyed hash of personal ID numbers (ADR 0061) and for field encryption; SECRET_KEY unless set.
PII_KEY = os.getenv("LAYOFFWATCH_PII_KEY") or SECRET_KEY

ALLOWED_HOSTS = [
    h.strip() for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

_db_url = os.getenv("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'layoffwatch.sqlite3'}"
if _db_url.split(":", 1)[0] not in ("sqlite", "postgres", "postgresql", "pgsql"):
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {_db_url.split(':', 1)[0]!r} is not supported (sqlite or postgres)"
    )
try:
    _db = dj_database_url.parse(_db_url, conn_max_age=envint("DB_CONN_MAX_AGE", "0", minimum=0))
except ImproperlyConfigured:
    raise
except Exception as exc:  # dj_database_url raises several types
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + synchronous=FULL: a receipt shown is a row on disk (durability over raw speed).
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    _db.setdefault("TEST", {})["NAME"] = os.getenv("SQLITE_TEST_NAME") or None
else:
    _db.setdefault("TEST", {})
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "layoffwatch.core",
    "layoffwatch.audit",
    "layoffwatch.accounts",
    "layoffwatch.reference",
    "layoffwatch.policy",
    "layoffwatch.enterprises",
    "layoffwatch.reporting",
    "layoffwatch.monitoring",
    "layoffwatch.alerts",
    "layoffwatch.response",
    "layoffwatch.notifications",
    "layoffwatch.assistance",
    "layoffwatch.rights",
    "layoffwatch.credit",
    "layoffwatch.opinion",
    "layoffwatch.analysis",
    "layoffwatch.dashboard",
    "layoffwatch.api",
    "layoffwatch.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "layoffwatch.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "layoffwatch.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",  # ADR 0094: public pages in urls.py
]

ROOT_URLCONF = "layoffwatch.urls"
WSGI_APPLICATION = "layoffwatch.wsgi.application"

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
                "layoffwatch.dashboard.context.navigation",
                "layoffwatch.notifications.context.unread_notifications",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "layoffwatch.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Argon2 cost (Django's defaults); a test run may lower them, never a deployment (see hashers.py).
ARGON2_TIME_COST = envint("ARGON2_TIME_COST", "2", minimum=1)
ARGON2_PARALLELISM = envint("ARGON2_PARALLELISM", "8", minimum=1)  # lanes, each a thread
ARGON2_MEMORY_KIB = envint(
    "ARGON2_MEMORY_KIB", "102400", minimum=8 * ARGON2_PARALLELISM
)  # >= 8 KiB per lane
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["layoffwatch.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login lockout (ADR 0004): this many failures for one username from one client address within
# the window lock that pair (not the username) for the window.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", "5", minimum=1)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", "15", minimum=1)
# Slow-down (ADR 0004): once a username has this many failures from all addresses within the
# window, an address that has failed for it waits this many seconds between attempts.
LOGIN_SLOWDOWN_AFTER = envint("LOGIN_SLOWDOWN_AFTER", "10", minimum=1)
LOGIN_SLOWDOWN_SECONDS = envint("LOGIN_SLOWDOWN_SECONDS", "30", minimum=1)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", "false")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0", minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest spreadsheet an import accepts (bytes).
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(20 * 1024 * 1024), minimum=1)
# Largest attachment of each kind, in bytes, judged after its content was recognised (ADR 0086):
# scans, photos and documents 10 MB (UPLOAD_MAX_BYTES), a roster spreadsheet 5 MB.
_UPLOAD_MAX = envint("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024), minimum=1)
UPLOAD_MAX_BYTES = {
    "pdf": _UPLOAD_MAX,
    "jpeg": _UPLOAD_MAX,
    "png": _UPLOAD_MAX,
    "docx": _UPLOAD_MAX,
    "doc": _UPLOAD_MAX,
    "xls": _UPLOAD_MAX,
    "xlsx": envint("UPLOAD_MAX_BYTES_XLSX", str(5 * 1024 * 1024), minimum=1),
}

# Task queue (ADR 0003): Huey on SQLite under the data dir by default, Redis when REDIS_URL is set.
REDIS_URL = os.getenv("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://"
    )
HUEY = {
    "name": "layoffwatch",
    "immediate": envbool("HUEY_IMMEDIATE", "false"),
    "utc": True,
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")})

# Cache (ADR 0040): the public QR form's rate limit must count one client across every app
# process (gunicorn runs several) and survive a restart — Redis when REDIS_URL is set
# (production), otherwise files under the data dir, shared by the processes of one machine.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "layoffwatch",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# Audit log (ADR 0046): independent hash chains; each process appends to one of them.
AUDIT_CHAINS = envint("AUDIT_CHAINS", "16", minimum=1)


def _audit_keys() -> dict[int, str]:
    """LAYOFFWATCH_AUDIT_KEYS="2:new-secret,1:old-secret": the first key signs new audit entries,
    the others still verify the entries and anchors they signed (ADR 0084). Default: key 1 is
    SECRET_KEY (a subkey is derived from it for the audit log alone)."""
    value = os.getenv("LAYOFFWATCH_AUDIT_KEYS", "").strip()
    if not value:
        return {1: SECRET_KEY}
    keys: dict[int, str] = {}
    for item in value.split(","):
        key_id, sep, secret = item.strip().partition(":")
        if not (sep and key_id.isdigit() and 1 <= int(key_id) <= 32767):
            raise ImproperlyConfigured(
                "LAYOFFWATCH_AUDIT_KEYS must be id:secret pairs separated by commas, "
                "the id an integer 1..32767"
            )
        if len(secret) < 32 or int(key_id) in keys:
            raise ImproperlyConfigured(
                f"LAYOFFWATCH_AUDIT_KEYS: key {key_id} must be at least 32 characters long "
                "and its id used once"
            )
        keys[int(key_id)] = secret
    return keys


AUDIT_KEYS = _audit_keys()
AUDIT_KEY_ID = next(iter(AUDIT_KEYS))  # the key that signs new entries
# Checkpoints of the chains' heads outside the database (ADR 0084): an append-only file and a
# dated digest per day. Put them on another volume (or ship the digests off the host) if you can.
AUDIT_ANCHOR_FILE = Path(
    os.getenv("LAYOFFWATCH_AUDIT_ANCHOR_FILE") or DATA_DIR / "audit-anchors.log"
).resolve()
AUDIT_DIGEST_DIR = Path(
    os.getenv("LAYOFFWATCH_AUDIT_DIGEST_DIR") or DATA_DIR / "audit-digests"
).resolve()

# Notifications (ADR 0041): in-app at once; email and group-chat robots through the task queue.
# Email goes out only when EMAIL_HOST is set (Django's SMTP backend and its EMAIL_* settings).
EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "25", minimum=1)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
DEFAULT_FROM_EMAIL = SERVER_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "layoffwatch@localhost")
EMAIL_SUBJECT_PREFIX = "[潼南区规模性失业监测预警] "
# Group-chat robots besides the ones kept in the admin: comma separated; "feishu:" marks 飞书.
NOTIFY_WEBHOOK_URLS = [
    u.strip() for u in os.getenv("NOTIFY_WEBHOOK_URLS", "").split(",") if u.strip()
]
for _url in NOTIFY_WEBHOOK_URLS:
    if not _url.removeprefix("feishu:").startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"NOTIFY_WEBHOOK_URLS: {_url!r} is not an http(s) URL")
NOTIFY_MAX_ATTEMPTS = envint("NOTIFY_MAX_ATTEMPTS", "6", minimum=1)
NOTIFY_RETRY_DELAY = envint("NOTIFY_RETRY_DELAY", "30", minimum=0)  # seconds, doubled each retry
NOTIFY_SEND_TIMEOUT = envint("NOTIFY_SEND_TIMEOUT", "10", minimum=1)
# The address links in emails and robot messages start with, e.g. https://layoffwatch.example.
SITE_URL = os.getenv("SITE_URL", "").rstrip("/")
# plan S3.1.2: the QR code of an enterprise's public report form encodes this address, the one
# a phone can open (e.g. https://report.tongnan.example); unset, the address the staff page was
# asked on (a loopback one is flagged on the QR page: printed, no phone could open it).
PUBLIC_BASE_URL = os.getenv("LAYOFFWATCH_PUBLIC_BASE_URL", "").strip().rstrip("/")
if PUBLIC_BASE_URL and not PUBLIC_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"LAYOFFWATCH_PUBLIC_BASE_URL={PUBLIC_BASE_URL} must start with http:// or https://"
    )
# The bureau's phone number for the QR notice; unset, the notice prints no number (never a
# made-up one).
BUREAU_PHONE = os.getenv("LAYOFFWATCH_BUREAU_PHONE", "").strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
