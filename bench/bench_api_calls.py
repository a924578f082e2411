"""GitHub API calls per review, counted on the GitHub double, for 5-, 50- and 500-file PRs.

    .venv/bin/python bench/bench_api_calls.py [--sizes 5,50,500] [--out bench/results/api_calls.json]

For each size: a fresh GitHub double (in this process) and a fresh App (`python -m bot serve`
subprocess, SQLite queue in a temp dir, so the installation token is minted during the
review), one pull request of N small Python files with a few changed lines each, one
signed `pull_request.opened` delivery, then every call the double saw until the review's
job reached its outcome (check run completed, `cg_job_seconds_count` incremented).

Counted: all calls, including the token mint (JWT) and GraphQL. GraphQL calls are told
apart by operation name (the double is subclassed here to note each query's name).

With --finding-case (default 50) one more PR of that size is reviewed where one file gains a
SQL-injection finding, so the inline-comment path (ReviewThreads + POST review) is counted too.

Targets: head texts fetched in ceil(files/100) GraphQL `FileTexts` queries; a whole review
of a 50-file PR in at most 12 calls.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from benchlib import machine_info, write_report  # noqa: E402

from tests.app_harness import (  # noqa: E402
    APP_ID,
    AppKey,
    AppProcess,
    World,
    app_env,
    free_port,
    make_key,
    wait_for,
)
from tests.github_double import _ROUTES, FileSpec, GitHubDouble  # noqa: E402

FIFTY_FILE_BUDGET = 12
_OP = re.compile(r"^\s*(query|mutation)\s+(\w+)")
_ALIAS = re.compile(r"\bf\d+:\s*object\(")


class CountingDouble(GitHubDouble):
    """The GitHub double, also noting the operation name of every GraphQL request."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.graphql_ops: list[dict[str, Any]] = []
        self.file_pages: list[dict[str, Any]] = []  # items in each page of the PR's file list

    def r_graphql(self, ctx: Any, body: Any, **kwargs: Any) -> Any:
        query = body.get("query", "") if isinstance(body, dict) else ""
        m = _OP.match(query or "")
        self.graphql_ops.append({
            "kind": m.group(1) if m else "query",
            "name": (m.group(2) if m else "anonymous"),
            "files": len(_ALIAS.findall(query or "")),
            "index": len(self.calls),  # this call's index in `calls` (recorded after the handler)
        })
        return super().r_graphql(ctx, body, **kwargs)

    def r_pull_files(self, ctx: Any, **kwargs: Any) -> Any:
        status, chunk, headers = super().r_pull_files(ctx, **kwargs)
        self.file_pages.append({"index": len(self.calls), "items": len(chunk)})
        return status, chunk, headers


def _pattern_of(rx: re.Pattern[str]) -> str:
    text = rx.pattern.removeprefix("^").removesuffix("$")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)


_PATTERNS = [(method, rx, _pattern_of(rx)) for method, rx, _name, _auth, _perm in _ROUTES]


def endpoint(method: str, path: str) -> str:
    for m, rx, pattern in _PATTERNS:
        if m == method and rx.match(path):
            return f"{method} {pattern}"
    return f"{method} {path} (unrouted)"


def module_text(i: int, version: str) -> str:
    """A small Python module (~20 lines); `version` changes two lines of it."""
    return (
        f'"""Helpers for part {i} of the shop."""\n\n'
        "from __future__ import annotations\n\n"
        "import logging\n\n"
        "log = logging.getLogger(__name__)\n\n"
        f"LIMIT_{i} = {10 + i}\n\n\n"
        f"def total_{i}(items: list[int]) -> int:\n"
        f"    total = sum(items)  # {version}\n"
        f"    if total > LIMIT_{i}:\n"
        f"        log.info(\"part {i}: %s over the limit ({version})\", total)\n"
        "    return total\n\n\n"
        f"def describe_{i}(name: str) -> str:\n"
        f"    return name.strip().title()\n"
    )


VULN = (
    "def find_users(cur, name):\n"
    "    cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
    "    return cur.fetchall()\n"
)


def pr_files(n: int, findings: int = 0) -> dict[str, FileSpec]:
    """n modified modules; the first `findings` of them also gain a SQL-injection finding."""
    return {f"shop/part_{i:04d}.py": FileSpec(status="modified", base=module_text(i, "v1"),
                                              head=module_text(i, "v2") + ("\n\n" + VULN if i < findings else ""))
            for i in range(n)}


def machine() -> dict[str, Any]:
    return machine_info()


def job_count(app: AppProcess) -> float:
    return app.metric("cg_job_seconds_count")


def one_review(n_files: int, key: AppKey, folder: Path, timeout: float, findings: int = 0) -> dict[str, Any]:
    head = f"{n_files:040x}"[-40:].replace("0", "a")
    with CountingDouble(app_id=APP_ID, app_public_key=key.public_pem, rate_limit=1_000_000) as gh:
        world = World(gh)
        gh.add_pull(world.repo, 1, head_sha=head, files=pr_files(n_files, findings))
        env = {**app_env(gh, key, folder), "PORT": str(port := free_port())}
        app = AppProcess("serve", env, folder / "serve.log", port).start()
        try:
            startup_calls = len(gh.calls)
            start_index = len(gh.calls)
            t0 = time.monotonic()
            resp = app.send("pull_request", world.opened(1, head))
            if resp.status_code != 202 or resp.json().get("status") != "queued":
                raise SystemExit(f"delivery not queued: {resp.status_code} {resp.text}")
            wait_for(lambda: job_count(app) >= 1, timeout, f"the review of the {n_files}-file PR")
            seconds = time.monotonic() - t0
            time.sleep(1.0)  # nothing may follow the job's outcome; give stragglers a chance to show
            outcome_lines = [ln for ln in _metrics_text(app).splitlines()
                             if ln.startswith("cg_job_seconds_count")]
        finally:
            app.stop()
        calls = gh.calls[start_index:]
        ops = [op for op in gh.graphql_ops if op["index"] >= start_index]
        pages = [p for p in gh.file_pages if p["index"] >= start_index]
        runs = gh.check_runs(world.repo, head_sha=head)
        errors = list(gh.internal_errors)
    by_endpoint: Counter[str] = Counter()
    graphql_by_op: Counter[str] = Counter()
    for c in calls:
        by_endpoint[endpoint(c["method"], c["path"])] += 1
    for op in ops:
        graphql_by_op[f"{op['kind']} {op['name']}"] += 1
    file_texts = [op for op in ops if op["name"] == "FileTexts"]
    statuses = Counter(str(c["status"]) for c in calls)
    expected_texts = max(1, math.ceil(n_files / 100))
    return {
        "case": f"{n_files} files" + (f", {findings} with a finding" if findings else ""),
        "files": n_files,
        "files_with_findings": findings,
        "total_calls": len(calls),
        "startup_calls_before_delivery": startup_calls,
        "by_endpoint": dict(sorted(by_endpoint.items(), key=lambda kv: (-kv[1], kv[0]))),
        "graphql_by_operation": dict(sorted(graphql_by_op.items())),
        "file_texts_queries": len(file_texts),
        "file_texts_files_per_query": [op["files"] for op in file_texts],
        "file_texts_target": expected_texts,
        "file_texts_ok": len(file_texts) <= expected_texts,
        "token_mints": sum(1 for c in calls if c["path"].endswith("/access_tokens")),
        "statuses": dict(statuses),
        "review_seconds": round(seconds, 2),
        "check_run_conclusion": runs[0].get("conclusion") if runs else None,
        "job_outcomes": outcome_lines,
        "double_internal_errors": [repr(e) for e in errors],
        "sequence": [f"{c['status']} {endpoint(c['method'], c['path'])}{_page(c)}" for c in calls],
        "file_list_pages": [p["items"] for p in pages],
        "empty_file_list_pages": sum(1 for p in pages if p["items"] == 0),
    }


def _page(call: dict[str, Any]) -> str:
    query = call.get("query") or {}
    return f" (page {query['page']})" if "page" in query else ""


def _metrics_text(app: AppProcess) -> str:
    import httpx

    return httpx.get(app.url + "/metrics", timeout=10).text


def print_table(r: dict[str, Any]) -> None:
    print(f"\n== {r['case']}: {r['total_calls']} calls "
          f"(review took {r['review_seconds']} s, check run: {r['check_run_conclusion']})")
    width = max(len(k) for k in r["by_endpoint"]) if r["by_endpoint"] else 10
    for ep, n in r["by_endpoint"].items():
        print(f"  {ep:<{width}}  {n:>4}")
    for op, n in r["graphql_by_operation"].items():
        print(f"    graphql {op:<{width - 4}}  {n:>4}")
    ok = "ok" if r["file_texts_ok"] else "OVER TARGET"
    print(f"  FileTexts queries: {r['file_texts_queries']} (target ceil(files/100) = {r['file_texts_target']}: {ok}), "
          f"files per query {r['file_texts_files_per_query']}")
    print(f"  file list pages: {len(r['file_list_pages'])} with {r['file_list_pages']} files"
          + (f" ({r['empty_file_list_pages']} empty)" if r["empty_file_list_pages"] else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="5,50,500", help="comma-separated PR sizes in files")
    ap.add_argument("--finding-case", type=int, default=50, metavar="FILES",
                    help="also review a PR of FILES files, one with a finding (inline comment); 0 to skip")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for one review")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "api_calls.json"))
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    results = []
    extra: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="cg-bench-api-") as tmp:
        key = make_key(Path(tmp))
        for n in sizes:
            folder = Path(tmp) / f"pr{n}"
            folder.mkdir()
            r = one_review(n, key, folder, args.timeout)
            results.append(r)
            print_table(r)
        if args.finding_case:
            folder = Path(tmp) / "finding"
            folder.mkdir()
            extra = one_review(args.finding_case, key, folder, args.timeout, findings=1)
            print_table(extra)

    print("\nsummary")
    print(f"  {'case':<28} {'calls':>6} {'FileTexts':>10} {'target':>7}")
    for r in [*results, *([extra] if args.finding_case else [])]:
        print(f"  {r['case']:<28} {r['total_calls']:>6} {r['file_texts_queries']:>10} {r['file_texts_target']:>7}")
    fifty = next((r for r in results if r["files"] == 50), None)
    verdict: dict[str, Any] = {}
    if fifty is not None:
        within = fifty["total_calls"] <= FIFTY_FILE_BUDGET
        verdict["fifty_file_calls"] = fifty["total_calls"]
        verdict["fifty_file_budget"] = FIFTY_FILE_BUDGET
        verdict["fifty_file_within_budget"] = within
        if within:
            print(f"\n50-file review: {fifty['total_calls']} calls (budget {FIFTY_FILE_BUDGET}): within budget")
        else:
            print(f"\n*** 50-file review EXCEEDS the budget: {fifty['total_calls']} calls > {FIFTY_FILE_BUDGET} ***")
            for ep, n in fifty["by_endpoint"].items():
                print(f"    {n:>3}  {ep}")
    if args.finding_case:
        verdict["with_one_finding_calls"] = extra["total_calls"]
    verdict["file_texts_all_within_target"] = all(r["file_texts_ok"] for r in results)

    out = {
        "benchmark": "api_calls",
        "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "command": " ".join([".venv/bin/python", "bench/bench_api_calls.py", *sys.argv[1:]]),
        "setup": "fresh GitHub double + fresh `python -m bot serve` per size; one pull_request.opened delivery; "
                 "files are ~20-line Python modules, 2 changed lines each, status modified; no findings expected",
        "targets": {"file_texts_queries": "ceil(files/100)", "fifty_file_review_max_calls": FIFTY_FILE_BUDGET},
        "verdict": verdict,
        "results": results,
        "with_one_finding": extra if args.finding_case else None,
    }
    write_report(args.out, out)
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
