"""A huge pull request reviewed by the real App: wall time, peak memory, annotation batches, caps.

    .venv/bin/python bench/bench_huge_pr.py [--files 3000] [--lines 100000] [--runs 3]
                                            [--out bench/results/huge_pr.json]
    .venv/bin/python bench/bench_huge_pr.py --profile [--files 3000] [--lines 100000]
    .venv/bin/python bench/bench_huge_pr.py --attribute     # per-part timings into the results file

The PR: --files files (mostly Python, JavaScript and Go with small realistic functions, a
few docs/YAML files), --lines changed lines (added + removed) in total: modified files (a
line edited, functions appended), added files, a few removed and renamed ones, and ~3 % of
files whose `patch` GitHub omits (the App computes those hunks from base and head texts).
About one function in six carries a problem our rules find (SQL built from strings, naive
datetimes, unchecked fetch statuses, discarded Go errors, float money, ...), and paths under
payments/, auth/ and scheduler/ open gates, so there are thousands of findings and gate
reasons.

Each run: a fresh GitHub double in this process holding the PR, a fresh `python -m bot serve`
(SQLite queue, WORKERS=2, the App's default MAX_ANNOTATIONS=500 and inline cap 30), one signed
`pull_request.opened` delivery. Measured:

- wall time from the webhook's acknowledgement to the request that completed the check run
  (the double's own timestamp of that PATCH), split into phases by the double's call log;
- peak memory of the App's process tree (serve and every descendant, semgrep included even
  though it runs in its own session): the sum of VmRSS of the tree sampled every 0.2 s from
  /proc (and the sum of Pss from smaps_rollup, which does not double-count shared pages);
- on the double: the annotation count of every check-run update request (<= 50 each), the
  total annotations on the run (capped by MAX_ANNOTATIONS), and that the check output and
  summary comment say what was capped.

`--profile` builds the same snapshot in-process (the PR's diff through bot.fetch.build_diff,
as the App does) and runs checks.review.review under cProfile and tracemalloc, printing
where time and memory go (semgrep's own time is the subprocess wait).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from benchlib import machine_info, write_report  # noqa: E402

TARGET_SECONDS = 60.0
TARGET_PEAK_MIB = 1024.0
ANNOTATION_BATCH_LIMIT = 50
MAX_ANNOTATIONS = 500
INLINE_CAP = 30

# --------------------------------------------------------------------------- the pull request

PY_HEADER = ("import hashlib\nimport logging\nfrom datetime import datetime, timedelta\n\n"
             "log = logging.getLogger(__name__)\n")
PY_CLEAN = [
    '''
def order_total_{n}(items):
    """Total of order {n} in cents."""
    subtotal = 0
    for item in items:
        subtotal += item.price_cents * item.quantity
    return subtotal
''',
    '''
def normalize_name_{n}(name):
    cleaned = name.strip()
    if not cleaned:
        raise ValueError("empty name")
    return cleaned.title()
''',
    '''
def find_user_{n}(cur, user_id):
    cur.execute("SELECT id, email FROM users WHERE id = %s", (user_id,))
    row = cur.fetchone()
    return row[0] if row else None
''',
    '''
def chunked_{n}(values, size=100):
    batch = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
''',
]
PY_BAD = [
    '''
def find_order_{n}(cur, order_id):
    cur.execute(f"SELECT * FROM orders WHERE id = '{{order_id}}'")
    return cur.fetchone()
''',
    '''
def expires_at_{n}(days):
    start = datetime.now()
    return start + timedelta(days=days)
''',
    '''
def hash_password_{n}(password):
    log.info("hashing a password")
    return hashlib.md5(password.encode()).hexdigest()
''',
]
JS_HEADER = "// generated module\n"
JS_CLEAN = [
    '''
export function formatName{n}(user) {{
  const first = (user.first || "").trim();
  const last = (user.last || "").trim();
  return [first, last].filter(Boolean).join(" ");
}}
''',
    '''
export async function loadItems{n}(id) {{
  const res = await fetch(`/api/items/${{id}}`);
  if (!res.ok) throw new Error(`status ${{res.status}}`);
  return res.json();
}}
''',
    '''
export function groupBy{n}(rows, key) {{
  const out = new Map();
  for (const row of rows) {{
    const k = row[key];
    if (!out.has(k)) out.set(k, []);
    out.get(k).push(row);
  }}
  return out;
}}
''',
]
JS_BAD = [
    '''
export async function loadUser{n}(id) {{
  const res = await fetch(`/api/users/${{id}}`);
  const user = await res.json();
  return user;
}}
''',
    '''
export function addTax{n}(price) {{
  return price * 1.19;
}}
''',
]
GO_HEADER = ('package svc\n\nimport (\n\t"database/sql"\n\t"fmt"\n\t"net/http"\n\t"strconv"\n)\n\n'
             'var _ = fmt.Sprintf\nvar _ = strconv.Itoa\nvar _ http.Handler\nvar _ *sql.DB\n')
GO_CLEAN = [
    '''
func Sum{n}(values []int) int {{
	total := 0
	for _, v := range values {{
		total += v
	}}
	return total
}}
''',
    '''
func Name{n}(db *sql.DB, id string) (string, error) {{
	var name string
	err := db.QueryRow("SELECT name FROM items WHERE id = $1", id).Scan(&name)
	if err != nil {{
		return "", fmt.Errorf("item %s: %w", id, err)
	}}
	return name, nil
}}
''',
]
GO_BAD = [
    '''
func FindUser{n}(db *sql.DB, id string) (*sql.Rows, error) {{
	return db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = '%s'", id))
}}
''',
    '''
func ParseLimit{n}(r *http.Request) int {{
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	return limit
}}
''',
]
LANGS = {
    "py": (PY_HEADER, PY_CLEAN, PY_BAD),
    "js": (JS_HEADER, JS_CLEAN, JS_BAD),
    "go": (GO_HEADER, GO_CLEAN, GO_BAD),
}
SERVICES = ["orders", "catalog", "search", "users", "notify", "reports", "inventory", "shipping", "ledger", "media"]
SPECIAL_DIRS = [("payments", 0.05), ("auth", 0.04), ("scheduler", 0.03), ("tests", 0.05)]


@dataclass
class HugePR:
    files: dict[str, Any]  # path -> tests.github_double.FileSpec
    added: int
    removed: int
    bad_functions: int
    by_lang: dict[str, int]
    by_status: dict[str, int]
    patch_omitted: int


def _functions(lang: str, rng: random.Random, tag: str, count: int, bad_share: float) -> tuple[str, int]:
    _, clean, bad = LANGS[lang]
    out, nbad = [], 0
    for k in range(count):
        if rng.random() < bad_share:
            out.append(rng.choice(bad).format(n=f"{tag}_{k}"))
            nbad += 1
        else:
            out.append(rng.choice(clean).format(n=f"{tag}_{k}"))
    return "".join(out), nbad


def _patch_counts(patch: str | None) -> tuple[int, int]:
    if not patch:
        return 0, 0
    adds = dels = 0
    for line in patch.split("\n"):
        if line.startswith("+"):
            adds += 1
        elif line.startswith("-"):
            dels += 1
    return adds, dels


def build_pr(n_files: int, n_lines: int, seed: int = 5, bad_share: float = 0.16) -> HugePR:
    """The PR's files, sized so added + removed lines come to about `n_lines`."""
    from tests.github_double import FileSpec, make_patch

    rng = random.Random(seed)
    files: dict[str, Any] = {}
    added = removed = bad_total = omitted = 0
    by_lang: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for i in range(n_files):
        remaining_files = n_files - i
        want = max(4, round((n_lines - added - removed) / remaining_files))
        roll = rng.random()
        lang = "py" if roll < 0.4 else "js" if roll < 0.7 else "go" if roll < 0.97 else "doc"
        r = rng.random()
        top = SERVICES[i % len(SERVICES)]
        for name, share in SPECIAL_DIRS:
            if r < share:
                top = name
                break
            r -= share
        ext = {"py": "py", "js": "js", "go": "go", "doc": rng.choice(["md", "yml"])}[lang]
        stem = {"py": f"module_{i}", "js": f"module{i}", "go": f"handler_{i}", "doc": f"notes_{i}"}[lang]
        if top == "tests" and lang == "py":
            stem = f"test_module_{i}"
        path = f"{top}/{SERVICES[(i // 10) % len(SERVICES)]}/{stem}.{ext}"
        status_roll = rng.random()
        status = ("modified" if status_roll < 0.66 else "added" if status_roll < 0.94
                  else "removed" if status_roll < 0.97 else "renamed")
        if lang == "doc":
            lines_per = 1
            base = "# Notes\n\n" + "".join(f"- item {k} of file {i}\n" for k in range(6))
            head = base + "".join(f"- added note {k}: see ticket {i}-{k}\n" for k in range(want))
            nbad = 0
        else:
            header, clean, _ = LANGS[lang]
            base_body = "".join(rng.choice(clean).format(n=f"{i}_b{k}") for k in range(3))
            base = header + base_body
            lines_per = 7
            count = max(1, round(want / lines_per))
            new, nbad = _functions(lang, rng, f"{i}", count, bad_share)
            if status in ("modified", "renamed"):
                # edit one existing line, append the new functions
                head = base.replace("{", "{ ", 1) if lang != "py" else base.replace("cleaned", "stripped", 2)
                head = head + new
            else:
                head = header + new
        prev = None
        if status == "renamed":
            prev = path.replace(f".{ext}", f"_old.{ext}")
        if status == "added":
            spec = FileSpec(status="added", head=head, base=None)
        elif status == "removed":
            spec = FileSpec(status="removed", head=None, base=head if lang != "doc" else base)
            nbad = 0
        else:
            spec = FileSpec(status=status, head=head, base=base, previous_filename=prev)
        if status in ("modified", "added") and rng.random() < 0.03:
            # GitHub omits the patch of some files in a huge PR: the App computes those hunks
            full = spec.patch
            spec = FileSpec(status=status, head=spec.head, base=spec.base, patch=None)
            a, d = _patch_counts(full if full is not None else make_patch(spec.base, spec.head))
            omitted += 1
        else:
            a, d = _patch_counts(spec.patch)
        added += a
        removed += d
        bad_total += nbad
        files[path] = spec
        by_lang[lang] = by_lang.get(lang, 0) + 1
        by_status[status] = by_status.get(status, 0) + 1
    return HugePR(files, added, removed, bad_total, by_lang, by_status, omitted)


# --------------------------------------------------------------------------- memory sampling


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants (by PPid, so children in their own session count too)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        stat = _read(f"/proc/{name}/stat")
        if not stat:
            continue
        # pid (comm) state ppid ...: comm may contain spaces and parentheses
        fields = stat[stat.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _kib(text: str | None, key: str) -> int:
    if not text:
        return 0
    m = re.search(rf"^{key}:\s+(\d+) kB", text, re.M)
    return int(m.group(1)) if m else 0


class TreeSampler(threading.Thread):
    """Samples the RSS (and PSS) of a process tree every `interval` seconds."""

    def __init__(self, root: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.root, self.interval = root, interval
        self.stop_event = threading.Event()
        self.peak_rss_kib = self.peak_pss_kib = self.peak_root_kib = self.peak_children_kib = 0
        self.peak_procs = 0
        self.samples: list[tuple[float, int]] = []
        self.t0 = time.monotonic()

    def sample(self) -> None:
        pids = process_tree(self.root)
        rss = pss = root = 0
        for pid in pids:
            status = _read(f"/proc/{pid}/status")
            kib = _kib(status, "VmRSS")
            rss += kib
            if pid == self.root:
                root = kib
            pss += _kib(_read(f"/proc/{pid}/smaps_rollup"), "Pss")
        self.peak_rss_kib = max(self.peak_rss_kib, rss)
        self.peak_pss_kib = max(self.peak_pss_kib, pss)
        self.peak_root_kib = max(self.peak_root_kib, root)
        self.peak_children_kib = max(self.peak_children_kib, rss - root)
        self.peak_procs = max(self.peak_procs, len(pids))
        self.samples.append((round(time.monotonic() - self.t0, 2), rss))

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(self.interval)

    def stop(self) -> None:
        self.stop_event.set()
        self.join(5)


# --------------------------------------------------------------------------- one run


def head_sha_for(run: int) -> str:
    return hashlib.sha1(f"huge-pr/{run}".encode()).hexdigest()


def one_run(run: int, pr: HugePR, key: Any, folder: Path, timeout: float) -> dict[str, Any]:
    from tests.app_harness import APP_ID, AppProcess, World, app_env, free_port
    from tests.github_double import GitHubDouble

    sha = head_sha_for(run)
    with GitHubDouble(app_id=APP_ID, app_public_key=key.public_pem, rate_limit=10_000_000) as gh:
        world = World(gh)
        gh.add_pull(world.repo, 1, head_sha=sha, head_ref="huge", files=pr.files)
        env = {**app_env(gh, key, folder), "PORT": str(port := free_port()), "HTTP_TIMEOUT_SECONDS": "30",
               "MAX_ANNOTATIONS": str(MAX_ANNOTATIONS)}
        app = AppProcess("serve", env, folder / "serve.log", port).start()
        assert app.proc is not None
        sampler = TreeSampler(app.proc.pid)
        sampler.sample()
        idle_kib = sampler.peak_rss_kib
        sampler.start()
        try:
            n_calls = len(gh.calls)
            t_send = time.time()
            resp = app.send("pull_request", world.opened(1, sha))
            t_ack = time.time()
            if resp.status_code != 202:
                raise SystemExit(f"webhook answered {resp.status_code}: {resp.text[:300]}")
            deadline = time.monotonic() + timeout
            run_json = None
            while time.monotonic() < deadline:
                runs = [r for r in gh.check_runs(world.repo, sha) if r["status"] == "completed"]
                if runs:
                    run_json = runs[0]
                    break
                if app.proc.poll() is not None:
                    break
                time.sleep(0.2)
            time.sleep(0.5)  # let the tree settle before the last samples
        finally:
            sampler.stop()
            code = app.stop()
        if run_json is None:
            raise SystemExit(f"no completed check run within {timeout} s; log tail:\n{app.logs()[-3000:]}")
        calls = gh.calls[n_calls:]
        check_writes = [w for w in gh.writes if re.search(r"/check-runs", w["path"])]
        done = next(w["time"] for w in check_writes
                     if w["method"] == "PATCH" and (w.get("json") or {}).get("status") == "completed")
        batch_sizes = [len(((w.get("json") or {}).get("output") or {}).get("annotations") or [])
                       for w in check_writes]
        annotations = gh.annotations(run_json["id"])
        summary_out = run_json["output"]["summary"] or ""
        comments = gh.issue_comments(world.repo, 1)
        summary_comment = next((c["body"] for c in comments if "constraint-guard:summary" in c["body"]), "")
        review_comments = gh.review_comments(world.repo, 1)

        def first(pred: Any) -> float | None:
            return next((c["time"] for c in calls if pred(c)), None)

        def last(pred: Any) -> float | None:
            return next((c["time"] for c in reversed(calls) if pred(c)), None)

        t_first = first(lambda c: True)
        t_check_created = first(lambda c: c["method"] == "POST" and c["path"].endswith("/check-runs"))
        t_after_review = first(lambda c: t_check_created is not None and c["time"] > t_check_created + 1e-6
                               and not c["path"].endswith("/check-runs"))
        t_texts = last(lambda c: c["path"] == "/graphql" and t_check_created is not None
                       and c["time"] <= t_check_created)

        def span(a: float | None, b: float | None) -> float | None:
            return round(b - a, 3) if a is not None and b is not None else None

        logs = app.logs()
        m_cap = re.search(r"(\d+) annotations were left out \(cap (\d+)", summary_out)
        m_inline = re.search(r"(\d+) findings were not posted inline \(cap (\d+)\)", summary_comment)
        m_table = re.search(r"(\d+) more findings are in the check run", summary_comment)
        m_head = re.search(r"(\d+) files, \+(\d+) −(\d+) lines; (\d+) scanned; (\d+) findings", summary_comment)
        return {
            "run": run,
            "seconds_ack_to_completed_check": round(done - t_ack, 3),
            "seconds_send_to_ack": round(t_ack - t_send, 3),
            "phases_s": {
                "ack_to_first_github_call": span(t_ack, t_first),
                "fetch (first call to last text query)": span(t_first, t_texts),
                "fetch_to_check_created": span(t_texts, t_check_created),
                "review (check created to next call: semgrep + analysis)": span(t_check_created, t_after_review),
                "publish (signoffs, inline review, summary, annotations)": span(t_after_review, done),
            },
            "peak_rss_mib_tree": round(sampler.peak_rss_kib / 1024, 1),
            "peak_pss_mib_tree": round(sampler.peak_pss_kib / 1024, 1),
            "peak_rss_mib_serve_process": round(sampler.peak_root_kib / 1024, 1),
            "peak_rss_mib_children": round(sampler.peak_children_kib / 1024, 1),
            "idle_rss_mib_tree": round(idle_kib / 1024, 1),
            "peak_processes": sampler.peak_procs,
            "samples": len(sampler.samples),
            "conclusion": run_json["conclusion"],
            "title": run_json["output"]["title"],
            "check_run_requests": len(check_writes),
            "annotation_batch_sizes": batch_sizes,
            "max_annotations_per_request": max(batch_sizes, default=0),
            "annotations_total": len(annotations),
            "annotations_left_out_note": m_cap.group(0) if m_cap else None,
            "annotations_left_out": int(m_cap.group(1)) if m_cap else 0,
            "inline_comments_posted": len(review_comments),
            "inline_cap_note": m_inline.group(0) if m_inline else None,
            "summary_findings_table_note": m_table.group(0) if m_table else None,
            "summary_headline": m_head.group(0) if m_head else None,
            "findings_reported": int(m_head.group(5)) if m_head else None,
            "summary_comment_chars": len(summary_comment),
            "check_summary_chars": len(summary_out),
            "github_calls": len(calls),
            "app_exit_code": code,
            "app_log_errors": [ln[:300] for ln in logs.splitlines() if " ERROR " in ln or "Traceback" in ln][:5],
            "job_log": [ln[:300] for ln in logs.splitlines() if "job review" in ln][:3],
        }


# --------------------------------------------------------------------------- profiling


def pr_snapshot(pr: HugePR) -> Any:
    """The Snapshot the App would build for this PR (patches as GitHub sends them, computed otherwise)."""
    from bot.fetch import PRFile, build_diff, computed_patch
    from checks.snapshot import Snapshot

    prfiles, computed, texts = [], {}, {}
    for path, spec in pr.files.items():
        a, d = _patch_counts(spec.patch)
        prfiles.append(PRFile(path, spec.status, spec.patch, spec.previous_filename, a, d, a + d))
        if spec.head is not None:
            texts[path] = spec.head
        if spec.patch is None and spec.head is not None:
            computed[path] = computed_patch(spec.base, spec.head)
    return Snapshot(build_diff(prfiles, computed), texts)


def profile(pr: HugePR, top: int = 35) -> None:
    """checks.review.review on the App's snapshot of this PR, under cProfile and tracemalloc."""
    import cProfile
    import pstats
    import tracemalloc

    from checks.config import RepoConfig
    from checks.policy import load_packs
    from checks.review import review

    t0 = time.perf_counter()
    snapshot = pr_snapshot(pr)
    diff = snapshot.diff
    print(f"snapshot built in {time.perf_counter() - t0:.2f} s: {len(diff.files)} files, "
          f"+{diff.added_lines} -{diff.removed_lines}")
    packs = load_packs()
    config = RepoConfig()
    tracemalloc.start()
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    report = review(snapshot, packs, config)
    prof.disable()
    wall = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    snap = tracemalloc.take_snapshot()
    tracemalloc.stop()
    print(f"review: {wall:.2f} s wall, {len(report.findings)} findings, "
          f"{sum(len(g.reasons) for g in report.gates)} gate reasons in {len(report.gates)} gates, "
          f"{len(report.skips)} skips, python heap peak during review {peak / 2**20:.1f} MiB")
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print("top allocations still held after review (tracemalloc):")
    for stat in snap.statistics("lineno")[:15]:
        print(" ", stat)


def attribute(pr: HugePR, out_path: Path) -> None:
    """Where the review's time goes, without a profiler: snapshot, semgrep, analysis, render.

    Stored under "attribution" in the results file (merged into an existing one)."""
    from checks import semgrep
    from checks.config import RepoConfig
    from checks.policy import load_packs
    from checks.render import markdown
    from checks.review import analyze
    from checks.targets import select_targets

    t0 = time.perf_counter()
    snapshot = pr_snapshot(pr)
    t_snapshot = time.perf_counter() - t0
    config, packs = RepoConfig(), load_packs()
    t0 = time.perf_counter()
    targets, skips = select_targets(snapshot, config.paths.ignore, config.limits.max_file_bytes)
    rules = list(semgrep.load_rules().values())
    t_select = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = semgrep.scan(targets, rules, timeout_seconds=config.limits.scan_timeout_seconds)
    t_scan = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = analyze(snapshot, packs, config, result, skips=skips)
    t_analyze = time.perf_counter() - t0
    t0 = time.perf_counter()
    body = markdown.render(report)
    t_render = time.perf_counter() - t0
    found = {
        "snapshot_build_s (diff from 3,000 patches, as bot.fetch does)": round(t_snapshot, 2),
        "select_targets_s": round(t_select, 2),
        "semgrep_scan_total_s": round(t_scan, 2),
        "  of which workspace write + semgrep process_s": round(result.seconds, 2),
        "  of which parse JSON + remove workspace_s": round(t_scan - result.seconds, 2),
        "analyze_s (secrets, suppressions, changed-line filter, gates)": round(t_analyze, 2),
        "render_markdown_s": round(t_render, 3),
        "targets": len(targets),
        "findings": len(report.findings),
        "gate_reasons": sum(len(g.reasons) for g in report.gates),
        "summary_chars": len(body),
        "loadavg_after": os.getloadavg(),
    }
    print(json.dumps(found, indent=2))
    data = json.loads(out_path.read_text()) if out_path.exists() else {}
    data["attribution"] = found
    out_path.write_text(json.dumps(data, indent=2) + "\n")


# --------------------------------------------------------------------------- main


def machine() -> dict[str, Any]:
    return machine_info(note="shared 2-core machine: other test runs were active concurrently, "
                                    "so timings are noisy; medians are reported")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="profile checks.review.review in-process instead")
    ap.add_argument("--attribute", action="store_true",
                    help="time the review's parts in-process (no profiler) and add them to --out")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "huge_pr.json"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    pr = build_pr(args.files, args.lines, args.seed)
    print(f"PR: {len(pr.files)} files {pr.by_lang} {pr.by_status}, +{pr.added} -{pr.removed} "
          f"({pr.added + pr.removed} changed lines), {pr.bad_functions} functions with a problem, "
          f"{pr.patch_omitted} patches omitted; built in {time.perf_counter() - t0:.1f} s", flush=True)
    if args.profile:
        profile(pr)
        return
    if args.attribute:
        attribute(pr, Path(args.out))
        return

    from tests.app_harness import make_key

    started = time.monotonic()
    info = machine()
    runs = []
    with tempfile.TemporaryDirectory(prefix="cg-bench-huge-") as tmp:
        key = make_key(Path(tmp))
        for run in range(args.runs):
            folder = Path(tmp) / f"run{run}"
            folder.mkdir()
            r = one_run(run, pr, key, folder, args.timeout)
            runs.append(r)
            print(f"run {run + 1}/{args.runs}: {r['seconds_ack_to_completed_check']} s ack->completed, "
                  f"peak RSS tree {r['peak_rss_mib_tree']} MiB (PSS {r['peak_pss_mib_tree']}, serve "
                  f"{r['peak_rss_mib_serve_process']}), annotations {r['annotations_total']} in "
                  f"{r['annotation_batch_sizes']}, {r['conclusion']}; phases {r['phases_s']}", flush=True)

    def med(k: str) -> float:
        return round(statistics.median(float(r[k]) for r in runs), 3)

    medians = {k: med(k) for k in ("seconds_ack_to_completed_check", "peak_rss_mib_tree", "peak_pss_mib_tree",
                                   "peak_rss_mib_serve_process", "peak_rss_mib_children", "seconds_send_to_ack")}
    checks = {
        "time_under_target": medians["seconds_ack_to_completed_check"] < TARGET_SECONDS,
        "memory_under_target": medians["peak_rss_mib_tree"] < TARGET_PEAK_MIB,
        "no_update_over_50_annotations": all(r["max_annotations_per_request"] <= ANNOTATION_BATCH_LIMIT
                                             for r in runs),
        "annotations_capped": all(r["annotations_total"] <= MAX_ANNOTATIONS for r in runs),
        "check_output_says_annotations_capped": all(r["annotations_left_out_note"] for r in runs),
        "summary_says_inline_capped": all(r["inline_cap_note"] for r in runs),
        "inline_comments_capped": all(r["inline_comments_posted"] <= INLINE_CAP for r in runs),
    }
    out = {
        "benchmark": "huge_pr",
        "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": info,
        "command": " ".join([".venv/bin/python", "bench/bench_huge_pr.py", *sys.argv[1:]]),
        "pr": {"files": len(pr.files), "added_lines": pr.added, "removed_lines": pr.removed,
               "changed_lines": pr.added + pr.removed, "functions_with_a_problem": pr.bad_functions,
               "by_language": pr.by_lang, "by_status": pr.by_status, "patches_omitted": pr.patch_omitted},
        "targets": {"seconds": TARGET_SECONDS, "peak_mib": TARGET_PEAK_MIB,
                    "annotations_per_request": ANNOTATION_BATCH_LIMIT, "max_annotations": MAX_ANNOTATIONS},
        "notes": [
            "time = from the webhook's 202 to the double's receipt of the PATCH that completed the check run",
            "peak memory = max over 0.2 s samples of the summed VmRSS of serve and all its descendants "
            "(semgrep included); PSS (shared pages counted once) reported beside it",
            "the GitHub double runs in the benchmark process on the same 2 cores, so its serving time "
            "(3,000 files over 30 list pages and 30+ GraphQL text batches) is part of the wall time",
            "App settings: SQLite queue, WORKERS=2, MAX_ANNOTATIONS=500, default inline cap 30, "
            "HTTP_TIMEOUT_SECONDS=30",
        ],
        "medians": medians,
        "findings_reported": runs[0]["findings_reported"],
        "checks": checks,
        "ok": all(checks.values()),
        "total_seconds": round(time.monotonic() - started, 1),
        "runs": runs,
    }
    write_report(args.out, out)
    print(f"\nmedians over {len(runs)} runs: {medians}\nchecks: {checks}\nwrote {args.out}")


if __name__ == "__main__":
    main()
