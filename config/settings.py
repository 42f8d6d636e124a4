"""Django settings: wiring only. Values come from ``config.env.ENV``."""

from __future__ import annotations

from typing import Any

import dj_database_url

from config.env import ENV

BASE_DIR = ENV.base_dir
SECRET_KEY = ENV.secret_key
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "samadhan.core",
    "samadhan.workspaces",
    "samadhan.accounts",
    "samadhan.contacts",
    "samadhan.channels",
    "samadhan.channels.email",
    "samadhan.channels.chat",
    "samadhan.tickets",
    "samadhan.kb",
    "samadhan.kb.search",
    "samadhan.bots",
    "samadhan.notifications",
    "samadhan.webhooks",
    "samadhan.audit",
    "samadhan.api",
    "samadhan.ui",
    "samadhan.realtime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samadhan.ui.middleware.AgentPreferencesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

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
                "samadhan.ui.context.ui",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    db: dict[str, Any] = dict(dj_database_url.parse(ENV.database_url))
    if db["ENGINE"] == "django.db.backends.sqlite3":
        ENV.var_dir.mkdir(parents=True, exist_ok=True)
        # WAL + IMMEDIATE transactions: readers never block the writer and
        # writers queue on the busy timeout instead of failing with "locked".
        db["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=30000;"
                "PRAGMA cache_size=-65536;PRAGMA mmap_size=268435456;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        # Kept across requests (see samadhan/core/asgi.py): opening a connection
        # re-reads the schema and starts with a cold page cache.
        db["CONN_MAX_AGE"] = 600
        # Tests use a real file (not :memory:) so several connections share it.
        db["TEST"] = {"NAME": str(ENV.var_dir / "test.sqlite3")}
    else:
        # Under ASGI every request runs in a fresh thread, so Django's persistent
        # connections never get reused and each request would fork a new
        # PostgreSQL backend. A per-process psycopg pool keeps them open.
        db["CONN_MAX_AGE"] = 0
        db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": ENV.db_pool_min,
            "max_size": ENV.db_pool_max,
            "timeout": 30,
        }
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Agent"
LOGIN_URL = "ui:login"
LOGIN_REDIRECT_URL = "ui:start"
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 3 * 3600
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if ENV.redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV.redis_url,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # A longer socket timeout than channels_redis' 5 s blocking wait: with the
            # default, redis-py raised TimeoutError from an idle receive(), which ended
            # the consumer (sockets dropped after 5 quiet seconds, long polls failed).
            # capacity: events queued per socket before the layer drops them (default
            # 100 lost notifications under load, benchmarks/chat.py).
            "CONFIG": {
                "hosts": [{"address": ENV.redis_url, "socket_timeout": 30}],
                "capacity": 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # channels' in-memory layer without its per-event sweep of every group (layers.py).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "samadhan.realtime.layers.EmbeddedChannelLayer",
            "CONFIG": {"capacity": 1000},
        }
    }

if ENV.task_backend == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": ENV.redis_url or "redis://127.0.0.1:6379/0"}}
    INSTALLED_APPS += ["django_rq"]
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("hi", "हिन्दी"),
    ("mr", "मराठी"),
    ("te", "తెలుగు"),
    ("lv", "Latviešu"),
]
LOCALE_PATHS = [BASE_DIR / "samadhan" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = ENV.var_dir / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve app static files (API docs assets) straight from the packages: no
# collectstatic step for the embedded default, and never an external CDN.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = ENV.var_dir / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_MEMORY_SIZE = ENV.max_request_bytes
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

if ENV.email_url:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(ENV.email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme == "smtp+starttls"
    EMAIL_USE_SSL = _mail.scheme == "smtps"
else:
    # Embedded default: mail is written to files under var/mail instead of being
    # sent, so nothing leaves the machine until SAMADHAN_EMAIL_URL is set.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = ENV.var_dir / "mail"
DEFAULT_FROM_EMAIL = ENV.default_from_email

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

SAMADHAN: dict[str, Any] = {
    "PUBLIC_URL": ENV.public_url,
    "API_RATE_LIMIT_PER_MINUTE": ENV.api_rate_limit_per_minute,
    "MAX_ATTACHMENT_BYTES": ENV.max_attachment_bytes,
    "WEBHOOK_ALLOW_PRIVATE_NETWORKS": ENV.webhook_allow_private_networks,
}

# Knowledge-base search: the embedding provider (docs/search.md).
KB_SEARCH_EMBEDDINGS: dict[str, str] = {
    "PROVIDER": ENV.embeddings_provider,
    "MODEL": ENV.embeddings_model,
    "URL": ENV.embeddings_url,
    "API_KEY": ENV.embeddings_api_key,
}

# Answer bot: the deployment's default OpenAI-compatible chat endpoint for
# generative answers (an inbox's own settings override it; docs/bots.md).
BOT_LLM: dict[str, str] = {
    "URL": ENV.bot_llm_url,
    "MODEL": ENV.bot_llm_model,
    "API_KEY": ENV.bot_llm_api_key,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
