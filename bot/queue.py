"""The durable queue: huey on SQLite (embedded default) or Redis (several hosts), JSON only.

huey removes a message when a worker takes it, so a crash mid-job would lose it. Each
accepted job is therefore also kept in the store's `pending` ledger until it reaches a
final outcome. A worker marks a job `taken` and holds a lease it renews while running;
a taken job whose lease lapsed was lost with its worker and is enqueued again (checked
every few seconds), and at start-up, ledger jobs that are neither taken nor in the queue
are enqueued again. A job that already reached its outcome finds no ledger entry and does
nothing, so a duplicate copy is harmless.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from huey import RedisHuey, SqliteHuey
from huey.api import Huey
from huey.registry import Message
from huey.serializer import Serializer
from huey.storage import SqliteStorage

from bot.events import Job
from bot.settings import Settings
from bot.store import Store, sqlite_path

log = logging.getLogger("constraint_guard.queue")

PENDING = "pending"
LEASE_TTL = 30.0  # a worker that stops renewing its lease this long is presumed dead
HEARTBEAT = 10.0
TAKEN_TTL = 7 * 24 * 3600


class JSONSerializer(Serializer):  # type: ignore[misc]
    """huey messages as JSON: a queue entry can never carry a pickle to execute."""

    def _serialize(self, data: Any) -> bytes:
        if isinstance(data, Message):
            data = {"__message__": list(data)}
        return json.dumps(data, default=_encode).encode("utf-8")

    def _deserialize(self, data: bytes) -> Any:
        value = json.loads(data.decode("utf-8"), object_hook=_decode)
        if isinstance(value, dict) and "__message__" in value:
            fields = value["__message__"]
            fields[6] = tuple(fields[6] or ())  # args
            return Message(*fields)
        return value


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"__dt__": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"__td__": value.total_seconds()}
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"not JSON-serializable in a queue message: {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if "__dt__" in obj:
        return dt.datetime.fromisoformat(obj["__dt__"])
    if "__td__" in obj:
        return dt.timedelta(seconds=obj["__td__"])
    return obj


class _SqliteStorage(SqliteStorage):  # type: ignore[misc]
    """huey's SQLite storage with WAL + synchronous=NORMAL (huey offers only FULL or OFF):
    an enqueued job survives a process crash, at a fraction of FULL's cost per delivery."""

    def _create_connection(self) -> Any:
        conn = super()._create_connection()
        conn.execute("pragma synchronous=1")
        return conn


class _SqliteHuey(SqliteHuey):  # type: ignore[misc]
    storage_class = _SqliteStorage


def make_huey(settings: Settings) -> Huey:
    """huey on Redis for redis:// URLs, else on a SQLite file."""
    kwargs: dict[str, Any] = {"serializer": JSONSerializer(), "results": False, "utc": True}
    if settings.queue_url.startswith(("redis://", "rediss://")):
        return RedisHuey("constraint-guard", url=settings.queue_url, **kwargs)
    path = sqlite_path(settings.queue_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _SqliteHuey("constraint-guard", filename=str(path), **kwargs)


class Retry:
    """A handler's answer for "try again later": the job (attempt + 1) and the delay."""

    def __init__(self, job: Job, delay: float, reason: str) -> None:
        self.job = job
        self.delay = delay
        self.reason = reason


Handler = Callable[[Job], "str | Retry"]


class JobQueue:
    """Enqueue jobs durably and run them, one PR at a time, through `handler`."""

    def __init__(self, huey: Huey, store: Store, handler: Handler | None = None,
                 on_outcome: Callable[[Job, str, float], None] | None = None, lease: float = LEASE_TTL) -> None:
        self.huey = huey
        self.lease = lease  # seconds; renewed every lease / 3
        self.store = store
        self.handler = handler
        self.on_outcome = on_outcome
        self._task = huey.task(name="constraint_guard_job")(self._execute)

    # -- producing ----------------------------------------------------------------------------
    def job_id(self, job: Job) -> str:
        return f"{job.delivery}:{job.kind}:{job.pr_key}"

    def record(self, job: Job) -> dict[str, Any]:
        """Put the job in the ledger and note it as the PR's latest head; returns its payload."""
        payload = job.model_dump(mode="json")
        self.store.hset(PENDING, self.job_id(job), json.dumps(payload))
        if job.kind == "review" and job.head_sha and job.number is not None and job.intent == "push":
            # pushes arrive as pull_request events: the newest (by the PR's updated_at, since
            # deliveries can arrive out of order) marks older queued heads superseded
            self.store.put_newer(f"head:{job.pr_key}", job.event_time, job.head_sha, 30 * 24 * 3600)
        return payload

    def push(self, payload: dict[str, Any], delay: float = 0.0) -> None:
        """Hand a recorded job to huey."""
        if delay > 0:
            self._task.schedule(args=(payload,), delay=delay)
        else:
            self._task(payload)

    def forget(self, job: Job) -> None:
        self.store.hdel(PENDING, self.job_id(job))

    def enqueue(self, job: Job, delay: float = 0.0) -> None:
        """Record the job, then queue it."""
        self.push(self.record(job), delay)

    def depth(self) -> int:
        return int(self.huey.pending_count()) + int(self.huey.scheduled_count())

    def recover(self, startup: bool = False) -> int:
        """Re-enqueue jobs lost with a dead worker (and, at start-up, ones missing from the queue)."""
        queued: set[str] | None = None
        count = 0
        for jid, raw in self.store.hgetall(PENDING).items():
            if self.store.get(f"running:{jid}") is not None:
                continue  # a live worker holds it
            lost = self.store.get(f"taken:{jid}") is not None
            if not lost and startup:
                if queued is None:
                    queued = self._queued_ids()
                lost = jid not in queued
            if not lost:
                continue
            self.store.delete(f"taken:{jid}")
            job = Job.model_validate(json.loads(raw))
            delay = max(0.0, job.not_before - time.time())
            self._task.schedule(args=(job.model_dump(mode="json"),), delay=delay) if delay else self._task(
                job.model_dump(mode="json"))
            count += 1
        if count:
            log.info("re-enqueued %d job(s) lost with a stopped worker", count)
        return count

    def _queued_ids(self) -> set[str]:
        ids: set[str] = set()
        for task in [*self.huey.pending(), *self.huey.scheduled()]:
            try:
                ids.add(self.job_id(Job.model_validate(task.args[0])))
            except (IndexError, ValueError):
                continue
        return ids

    # -- consuming ----------------------------------------------------------------------------
    def _execute(self, payload: dict[str, Any]) -> None:
        job = Job.model_validate(payload)
        jid = self.job_id(job)
        if self.store.hget(PENDING, jid) is None:
            return  # this job already reached its outcome (a duplicate copy after recovery)
        if job.not_before > time.time():
            self._task.schedule(args=(payload,), delay=job.not_before - time.time())
            return
        lock_key = f"lock:{job.pr_key}"
        if not self.store.set_if_absent(lock_key, jid, self.lease):
            # another worker is on this PR: come back shortly (not a failed attempt)
            self._task.schedule(args=(payload,), delay=1.0)
            return
        started = time.monotonic()
        self.store.put(f"taken:{jid}", str(time.time()), TAKEN_TTL)
        stop = threading.Event()
        lease = threading.Thread(target=self._renew, args=(jid, lock_key, stop), daemon=True)
        self._renew_once(jid, lock_key)
        lease.start()
        outcome = "crashed"
        try:
            outcome = self._run(job)
        finally:
            stop.set()
            lease.join()
            if outcome != "requeued":
                self.store.hdel(PENDING, jid)
            self.store.delete(f"taken:{jid}")
            self.store.delete(f"running:{jid}")
            self.store.release(lock_key, jid)
            self.store.append("outcomes", json.dumps({"job": jid, "outcome": outcome, "at": time.time()}))
            if self.on_outcome is not None:
                self.on_outcome(job, outcome, time.monotonic() - started)

    def _renew_once(self, jid: str, lock_key: str) -> None:
        self.store.put(f"running:{jid}", "1", self.lease)
        self.store.put(lock_key, jid, self.lease)

    def _renew(self, jid: str, lock_key: str, stop: threading.Event) -> None:
        while not stop.wait(min(HEARTBEAT, self.lease / 3)):
            try:
                self._renew_once(jid, lock_key)
            except Exception:  # noqa: BLE001 - a missed renewal only risks a harmless duplicate run
                log.warning("could not renew the lease of %s", jid)

    def _run(self, job: Job) -> str:
        if job.kind == "review" and job.head_sha and job.number is not None:
            marker = self.store.get(f"head:{job.pr_key}")
            started = self.store.get(f"open-check:{job.owner}/{job.repo}:{job.head_sha}") is not None
            # a head whose review died mid-way still has an open check: the worker closes it
            if marker is not None and json.loads(marker)[1] != job.head_sha and not started:
                return "superseded"
        assert self.handler is not None, "a consumer needs a handler"
        result = self.handler(job)
        if isinstance(result, Retry):
            log.info("job %s retries in %.1f s: %s", self.job_id(job), result.delay, result.reason)
            self.reschedule(result.job, result.delay)
            return "requeued"
        return result

    def reschedule(self, job: Job, delay: float) -> None:
        """Queue the job again for a later attempt under the same ledger entry."""
        jid = self.job_id(job)
        due = job.model_copy(update={"not_before": time.time() + delay})
        self.store.hset(PENDING, jid, json.dumps(due.model_dump(mode="json")))
        self._task.schedule(args=(due.model_dump(mode="json"),), delay=delay)
