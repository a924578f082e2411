"""The store (SQLite and real Redis) and the queue's JSON messages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from huey.registry import Message

from bot.queue import JSONSerializer
from bot.store import RedisStore, SqliteStore, Store, claim_delivery, sqlite_path

# every test here flushes Redis database 10: with parallel workers they all run on one
pytestmark = pytest.mark.xdist_group("redis-db-10")


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        yield SqliteStore(tmp_path / "state.db")
        return
    client = redis.Redis.from_url("redis://127.0.0.1:6379/10")
    client.flushdb()
    yield RedisStore("redis://127.0.0.1:6379/10", prefix="t:")
    client.flushdb()


def test_a_delivery_is_claimed_once(store: Store) -> None:
    assert claim_delivery(store, "abc") is True
    assert claim_delivery(store, "abc") is False
    assert claim_delivery(store, "def") is True


def test_write_budget_allows_the_limit_then_says_how_long_to_wait(store: Store) -> None:
    now = 1_000_000.0
    waits = [store.take_write("inst:1", per_minute=3, per_hour=500, now=now + i) for i in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(57.0)  # the first write leaves the minute at now + 60
    assert store.take_write("inst:2", 3, 500, now=now + 3) == 0.0  # budgets are per installation
    assert store.take_write("inst:1", 3, 500, now=now + 61) == 0.0


def test_hourly_budget_applies_too(store: Store) -> None:
    now = 2_000_000.0
    for i in range(5):
        assert store.take_write("inst:9", per_minute=80, per_hour=5, now=now + i * 61) == 0.0
    assert store.take_write("inst:9", 80, 5, now=now + 5 * 61) == pytest.approx(3600 - 5 * 61)


def test_lock_release_only_by_its_owner(store: Store) -> None:
    assert store.set_if_absent("lock:x", "job-1", 30)
    store.release("lock:x", "job-2")
    assert store.get("lock:x") == "job-1"
    store.release("lock:x", "job-1")
    assert store.get("lock:x") is None


def test_ledger_hash(store: Store) -> None:
    store.hset("pending", "a", "1")
    store.hset("pending", "b", "2")
    store.hset("pending", "a", "3")
    assert store.hgetall("pending") == {"a": "3", "b": "2"}
    store.hdel("pending", "a")
    assert store.hget("pending", "a") is None and store.hgetall("pending") == {"b": "2"}


def test_queue_messages_round_trip_as_json_never_pickle() -> None:
    ser = JSONSerializer()
    msg = Message("id-1", "bot.queue.job", dt.datetime(2026, 1, 2, 3, 4, 5), 0, 0, None,
                  ({"kind": "review", "number": 3},), {}, None, None, None, None, None, None, None)
    raw = ser.serialize(msg)
    assert raw.startswith(b"{") and b"pickle" not in raw
    back = ser.deserialize(raw)
    assert back == msg
    with pytest.raises(TypeError):
        ser.serialize(Message("id", "n", None, 0, 0, None, (object(),), {}, *([None] * 7)))


def test_sqlite_url_paths() -> None:
    assert sqlite_path("sqlite:///data/q.db") == Path("data/q.db")
    assert sqlite_path("sqlite:////var/lib/cg/q.db") == Path("/var/lib/cg/q.db")


def test_latest_head_marker_only_moves_forward(store: Store) -> None:
    store.put_newer("head:pr", "2026-01-01T10:00:02Z", "sha-new", 60)
    store.put_newer("head:pr", "2026-01-01T10:00:01Z", "sha-old", 60)  # an older push delivered late
    assert json.loads(store.get("head:pr") or "[]")[1] == "sha-new"
    store.put_newer("head:pr", "2026-01-01T10:00:03Z", "sha-newer", 60)
    assert json.loads(store.get("head:pr") or "[]")[1] == "sha-newer"


def test_an_idle_sqlite_queue_is_polled_at_least_once_a_second(tmp_path: Path) -> None:
    """huey's default backoff lets an idle consumer wait 10 s between polls: a review would
    start up to 10 s after its webhook. The App caps it (QUEUE_POLL_MAX_SECONDS, default 1)."""
    from bot.runtime import build
    from bot.settings import load_settings
    from tests.app_harness import make_key

    key = make_key(tmp_path)
    settings = load_settings(app_id=1, private_key_path=key.path, webhook_secret="s" * 20,
                             queue_url=f"sqlite:///{tmp_path}/q.db")
    assert build(settings).consumer().max_delay == 1.0
    slower = settings.model_copy(update={"queue_poll_max_seconds": 3.0})
    assert build(slower).consumer().max_delay == 3.0
