"""GitHub fault trials: seeded random fault sequences from the double against `serve`.

    .venv/bin/python bench/fault_trials.py [--sequences 6] [--prs 5] [--seed 11] [--out bench/results/faults.json]

A calibration run first records which endpoints a review uses (method + path pattern).
Then each sequence starts a fresh GitHub double and a fresh `python -m bot serve` (SQLite
queue, WORKERS=2, HTTP_TIMEOUT_SECONDS=2, RETRY_BASE_SECONDS=1, JOB_RETRIES=8), arms a random
mix of faults on those endpoints (seeded), and sends `opened` for --prs pull requests (each
with findings: check run, inline comments, summary) plus a few `/guard recheck` comments:

- 5xx (500/502/503/504, 1-3 times in a row) on reads and writes;
- timeouts: the double answers 0.5 s after the client's 2 s timeout (a write still lands,
  after the client gave up, before the job's retry: the retry must find it, not repeat it);
- connection resets (dropped without an answer, not applied);
- 403 secondary rate limits with `Retry-After: 1-3`;
- primary rate-limit exhaustion: at a random moment the double's core budget drops to 0
  (`X-RateLimit-Remaining: 0`, reset 2-4 s later) and every installation call gets GitHub's 403;
- 422 on individual review comments: the batched review is refused, then one of the
  one-by-one comments.

Checked on the double after the queue drained:

- nothing lost: every PR head has exactly one check run, `completed`, with the conclusion of
  a fault-free run, one summary comment, and every finding posted inline (except the one a
  422 refused, which a later re-run may post);
- nothing duplicated: one check run per (head SHA, name), each finding fingerprint at most
  once per PR, one summary per PR;
- the rate limit honoured: no installation call between a primary-limit 403 and the reset
  time, and none between a secondary-limit 403 and its Retry-After (calls already in flight
  within 0.25 s of the 403 are not counted; `same_request_early` counts only re-sends of the
  limited request itself);
- one more sequence with JOB_RETRIES=1 and a persistent 503 on one PR's file list: that PR
  ends with a failed check run whose summary says how to re-run (`/guard recheck`, Re-run),
  the others are reviewed normally.

Results go to --out; exit code 1 if anything was lost, duplicated or a limit not honoured.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

import crash_trials as ct  # noqa: E402
from benchlib import write_report  # noqa: E402  (also puts the repository on sys.path)

from tests.app_harness import APP_ID, AppKey, AppProcess, World, app_env, free_port, make_key  # noqa: E402
from tests.github_double import GitHubDouble  # noqa: E402

GRACE = 0.25  # seconds: a request already on the wire when the 403 was answered
HTTP_TIMEOUT = 2.0
REPO = "/repos/acme/shop"


def pattern_of(path: str) -> str:
    out = re.sub(r"/[0-9a-f]{40}", "/[0-9a-f]{40}", path)
    out = re.sub(r"/\d+(?=/|$)", r"/\\d+", out)
    return "^" + out.replace(".", r"\.") + "$"


def endpoints(gh: GitHubDouble) -> list[tuple[str, str]]:
    """Installation endpoints a review used, as (method, path regex)."""
    seen: dict[tuple[str, str], None] = {}
    for c in gh.calls:
        if c["auth"] == "jwt" or "/access_tokens" in c["path"] or "/reactions" in c["path"]:
            continue
        seen[(c["method"], pattern_of(c["path"]))] = None
    return list(seen)


def run_calibration(key: AppKey) -> tuple[list[tuple[str, str]], dict[tuple[str, int], set[str]], str]:
    gh = GitHubDouble(app_id=APP_ID, app_public_key=key.public_pem).start()
    folder = Path(tempfile.mkdtemp(prefix="cg-fault-cal-"))
    try:
        world = World(gh)
        for n in (1, 2):
            gh.add_pull(world.repo, n, head_sha=ct.sha(9998, n, 1), files=ct.files(n, 1))
        env = {**app_env(gh, key, folder), "PORT": str(port := free_port())}
        server = AppProcess("serve", env, folder / "serve.log", port).start()
        for n in (1, 2):
            server.send("pull_request", world.opened(n, ct.sha(9998, n, 1)))
        said = gh.add_issue_comment(world.repo, 2, "bob", "/guard recheck")
        server.send("issue_comment", world.comment(2, "/guard recheck", comment_id=said["id"]))
        if not ct.drain(gh, folder, 120, 1.0):
            raise SystemExit("calibration did not drain")
        server.stop()
        fps = {(ct.kind_of(n), 1): {m.group(1) for c in gh.review_comments("acme/shop", n)
                                     for m in [ct.FINGERPRINT.search(c["body"])] if m} for n in (1, 2)}
        conclusions = {r["conclusion"] for r in gh.check_runs("acme/shop")}
        if len(conclusions) != 1:
            raise SystemExit(f"calibration: conclusions {conclusions}")
        return endpoints(gh), fps, conclusions.pop()
    finally:
        gh.stop()


class Faults:
    """A seeded random fault plan on the double, and what it armed."""

    def __init__(self, gh: GitHubDouble, rng: random.Random, eps: list[tuple[str, str]], prs: int) -> None:
        self.gh, self.rng = gh, rng
        self.armed: list[dict[str, Any]] = []
        self.secondary: list[tuple[str, str, int]] = []
        self.primary: dict[str, Any] | None = None
        self.with_422: set[int] = set()
        # the double records a delayed (timed-out) request when it answers, not when it arrived
        self.arrivals: list[tuple[str, re.Pattern[str], float]] = []
        kinds = ["5xx", "5xx", "timeout", "reset", "secondary", "secondary"]
        for _ in range(rng.randint(6, 10)):
            kind = rng.choice(kinds)
            method, path = rng.choice(eps)
            skip = rng.randint(0, 6)
            if kind == "5xx":
                status, times = rng.choice([500, 502, 503, 504]), rng.randint(1, 3)
                gh.fail(method, path, status=status, times=times, skip=skip)
                self.armed.append({"kind": kind, "status": status, "method": method, "path": path, "times": times})
            elif kind == "timeout":
                rx = re.compile(path)

                def arrived(_: Any, method: str = method, rx: re.Pattern[str] = rx) -> bool:
                    self.arrivals.append((method, rx, time.time()))
                    return True
                gh.fail(method, path, status=None, times=1, delay=HTTP_TIMEOUT + 0.5, skip=skip, when=arrived)
                self.armed.append({"kind": kind, "method": method, "path": path})
            elif kind == "reset":
                gh.fail(method, path, status=None, times=1, reset=True, skip=skip)
                self.armed.append({"kind": kind, "method": method, "path": path})
            else:
                if any((method, path) == (m, p) for m, p, _ in self.secondary):
                    continue  # one per endpoint, so each 403 is matched with its own Retry-After
                ra = rng.randint(1, 3)
                fault = gh.fail_secondary_rate_limit(method, path, retry_after=ra)
                fault.skip = skip
                self.secondary.append((method, path, ra))
                self.armed.append({"kind": kind, "method": method, "path": path, "retry_after": ra})
        for n in rng.sample(range(1, prs + 1), k=min(prs, rng.randint(0, 2))):
            body = {"message": "Unprocessable Entity", "errors": ["pull_request_review_thread.line must be part of "
                                                                  "the diff"]}
            gh.fail("POST", rf"{REPO}/pulls/{n}/reviews$", status=422, times=1, body=body)
            gh.fail("POST", rf"{REPO}/pulls/{n}/comments$", status=422, times=1, body=body)
            self.with_422.add(n)
            self.armed.append({"kind": "422", "pr": n})
        self._trigger_at = rng.randint(5, 40)
        self._reset_in = rng.randint(2, 4)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        """Exhaust the primary limit once the double has served `_trigger_at` installation calls."""
        while not self._stop.wait(0.01):
            if sum(c["auth"] == "installation" for c in self.gh.calls) >= self._trigger_at:
                self.gh.set_rate_limit(0, reset_in=self._reset_in)
                self.primary = {"at": time.time(), "reset": self.gh.rate["core"]["reset"]}
                self.armed.append({"kind": "primary", "after_calls": self._trigger_at, "reset_in": self._reset_in})
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)

    def _arrival(self, call: dict[str, Any]) -> dict[str, Any]:
        """The call with its arrival time (a delayed answer is recorded HTTP_TIMEOUT + 0.5 s late)."""
        for method, rx, at in self.arrivals:
            if method == call["method"] and rx.search(call["path"]) and abs(
                    call["time"] - (HTTP_TIMEOUT + 0.5) - at) < 0.15:
                return {**call, "time": at}
        return call

    def violations(self) -> dict[str, Any]:
        calls = [self._arrival(c) for c in self.gh.calls if c["auth"] == "installation"]
        out: dict[str, Any] = {"primary_hits": 0, "primary_violations": [], "secondary_hits": 0,
                               "secondary_violations": [], "same_request_early": 0}
        if self.primary is not None:
            limited = [c for c in calls if c["status"] == 403 and not c["fault"] and c["path"] != "/graphql"]
            if limited:
                first = limited[0]["time"]
                reset = self.primary["reset"]
                out["primary_hits"] = len(limited)
                out["primary_violations"] = [
                    f"{c['method']} {c['path']} {reset - c['time']:.2f} s before the reset"
                    for c in calls if first + GRACE < c["time"] < reset]
        for method, path, ra in self.secondary:
            rx = re.compile(path)
            hits = [c for c in calls if c["fault"] and c["status"] == 403 and c["method"] == method
                    and rx.search(c["path"])]
            out["secondary_hits"] += len(hits)
            for h in hits:
                early = [c for c in calls if h["time"] + GRACE < c["time"] < h["time"] + ra]
                out["secondary_violations"] += [f"{c['method']} {c['path']} {h['time'] + ra - c['time']:.2f} s "
                                                f"before Retry-After of {method} {h['path']}" for c in early]
                out["same_request_early"] += sum(
                    1 for c in calls if h["time"] < c["time"] < h["time"] + ra and c["method"] == method
                    and c["path"] == h["path"])
        return out


def run_sequence(index: int, seed: int, key: AppKey, prs: int, eps: list[tuple[str, str]],
                 expected: dict[tuple[str, int], set[str]], conclusion: str, exhaust: bool = False) -> dict[str, Any]:
    rng = random.Random(seed * 7919 + index)
    gh = GitHubDouble(app_id=APP_ID, app_public_key=key.public_pem).start()
    folder = Path(tempfile.mkdtemp(prefix=f"cg-fault-{index}-"))
    result: dict[str, Any] = {"sequence": index, "kind": "exhausted-retries" if exhaust else "random", "prs": prs}
    faults: Faults | None = None
    try:
        world = World(gh)
        heads = {n: ct.sha(index, n, 1) for n in range(1, prs + 1)}
        for n, head in heads.items():
            gh.add_pull(world.repo, n, head_sha=head, files=ct.files(n, 1))
        extra = {"JOB_RETRIES": "1", "RETRY_BASE_SECONDS": "0.3"} if exhaust else {
            "JOB_RETRIES": "8", "RETRY_BASE_SECONDS": "1"}
        env = {**app_env(gh, key, folder, HTTP_TIMEOUT_SECONDS=str(HTTP_TIMEOUT), LEASE_SECONDS="15",
                         WRITES_PER_MINUTE="1000", WRITES_PER_HOUR="10000", **extra), "PORT": str(port := free_port())}
        server = AppProcess("serve", env, folder / "serve.log", port).start()
        doomed = None
        if exhaust:
            doomed = rng.randint(1, prs)
            gh.fail("GET", rf"{REPO}/pulls/{doomed}/files", status=503, times=1000)
            result["faults"] = [{"kind": "503 forever", "pr": doomed}]
        else:
            faults = Faults(gh, rng, eps, prs)
        started = time.monotonic()
        acked = 0
        for n, head in heads.items():
            acked += server.send("pull_request", world.opened(n, head)).status_code == 202
        for n in rng.sample(list(heads), k=min(prs, 2)):
            said = gh.add_issue_comment(world.repo, n, "bob", "/guard recheck")
            acked += server.send("issue_comment", world.comment(n, "/guard recheck",
                                                                comment_id=said["id"])).status_code == 202
        drained = ct.drain(gh, folder, timeout=240, quiet=2.5)
        result["seconds"] = round(time.monotonic() - started, 1)
        server.stop(signal.SIGTERM, timeout=60)
        if faults is not None:
            faults.stop()
            result["faults"] = faults.armed
        result.update(acked=acked, drained=drained, calls=len(gh.calls),
                      fault_responses=sum(c["fault"] for c in gh.calls),
                      rate_limited_403=sum(c["status"] == 403 for c in gh.calls))
        lost = dup = 0
        problems: list[str] = []
        if not drained:
            problems.append("queue did not drain")
        for n, head in heads.items():
            runs = gh.check_runs("acme/shop", head_sha=head)
            done = [r for r in runs if r["status"] == "completed"]
            if len(runs) > 1:
                dup += len(runs) - 1
                problems.append(f"#{n}: {len(runs)} check runs")
            if len(done) != 1:
                lost += 1
                problems.append(f"#{n}: no completed check run ({[r['status'] for r in runs]})")
                continue
            run = done[0]
            comments = gh.review_comments("acme/shop", n)
            fps = Counter(m.group(1) for c in comments for m in [ct.FINGERPRINT.search(c["body"] or "")] if m)
            dup += sum(v - 1 for v in fps.values())
            if any(v > 1 for v in fps.values()):
                problems.append(f"#{n}: duplicated inline comments {dict(fps)}")
            summaries = [c for c in gh.issue_comments("acme/shop", n) if ct.SUMMARY in (c["body"] or "")]
            if len(summaries) > 1:
                dup += len(summaries) - 1
                problems.append(f"#{n}: {len(summaries)} summaries")
            if n == doomed:
                text = run["output"]["summary"] or ""
                clear = run["conclusion"] == "failure" and "/guard recheck" in text and "Re-run" in text
                result["failed_check"] = {"pr": n, "conclusion": run["conclusion"], "title": run["output"]["title"],
                                          "clear": clear}
                if not clear:
                    problems.append(f"#{n}: exhausted retries did not end in a clear failed check: {run['output']}")
                continue
            if run["conclusion"] != conclusion:
                lost += 1
                problems.append(f"#{n}: conclusion {run['conclusion']} ({run['output']['title']})")
            if not summaries:
                lost += 1
                problems.append(f"#{n}: no summary")
            want = expected[(ct.kind_of(n), 1)]
            missing = want - set(fps)
            allowed = 1 if faults is not None and n in faults.with_422 else 0
            if len(missing) > allowed:
                lost += 1
                problems.append(f"#{n}: {len(missing)} findings never posted inline")
        limits = faults.violations() if faults is not None else {}
        violations = len(limits.get("primary_violations", [])) + len(limits.get("secondary_violations", []))
        result.update(lost=lost, duplicated=dup, rate_limit=limits, rate_limit_violations=violations,
                      problems=problems, ok=not problems and violations == 0)
        if not result["ok"]:
            logs = ROOT / "bench" / "results" / "fault-logs"
            logs.mkdir(parents=True, exist_ok=True)
            (logs / f"sequence{index}.log").write_text((folder / "serve.log").read_text(errors="replace"))
        return result
    finally:
        if faults is not None:
            faults.stop()
        gh.stop()


def run(sequences: int, prs: int, seed: int, out: Path | None, exhaust: bool = True,
        verbose: bool = True) -> dict[str, Any]:
    key = make_key(Path(tempfile.mkdtemp(prefix="cg-fault-key-")))
    t0 = time.monotonic()
    eps, expected, conclusion = run_calibration(key)
    if verbose:
        print(f"calibration: {len(eps)} endpoints, conclusion {conclusion}", flush=True)
    results = []
    plan = [(i + 1, False) for i in range(sequences)] + ([(sequences + 1, True)] if exhaust else [])
    for index, doom in plan:
        r = run_sequence(index, seed, key, prs, eps, expected, conclusion, exhaust=doom)
        results.append(r)
        if verbose:
            kinds = Counter(f["kind"] for f in r.get("faults", []))
            print(f"sequence {index} {'ok ' if r['ok'] else 'FAIL'} {r['kind']:17s} {r['seconds']:5.1f}s "
                  f"faults={dict(kinds)} fault_responses={r['fault_responses']} 403s={r['rate_limited_403']} "
                  f"lost={r['lost']} dup={r['duplicated']} rl_violations={r['rate_limit_violations']} "
                  f"{'; '.join(r['problems'])[:400]}", flush=True)
    random_runs = [r for r in results if r["kind"] == "random"]
    totals = {
        "sequences": len(results),
        "reviews": sum(r["prs"] for r in results),
        "fault_responses": sum(r["fault_responses"] for r in results),
        "faults_armed": dict(Counter(f["kind"] for r in results for f in r.get("faults", []))),
        "primary_limit_403s": sum(r["rate_limit"].get("primary_hits", 0) for r in random_runs),
        "secondary_limit_403s": sum(r["rate_limit"].get("secondary_hits", 0) for r in random_runs),
        "lost": sum(r["lost"] for r in results),
        "duplicated": sum(r["duplicated"] for r in results),
        "rate_limit_violations": sum(r["rate_limit_violations"] for r in results),
        "secondary_same_request_early": sum(r["rate_limit"].get("same_request_early", 0) for r in random_runs),
        "exhausted_retries_clear_failed_check": all(r.get("failed_check", {}).get("clear", False)
                                                    for r in results if r["kind"] == "exhausted-retries"),
        "failed_sequences": sum(not r["ok"] for r in results),
        "seconds": round(time.monotonic() - t0, 1),
    }
    report = {"command": f"python bench/fault_trials.py --sequences {sequences} --prs {prs} --seed {seed}",
              "when": ct.now_iso(), "grace_seconds": GRACE, "http_timeout_seconds": HTTP_TIMEOUT,
              "endpoints": [f"{m} {p}" for m, p in eps], "totals": totals, "sequences": results}
    if out is not None:
        write_report(out, report)
    if verbose:
        print(json.dumps(totals, indent=2))
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sequences", type=int, default=6)
    ap.add_argument("--prs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "faults.json")
    args = ap.parse_args()
    report = run(args.sequences, args.prs, args.seed, args.out)
    return 0 if report["totals"]["failed_sequences"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
