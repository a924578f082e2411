"""Nightly-style fuzz of the webhook endpoint: many hostile requests, zero 5xx, zero crashes, no hang.

    .venv/bin/python bench/fuzz_webhook.py [--inputs 100000] [--seed 5] [--hang-seconds 2]
                                           [--out bench/results/fuzz.json]

The ASGI app is the real one (`bot.server.create_app`), wired as `bot.runtime.build()` does
with a real SqliteStore and JobQueue (huey on SQLite) in a temporary folder, but with no
worker consuming the queue: the point is the request path. Requests are driven in-process
by direct ASGI calls (no sockets), so 100,000 inputs take a few minutes.

Inputs come from a seeded random generator (reproducible with --seed):

- bodies: random bytes, random JSON values, truncated JSON, recorded GitHub payloads
  (tests/fixtures/github-payloads, re-targeted) with fields deleted or replaced by wrong
  types, huge strings, deep nesting (also past the JSON parser's recursion limit), and
  unchanged payloads (which queue real jobs);
- headers: X-GitHub-Event missing, duplicated, of another event, odd or very long;
  X-GitHub-Delivery missing, empty, over 100 characters, unicode (sent as UTF-8 bytes);
  Content-Length missing or lying; the body unsigned, wrongly signed or validly signed
  (most of them, so parsing and routing are exercised past the signature check);
- bodies sent in several chunks, or declared larger than the limit.

Reported (and written to --out as JSON): inputs, the status-code histogram, 5xx responses,
unhandled exceptions (an exception escaping the ASGI app), hangs (a request slower than
--hang-seconds), the slowest request, requests per second. Exit code 1 if any of the
three counts is not zero.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import copy
import hashlib
import hmac
import json
import platform
import random
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

import benchlib  # noqa: E402,F401  (puts the repository on sys.path)

from bot.metrics import Metrics  # noqa: E402
from bot.queue import JobQueue, make_huey  # noqa: E402
from bot.server import create_app  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import open_store  # noqa: E402

SECRET = "whsec-fuzz-2b7e1516"
PAYLOADS = ROOT / "tests" / "fixtures" / "github-payloads"
EVENTS = ["pull_request", "issue_comment", "check_run", "check_suite", "pull_request_review", "merge_group",
          "installation", "ping", "push", "", "PULL_REQUEST", "pull_request\u2024", "x" * 300, "\u00e9v\u00e9nement",
          "../../etc/passwd", "pull_request\x7f"]
ODD_TEXT = ["", " ", "\u202e", "\ufeff", "\U0001f600" * 30, "x" * 10_000, "null", "0", "-1", "1e999", "%00",
            "\u2025\u2025/", "\uff0e\uff0e/", "a\u0301", "\u0130", "<script>", "'; DROP TABLE jobs; --"]


def load_samples() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(PAYLOADS.rglob("*.json")):
        doc = json.loads(path.read_text())
        if not isinstance(doc, dict):
            continue
        doc["installation"] = {"id": 77}
        repo = doc.setdefault("repository", {})
        if isinstance(repo, dict):
            repo.update({"name": "shop", "full_name": "acme/shop"})
            repo.setdefault("owner", {}).update({"login": "acme", "type": "Organization"})
        out.append((path.parent.name, doc))
    return out


def sign(body: bytes) -> bytes:
    return ("sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()).encode()


class Gen:
    """Seeded generator of hostile webhook requests."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.samples = load_samples()

    def text(self, n: int = 20) -> str:
        r = self.r
        pick = r.random()
        if pick < 0.3:
            return r.choice(ODD_TEXT)
        if pick < 0.6:
            return "".join(chr(r.randrange(32, 127)) for _ in range(r.randrange(n)))
        ranges = [(32, 0x250), (0x250, 0xD800), (0xE000, 0x110000)]
        return "".join(chr(r.randrange(*r.choice(ranges))) for _ in range(r.randrange(n)))

    def scalar(self) -> Any:
        r = self.r
        return r.choice([
            None, True, False, 0, -1, 2**63, -(2**70), 1.5, float("inf"), float("nan"), 1e308,
            r.randrange(-10**6, 10**6), self.text(), "x" * r.choice([0, 1, 100, 70_000, 300_000]),
        ])

    def value(self, depth: int = 0) -> Any:
        r = self.r
        roll = r.random()
        if depth > 4 or roll < 0.5:
            return self.scalar()
        if roll < 0.75:
            return [self.value(depth + 1) for _ in range(r.randrange(5))]
        return {self.text(10): self.value(depth + 1) for _ in range(r.randrange(5))}

    def nested(self, depth: int) -> Any:
        out: Any = [] if self.r.random() < 0.5 else {}
        for _ in range(depth):
            out = [out] if self.r.random() < 0.5 else {"a": out}
        return out

    def wrong(self) -> Any:
        r = self.r.random()
        if r < 0.6:
            return self.value()
        if r < 0.8:
            return self.nested(self.r.randrange(10, 900))
        if r < 0.9:
            return "x" * self.r.choice([100_000, 1_000_000])
        return {"login": self.text(), "id": self.scalar(), "type": self.r.choice(["Bot", "User", 3])}

    def mutate(self, doc: dict[str, Any]) -> dict[str, Any]:
        doc = copy.deepcopy(doc)
        for _ in range(self.r.randrange(0, 5)):
            parent: Any = doc
            key: Any = None
            for _ in range(self.r.randrange(1, 5)):  # walk down a random path
                if isinstance(parent, dict) and parent:
                    key = self.r.choice(list(parent))
                elif isinstance(parent, list) and parent:
                    key = self.r.randrange(len(parent))
                else:
                    break
                child = parent[key]
                if not isinstance(child, (dict, list)) or not child or self.r.random() < 0.3:
                    break
                parent, key = child, None
            if key is None:
                continue
            if self.r.random() < 0.4:
                del parent[key]
            else:
                parent[key] = self.wrong()
        return doc

    def request(self) -> tuple[list[tuple[bytes, bytes]], list[bytes], str]:
        """(headers, body chunks, kind)."""
        r = self.r
        event, doc = r.choice(self.samples)
        roll = r.random()
        if roll < 0.08:
            kind, body = "bytes", r.randbytes(r.randrange(0, 4000))
        elif roll < 0.18:
            kind, body = "json", json.dumps(self.value()).encode()
        elif roll < 0.22:
            n = r.choice([1_000, 5_000, 100_000])
            kind, body = "deep", b"[" * n + b"]" * n
        elif roll < 0.27:
            full = json.dumps(doc).encode()
            kind, body = "truncated", full[: r.randrange(len(full))]
        elif roll < 0.35:
            kind, body = "payload", json.dumps(doc).encode()
        else:
            kind, body = "mutated", json.dumps(self.mutate(doc)).encode()
        headers: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json")]
        ev = r.random()
        if ev < 0.7:
            headers.append((b"x-github-event", event.encode()))
        elif ev < 0.95:
            headers.append((b"x-github-event", r.choice(EVENTS + [self.text()]).encode()))
        if r.random() < 0.05:
            headers.append((b"x-github-event", r.choice(EVENTS).encode()))
        d = r.random()
        if d < 0.8:
            headers.append((b"x-github-delivery", str(uuid.UUID(int=r.getrandbits(128))).encode()))
        elif d < 0.95:
            headers.append((b"x-github-delivery", self.text(150).encode()))
        s = r.random()
        if s < 0.75:
            headers.append((b"x-hub-signature-256", sign(body)))
        elif s < 0.9:
            headers.append((b"x-hub-signature-256", r.choice([b"sha256=", b"sha1=00", sign(body + b" "),
                                                              sign(body)[:-1], self.text().encode()])))
        c = r.random()
        if c < 0.85:
            headers.append((b"content-length", str(len(body)).encode()))
        elif c < 0.9:
            headers.append((b"content-length", b"999999999999"))
        elif c < 0.95:
            headers.append((b"content-length", r.choice([b"-1", b"abc", b"", b"\xc3\xa9"])))
        if len(body) > 10 and r.random() < 0.1:
            cut = sorted(r.sample(range(1, len(body)), k=min(3, len(body) - 1)))
            chunks = [body[a:b] for a, b in zip([0, *cut], [*cut, len(body)], strict=True)]
        else:
            chunks = [body]
        return headers, chunks, kind


async def call(app: Any, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> int:
    """One POST /webhook through the ASGI interface; returns the status code."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/webhook", "raw_path": b"/webhook", "query_string": b"", "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8080)}
    pending = list(chunks)
    status = 0
    body: list[bytes] = []

    async def receive() -> dict[str, Any]:
        if pending:
            chunk = pending.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(pending)}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await app(scope, receive, send)
    if 400 <= status < 500:
        err = json.loads(b"".join(body))
        if not isinstance(err.get("error"), str):
            raise AssertionError(f"a {status} without a JSON error: {b''.join(body)[:200]!r}")
    return status


async def health(app: Any) -> bool:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/healthz", "raw_path": b"/healthz", "query_string": b"", "root_path": "", "headers": [],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8080)}
    got: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            got.append(message["status"])

    await app(scope, receive, send)
    return got == [200]


async def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    settings = Settings(app_id=1, webhook_secret=SECRET, private_key="unused", queue_url=f"sqlite:///{folder}/q.db",
                        _env_file=None)  # type: ignore[call-arg]
    store = open_store(settings.queue_url)
    queue = JobQueue(make_huey(settings), store)
    app = create_app(settings, queue, store, Metrics())
    gen = Gen(args.seed)
    statuses: collections.Counter[int] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    exceptions: list[str] = []
    five: list[str] = []
    hangs = 0
    slowest = (0.0, "")
    started = time.monotonic()
    for i in range(args.inputs):
        headers, chunks, kind = gen.request()
        kinds[kind] += 1
        t0 = time.perf_counter()
        try:
            status = await asyncio.wait_for(call(app, headers, chunks), timeout=args.hang_seconds * 5)
        except TimeoutError:
            status = -1
            hangs += 1
        except Exception:  # noqa: BLE001 - that is what we count
            status = -2
            if len(exceptions) < 20:
                exceptions.append(f"input {i} ({kind}): {traceback.format_exc(limit=3)}")
            else:
                exceptions.append("")
        took = time.perf_counter() - t0
        if took > args.hang_seconds and status != -1:
            hangs += 1
        if took > slowest[0]:
            slowest = (took, f"input {i} ({kind}, {sum(map(len, chunks)):,} bytes) -> {status}")
        statuses[status] += 1
        if status >= 500:
            five.append(f"input {i} ({kind})")
        if (i + 1) % 10_000 == 0:
            healthy = await health(app)
            print(f"{i + 1:>7} inputs  {time.monotonic() - started:6.1f} s  healthy={healthy}  "
                  f"statuses={dict(sorted(statuses.items()))}", flush=True)
            if not healthy:
                exceptions.append(f"/healthz failed after input {i}")
    seconds = time.monotonic() - started
    return {
        "command": " ".join(["python bench/fuzz_webhook.py", *sys.argv[1:]]),
        "seed": args.seed,
        "inputs": args.inputs,
        "seconds": round(seconds, 1),
        "inputs_per_second": round(args.inputs / seconds),
        "status_histogram": {str(k): v for k, v in sorted(statuses.items())},
        "input_kinds": dict(sorted(kinds.items())),
        "responses_5xx": len(five),
        "unhandled_exceptions": len(exceptions),
        "hangs": hangs,
        "hang_threshold_seconds": args.hang_seconds,
        "slowest_request_seconds": round(slowest[0], 3),
        "slowest_request": slowest[1],
        "jobs_queued": queue.depth(),
        "examples_5xx": five[:20],
        "examples_exceptions": [e for e in exceptions if e][:20],
        "machine": f"{platform.machine()} {platform.system()} python {platform.python_version()}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--hang-seconds", type=float, default=2.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "fuzz.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cg-fuzz-") as folder:
        result = asyncio.run(run(args, Path(folder)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if not k.startswith("examples")}, indent=2))
    bad = result["responses_5xx"] + result["unhandled_exceptions"] + result["hangs"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
