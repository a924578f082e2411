"""Composition root: settings -> store, queue, GitHub client, reviewer, web app, consumers.

`serve` runs the web server with an in-process consumer; `worker` runs consumers alone,
so several hosts can share one Redis queue.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn
from huey.api import Huey
from starlette.applications import Starlette

from bot import deliveries
from bot.github import GitHubClient
from bot.metrics import Metrics
from bot.queue import JobQueue, make_huey
from bot.server import create_app
from bot.settings import Settings
from bot.store import Store, open_store
from bot.worker import Reviewer
from checks.policy import load_packs

log = logging.getLogger("constraint_guard")
_TOKEN = re.compile(r"\b(gh[pousr]_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,}|v1\.[0-9a-f]{40})\b")
_BEARER = re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:token|bearer)\s+)[^\s\"']+")


class RedactingFilter(logging.Filter):
    """Masks the App's secrets and any GitHub token in every log record."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        text = _TOKEN.sub("***", text)
        return _BEARER.sub(r"\1***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg = self.redact(message)
        record.args = ()
        return True


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(settings.secrets() + [settings.private_key_pem().strip()]))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@dataclass
class Runtime:
    """Everything a process needs, built once from Settings."""

    settings: Settings
    store: Store
    huey: Huey
    queue: JobQueue
    client: GitHubClient
    metrics: Metrics

    def app(self) -> Starlette:
        return create_app(self.settings, self.queue, self.store, self.metrics)

    def consumer(self) -> Any:
        # huey's default idle backoff grows to 10 s between polls of a SQLite queue: a webhook after
        # a quiet minute would wait that long before its review starts (Redis blocks instead)
        return self.huey.create_consumer(workers=self.settings.workers, worker_type="thread",
                                         max_delay=self.settings.queue_poll_max_seconds,
                                         periodic=False, check_worker_health=True, flush_locks=False)


def scratch_dir() -> str:
    """Where reviews write their engines' private workspaces, decided now: Python probes its
    temp dir once per process (a file it creates and removes there), and quietly falls back to
    /tmp or the working directory when $TMPDIR is not writable. An operator hears of that at
    start-up, not from a disk that filled elsewhere."""
    chosen = tempfile.gettempdir()
    asked = os.environ.get("TMPDIR")
    if asked and os.path.realpath(asked) != os.path.realpath(chosen):
        log.warning("TMPDIR %s is not a writable directory: reviews write their scratch files in %s", asked, chosen)
    return chosen


def build(settings: Settings) -> Runtime:
    """Wire the pieces; fails fast on a bad key, store or policy pack."""
    log.info("scratch files in %s", scratch_dir())
    metrics = Metrics()
    store = open_store(settings.queue_url)
    huey = make_huey(settings)
    client = GitHubClient(settings, store, metrics)
    reviewer = Reviewer(settings, store, client, metrics, load_packs())

    def on_outcome(job: Any, outcome: str, seconds: float) -> None:
        metrics.jobs.labels(job.kind, outcome).observe(seconds)
        log.info("job %s %s for %s: %s in %.1f s", job.kind, job.trigger, job.pr_key, outcome, seconds)

    queue = JobQueue(huey, store, reviewer, on_outcome, lease=settings.lease_seconds)
    return Runtime(settings, store, huey, queue, client, metrics)


RECOVERY_INTERVAL = 5.0


def start_background(runtime: Runtime, stop: threading.Event) -> threading.Thread:
    """Recover jobs lost with dead workers every few seconds; sweep for missed deliveries
    every SWEEP_INTERVAL_SECONDS (0 turns the sweep off)."""
    interval = runtime.settings.sweep_interval_seconds

    def loop() -> None:
        next_sweep = time.monotonic()
        while not stop.is_set():
            try:
                runtime.queue.recover()
            except Exception:  # noqa: BLE001 - the store is down: try again next round
                log.warning("job recovery failed; retrying")
            if interval > 0 and time.monotonic() >= next_sweep:
                deliveries.sweep(runtime.client, runtime.store, runtime.queue, runtime.settings)
                next_sweep = time.monotonic() + interval
            # a dead worker's job runs again within a third of a lease after the lease lapses
            stop.wait(min(RECOVERY_INTERVAL, runtime.settings.lease_seconds / 3))

    thread = threading.Thread(target=loop, name="cg-background", daemon=True)
    thread.start()
    return thread


def serve(settings: Settings) -> None:
    """Web server plus an in-process consumer; SIGTERM finishes running jobs (or they are
    re-enqueued from the ledger at the next start)."""
    runtime = build(settings)
    runtime.queue.recover(startup=True)
    consumer = runtime.consumer() if settings.workers > 0 else None
    if consumer is not None:
        consumer.start()  # must run in the main thread (it installs signal handlers) before uvicorn's
    stop = threading.Event()
    start_background(runtime, stop)
    config = uvicorn.Config(runtime.app(), host=settings.host, port=settings.port, log_config=None,
                            access_log=False, lifespan="off", timeout_graceful_shutdown=10)
    server = uvicorn.Server(config)
    try:
        server.run()
    finally:
        stop.set()
        if consumer is not None:
            log.info("stopping consumers (running jobs finish)")
            consumer.stop(graceful=True)


def work(settings: Settings) -> None:
    """Consumers only (no web server), for extra hosts sharing a Redis queue."""
    if settings.workers < 1:
        raise ValueError("WORKERS must be at least 1 for `worker`")
    runtime = build(settings)
    runtime.queue.recover(startup=True)
    stop = threading.Event()
    start_background(runtime, stop)
    consumer = runtime.consumer()
    try:
        consumer.run()
    finally:
        stop.set()
