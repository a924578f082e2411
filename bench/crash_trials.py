"""Crash trials: SIGKILL (and SIGTERM) `constraint-guard serve` mid-burst, restart, check GitHub.

    .venv/bin/python bench/crash_trials.py [--trials 24] [--seed 5] [--lease 4] [--out bench/results/crash.json]

Each trial starts a fresh GitHub double (in this process) and a fresh `python -m bot serve`
(SQLite queue in a new temp dir, WORKERS=2, LEASE_SECONDS=--lease so a job lost with a
killed worker is re-run after a few seconds instead of 30), then sends a burst of signed
deliveries: 3 pull requests `opened` whose file has findings (so a review publishes a check
run, inline review comments and one summary comment), `synchronize` pushes to some of them
(a new head whose file has one more finding), and `/guard recheck` comments on others.
It stops the server at a point chosen per trial (the kill points cycle, the timing inside a
point is random), watching the double's records to time the kill:

- `queued`         right after the burst was acknowledged (jobs queued, workers starting)
- `random`         a random moment 0-6 s into the burst's processing
- `check-open`     mid-review: a check run was created and is still `in_progress`
- `review-inflight` mid-publish: the inline review POST has reached GitHub, which applies it
                    only after the process is dead (the client never sees the answer)
- `after-review`   mid-publish: the inline review is posted, the summary comment not yet
                    (its POST is in flight and lands after the kill)
- `summary-done`   mid-publish: the summary is posted, the check run not yet completed
- `complete-inflight` mid-publish: the PATCH completing the check run is in flight
- `sigterm`        graceful stop (SIGTERM) while a review is running: it must exit 0, and the
                   running job either finishes or is re-run after the restart

The server is then restarted with the same environment and queue files, the queue drained
(the store's ledger of accepted jobs empty and no write to the double for 2 s), and the
double checked. For every pull request:

- its final head (the head of its latest acknowledged push) has exactly one check run per
  (head SHA, check name), `completed`, with the same conclusion a crash-free run gives;
- no (head SHA, name) has more than one check run (older heads included);
- every finding fingerprint (`constraint-guard:finding:<fp>` marker) appears at most once
  among the PR's review comments (duplicates) and every fingerprint of the final head's
  findings is there (lost inline comments);
- exactly one summary comment.

Trial 0 is a crash-free calibration (what a normal run publishes). Per-trial results and
totals go to --out; a summary is printed. Exit code 1 if any duplicate or loss was found.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from benchlib import now_iso, write_report  # noqa: E402  (also puts the repository on sys.path)

from tests.app_harness import APP_ID, AppKey, AppProcess, World, app_env, free_port, make_key  # noqa: E402
from tests.github_double import FileSpec, GitHubDouble  # noqa: E402

NAME = "Constraint Guard (main)"
SUMMARY = "<!-- constraint-guard:summary -->"
FINGERPRINT = re.compile(r"constraint-guard:finding:([0-9a-f]{16})")
KILL_POINTS = ["queued", "check-open", "review-inflight", "after-review", "summary-done", "complete-inflight",
               "random", "sigterm"]

# the first version of a PR's file: two findings; a push adds a third (the first two keep their
# fingerprints, which ignore line numbers), so a re-review posts exactly one new comment
V1 = (
    "import pickle\n\n\n"
    "def find(cur, name):\n"
    "    cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
    "    return cur.fetchall()\n\n\n"
    "def load(blob):\n"
    "    return pickle.loads(blob)\n"
)
V2 = V1 + (
    "\n\nimport hashlib\n\n\n"
    "def digest(password):\n"
    "    return hashlib.md5(password.encode()).hexdigest()\n"
)
# the other PRs change a Markdown file with committed credentials: findings without a semgrep
# process (docs-only), so a trial's burst is not all semgrep time on this 2-core machine
M1 = "# Setup\n\naws_key = AKIAQ3EGRTWSK7NM2PLB\n\ntoken: ghp_Zq8hT2mVx4Lw9Rk1Yb6Nc3Jd5Fg7Hs0Pa2Qe\n"
M2 = M1 + "\nslack: xoxb-2718281828-3141592653-ZmFrZXRva2Vu\n"
CONTENT = {("py", 1): V1, ("py", 2): V2, ("md", 1): M1, ("md", 2): M2}
PATHS = {"py": "app/db.py", "md": "docs/setup.md"}


def kind_of(pr: int) -> str:
    """PR 1 of each trial is Python (a real semgrep scan), the others Markdown."""
    return "py" if pr == 1 else "md"


def files(pr: int, version: int) -> dict[str, FileSpec]:
    kind = kind_of(pr)
    return {PATHS[kind]: FileSpec(status="added", head=CONTENT[(kind, version)])}


def sha(trial: int, pr: int, version: int) -> str:
    return f"{trial:04d}{pr:04d}{version:04d}".ljust(40, "e")



@dataclass
class Trial:
    trial: int
    kill_point: str
    signal: str
    seed: int
    prs: int = 0
    deliveries_sent: int = 0
    deliveries_acked: int = 0
    killed_at: float | None = None  # seconds after the burst started
    kill_context: str = ""
    kill_timed_out: bool = False  # the watched moment never came: killed at the deadline instead
    exit_code: int | None = None
    mid_review: bool = False  # a check run was in_progress when the process died
    mid_publish: bool = False  # a review, summary or completion was in flight or half done
    restart_seconds: float = 0.0
    drain_seconds: float = 0.0
    duplicate_check_runs: int = 0
    duplicate_inline: int = 0
    duplicate_summaries: int = 0
    lost_reviews: int = 0  # final head without exactly one completed check run
    lost_inline: int = 0
    wrong_conclusions: int = 0
    missing_summaries: int = 0
    stale_in_progress: int = 0  # superseded (older) heads left with an unfinished check run
    undrained: bool = False
    problems: list[str] = field(default_factory=list)
    ok: bool = True


class Burst:
    """The PRs of one trial and the deliveries acknowledged for them."""

    def __init__(self, gh: GitHubDouble, world: World, trial: int, rng: random.Random, prs: int) -> None:
        self.gh, self.world, self.trial, self.rng = gh, world, trial, rng
        self.numbers = list(range(1, prs + 1))
        self.final: dict[int, tuple[str, int]] = {}  # PR -> (acked head sha, content version)
        self.heads: dict[int, list[str]] = {n: [] for n in self.numbers}
        self.sent = self.acked = 0
        for n in self.numbers:
            head = sha(trial, n, 1)
            gh.add_pull(world.repo, n, head_sha=head, files=files(n, 1))
            self.heads[n].append(head)

    def _send(self, server: AppProcess, event: str, body: dict[str, Any]) -> bool:
        self.sent += 1
        try:
            ok = 200 <= server.send(event, body, delivery=str(uuid.uuid4())).status_code < 300
        except Exception:  # noqa: BLE001 - the server died mid-send: not acknowledged
            ok = False
        self.acked += ok
        return ok

    def _pr_body(self, kind: str, n: int, head: str) -> dict[str, Any]:
        body = self.world.opened(n, head) if kind == "opened" else self.world.synchronize(n, head)
        body["pull_request"]["updated_at"] = now_iso()
        return body

    def send_all(self, server: AppProcess) -> None:
        """opened for every PR, then pushes and rechecks in a random order."""
        for n in self.numbers:
            if self._send(server, "pull_request", self._pr_body("opened", n, sha(self.trial, n, 1))):
                self.final[n] = (sha(self.trial, n, 1), 1)
        extra: list[tuple[str, int]] = []
        for n in self.numbers:
            roll = self.rng.random()
            if roll < 0.45:
                extra.append(("push", n))
            elif roll < 0.8:
                extra.append(("recheck", n))
            if self.rng.random() < 0.3:
                extra.append(("recheck", n))
        self.rng.shuffle(extra)
        for kind, n in extra:
            if kind == "push" and self.final.get(n, ("", 0))[1] == 1:
                head = sha(self.trial, n, 2)
                self.gh.push(self.world.repo, n, head, files=files(n, 2))
                self.heads[n].append(head)
                if self._send(server, "pull_request", self._pr_body("synchronize", n, head)):
                    self.final[n] = (head, 2)
            elif kind == "recheck":
                said = self.gh.add_issue_comment(self.world.repo, n, "bob", "/guard recheck")
                self._send(server, "issue_comment", self.world.comment(n, "/guard recheck", comment_id=said["id"]))


# --------------------------------------------------------------------------- kill timing

def arm(gh: GitHubDouble, point: str, rng: random.Random) -> Callable[[], str | None]:
    """Install what a kill point needs on the double; returns a probe: a description once it is time."""
    repo = "/repos/acme/shop"
    if point == "queued":
        return lambda: "burst acknowledged"
    if point == "random":
        at = time.monotonic() + rng.uniform(0.0, 6.0)
        return lambda: f"random moment ({at:.1f})" if time.monotonic() >= at else None
    if point in ("check-open", "sigterm"):
        skip = rng.randint(0, 2)

        def open_run() -> str | None:
            runs = [r for r in gh.check_runs("acme/shop") if r["status"] == "in_progress"]
            created = len(gh.writes_to("POST", r"/check-runs$", ok_only=True))
            if runs and created > skip:
                return f"check run {runs[0]['id']} in_progress"
            return None
        return open_run
    if point in ("review-inflight", "complete-inflight"):
        arrived = threading.Event()
        what: list[str] = []

        def note(body: Any) -> bool:
            if point == "complete-inflight" and (body or {}).get("status") != "completed":
                return False
            arrived.set()
            return True
        if point == "review-inflight":
            gh.fail("POST", r"/pulls/\d+/reviews$", status=None, delay=1.5, times=1, when=note,
                    skip=rng.randint(0, 1))
        else:
            gh.fail("PATCH", r"/check-runs/\d+$", status=None, delay=1.5, times=1, when=note,
                    skip=rng.randint(0, 1))
        lag = rng.uniform(0.05, 0.8)
        seen: list[float] = []

        def inflight() -> str | None:
            if not arrived.is_set():
                return None
            if not seen:
                seen.append(time.monotonic())
                what.append("review POST in flight" if point == "review-inflight" else "completing PATCH in flight")
            return what[0] if time.monotonic() - seen[0] >= lag else None
        return inflight
    if point == "after-review":
        gh.fail("POST", rf"{repo}/issues/\d+/comments$", status=None, delay=1.5, times=1,
                when=lambda b: SUMMARY in ((b or {}).get("body") or ""))
        lag = rng.uniform(0.05, 0.6)
        seen2: list[float] = []

        def after_review() -> str | None:
            for w in gh.writes_to("POST", r"/pulls/\d+/reviews$", ok_only=True):
                n = int(w["path"].split("/")[-2])
                if any(SUMMARY in (c.get("body") or "") for c in gh.issue_comments("acme/shop", n)):
                    continue  # too late for this PR; wait for another
                if not seen2:
                    seen2.append(time.monotonic())
                return f"review of #{n} posted, summary in flight" if time.monotonic() - seen2[0] >= lag else None
            return None
        return after_review
    if point == "summary-done":
        def summary_done() -> str | None:
            for run in gh.check_runs("acme/shop"):
                if run["status"] != "in_progress":
                    continue
                for n in (1, 2, 3, 4):
                    try:
                        pr_head = gh.pulls[("acme/shop", n)].head_sha
                    except KeyError:
                        continue
                    if pr_head == run["head_sha"] and any(
                            SUMMARY in (c.get("body") or "") for c in gh.issue_comments("acme/shop", n)):
                        return f"summary of #{n} posted, check run {run['id']} still in_progress"
            return None
        return summary_done
    raise ValueError(point)


# --------------------------------------------------------------------------- checks

def ledger_size(folder: Path) -> int:
    path = folder / "queue.state.db"
    if not path.exists():
        return 0
    with sqlite3.connect(path, timeout=30) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM hash WHERE name = 'pending'").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def drain(gh: GitHubDouble, folder: Path, timeout: float, quiet: float = 1.5) -> bool:
    """The ledger empty and no write to the double for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        writes = len(gh.writes)
        if ledger_size(folder) == 0:
            time.sleep(quiet)
            if len(gh.writes) == writes and ledger_size(folder) == 0:
                return True
        else:
            time.sleep(0.3)
    return False


def inspect(gh: GitHubDouble, burst: Burst, expected: dict[tuple[str, int], set[str]] | None, conclusion: str | None,
            t: Trial) -> dict[str, Any]:
    """Check the double against the acknowledged deliveries; fills the counters of `t`."""
    per_pr: dict[str, Any] = {}
    for n in burst.numbers:
        runs = gh.check_runs("acme/shop")
        mine = [r for r in runs if r["head_sha"] in burst.heads[n]]
        by_key = Counter((r["head_sha"], r["name"]) for r in mine)
        dups = sum(c - 1 for c in by_key.values() if c > 1)
        t.duplicate_check_runs += dups
        if dups:
            t.problems.append(f"#{n}: {dups} duplicate check run(s): {dict(by_key)}")
        comments = gh.review_comments("acme/shop", n)
        fps = Counter(m.group(1) for c in comments for m in [FINGERPRINT.search(c.get("body") or "")] if m)
        dup_inline = sum(c - 1 for c in fps.values() if c > 1)
        t.duplicate_inline += dup_inline
        if dup_inline:
            t.problems.append(f"#{n}: {dup_inline} duplicated inline comment(s)")
        summaries = [c for c in gh.issue_comments("acme/shop", n) if SUMMARY in (c.get("body") or "")]
        if len(summaries) > 1:
            t.duplicate_summaries += len(summaries) - 1
            t.problems.append(f"#{n}: {len(summaries)} summary comments")
        info: dict[str, Any] = {"check_runs": len(mine), "inline": sum(fps.values()), "summaries": len(summaries)}
        if n in burst.final:
            head, version = burst.final[n]
            final = [r for r in mine if r["head_sha"] == head and r["name"] == NAME]
            done = [r for r in final if r["status"] == "completed"]
            info.update(head=head[:12], version=version, conclusion=done[0]["conclusion"] if done else None)
            if len(final) != 1 or len(done) != 1:
                t.lost_reviews += 1
                t.problems.append(f"#{n}: final head {head[:10]} has {len(final)} run(s), {len(done)} completed")
            elif conclusion is not None and done[0]["conclusion"] != conclusion:
                t.wrong_conclusions += 1
                t.problems.append(f"#{n}: conclusion {done[0]['conclusion']}, a crash-free run gives {conclusion}")
            if not summaries:
                t.missing_summaries += 1
                t.problems.append(f"#{n}: no summary comment")
            if expected is not None:
                missing = expected[(kind_of(n), version)] - set(fps)
                if missing:
                    t.lost_inline += len(missing)
                    t.problems.append(f"#{n}: {len(missing)} finding(s) never posted inline")
            stale = [r for r in mine if r["head_sha"] != head and r["status"] != "completed"]
            t.stale_in_progress += len(stale)
        per_pr[str(n)] = info
    t.ok = not (t.duplicate_check_runs or t.duplicate_inline or t.duplicate_summaries or t.lost_reviews
                or t.lost_inline or t.wrong_conclusions or t.missing_summaries or t.undrained)
    return per_pr


# --------------------------------------------------------------------------- one trial

def run_trial(index: int, point: str, seed: int, key: AppKey, lease: float, prs: int,
              expected: dict[tuple[str, int], set[str]] | None, conclusion: str | None,
              keep_logs: Path | None) -> tuple[Trial, dict[str, Any], GitHubDouble]:
    rng = random.Random(seed * 1000 + index)
    t = Trial(index, point, "SIGTERM" if point == "sigterm" else ("none" if point == "baseline" else "SIGKILL"),
              seed, prs=prs)
    gh = GitHubDouble(app_id=APP_ID, app_public_key=key.public_pem).start()
    folder = Path(tempfile.mkdtemp(prefix=f"cg-crash-{index}-"))
    try:
        world = World(gh)
        burst = Burst(gh, world, index, rng, prs)
        env = {**app_env(gh, key, folder, LEASE_SECONDS=str(lease), JOB_RETRIES="8", WRITES_PER_MINUTE="1000",
                         WRITES_PER_HOUR="10000"), "PORT": str(port := free_port())}
        server = AppProcess("serve", env, folder / "serve-1.log", port).start()
        probe = arm(gh, point, rng) if point != "baseline" else None
        started = time.monotonic()
        burst.send_all(server)
        t.deliveries_sent, t.deliveries_acked = burst.sent, burst.acked
        if probe is not None:
            deadline = time.monotonic() + 60
            context = probe()
            while context is None and time.monotonic() < deadline:
                time.sleep(0.005)
                context = probe()
            if context is None:
                t.kill_timed_out = True
                context = "deadline"
            in_progress = [r for r in gh.check_runs("acme/shop") if r["status"] == "in_progress"]
            sig = signal.SIGTERM if point == "sigterm" else signal.SIGKILL
            t.exit_code = server.stop(sig, timeout=90)
            t.killed_at = round(time.monotonic() - started, 3)
            t.kill_context = context
            t.mid_review = bool(in_progress)
            t.mid_publish = point in ("review-inflight", "after-review", "summary-done", "complete-inflight") \
                and not t.kill_timed_out
            if point == "sigterm" and t.exit_code != 0:
                t.problems.append(f"SIGTERM exit code {t.exit_code}")
            time.sleep(rng.uniform(0.0, 0.3))
            restart = time.monotonic()
            env2 = {**env, "PORT": str(port2 := free_port())}
            server = AppProcess("serve", env2, folder / "serve-2.log", port2).start()
            t.restart_seconds = round(time.monotonic() - restart, 2)
        drained_from = time.monotonic()
        t.undrained = not drain(gh, folder, timeout=120)
        t.drain_seconds = round(time.monotonic() - drained_from, 2)
        if t.undrained:
            t.problems.append(f"queue not drained: {ledger_size(folder)} job(s) left in the ledger")
        server.stop(signal.SIGTERM, timeout=60)
        per_pr = inspect(gh, burst, expected, conclusion, t)
        if point == "sigterm" and t.exit_code != 0:
            t.ok = False
        if internal := gh.internal_errors:
            t.problems.append(f"double errors: {internal!r}"[:300])
        if keep_logs is not None and not t.ok:
            keep_logs.mkdir(parents=True, exist_ok=True)
            for log in folder.glob("serve-*.log"):
                (keep_logs / f"trial{index}-{log.name}").write_text(log.read_text(errors="replace"))
        return t, per_pr, gh
    finally:
        gh.stop()


def calibrate(key: AppKey, lease: float) -> tuple[dict[tuple[str, int], set[str]], str, float]:
    """A crash-free run: the fingerprints each file version gets, the conclusion, the time taken."""
    gh = GitHubDouble(app_id=APP_ID, app_public_key=key.public_pem).start()
    folder = Path(tempfile.mkdtemp(prefix="cg-crash-cal-"))
    try:
        world = World(gh)
        plan = {1: ("py", 1), 2: ("py", 2), 3: ("md", 1), 4: ("md", 2)}
        for n, (kind, version) in plan.items():
            gh.add_pull(world.repo, n, head_sha=sha(9999, n, version),
                        files={PATHS[kind]: FileSpec(status="added", head=CONTENT[(kind, version)])})
        env = {**app_env(gh, key, folder, LEASE_SECONDS=str(lease)), "PORT": str(port := free_port())}
        server = AppProcess("serve", env, folder / "serve.log", port).start()
        started = time.monotonic()
        for n, (_, version) in plan.items():
            server.send("pull_request", world.opened(n, sha(9999, n, version)))
        if not drain(gh, folder, timeout=120, quiet=1.0):
            raise SystemExit("calibration run did not drain")
        took = time.monotonic() - started
        server.stop()
        fps = {plan[n]: {m.group(1) for c in gh.review_comments("acme/shop", n)
                   for m in [FINGERPRINT.search(c["body"])] if m} for n in plan}
        runs = [r for r in gh.check_runs("acme/shop") if r["status"] == "completed"]
        if len(runs) != 4 or len({r["conclusion"] for r in runs}) != 1 or any(
                not fps[(k, 1)] or not fps[(k, 2)] > fps[(k, 1)] for k in PATHS):
            raise SystemExit(f"calibration: unexpected results {runs!r} {fps!r}")
        return fps, str(runs[0]["conclusion"]), took
    finally:
        gh.stop()


def run(trials: int, seed: int, lease: float, prs: int, out: Path | None, verbose: bool = True,
        points: list[str] | None = None) -> dict[str, Any]:
    key = make_key(Path(tempfile.mkdtemp(prefix="cg-crash-key-")))
    t0 = time.monotonic()
    expected, conclusion, cal_seconds = calibrate(key, lease)
    if verbose:
        print(f"calibration: py {len(expected[('py', 1)])}->{len(expected[('py', 2)])} findings, "
              f"md {len(expected[('md', 1)])}->{len(expected[('md', 2)])}, "
              f"conclusion {conclusion}, {cal_seconds:.1f} s", flush=True)
    rng = random.Random(seed)
    order = KILL_POINTS[:]
    rng.shuffle(order)
    order = points or order
    results: list[Trial] = []
    details: list[dict[str, Any]] = []
    logs = ROOT / "bench" / "results" / "crash-logs"
    for i in range(trials):
        point = order[i % len(order)]
        trial, per_pr, _ = run_trial(i + 1, point, seed, key, lease, prs, expected, conclusion, logs)
        results.append(trial)
        details.append({**asdict(trial), "prs_detail": per_pr})
        if verbose:
            status = "ok " if trial.ok else "FAIL"
            print(f"trial {trial.trial:2d} {status} {trial.signal:7s} {point:17s} at {trial.killed_at}s "
                  f"({trial.kill_context}) mid_review={trial.mid_review} mid_publish={trial.mid_publish} "
                  f"drain {trial.drain_seconds}s {'; '.join(trial.problems)}", flush=True)
    totals = {
        "trials": len(results),
        "sigkill": sum(t.signal == "SIGKILL" for t in results),
        "sigterm": sum(t.signal == "SIGTERM" for t in results),
        "killed_mid_review": sum(t.mid_review for t in results),
        "killed_mid_publish": sum(t.mid_publish for t in results),
        "kill_point_missed": sum(t.kill_timed_out for t in results),
        "deliveries_acked": sum(t.deliveries_acked for t in results),
        "duplicate_check_runs": sum(t.duplicate_check_runs for t in results),
        "duplicate_inline_comments": sum(t.duplicate_inline for t in results),
        "duplicate_summaries": sum(t.duplicate_summaries for t in results),
        "lost_reviews": sum(t.lost_reviews for t in results),
        "lost_inline_comments": sum(t.lost_inline for t in results),
        "missing_summaries": sum(t.missing_summaries for t in results),
        "wrong_conclusions": sum(t.wrong_conclusions for t in results),
        "undrained": sum(t.undrained for t in results),
        "stale_in_progress_on_superseded_heads": sum(t.stale_in_progress for t in results),
        "sigterm_nonzero_exit": sum(t.signal == "SIGTERM" and t.exit_code != 0 for t in results),
        "failed_trials": sum(not t.ok for t in results),
        "by_kill_point": dict(Counter(t.kill_point for t in results)),
        "seconds": round(time.monotonic() - t0, 1),
    }
    report = {
        "command": f"python bench/crash_trials.py --trials {trials} --seed {seed} --lease {lease} --prs {prs}",
        "when": now_iso(), "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {"workers": 2, "queue": "sqlite", "lease_seconds": lease, "prs_per_trial": prs},
        "calibration": {"conclusion": conclusion,
                        "findings": {f"{k}-v{v}": len(fp) for (k, v), fp in expected.items()},
                        "seconds": round(cal_seconds, 1)},
        "totals": totals, "trials": details,
    }
    if out is not None:
        write_report(out, report)
    if verbose:
        print(json.dumps(totals, indent=2))
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=24)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--lease", type=float, default=4.0, help="LEASE_SECONDS for the server (default 4)")
    ap.add_argument("--prs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "crash.json")
    args = ap.parse_args()
    report = run(args.trials, args.seed, args.lease, args.prs, args.out)
    return 0 if report["totals"]["failed_trials"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
