"""Settings: one frozen object read from TRIAGE_* environment variables, validated at start-up."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CASE_REF_PATTERN = r"\bSEN[\s\-_/]*(\d{6})\b"


class ConfigError(ValueError):
    """A TRIAGE_* variable holds a value triage cannot use; the message names it and the fix."""


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str
    redis_url: str | None
    secret_key: str
    case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN
    case_ref_prefix: str = "SEN"
    service_reply_days: int = 5
    max_message_bytes: int = 25 * 1024 * 1024
    max_attachment_parse_bytes: int = 10 * 1024 * 1024
    imap_host: str | None = None
    imap_port: int = 993
    imap_user: str | None = None
    imap_password: str | None = None
    imap_folder: str = "INBOX"
    imap_ssl: bool = True
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_from: str = "send-triage@council.example"
    acknowledge: bool = False
    secure_cookies: bool = False
    acknowledge_cap_per_day: int = 3
    model_path: Path | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def embedded_jobs(self) -> bool:
        """True when jobs run in this process (no Redis configured)."""
        return not self.redis_url

    @property
    def case_ref_regex(self) -> re.Pattern[str]:
        return re.compile(self.case_ref_pattern, re.IGNORECASE)


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number; set it to e.g. {default}.") from None
    if value < minimum:
        raise ConfigError(f"{name}={value} must be at least {minimum}.")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value; use true or false.")


def _database_url(env: Mapping[str, str], instance: Path) -> str:
    url = env.get("TRIAGE_DATABASE_URL") or f"sqlite:///{instance / 'triage.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if not (url.startswith("sqlite:") or url.startswith("postgresql+psycopg://")):
        raise ConfigError(
            f"TRIAGE_DATABASE_URL={url!r} is not supported; use postgresql://user@host/db "
            "or sqlite:///path/to/file.sqlite3 (unset it for the embedded SQLite file)."
        )
    return url


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings; raises ConfigError naming the variable and the fix."""
    env = os.environ if env is None else env
    instance = Path(env.get("TRIAGE_INSTANCE_PATH") or Path.cwd() / "instance").resolve()
    if instance.exists() and not instance.is_dir():
        raise ConfigError(f"TRIAGE_INSTANCE_PATH={instance} is a file; point it at a folder.")

    redis_url = env.get("TRIAGE_REDIS_URL") or None
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            f"TRIAGE_REDIS_URL={redis_url!r} is not a Redis URL; use redis://host:6379/0, "
            "or unset it to run jobs in-process."
        )

    secret = env.get("TRIAGE_SECRET_KEY") or ""
    if not secret:
        secret = _instance_secret(instance)
    elif len(secret) < 16:
        raise ConfigError("TRIAGE_SECRET_KEY is shorter than 16 characters; use a long random value.")

    pattern = env.get("TRIAGE_CASE_REF_PATTERN") or DEFAULT_CASE_REF_PATTERN
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"TRIAGE_CASE_REF_PATTERN is not a valid regular expression: {exc}.") from None
    if compiled.groups < 1:
        raise ConfigError("TRIAGE_CASE_REF_PATTERN needs one group capturing the reference's digits.")

    model_path = env.get("TRIAGE_MODEL_PATH")
    return Settings(
        instance_path=instance,
        database_url=_database_url(env, instance),
        redis_url=redis_url,
        secret_key=secret,
        case_ref_pattern=pattern,
        case_ref_prefix=env.get("TRIAGE_CASE_REF_PREFIX") or "SEN",
        service_reply_days=_int(env, "TRIAGE_SERVICE_REPLY_DAYS", 5, minimum=1),
        max_message_bytes=_int(env, "TRIAGE_MAX_MESSAGE_BYTES", 25 * 1024 * 1024, minimum=1024),
        max_attachment_parse_bytes=_int(env, "TRIAGE_MAX_ATTACHMENT_PARSE_BYTES", 10 * 1024 * 1024),
        imap_host=env.get("TRIAGE_IMAP_HOST") or None,
        imap_port=_int(env, "TRIAGE_IMAP_PORT", 993, minimum=1),
        imap_user=env.get("TRIAGE_IMAP_USER") or None,
        imap_password=env.get("TRIAGE_IMAP_PASSWORD") or None,
        imap_folder=env.get("TRIAGE_IMAP_FOLDER") or "INBOX",
        imap_ssl=_bool(env, "TRIAGE_IMAP_SSL", True),
        smtp_host=env.get("TRIAGE_SMTP_HOST") or None,
        smtp_port=_int(env, "TRIAGE_SMTP_PORT", 25, minimum=1),
        smtp_user=env.get("TRIAGE_SMTP_USER") or None,
        smtp_password=env.get("TRIAGE_SMTP_PASSWORD") or None,
        mail_from=env.get("TRIAGE_MAIL_FROM") or "send-triage@council.example",
        acknowledge=_bool(env, "TRIAGE_ACKNOWLEDGE", False),
        secure_cookies=_bool(env, "TRIAGE_SECURE_COOKIES", False),
        acknowledge_cap_per_day=_int(env, "TRIAGE_ACKNOWLEDGE_CAP_PER_DAY", 3, minimum=0),
        model_path=Path(model_path).resolve() if model_path else None,
        extra={k: v for k, v in env.items() if k.startswith("TRIAGE_")},
    )


def _instance_secret(instance: Path) -> str:
    """A per-instance random key kept in the instance folder, so embedded runs need no setup."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
