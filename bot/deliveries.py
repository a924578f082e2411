"""Missed deliveries: GitHub does not retry a failed webhook, so we ask it to redeliver, and
review open PRs whose head never got a completed Constraint Guard check."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bot import ghmodels as gm
from bot.api import Api
from bot.events import Job
from bot.github import GitHubClient, explain
from bot.pull import RepoContext
from bot.queue import JobQueue
from bot.settings import Settings
from bot.store import Store
from checks.render.publishing import check_name

log = logging.getLogger("constraint_guard.deliveries")
MAX_PULLS_PER_SWEEP = 300


def failed_deliveries(items: list[dict[str, Any]], since: datetime) -> list[dict[str, Any]]:
    """The latest attempt of each delivery (by guid) since `since`, when none of its attempts succeeded (pure)."""
    by_guid: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_guid.setdefault(str(item["guid"]), []).append(item)
    failed = []
    for attempts in by_guid.values():
        if any(200 <= int(a.get("status_code") or 0) < 300 for a in attempts):
            continue
        latest = max(attempts, key=lambda a: str(a["delivered_at"]))
        if _when(latest["delivered_at"]) >= since:
            failed.append(latest)
    return failed


def _when(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def redeliver_failed(client: GitHubClient, store: Store, settings: Settings) -> int:
    """Ask GitHub to redeliver each failed delivery once. Returns how many were asked for."""
    app = Api(client.app())
    since = datetime.now(UTC) - timedelta(hours=settings.sweep_lookback_hours)
    items: list[dict[str, Any]] = []
    for d in app.pages(gm.Delivery, "/app/hook/deliveries"):  # newest first, by cursor
        items.append(d.model_dump())
        if _when(d.delivered_at) < since:
            break
    asked = 0
    for item in failed_deliveries(items, since):
        if not store.set_if_absent(f"redelivered:{item['guid']}", str(time.time()), 7 * 24 * 3600):
            continue
        app.post(f"/app/hook/deliveries/{item['id']}/attempts")
        asked += 1
    if asked:
        log.info("asked GitHub to redeliver %d failed deliveries", asked)
    return asked


def review_unchecked(client: GitHubClient, queue: JobQueue) -> int:
    """Enqueue a review for open PRs whose head has no completed Constraint Guard check."""
    app = Api(client.app())
    queued = seen = 0
    for inst in app.pages(gm.Installation, "/app/installations"):
        api = Api(client.installation(inst.id))
        for found in api.pages(gm.Repository, "/installation/repositories", key="repositories"):
            repo = RepoContext(api, found.owner.login, found.name)
            for pr in repo.open_pulls():
                seen += 1
                if seen > MAX_PULLS_PER_SWEEP:
                    log.warning("sweep stopped after %d open pull requests", MAX_PULLS_PER_SWEEP)
                    return queued
                if any(r.status == "completed" for r in repo.check_runs(pr.head.sha, check_name(pr.base.ref))):
                    continue
                queue.enqueue(Job(kind="review", intent="update", installation_id=inst.id, owner=repo.owner,
                                  repo=repo.repo, number=pr.number, head_sha=pr.head.sha,
                                  delivery=f"sweep:{pr.head.sha}", trigger="sweep.unchecked"))
                queued += 1
    if queued:
        log.info("enqueued %d review(s) for heads without a completed check", queued)
    return queued


def sweep(client: GitHubClient, store: Store, queue: JobQueue, settings: Settings) -> None:
    """One sweep, at most once per interval across all processes sharing the store."""
    if not store.set_if_absent("sweep:lock", str(time.time()), max(settings.sweep_interval_seconds, 1) * 0.9):
        return
    try:
        redeliver_failed(client, store, settings)
        review_unchecked(client, queue)
    except Exception as exc:  # noqa: BLE001 - a failed sweep is retried at the next interval
        log.warning("missed-delivery sweep failed: %s", explain(exc).summary)
