"""GitHub access through githubkit: App auth, cached installation tokens, retry policy.

Transient failures of idempotent requests (GET, PATCH, GraphQL queries) are retried in
place for short waits; anything longer, and any failed POST (it may have been applied),
surfaces as `Transient` so the job is re-run later, re-deriving what is already published.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from githubkit import AppAuthStrategy, AppInstallationAuthStrategy, GitHub
from githubkit.exception import (
    GitHubException,
    PrimaryRateLimitExceeded,
    RateLimitExceeded,
    RequestError,
    RequestFailed,
    RequestTimeout,
)
from githubkit.retry import RetryOption

from bot.metrics import Metrics
from bot.settings import Settings
from bot.store import Store

# every call goes through bot/api.py's typed Api, never githubkit's models
AppClient = GitHub[AppAuthStrategy]
Client = GitHub[AppInstallationAuthStrategy]

_IDEMPOTENT = {"GET", "HEAD", "PATCH", "PUT", "DELETE"}
MAX_INLINE_RETRIES = 3


class Transient(Exception):
    """GitHub is unavailable or rate-limited: re-run the job after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotFound(Exception):
    """The pull request, repository or file is gone (404/410): nothing to retry."""


@dataclass(frozen=True)
class Failure:
    """What a githubkit exception means for us."""

    transient: bool
    retry_after: float | None
    status: int | None
    summary: str


def explain(exc: BaseException) -> Failure:
    """Classify an exception from githubkit (pure)."""
    if isinstance(exc, RateLimitExceeded):
        wait = max(0.0, exc.retry_after.total_seconds())
        kind = "primary" if isinstance(exc, PrimaryRateLimitExceeded) else "secondary"
        return Failure(True, wait, exc.response.status_code, f"GitHub {kind} rate limit (retry in {wait:.0f} s)")
    if isinstance(exc, RequestFailed):
        status = exc.response.status_code
        retry = exc.response.headers.get("retry-after")
        delay: float | None = float(retry) if retry and retry.isdigit() else None
        transient = status >= 500 or status == 429
        where = f"{exc.request.method} {exc.request.url.path}"
        return Failure(transient, delay, status, f"GitHub answered {status} to {where}")
    if isinstance(exc, RequestTimeout):
        return Failure(True, None, None, f"GitHub timed out on {exc.request.method} {exc.request.url.path}")
    if isinstance(exc, RequestError):
        inner = exc.exc
        if isinstance(inner, Transient):  # raised by our own request hook (rate limit in force)
            return Failure(True, inner.retry_after, None, str(inner))
        if isinstance(inner, RequestFailed):  # e.g. minting the installation token failed
            return explain(inner)
        if isinstance(inner, httpx.TransportError):
            return Failure(True, None, None, f"connection to GitHub failed ({type(inner).__name__})")
        return Failure(False, None, None, f"request to GitHub failed: {inner!r}")
    return Failure(False, None, None, f"{type(exc).__name__}: {exc}")


def _idempotent(exc: GitHubException) -> bool:
    """GET/PATCH/..., or a GraphQL query (not a mutation): safe to send again."""
    request = getattr(exc, "request", None) or getattr(getattr(exc, "exc", None), "request", None)
    if request is None:
        return False
    if request.method in _IDEMPOTENT:
        return True
    try:
        body = request.content
    except httpx.RequestNotRead:
        return False
    return request.url.path.endswith("/graphql") and b"mutation" not in body


class GitHubClient:
    """Builds githubkit clients for the App and its installations; one per thread-safe use."""

    def __init__(self, settings: Settings, store: Store, metrics: Metrics) -> None:
        self.settings = settings
        self.store = store
        self.metrics = metrics
        self._key = settings.private_key_pem()
        self._clients: dict[int, Client] = {}
        self._lock = threading.Lock()

    def _options(self, installation_id: int | None) -> dict[str, Any]:
        return {
            "base_url": self.settings.github_api_url + "/",
            "timeout": self.settings.http_timeout_seconds,
            "http_cache": False,  # a cached list of comments would make us post twice
            "auto_retry": lambda exc, count: self._decide(exc, count, installation_id),
            "event_hooks": {"response": [self._count],
                            "request": [] if installation_id is None else [lambda r: self._hold(installation_id)]},
            "user_agent": "constraint-guard",
        }

    def app(self) -> AppClient:
        """Client authenticated as the App (JWT): deliveries, installations."""
        return GitHub(AppAuthStrategy(self.settings.app_id, self._key), **self._options(None))

    def installation(self, installation_id: int) -> Client:
        """Client for one installation; githubkit caches its token until shortly before expiry."""
        with self._lock:
            client = self._clients.get(installation_id)
            if client is None:
                auth = AppInstallationAuthStrategy(self.settings.app_id, self._key, installation_id)
                client = GitHub(auth, **self._options(installation_id))
                self._clients[installation_id] = client
            return client

    def wait_if_blocked(self, installation_id: int) -> None:
        """Raise Transient while the installation's rate limit has not reset (shared by all jobs)."""
        until = self.store.get(f"ratelimit:{installation_id}")
        if until is not None and float(until) > time.time():
            raise Transient("GitHub rate limit in force", float(until) - time.time())

    def _hold(self, installation_id: int) -> None:
        """Before every request: while the installation is rate-limited, wait out a short block
        in place or raise Transient (the job re-runs after the reset); in-flight jobs included."""
        until = self.store.get(f"ratelimit:{installation_id}")
        if until is None:
            return
        wait = float(until) - time.time()
        if wait <= 0:
            return
        if wait > self.settings.inline_wait_seconds:
            raise Transient("GitHub rate limit in force", wait)
        time.sleep(wait)

    def _count(self, response: httpx.Response) -> None:
        self.metrics.github_call(response.request.method, response.status_code)

    def _decide(self, exc: GitHubException, count: int, installation_id: int | None) -> RetryOption:
        failure = explain(exc)
        if failure.transient and failure.retry_after and installation_id is not None and isinstance(
            exc, RateLimitExceeded
        ):
            # primary (until X-RateLimit-Reset) or secondary (Retry-After): every job of this
            # installation holds its requests until then, not only the one that was refused
            until = time.time() + failure.retry_after
            current = self.store.get(f"ratelimit:{installation_id}")
            if current is None or float(current) < until:
                self.store.put(f"ratelimit:{installation_id}", str(until), failure.retry_after + 5)
        if not failure.transient or count >= MAX_INLINE_RETRIES:
            return RetryOption(False)
        is_rate_limit = isinstance(exc, RateLimitExceeded) or failure.status == 429
        if not _idempotent(exc) and not is_rate_limit:
            return RetryOption(False)  # a POST may have been applied: the job re-derives state instead
        wait = failure.retry_after if failure.retry_after is not None else self.settings.retry_base_seconds * (2**count)
        if wait > self.settings.inline_wait_seconds:
            return RetryOption(False)
        return RetryOption(True, timedelta(seconds=wait))


def as_transient(exc: BaseException) -> Exception:
    """Map a githubkit exception onto our job-level errors (Transient, NotFound, or itself)."""
    failure = explain(exc)
    if failure.transient:
        return Transient(failure.summary, failure.retry_after)
    if failure.status in (404, 410):
        return NotFound(failure.summary)
    return exc if isinstance(exc, Exception) else RuntimeError(str(exc))
