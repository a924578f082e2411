"""The App's settings: one object built at start-up (environment and `.env`), then passed in."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(ValueError):
    """A missing or malformed setting: start-up stops with a message naming it."""


class Settings(BaseSettings):
    """Everything `serve` and `worker` need; secrets are SecretStr so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    app_id: int = Field(gt=0)
    app_slug: str = "constraint-guard"  # the bot's login is "<slug>[bot]"
    private_key: SecretStr | None = None  # PEM text
    private_key_path: Path | None = None  # or a file holding it
    webhook_secret: SecretStr
    github_api_url: str = "https://api.github.com"
    queue_url: str = "sqlite:///constraint-guard.db"  # or redis://host:6379/0
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    max_body_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    workers: int = Field(default=2, ge=0, le=64)  # serve with 0: web only, `worker` processes do the jobs
    queue_poll_max_seconds: float = Field(default=1.0, gt=0, le=60)  # idle polling of a SQLite queue
    lease_seconds: float = Field(default=30.0, ge=1)  # a worker silent this long is presumed dead
    job_retries: int = Field(default=5, ge=0, le=20)
    retry_base_seconds: float = Field(default=2.0, gt=0)
    retry_max_wait_seconds: float = Field(default=900.0, gt=0)
    inline_wait_seconds: float = Field(default=20.0, ge=0)  # longer waits re-schedule the job
    http_timeout_seconds: float = Field(default=30.0, gt=0)
    sweep_interval_seconds: float = Field(default=300.0, ge=0)  # 0 disables the missed-delivery sweep
    sweep_lookback_hours: float = Field(default=24.0, gt=0)
    writes_per_minute: int = Field(default=80, ge=1)  # GitHub's secondary limit for content creation
    writes_per_hour: int = Field(default=500, ge=1)
    max_annotations: int = Field(default=500, ge=0)
    auth_cache_seconds: float = Field(default=60.0, ge=0)  # permission and team lookups for sign-off
    registries_enabled: bool = True  # look up newly added dependencies in their public registries
    # a repository's config may point look-ups at its own mirror only when the operator allows it:
    # otherwise any repo could aim the App's requests at hosts inside the operator's network
    registry_urls_from_config: bool = False
    log_level: str = "INFO"

    @field_validator("github_api_url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("an http(s) URL such as https://api.github.com")
        return v.rstrip("/")

    @field_validator("queue_url")
    @classmethod
    def _queue(cls, v: str) -> str:
        if not v.startswith(("sqlite://", "redis://", "rediss://", "memory://")):
            raise ValueError("sqlite:///path.db, redis://host:port/db or memory://")
        return v

    @model_validator(mode="after")
    def _key_present(self) -> Settings:
        if self.private_key is None and self.private_key_path is None:
            raise ValueError("set PRIVATE_KEY (PEM text) or PRIVATE_KEY_PATH (a file)")
        return self

    def private_key_pem(self) -> str:
        """The App's private key, from the setting or its file."""
        if self.private_key is not None:
            return self.private_key.get_secret_value().replace("\\n", "\n")
        assert self.private_key_path is not None
        try:
            return self.private_key_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SettingsError(f"PRIVATE_KEY_PATH: cannot read {self.private_key_path}: {exc.strerror}") from exc

    @property
    def web_url(self) -> str:
        """github.com for api.github.com; https://host for GitHub Enterprise's https://host/api/v3."""
        if self.github_api_url == "https://api.github.com":
            return "https://github.com"
        return self.github_api_url.removesuffix("/api/v3")

    @property
    def bot_login(self) -> str:
        return f"{self.app_slug}[bot]"

    def secrets(self) -> list[str]:
        """Values that must never appear in logs or comments (for the redacting log filter)."""
        values = [self.webhook_secret.get_secret_value()]
        if self.private_key is not None:
            values.append(self.private_key.get_secret_value())
        return [v for v in values if v]


def load_settings(**overrides: object) -> Settings:
    """Build Settings or raise SettingsError naming each bad setting (never its value)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]).upper() or "SETTINGS"
            msg = "is required" if err["type"] == "missing" else str(err["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {msg}")
        raise SettingsError("bad settings: " + "; ".join(problems)) from None
