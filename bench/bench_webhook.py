"""Webhook acknowledgement under load, against a bare starlette endpoint, and no lost deliveries.

    .venv/bin/python bench/bench_webhook.py [--deliveries 2000] [--prs 200] [--concurrency 50] [--reps 3]
                                            [--out bench/results/webhook.json]
    .venv/bin/python bench/bench_webhook.py --queue redis [--redis-db 14] [--worker-processes 2]
                                            [--out bench/results/webhook-redis.json]

Each repetition:

1. Baseline: a bare starlette app under uvicorn (a separate process, same uvicorn settings
   as the App) whose POST /webhook reads the body and answers 202, hit with the same signed
   bodies at the same concurrency.
2. Ours: a fresh GitHub double in this process (one org, one repo, the App installed, --prs
   pull requests with every pushed head SHA), and a fresh `python -m bot serve` subprocess
   (SQLite queue in a temp dir, WORKERS=2, SWEEP_INTERVAL_SECONDS=0), hit with --deliveries
   signed deliveries built from the recorded payloads in tests/fixtures/github-payloads,
   re-targeted with World: pull_request opened (one per PR) and synchronize (distinct head
   SHAs), issue_comment `/guard recheck` and plain comments, check_suite requested, ping.
   Every delivery has its own X-GitHub-Delivery id.
   Then the queue is drained (GET /metrics: `cg_queue_depth` 0, the per-outcome counts of
   `cg_job_seconds_count` unchanged for --settle seconds, and the store's `pending` ledger
   empty) and the outcome ledger (`<queue>.state.db`, table `log`, k='outcomes') is compared
   with the deliveries the server accepted:
   lost = a "queued" delivery with fewer final outcomes than the jobs it was answered with;
   duplicated = a delivery with more final outcomes than its jobs ("requeued" is not final).
   "ignored" answers (ping, plain comments) are accepted-not-queued.

Load: --concurrency senders (asyncio in a separate process, one keep-alive connection each,
a minimal HTTP/1.1 client: httpx's pool at 50-way concurrency spent more CPU than the
servers under test) on loopback; each PR's deliveries go through one sender in order (opened, then its pushes),
as GitHub would send them, interleaved with the other PRs' of that sender.

Most PRs change one line of README.md (docs-only: no semgrep process), --py-share of them
change a small Python file (a real semgrep scan), so the queue drains in reasonable time:
the point is the acknowledgement path and that nothing is lost. The App's write budget
(WRITES_PER_MINUTE/HOUR) is raised so GitHub's content-creation limits do not stretch the
drain over an hour.

Also, for our side:
- queue depth over time: `cg_queue_depth` from GET /metrics every 0.5 s from the first
  delivery until the queue is drained (the series is stored in the JSON, with its maximum);
- end-to-end review latency: for each PR's last head (older heads are superseded), from the
  acknowledgement of the last delivery that queued a review of that PR to the double's
  receipt of the last request completing that head's check run (percentiles over PRs);
- `--queue redis`: QUEUE_URL=redis://127.0.0.1:6379/<--redis-db> (the db is flushed before
  each repetition) with `--worker-processes 2` unless given; the outcome ledger is read from
  the Redis store instead of `<queue>.state.db`.

Reported per side: p50/p99 latency and deliveries per second; the ratio of p99s (target:
ours <= 3x bare); lost/duplicated deliveries; drain time. Medians over --reps repetitions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import math
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from benchlib import machine_info, write_report  # noqa: E402

P99_TARGET_RATIO = 3.0

# --------------------------------------------------------------------------- helper processes
# The bare endpoint and the load sender run as `python bench/bench_webhook.py --role ...`.


def run_bare(port: int) -> None:
    """The baseline: starlette under uvicorn, configured like `bot serve`, answering 202."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    async def webhook(request: Request) -> Response:
        await request.body()
        return Response(status_code=202)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/webhook", webhook, methods=["POST"]), Route("/healthz", healthz)])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="off",
                            timeout_graceful_shutdown=10)
    uvicorn.Server(config).run()


class RawConnection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    httpx's pool costs milliseconds of client CPU per request at 50-way concurrency (the
    sender, not the server, became the bottleneck), so each sender owns one connection and
    writes requests / reads Content-Length-framed responses itself.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        code = int(lines[0].split(" ", 2)[1])
        length = 0
        close = False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
            elif name.strip().lower() == "connection" and value.strip().lower() == "close":
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return code, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def run_sender(url: str, plan_path: Path, out_path: Path, concurrency: int) -> None:
    """Send the planned deliveries, one connection per lane, and write each one's latency."""
    plan = json.loads(plan_path.read_text())
    lanes: list[list[list[Any]]] = plan["lanes"]
    n = sum(len(lane) for lane in lanes)
    results: list[dict[str, Any] | None] = [None] * n
    ping = plan["warmup"]
    host, _, port = url.removeprefix("http://").partition(":")

    async def go() -> float:
        conns = [RawConnection(host, int(port)) for _ in lanes]
        # warm-up: open every connection once (pings are answered "ignored", never queued)
        await asyncio.gather(*(c.post("/webhook", ping["body"].encode(), {
            "X-GitHub-Event": "ping", "X-GitHub-Delivery": f"warmup-{uuid.uuid4()}",
            "Content-Type": "application/json", "X-Hub-Signature-256": ping["sig"]}) for c in conns))
        t0 = time.perf_counter()

        async def lane(conn: RawConnection, items: list[list[Any]]) -> None:
            for idx, event, delivery, body, sig in items:
                headers = {"X-GitHub-Event": event, "X-GitHub-Delivery": delivery,
                           "Content-Type": "application/json", "X-Hub-Signature-256": sig,
                           "User-Agent": "GitHub-Hookshot/bench"}
                data = body.encode()
                start = time.perf_counter()
                rec: dict[str, Any] = {"i": idx, "t": start - t0}
                try:
                    code, answer_raw = await conn.post("/webhook", data, headers)
                    rec["lat"] = time.perf_counter() - start
                    rec["ts"] = time.time()  # wall clock of the ack, for end-to-end latency
                    rec["code"] = code
                    if answer_raw:
                        try:
                            answer = json.loads(answer_raw)
                            rec["status"] = answer.get("status")
                            rec["jobs"] = answer.get("jobs")
                        except ValueError:
                            pass
                except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    rec["lat"] = time.perf_counter() - start
                    rec["code"] = -1
                    rec["error"] = f"{type(exc).__name__}: {exc}"
                    await conn.close()
                results[idx] = rec

        await asyncio.gather(*(lane(c, items) for c, items in zip(conns, lanes, strict=True)))
        wall = time.perf_counter() - t0
        for c in conns:
            await c.close()
        return wall

    wall = asyncio.run(go())
    out_path.write_text(json.dumps({"wall": wall, "results": results}))


# --------------------------------------------------------------------------- the delivery plan


@dataclass
class Delivery:
    idx: int
    event: str
    kind: str  # opened | synchronize | recheck | comment | check_suite | ping
    delivery: str
    body: str
    pr: int | None = None


@dataclass
class PRPlan:
    number: int
    python: bool
    heads: list[str] = field(default_factory=list)
    recheck_comments: int = 0


def head_sha(rep: int, number: int, version: int) -> str:
    return hashlib.sha1(f"bench/{rep}/{number}/{version}".encode()).hexdigest()


RECHECK_TEXT = "Thanks, one more look please.\n/guard recheck\n"
README_BASE = "# Shop\n\nThe shop service.\n"


def files_for(pr: PRPlan, version: int) -> dict[str, Any]:
    from tests.github_double import FileSpec

    if pr.python:
        base = ("import logging\n\nlog = logging.getLogger(__name__)\n\n\n"
                f"def total_{pr.number}(items):\n    return sum(items)\n")
        head = base + f"\n\ndef describe_{pr.number}(name):\n    return name.strip().title()  # v{version}\n"
        return {f"shop/orders_{pr.number}.py": FileSpec(status="modified", base=base, head=head)}
    return {"README.md": FileSpec(status="modified", base=README_BASE,
                                  head=README_BASE + f"PR {pr.number}, push {version}.\n")}


def mix(total: int, prs: int) -> dict[str, int]:
    """How many deliveries of each kind: one `opened` per PR, the rest in fixed shares."""
    if total < prs:
        raise SystemExit(f"--deliveries ({total}) must be at least --prs ({prs})")
    counts = {
        "opened": prs,
        "ping": round(total * 0.025),
        "comment": round(total * 0.15),
        "recheck": round(total * 0.05),
        "check_suite": round(total * 0.15),
    }
    counts["synchronize"] = total - sum(counts.values())
    if counts["synchronize"] < 0:
        raise SystemExit("too many PRs for this many deliveries")
    return counts


Plan = tuple[list[Delivery], list[list[Delivery]], dict[int, PRPlan], dict[str, int]]


def build_plan(rep: int, total: int, n_prs: int, concurrency: int, py_share: float, seed: int) -> Plan:
    """Deliveries (bodies signed later), their lanes, and what the double must know per PR."""
    from tests.app_harness import payload

    rng = random.Random(seed * 1000 + rep)
    counts = mix(total, n_prs)
    every = max(1, round(1 / py_share)) if py_share > 0 else 0
    prs = {n: PRPlan(n, python=bool(every) and n % every == 0) for n in range(1, n_prs + 1)}
    # per-PR timelines: opened, then pushes / comments / check suites in random order
    extra: dict[int, list[str]] = {n: [] for n in prs}
    for kind in ("synchronize", "recheck", "comment", "check_suite"):
        for _ in range(counts[kind]):
            extra[rng.randint(1, n_prs)].append(kind)
    timelines: dict[int, list[str]] = {}
    for n, kinds in extra.items():
        rng.shuffle(kinds)
        timelines[n] = ["opened", *kinds]
    world = _PayloadWorld()
    deliveries: list[Delivery] = []
    lanes: list[list[Delivery]] = [[] for _ in range(concurrency)]
    lane_prs: dict[int, list[int]] = defaultdict(list)
    for n in prs:
        lane_prs[(n - 1) % concurrency].append(n)
    ping_body = json.dumps(payload("ping/payload"))
    pings_per_lane = [0] * concurrency
    for _ in range(counts["ping"]):
        pings_per_lane[rng.randrange(concurrency)] += 1
    for lane_no in range(concurrency):
        # a random interleaving of this lane's PR timelines (each kept in order) and its pings
        queue = [("pr", n) for n in lane_prs[lane_no] for _ in timelines[n]]
        queue += [("ping", 0)] * pings_per_lane[lane_no]
        rng.shuffle(queue)
        cursor = {n: 0 for n in lane_prs[lane_no]}
        for what, n in queue:
            idx = len(deliveries)
            did = str(uuid.uuid4())
            if what == "ping":
                d = Delivery(idx, "ping", "ping", did, ping_body)
            else:
                kind = timelines[n][cursor[n]]
                cursor[n] += 1
                d = world.delivery(idx, did, kind, prs[n], rep, rng)
            deliveries.append(d)
            lanes[lane_no].append(d)
    return deliveries, lanes, prs, counts


class _PayloadWorld:
    """World's payload builders plus the kinds World does not build (check_suite)."""

    def __init__(self) -> None:
        from tests.app_harness import World

        # only the payload builders are used, and they never touch World's double
        self.world = World.__new__(World)

    def delivery(self, idx: int, did: str, kind: str, pr: PRPlan, rep: int, rng: random.Random) -> Delivery:
        from tests.app_harness import payload

        w = self.world
        n = pr.number
        if kind == "opened":
            pr.heads.append(head_sha(rep, n, 0))
            return Delivery(idx, "pull_request", kind, did, json.dumps(w.opened(n, pr.heads[-1])), n)
        if kind == "synchronize":
            pr.heads.append(head_sha(rep, n, len(pr.heads)))
            return Delivery(idx, "pull_request", kind, did, json.dumps(w.synchronize(n, pr.heads[-1])), n)
        if kind == "recheck":
            pr.recheck_comments += 1
            # the comment itself is created on the double later, under this id
            body = w.comment(n, RECHECK_TEXT, comment_id=5_000_000 + idx)
            return Delivery(idx, "issue_comment", kind, did, json.dumps(body), n)
        if kind == "comment":
            text = rng.choice(["LGTM", "Could you add a test for this?", "nit: typo in the docstring",
                               "Why not use `/guard` here? (not a command)"])
            body = w.comment(n, text, comment_id=5_000_000 + idx)
            return Delivery(idx, "issue_comment", kind, did, json.dumps(body), n)
        if kind == "check_suite":
            suite = w.retarget(payload("check_suite/requested"))
            sha = pr.heads[-1]
            suite["check_suite"]["head_sha"] = sha
            suite["check_suite"]["after"] = sha
            suite["check_suite"]["head_branch"] = f"feature-{n}"
            suite["check_suite"]["pull_requests"] = [{
                "url": f"https://api.github.com/repos/acme/shop/pulls/{n}", "id": 9000 + n, "number": n,
                "head": {"ref": f"feature-{n}", "sha": sha, "repo": {"id": 1, "url": "", "name": "shop"}},
                "base": {"ref": "main", "sha": "0" * 40, "repo": {"id": 1, "url": "", "name": "shop"}},
            }]
            return Delivery(idx, "check_suite", kind, did, json.dumps(suite), n)
        raise ValueError(kind)


# --------------------------------------------------------------------------- measuring


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(sent: dict[str, Any], deliveries: list[Delivery]) -> dict[str, Any]:
    res = sent["results"]
    lats = [r["lat"] for r in res if r["code"] > 0]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for r in res:
        if r["code"] > 0:
            by_kind[deliveries[r["i"]].kind].append(r["lat"])
    return {
        "sent": len(res),
        "wall_s": round(sent["wall"], 3),
        "deliveries_per_s": round(len(res) / sent["wall"], 1),
        "p50_ms": round(pct(lats, 50) * 1000, 2),
        "p90_ms": round(pct(lats, 90) * 1000, 2),
        "p99_ms": round(pct(lats, 99) * 1000, 2),
        "max_ms": round(max(lats) * 1000, 2) if lats else None,
        "mean_ms": round(statistics.fmean(lats) * 1000, 2) if lats else None,
        "codes": dict(Counter(str(r["code"]) for r in res)),
        "by_kind": {k: {"n": len(v), "p50_ms": round(pct(v, 50) * 1000, 2), "p99_ms": round(pct(v, 99) * 1000, 2)}
                    for k, v in sorted(by_kind.items())},
    }


def send(url: str, deliveries: list[Delivery], lanes: list[list[Delivery]], concurrency: int,
         folder: Path, secret: str, tag: str) -> dict[str, Any]:
    from tests.app_harness import payload, sign

    ping = json.dumps(payload("ping/payload"))
    plan = {
        "lanes": [[[d.idx, d.event, d.delivery, d.body, sign(d.body.encode(), secret)] for d in lane]
                  for lane in lanes],
        "warmup": {"body": ping, "sig": sign(ping.encode(), secret)},
    }
    plan_path = folder / f"plan-{tag}.json"
    out_path = folder / f"sent-{tag}.json"
    plan_path.write_text(json.dumps(plan))
    subprocess.run([sys.executable, __file__, "--role", "send", "--url", url, "--plan", str(plan_path),
                    "--sent", str(out_path), "--concurrency", str(concurrency)], check=True)
    out: dict[str, Any] = json.loads(out_path.read_text())
    return out


# --------------------------------------------------------------------------- one repetition


def run_baseline(deliveries: list[Delivery], lanes: list[list[Delivery]], args: argparse.Namespace,
                 folder: Path, secret: str) -> dict[str, Any]:
    import httpx

    from tests.app_harness import free_port, wait_for

    port = free_port()
    log = (folder / "bare.log").open("wb")
    proc = subprocess.Popen([sys.executable, __file__, "--role", "bare", "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)

    def healthy() -> bool:
        if proc.poll() is not None:
            raise SystemExit(f"bare server exited: {(folder / 'bare.log').read_text()[-2000:]}")
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(healthy, 30, "the bare endpoint")
        sent = send(f"http://127.0.0.1:{port}", deliveries, lanes, args.concurrency, folder, secret, "bare")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        log.close()
    return summarize(sent, deliveries)


def metrics_snapshot(url: str) -> tuple[float, dict[str, float]]:
    import httpx

    text = httpx.get(url + "/metrics", timeout=10).text
    depth = float("nan")
    outcomes: dict[str, float] = defaultdict(float)
    for line in text.splitlines():
        if line.startswith("cg_queue_depth "):
            depth = float(line.split()[-1])
        elif line.startswith("cg_job_seconds_count{"):
            m = re.search(r'outcome="([^"]*)"', line)
            if m:
                outcomes[m.group(1)] += float(line.rpartition(" ")[2])
    return depth, dict(outcomes)


def ledger_pending(state_db: Path | str) -> int:
    if isinstance(state_db, str):  # a redis:// queue: the store's `pending` hash
        from bot.store import open_store

        return len(open_store(state_db).hgetall("pending"))
    with sqlite3.connect(f"file:{state_db}?mode=ro", uri=True, timeout=30) as c:
        return int(c.execute("SELECT count(*) FROM hash WHERE name = 'pending'").fetchone()[0])


def ledger_outcomes(state_db: Path | str) -> list[dict[str, Any]]:
    if isinstance(state_db, str):  # a redis:// queue: the store's `outcomes` log
        from bot.store import open_store

        return [json.loads(v) for v in open_store(state_db).items("outcomes")]
    with sqlite3.connect(f"file:{state_db}?mode=ro", uri=True, timeout=30) as c:
        rows = c.execute("SELECT v FROM log WHERE k = 'outcomes' ORDER BY rowid").fetchall()
    return [json.loads(r[0]) for r in rows]


class DepthSampler(threading.Thread):
    """`cg_queue_depth` from /metrics every `interval` s: [[seconds since start, depth], ...]."""

    def __init__(self, url: str, interval: float = 0.5) -> None:
        super().__init__(daemon=True, name="depth-sampler")
        self.url, self.interval = url, interval
        self.series: list[list[float]] = []
        self.errors = 0
        self.halt = threading.Event()
        self.t0 = time.monotonic()

    def run(self) -> None:
        import httpx

        with httpx.Client(timeout=5) as client:
            while not self.halt.is_set():
                t = time.monotonic() - self.t0
                try:
                    text = client.get(self.url + "/metrics").text
                    depth = next((float(line.split()[-1]) for line in text.splitlines()
                                  if line.startswith("cg_queue_depth ")), float("nan"))
                    self.series.append([round(t, 2), depth])
                except (httpx.HTTPError, ValueError):
                    self.errors += 1
                self.halt.wait(max(0.0, self.interval - (time.monotonic() - self.t0 - t)))

    def stop(self) -> dict[str, Any]:
        self.halt.set()
        self.join(10)
        depths = [d for _, d in self.series if d == d]
        return {
            "interval_s": self.interval,
            "samples": len(self.series),
            "sample_errors": self.errors,
            "max": max(depths, default=None),
            "mean": round(statistics.fmean(depths), 1) if depths else None,
            "t_max_s": next((t for t, d in self.series if d == max(depths)), None) if depths else None,
            "series": self.series,
        }


REVIEW_KINDS = ("opened", "synchronize", "check_suite", "recheck")


def e2e_latency(deliveries: list[Delivery], sent: dict[str, Any], prs: dict[int, PRPlan], gh: Any,
                repo: Any) -> dict[str, Any]:
    """Per PR: from the ack of its last review-queuing delivery to the last completion of the
    check run of its final head (every older head is superseded by design)."""
    answers = {r["i"]: r for r in sent["results"]}
    last_ack: dict[int, float] = {}
    for d in deliveries:
        r = answers.get(d.idx) or {}
        if d.kind in REVIEW_KINDS and d.pr is not None and r.get("status") == "queued" and "ts" in r:
            last_ack[d.pr] = max(last_ack.get(d.pr, 0.0), float(r["ts"]))
    run_head = {int(run["id"]): run["head_sha"] for run in gh.check_runs(repo)}
    completions: dict[str, list[float]] = defaultdict(list)
    for w in gh.writes_to(None, r"/check-runs", ok_only=True):
        body = w.get("json") or {}
        if body.get("status") != "completed":
            continue
        if w["method"] == "PATCH":
            m = re.search(r"/check-runs/(\d+)", w["path"])
            sha = run_head.get(int(m.group(1))) if m else None
        else:  # created already completed (a failed review)
            sha = body.get("head_sha")
        if sha:
            completions[sha].append(float(w["time"]))
    lats: list[float] = []
    first_after: list[float] = []
    missing: list[int] = []
    completed_before_last_ack = 0
    for n, pr in prs.items():
        if n not in last_ack:
            continue
        done = completions.get(pr.heads[-1], [])
        after = [t for t in done if t >= last_ack[n]]
        if not after:
            if done:
                completed_before_last_ack += 1
            else:
                missing.append(n)
            continue
        lats.append(max(after) - last_ack[n])
        first_after.append(min(after) - last_ack[n])

    def p(values: list[float], q: float) -> float | None:
        return round(pct(values, q) * 1000, 1) if values else None

    return {
        "definition": "last completion of the final head's check run minus the ack of the PR's last "
                      "delivery that queued a review (opened, synchronize, check_suite, /guard recheck)",
        "prs_measured": len(lats),
        "p50_ms": p(lats, 50), "p90_ms": p(lats, 90), "p99_ms": p(lats, 99),
        "max_ms": round(max(lats) * 1000, 1) if lats else None,
        "first_completion_after_last_ack": {"p50_ms": p(first_after, 50), "p99_ms": p(first_after, 99)},
        "prs_completed_only_before_last_ack": completed_before_last_ack,
        "prs_without_completed_check": len(missing),
        "prs_without_completed_check_examples": missing[:5],
    }


def drain(url: str, state_db: Path | str, settle: float, stuck_after: float, timeout: float) -> dict[str, Any]:
    """Wait for depth 0, outcome counts unchanged for `settle` s and an empty pending ledger."""
    t0 = time.monotonic()
    last: dict[str, float] | None = None
    changed = t0
    polls = 0
    while True:
        depth, outcomes = metrics_snapshot(url)
        if not outcomes:  # jobs run in separate worker processes: count the ledger instead
            outcomes = {"ledger": float(len(ledger_outcomes(state_db)))}
        pending = ledger_pending(state_db)
        now = time.monotonic()
        polls += 1
        if outcomes != last:
            last, changed = outcomes, now
        quiet = now - changed
        if depth == 0 and pending == 0 and quiet >= settle:
            state = "drained"
        elif depth == 0 and quiet >= stuck_after:
            state = "stuck"  # nothing queued, nothing finishing, yet the ledger holds jobs
        elif now - t0 > timeout:
            state = "timeout"
        else:
            time.sleep(0.5)
            continue
        return {"state": state, "seconds_after_last_ack": round(now - t0 - quiet, 2), "polls": polls,
                "depth": depth, "pending_in_ledger": pending, "job_outcomes_metric": outcomes}


def account(deliveries: list[Delivery], sent: dict[str, Any], ledger: list[dict[str, Any]]) -> dict[str, Any]:
    """Compare the accepted deliveries with the outcome ledger."""
    answers = {r["i"]: r for r in sent["results"]}
    final: Counter[str] = Counter()
    requeued: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for entry in ledger:
        delivery = str(entry["job"]).split(":", 1)[0]
        outcomes[entry["outcome"]] += 1
        if entry["outcome"] == "requeued":
            requeued[delivery] += 1
        else:
            final[delivery] += 1
    queued: dict[str, int] = {}
    statuses: Counter[str] = Counter()
    rejected = []
    for d in deliveries:
        r = answers[d.idx]
        if not 200 <= r["code"] < 300:
            rejected.append({"kind": d.kind, "code": r["code"], "error": r.get("error")})
            continue
        statuses[f"{d.kind}:{r.get('status')}"] += 1
        if r.get("status") == "queued":
            queued[d.delivery] = int(r.get("jobs") or 1)
    lost = {did: n - final[did] for did, n in queued.items() if final[did] < n}
    duplicated = {did: final[did] - n for did, n in queued.items() if final[did] > n}
    unknown = sorted(set(final) - set(queued))
    by_kind_outcome: Counter[str] = Counter()
    kind_of = {d.delivery: d.kind for d in deliveries}
    for entry in ledger:
        if entry["outcome"] != "requeued":
            by_kind_outcome[f"{kind_of.get(str(entry['job']).split(':', 1)[0], '?')}:{entry['outcome']}"] += 1
    accepted = sum(1 for d in deliveries if 200 <= answers[d.idx]["code"] < 300)
    return {
        "accepted": accepted,
        "accepted_queued": len(queued),
        "accepted_not_queued": accepted - len(queued),
        "rejected": len(rejected),
        "rejected_examples": rejected[:5],
        "jobs_expected": sum(queued.values()),
        "final_outcomes": sum(final.values()),
        "lost": len(lost),
        "lost_jobs": sum(lost.values()),
        "lost_examples": sorted(lost)[:5],
        "duplicated": len(duplicated),
        "duplicated_examples": sorted(duplicated)[:5],
        "outcomes_for_unknown_deliveries": len(unknown),
        "requeued_records": sum(requeued.values()),
        "outcomes": dict(sorted(outcomes.items())),
        "answers": dict(sorted(statuses.items())),
        "final_outcomes_by_kind": dict(sorted(by_kind_outcome.items())),
    }


def run_ours(rep: int, deliveries: list[Delivery], lanes: list[list[Delivery]], prs: dict[int, PRPlan],
             args: argparse.Namespace, folder: Path, key: Any) -> dict[str, Any]:
    from tests.app_harness import APP_ID, SECRET, AppProcess, World, app_env, free_port
    from tests.github_double import GitHubDouble

    comment_ids = {d.idx for d in deliveries if d.kind == "recheck"}
    with GitHubDouble(app_id=APP_ID, app_public_key=key.public_pem, rate_limit=10_000_000) as gh:
        world = World(gh)
        for n, pr in prs.items():
            gh.add_pull(world.repo, n, head_sha=pr.heads[0], head_ref=f"feature-{n}", files=files_for(pr, 0))
            for version, sha in enumerate(pr.heads[1:], start=1):
                gh.push(world.repo, n, sha, files=files_for(pr, version))
        for d in deliveries:  # the /guard recheck comments exist, so the App's reaction lands on them
            if d.idx in comment_ids:
                made = gh.add_issue_comment(world.repo, int(d.pr or 0), "bob", RECHECK_TEXT)
                body = json.loads(d.body)
                body["comment"]["id"] = made["id"]
                d.body = json.dumps(body)
        env = {**app_env(gh, key, folder), "PORT": str(port := free_port()), "WORKERS": str(args.workers),
               "SWEEP_INTERVAL_SECONDS": "0", "WRITES_PER_MINUTE": "1000000", "WRITES_PER_HOUR": "1000000"}
        ledger_source: Path | str = folder / "queue.state.db"
        if args.queue == "redis":
            env["QUEUE_URL"] = ledger_source = redis_url(args)
            flush_redis(ledger_source)
        workers = []
        if args.worker_processes:  # production topology: the web process only acknowledges
            workers = [AppProcess("worker", dict(env), folder / f"worker{i}.log", 0).start()
                       for i in range(args.worker_processes)]
            env["WORKERS"] = "0"
        app = AppProcess("serve", env, folder / "serve.log", port).start()
        calls_before = len(gh.calls)
        sampler = DepthSampler(app.url)
        try:
            sampler.start()
            t_send = time.monotonic()
            sent = send(app.url, deliveries, lanes, args.concurrency, folder, SECRET, "ours")
            print(f"  ours: sent {len(deliveries)} in {time.monotonic() - t_send:.1f} s; draining...", flush=True)
            drained = drain(app.url, ledger_source, args.settle, args.stuck_after, args.drain_timeout)
            ledger = ledger_outcomes(ledger_source)
        finally:
            depth = sampler.stop()
            code = app.stop()
            for w in workers:
                w.stop()
        logs = app.logs() + "".join(w.logs() for w in workers)
        summary = summarize(sent, deliveries)
        acct = account(deliveries, sent, ledger)
        finals = {pr.heads[-1] for pr in prs.values()}
        reviewed_final = {r["head_sha"] for r in gh.check_runs(world.repo) if r["status"] == "completed"} & finals
        return {
            **summary,
            "queue": args.queue,
            "worker_processes": args.worker_processes,
            "drain": drained,
            "queue_depth": depth,
            "e2e_latency": e2e_latency(deliveries, sent, prs, gh, world.repo),
            "delivery_accounting": acct,
            "final_heads_with_completed_check": len(reviewed_final),
            "prs": len(prs),
            "github_calls": len(gh.calls) - calls_before,
            "double_internal_errors": [repr(e) for e in gh.internal_errors][:5],
            "app_exit_code": code,
            "app_log_errors": sum(1 for line in logs.splitlines() if " ERROR " in line or "Traceback" in line),
            "app_log_error_examples": [line[:300] for line in logs.splitlines() if " ERROR " in line][:5],
        }


# --------------------------------------------------------------------------- main


def machine() -> dict[str, Any]:
    return machine_info()


def med(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _med_opt(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return med(present) if present else None


def redis_url(args: argparse.Namespace) -> str:
    return f"{args.redis_url.rstrip('/')}/{args.redis_db}"


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--deliveries", type=int, default=2000)
    ap.add_argument("--prs", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2, help="the App's WORKERS")
    ap.add_argument("--worker-processes", type=int, default=None,
                    help="run jobs in this many `constraint-guard worker` processes (serve with WORKERS=0); "
                         "default 0, or 2 with --queue redis")
    ap.add_argument("--py-share", type=float, default=0.03,
                    help="share of PRs changing a Python file (semgrep runs); the rest change README.md")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds the outcome counts must stay unchanged")
    ap.add_argument("--stuck-after", type=float, default=30.0,
                    help="give up waiting for the pending ledger after this many quiet seconds")
    ap.add_argument("--drain-timeout", type=float, default=600.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queue", choices=["sqlite", "redis"], default="sqlite",
                    help="sqlite: the embedded queue (default); redis: QUEUE_URL=redis://... with worker processes")
    ap.add_argument("--redis-url", default="redis://127.0.0.1:6379", help="the Redis server for --queue redis")
    ap.add_argument("--redis-db", type=int, default=14, help="the Redis db for --queue redis (flushed first)")
    ap.add_argument("--out", default=None,
                    help="default bench/results/webhook.json (sqlite) or webhook-redis.json (redis)")
    # helper-process roles (internal)
    ap.add_argument("--role", choices=["main", "bare", "send"], default="main", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--plan", help=argparse.SUPPRESS)
    ap.add_argument("--sent", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.role == "bare":
        run_bare(args.port)
        return
    if args.role == "send":
        run_sender(args.url, Path(args.plan), Path(args.sent), args.concurrency)
        return
    if args.worker_processes is None:
        args.worker_processes = 2 if args.queue == "redis" else 0
    if args.out is None:
        name = "webhook-redis.json" if args.queue == "redis" else "webhook.json"
        args.out = str(ROOT / "bench" / "results" / name)
    if args.queue == "redis":
        flush_redis(redis_url(args))  # fail early when no Redis answers

    from tests.app_harness import SECRET, make_key

    started = time.monotonic()
    reps = []
    with tempfile.TemporaryDirectory(prefix="cg-bench-webhook-") as tmp:
        key = make_key(Path(tmp))
        for rep in range(args.reps):
            folder = Path(tmp) / f"rep{rep}"
            folder.mkdir()
            deliveries, lanes, prs, counts = build_plan(rep, args.deliveries, args.prs, args.concurrency,
                                                        args.py_share, args.seed)
            print(f"rep {rep + 1}/{args.reps}: {len(deliveries)} deliveries {counts}", flush=True)
            bare = run_baseline(deliveries, lanes, args, folder, SECRET)
            print(f"  bare: p50 {bare['p50_ms']} ms, p99 {bare['p99_ms']} ms, {bare['deliveries_per_s']}/s",
                  flush=True)
            ours = run_ours(rep, deliveries, lanes, prs, args, folder, key)
            acct = ours["delivery_accounting"]
            print(f"  ours: p50 {ours['p50_ms']} ms, p99 {ours['p99_ms']} ms, {ours['deliveries_per_s']}/s; "
                  f"drain {ours['drain']['state']} {ours['drain']['seconds_after_last_ack']} s after the last ack; "
                  f"lost {acct['lost']}, duplicated {acct['duplicated']}, rejected {acct['rejected']}", flush=True)
            e2e = ours["e2e_latency"]
            print(f"  ours: e2e review latency p50 {e2e['p50_ms']} ms, p99 {e2e['p99_ms']} ms over "
                  f"{e2e['prs_measured']} PRs; max queue depth {ours['queue_depth']['max']}", flush=True)
            reps.append({"rep": rep, "mix": counts, "bare": bare, "ours": ours,
                         "p99_ratio": round(ours["p99_ms"] / bare["p99_ms"], 2)})

    def m(side: str, k: str) -> float:
        return med([r[side][k] for r in reps])

    medians = {
        "bare": {"p50_ms": m("bare", "p50_ms"), "p99_ms": m("bare", "p99_ms"),
                 "deliveries_per_s": m("bare", "deliveries_per_s")},
        "ours": {"p50_ms": m("ours", "p50_ms"), "p99_ms": m("ours", "p99_ms"),
                 "deliveries_per_s": m("ours", "deliveries_per_s")},
        "p99_ratio": med([r["p99_ratio"] for r in reps]),
        "lost": med([r["ours"]["delivery_accounting"]["lost"] for r in reps]),
        "duplicated": med([r["ours"]["delivery_accounting"]["duplicated"] for r in reps]),
        "rejected": med([r["ours"]["delivery_accounting"]["rejected"] for r in reps]),
        "drain_seconds_after_last_ack": med([r["ours"]["drain"]["seconds_after_last_ack"] for r in reps]),
        "e2e_p50_ms": _med_opt([r["ours"]["e2e_latency"]["p50_ms"] for r in reps]),
        "e2e_p99_ms": _med_opt([r["ours"]["e2e_latency"]["p99_ms"] for r in reps]),
        "max_queue_depth": _med_opt([r["ours"]["queue_depth"]["max"] for r in reps]),
    }
    totals = {
        "lost": sum(r["ours"]["delivery_accounting"]["lost"] for r in reps),
        "duplicated": sum(r["ours"]["delivery_accounting"]["duplicated"] for r in reps),
        "rejected": sum(r["ours"]["delivery_accounting"]["rejected"] for r in reps),
        "not_drained": sum(1 for r in reps if r["ours"]["drain"]["state"] != "drained"),
    }
    verdict = {
        "p99_ratio_target": P99_TARGET_RATIO,
        "p99_ratio_ok": medians["p99_ratio"] <= P99_TARGET_RATIO,
        "no_loss": totals["lost"] == 0 and totals["duplicated"] == 0 and totals["not_drained"] == 0,
    }
    print(f"\nmedians over {len(reps)} repetitions ({args.deliveries} deliveries, {args.concurrency} senders)")
    print(f"  {'':6} {'p50 ms':>8} {'p99 ms':>8} {'deliv/s':>9}")
    for side in ("bare", "ours"):
        s = medians[side]
        print(f"  {side:6} {s['p50_ms']:>8} {s['p99_ms']:>8} {s['deliveries_per_s']:>9}")
    print(f"  p99 ratio ours/bare: {medians['p99_ratio']} (target <= {P99_TARGET_RATIO}: "
          f"{'ok' if verdict['p99_ratio_ok'] else 'MISSED'})")
    print(f"  lost {medians['lost']}, duplicated {medians['duplicated']}, rejected {medians['rejected']} "
          f"(totals over all reps: {totals})")
    print(f"  drain after the last ack: {medians['drain_seconds_after_last_ack']} s")
    print(f"  end-to-end review latency p50 {medians['e2e_p50_ms']} ms, p99 {medians['e2e_p99_ms']} ms; "
          f"max queue depth {medians['max_queue_depth']}")

    out = {
        "benchmark": "webhook",
        "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "command": " ".join([".venv/bin/python", "bench/bench_webhook.py", *sys.argv[1:]]),
        "params": {k: v for k, v in vars(args).items() if k not in {"role", "port", "url", "plan", "sent"}},
        "queue_url": redis_url(args) if args.queue == "redis" else "sqlite:///<tmp>/queue.db",
        "notes": [
            "shared 2-core machine: other helpers' test runs were active concurrently, so timings are noisy "
            "(load average at start in machine.loadavg_at_start)",
            "queue depth = cg_queue_depth from /metrics every 0.5 s during send + drain (repetitions[].ours."
            "queue_depth.series = [[seconds since the first delivery, depth], ...])",
            "e2e review latency: see repetitions[].ours.e2e_latency.definition",
            "latency = client-side time from sending the request to the full response, keep-alive connections",
            "bare = starlette + uvicorn with the App's uvicorn settings; reads the body, answers 202",
            "README-only PRs are docs-only (no semgrep); --py-share of PRs change a Python file",
            "WRITES_PER_MINUTE/HOUR raised to 1e6 so the write budget does not stretch the drain",
            "every head SHA is pushed to the double before sending, so older heads end 'superseded'",
        ],
        "medians": medians,
        "totals": totals,
        "verdict": verdict,
        "total_seconds": round(time.monotonic() - started, 1),
        "repetitions": reps,
    }
    write_report(args.out, out)
    print(f"\nwrote {args.out} ({out['total_seconds']} s)")


if __name__ == "__main__":
    main()
