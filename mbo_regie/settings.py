"""MBO Regie settings: one module, driven by environment variables only.

Every variable is listed with its default in the README table. Nothing is production-only:
`DEBUG` and the URLs decide the behaviour.
"""

import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local, git-ignored .env may hold developer settings (see .env.example).
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")
TESTING = "pytest" in sys.modules

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A fixed key is fine for local development and tests only.
    SECRET_KEY = "dev-only-insecure-key-mbo-regie"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "django_celery_beat",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "mbo_regie.accounts",
    "mbo_regie.audit",
    "portfolio",
    "portfolio.proposals",
    "arbitration",
    "werkagenda",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mbo_regie.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mbo_regie.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mbo_regie.security.SessionIdleTimeoutMiddleware",
    "mbo_regie.audit.middleware.AuditMiddleware",
    "mbo_regie.middleware.PortalLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "mbo_regie.urls"
WSGI_APPLICATION = "mbo_regie.wsgi.application"

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
                "mbo_regie.context_processors.portal",
                "portfolio.proposals.context_processors.inbox",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the in-process worker and the web server share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The portal's tables fit in memory (or sit on SSD), where a random read costs about
        # what a sequential one does; PostgreSQL's default of 4 makes the planner scan 53,000
        # enrolments instead of looking up one institution's 1,600 (7.5 ms -> 1.2 ms).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "mbo_regie.accounts.backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Tests create hundreds of users; the default PBKDF2 costs ~0.3 s per password there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
DEMO_PASSWORD = env("DEMO_PASSWORD", default="regie-demo-2025")

# Internationalisation: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Redis: broker and cache when REDIS_URL is set; otherwise Celery runs tasks in process.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Falls back to process memory while Redis is down (pages keep working; mbo_regie/cache.py).
    CACHES = {"default": {"BACKEND": "mbo_regie.cache.ResilientRedisCache",
                          "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No caller reads a task result (runs and notifications keep their state in the database).
# Without this every send also subscribes to the Redis result backend, which blocks the request
# for ~20 s of reconnect retries while Redis is down.
CELERY_TASK_IGNORE_RESULT = True
# Sending a task gives up on an unreachable broker within about a second (the senders then do
# the work in process) instead of retrying for many seconds inside a web request.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5,
                                   "interval_max": 0.5}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "indicators-nightly": {"task": "portfolio.tasks.request_nightly_indicators",
                           "schedule": crontab(hour=2, minute=30)},
    "indicators-recover": {"task": "portfolio.tasks.recover_indicator_runs",
                           "schedule": 300.0},
    "proposals-reminders": {"task": "proposals.send_deadline_reminders",
                            "schedule": crontab(hour=6, minute=0)},
    "proposals-execute-due": {"task": "proposals.execute_due",
                              "schedule": crontab(hour=6, minute=5)},
    "arbitration-reminders": {"task": "arbitration.send_deadline_reminders",
                              "schedule": crontab(hour=6, minute=10)},
    "arbitration-overdue": {"task": "arbitration.signal_overdue",
                            "schedule": crontab(hour=6, minute=20)},
}
INDICATOR_DEBOUNCE_SECONDS = env.int("INDICATOR_DEBOUNCE_SECONDS", default=30)
# A running indicator run writes a heartbeat; one silent for INDICATOR_STALE_SECONDS is
# considered abandoned (its worker died) and is retried by the recovery beat job.
INDICATOR_HEARTBEAT_SECONDS = env.float("INDICATOR_HEARTBEAT_SECONDS", default=30.0)
INDICATOR_STALE_SECONDS = env.int("INDICATOR_STALE_SECONDS", default=180)

# Proposals and the escalation ladder: terms and limits (see portfolio/proposals/conf.py and
# arbitration/conf.py for what each means).
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")
PROPOSALS_CONSULTATION_WEEKS = env.int("PROPOSALS_CONSULTATION_WEEKS", default=6)
PROPOSALS_REVISION_DAYS = env.int("PROPOSALS_REVISION_DAYS", default=14)
PROPOSALS_LATE_NOTICE_DAYS = env.int("PROPOSALS_LATE_NOTICE_DAYS", default=365)
PROPOSALS_REMINDER_DAYS = env.int("PROPOSALS_REMINDER_DAYS", default=7)
PROPOSALS_MAX_UPLOAD_MB = env.int("PROPOSALS_MAX_UPLOAD_MB", default=10)
ARBITRATION_REMINDER_DAYS = env.int("ARBITRATION_REMINDER_DAYS", default=7)
ARBITRATION_MIN_PANEL_MEMBERS = env.int("ARBITRATION_MIN_PANEL_MEMBERS", default=2)
ARBITRATION_MAX_UPLOAD_MB = env.int("ARBITRATION_MAX_UPLOAD_MB", default=10)

# E-mail: printed to the console unless EMAIL_URL names a real server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MBO Regie <noreply@mbo-regie.localhost>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call answers 401 with WWW-Authenticate (as the
        # schema documents); with the session first DRF would answer 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "mbo_regie.errors.PortalAutoSchema",
    # The package's handler function runs the project's handler class (DomainError → 409);
    # its AutoSchema documents error responses only for views that use this very function.
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MBO Regie API",
    "DESCRIPTION": "Registers, voorstellen, geschillen en Werkagenda van het mbo-aanbod.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        **{name: f"drf_standardized_errors.openapi_serializers.{name}.choices"
           for name in ["ValidationErrorEnum", "ClientErrorEnum", "ServerErrorEnum",
                        *(f"ErrorCode{c}Enum" for c in (401, 403, 404, 405, 406, 415, 429, 500))]},
        # Fields called status/soort exist in several apps: give each enum its own name.
        "RapportagerondeStatusEnum": "werkagenda.models.Rapportageronde.Status",
        "PartijSoortEnum": "werkagenda.models.Partij.Soort",
        "VoortgangCategorieEnum": "werkagenda.models.Categorie",
        "BronEnum": "portfolio.models.Bron",
        "ProposalStatusEnum": "portfolio.proposals.models.Status",
        "ProposalSoortEnum": "portfolio.proposals.models.Soort",
        "ReactiesoortEnum": "portfolio.proposals.models.Reactiesoort",
        "StageEnum": "arbitration.models.Stage",
        "SkippableStageEnum": "arbitration.models.SKIPPABLE_STEPS",
        "AanleidingEnum": "arbitration.models.Aanleiding",
        "RulingUitkomstEnum": "arbitration.models.Uitkomst",
        "OrderSoortEnum": "arbitration.models.Order.Soort",
        "CaseDocumentSoortEnum": "arbitration.models.CaseDocument.Soort",
    },
    "POSTPROCESSING_HOOKS": ["drf_standardized_errors.openapi_hooks.postprocess_schema_enums"],
}
DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "mbo_regie.errors.PortalExceptionHandler",
    "ALLOWED_ERROR_STATUS_CODES": ["400", "401", "403", "404", "405", "406", "409", "415",
                                   "429", "500"],
    "ERROR_SCHEMAS": {"409": "mbo_regie.errors.ErrorResponse409Serializer"},
}

# Security: with DEBUG off every default is the production one (HTTPS only, secure cookies,
# HSTS); DEBUG runs and tests keep plain HTTP. Each can be overridden from the environment.
_SECURE_DEFAULT = not DEBUG and not TESTING
# Sessions are read from the cache (Redis in production) and written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)  # absolute, from login
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)  # 0: no idle expiry
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=_SECURE_DEFAULT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx and Swagger UI take the token from the page, not the cookie
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_SECURE_DEFAULT)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the container health check speaks plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("SECURE_PROXY_SSL", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (mbo_regie.security): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
# Brute force: refuse logins for a username from one address after too many failures.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)
AUTHENTICATION_BACKENDS = ["mbo_regie.accounts.throttle.LoginThrottleBackend",
                           *AUTHENTICATION_BACKENDS]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
