"""Small shared state beside the queue: delivery ids, latest heads, write budget, cached ids.

SQLite (one file, safe across processes on one host) or Redis (several hosts). Nothing
here is the source of truth for reviews or sign-offs: deleting it loses only dedupe
memory and cached ids, which are re-derived from GitHub.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Protocol

import redis

DELIVERY_TTL = 7 * 24 * 3600


class Store(Protocol):
    """What the server and workers share."""

    def batch(self) -> AbstractContextManager[None]: ...
    def set_if_absent(self, key: str, value: str, ttl: float) -> bool: ...
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, value: str, ttl: float) -> None: ...
    def delete(self, key: str) -> None: ...
    def take_write(self, bucket: str, per_minute: int, per_hour: int, now: float | None = None) -> float: ...
    def release(self, key: str, owner: str) -> None: ...
    def put_newer(self, key: str, rank: str, value: str, ttl: float) -> None: ...
    def append(self, key: str, value: str) -> None: ...
    def items(self, key: str) -> list[str]: ...
    def hset(self, name: str, field: str, value: str) -> None: ...
    def hget(self, name: str, field: str) -> str | None: ...
    def hdel(self, name: str, field: str) -> None: ...
    def hgetall(self, name: str) -> dict[str, str]: ...
    def ping(self) -> bool: ...


def claim_delivery(store: Store, delivery: str) -> bool:
    """True the first time a delivery id is seen (within a week)."""
    return store.set_if_absent(f"delivery:{delivery}", str(time.time()), DELIVERY_TTL)


class SqliteStore:
    """Store in one SQLite file (WAL), safe for several processes on one host."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as c:
            c.execute("PRAGMA journal_mode=WAL")
            c.execute("PRAGMA synchronous=NORMAL")
            c.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL, expires REAL NOT NULL)")
            c.execute("CREATE TABLE IF NOT EXISTS writes (bucket TEXT NOT NULL, at REAL NOT NULL)")
            c.execute("CREATE INDEX IF NOT EXISTS writes_bucket ON writes (bucket, at)")
            c.execute("CREATE TABLE IF NOT EXISTS log (k TEXT NOT NULL, v TEXT NOT NULL, at REAL NOT NULL)")
            c.execute("CREATE TABLE IF NOT EXISTS hash (name TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, "
                      "PRIMARY KEY (name, field))")

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=30000")
            # WAL + NORMAL: a committed write survives a process crash (SIGKILL); only a power
            # loss can drop the last commits, and never corrupts the file
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction (one commit) for everything inside; re-entrant."""
        if getattr(self._local, "depth", 0):
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        c = self._conn()
        c.execute("BEGIN IMMEDIATE")
        self._local.depth = 1
        try:
            yield
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        finally:
            self._local.depth = 0

    def set_if_absent(self, key: str, value: str, ttl: float) -> bool:
        now = time.time()
        c = self._conn()
        with self.batch():
            c.execute("DELETE FROM kv WHERE k = ? AND expires < ?", (key, now))
            cur = c.execute("INSERT OR IGNORE INTO kv (k, v, expires) VALUES (?, ?, ?)", (key, value, now + ttl))
        return cur.rowcount == 1

    def get(self, key: str) -> str | None:
        row = self._conn().execute("SELECT v FROM kv WHERE k = ? AND expires >= ?", (key, time.time())).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, value: str, ttl: float) -> None:
        self._conn().execute(
            "INSERT INTO kv (k, v, expires) VALUES (?, ?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v, "
            "expires = excluded.expires", (key, value, time.time() + ttl))

    def delete(self, key: str) -> None:
        self._conn().execute("DELETE FROM kv WHERE k = ?", (key,))

    def take_write(self, bucket: str, per_minute: int, per_hour: int, now: float | None = None) -> float:
        """Reserve one content-creating write; 0.0 if granted, else seconds until one frees up."""
        now = time.time() if now is None else now
        c = self._conn()
        with self.batch():
            c.execute("DELETE FROM writes WHERE bucket = ? AND at < ?", (bucket, now - 3600))
            wait = 0.0
            for window, limit in ((60.0, per_minute), (3600.0, per_hour)):
                rows = c.execute("SELECT at FROM writes WHERE bucket = ? AND at >= ? ORDER BY at",
                                 (bucket, now - window)).fetchall()
                if len(rows) >= limit:
                    wait = max(wait, rows[len(rows) - limit][0] + window - now)
            if wait <= 0:
                c.execute("INSERT INTO writes (bucket, at) VALUES (?, ?)", (bucket, now))
        return max(0.0, wait)

    def release(self, key: str, owner: str) -> None:
        """Delete a lock only if `owner` still holds it."""
        self._conn().execute("DELETE FROM kv WHERE k = ? AND v = ?", (key, owner))

    def put_newer(self, key: str, rank: str, value: str, ttl: float) -> None:
        """Set `key` to `value` unless it holds a value of a higher `rank` (deliveries arrive out of order)."""
        c = self._conn()
        with self.batch():
            row = c.execute("SELECT v FROM kv WHERE k = ? AND expires >= ?", (key, time.time())).fetchone()
            if row is None or json.loads(row[0])[0] <= rank:
                c.execute("INSERT INTO kv (k, v, expires) VALUES (?, ?, ?) ON CONFLICT(k) DO UPDATE SET "
                          "v = excluded.v, expires = excluded.expires",
                          (key, json.dumps([rank, value]), time.time() + ttl))

    def hset(self, name: str, field: str, value: str) -> None:
        self._conn().execute(
            "INSERT INTO hash (name, field, value) VALUES (?, ?, ?) ON CONFLICT(name, field) "
            "DO UPDATE SET value = excluded.value", (name, field, value))

    def hget(self, name: str, field: str) -> str | None:
        row = self._conn().execute("SELECT value FROM hash WHERE name = ? AND field = ?", (name, field)).fetchone()
        return None if row is None else str(row[0])

    def hdel(self, name: str, field: str) -> None:
        self._conn().execute("DELETE FROM hash WHERE name = ? AND field = ?", (name, field))

    def hgetall(self, name: str) -> dict[str, str]:
        rows = self._conn().execute("SELECT field, value FROM hash WHERE name = ?", (name,)).fetchall()
        return {str(f): str(v) for f, v in rows}

    def append(self, key: str, value: str) -> None:
        self._conn().execute("INSERT INTO log (k, v, at) VALUES (?, ?, ?)", (key, value, time.time()))

    def items(self, key: str) -> list[str]:
        return [r[0] for r in self._conn().execute("SELECT v FROM log WHERE k = ? ORDER BY rowid", (key,))]

    def ping(self) -> bool:
        self._conn().execute("SELECT 1").fetchone()
        return True


_TAKE_WRITE = """
local key, now = KEYS[1], tonumber(ARGV[1])
local limits = {{60, tonumber(ARGV[2])}, {3600, tonumber(ARGV[3])}}
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - 3600)
local wait = 0
for _, pair in ipairs(limits) do
  local window, limit = pair[1], pair[2]
  local recent = redis.call('ZRANGEBYSCORE', key, now - window, '+inf', 'WITHSCORES')
  local n = #recent / 2
  if n >= limit then
    local oldest = tonumber(recent[2 * (n - limit + 1)])
    wait = math.max(wait, oldest + window - now)
  end
end
if wait <= 0 then
  redis.call('ZADD', key, now, string.format('%.6f', now) .. ':' .. redis.call('INCR', key .. ':seq'))
  redis.call('EXPIRE', key, 3700)
  redis.call('EXPIRE', key .. ':seq', 3700)
end
return tostring(wait)
"""


class RedisStore:
    """Store in Redis, shared by workers on several hosts."""

    def __init__(self, url: str, prefix: str = "cg:") -> None:
        self.client = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self._take = self.client.register_script(_TAKE_WRITE)
        self._put_newer = self.client.register_script(
            "local cur = redis.call('GET', KEYS[1]) "
            "if cur and cjson.decode(cur)[1] > ARGV[2] then return 0 end "
            "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3]) return 1")
        self._release = self.client.register_script(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0")

    def batch(self) -> AbstractContextManager[None]:
        return nullcontext()  # each Redis command is atomic; a round trip on loopback is cheap

    def set_if_absent(self, key: str, value: str, ttl: float) -> bool:
        return bool(self.client.set(self.prefix + key, value, nx=True, px=int(ttl * 1000)))

    def get(self, key: str) -> str | None:
        value = self.client.get(self.prefix + key)
        return None if value is None else str(value)

    def put(self, key: str, value: str, ttl: float) -> None:
        self.client.set(self.prefix + key, value, px=int(ttl * 1000))

    def delete(self, key: str) -> None:
        self.client.delete(self.prefix + key)

    def take_write(self, bucket: str, per_minute: int, per_hour: int, now: float | None = None) -> float:
        now = time.time() if now is None else now
        result = self._take(keys=[f"{self.prefix}writes:{bucket}"], args=[now, per_minute, per_hour])
        return max(0.0, float(result))

    def release(self, key: str, owner: str) -> None:
        self._release(keys=[self.prefix + key], args=[owner])

    def put_newer(self, key: str, rank: str, value: str, ttl: float) -> None:
        self._put_newer(keys=[self.prefix + key], args=[json.dumps([rank, value]), rank, int(ttl * 1000)])

    def hset(self, name: str, field: str, value: str) -> None:
        self.client.hset(self.prefix + "h:" + name, field, value)

    def hget(self, name: str, field: str) -> str | None:
        value = self.client.hget(self.prefix + "h:" + name, field)
        return None if value is None else str(value)

    def hdel(self, name: str, field: str) -> None:
        self.client.hdel(self.prefix + "h:" + name, field)

    def hgetall(self, name: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.client.hgetall(self.prefix + "h:" + name).items()}

    def append(self, key: str, value: str) -> None:
        self.client.rpush(self.prefix + "log:" + key, value)

    def items(self, key: str) -> list[str]:
        return [str(v) for v in self.client.lrange(self.prefix + "log:" + key, 0, -1)]

    def ping(self) -> bool:
        return bool(self.client.ping())


def open_store(queue_url: str, prefix: str = "cg:") -> Store:
    """The store matching the queue backend."""
    if queue_url.startswith(("redis://", "rediss://")):
        return RedisStore(queue_url, prefix)
    return SqliteStore(sqlite_path(queue_url).with_suffix(".state.db"))


def sqlite_path(queue_url: str) -> Path:
    """`sqlite:///relative.db` or `sqlite:////abs/path.db` -> a Path."""
    rest = queue_url.removeprefix("sqlite://")
    return Path(rest[1:] if rest.startswith("/") else rest)


def dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)
