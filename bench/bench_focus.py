"""A scan shortcut on real changes: the same findings as without it, in less time.

    .venv/bin/python bench/bench_focus.py [--switch focus|prefilter] [--specs pypi:dj-stripe npm:koa ...]
        [--last 25] [--histories DIR] [--out bench/results/focus.json]

For each package, bench/release_history.py builds a git history of its published releases, and
every release is reviewed against the one before twice, with the shortcut (the default) and
without it, in alternating order. `--switch focus` (CONSTRAINT_GUARD_FOCUS): definitions the
change does not touch are blanked before semgrep reads a file (checks/focus.py); `--switch
prefilter` (CONSTRAINT_GUARD_PREFILTER, results in bench/results/prefilter.json): taint rules
no changed file holds a source for are left out (checks/prefilter.py). The two reviews must
agree on every finding (rule, path, line), every skip and the verdict; any difference is
listed in full. Review times are medians over the package's releases and their ratio,
measured in the same run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchlib import (  # also puts the repository on sys.path
    ROOT,
    git,
    history_arguments,
    machine_info,
    now_iso,
    write_report,
)
from release_history import build  # noqa: E402

CG = str(Path(sys.executable).parent / "constraint-guard")
SPECS = ["pypi:dj-stripe", "pypi:django-payments", "pypi:django-oscar", "pypi:flask", "npm:express", "npm:koa"]


# --switch: its environment variable and the names of its two sides in the results
SWITCHES = {"focus": ("CONSTRAINT_GUARD_FOCUS", "focused", "whole"),
            "prefilter": ("CONSTRAINT_GUARD_PREFILTER", "filtered", "every_rule")}


def review(repo: Path, sha: str, on: bool, variable: str) -> tuple[float, dict[str, Any]]:
    """(seconds, the JSON report) of one `constraint-guard check` of commit `sha`."""
    env = {**os.environ, variable: "on" if on else "off"}
    started = time.perf_counter()
    proc = subprocess.run([CG, "check", "--repo", str(repo), "--base", f"{sha}~1", "--head", sha, "--format", "json"],
                          capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - started
    if not proc.stdout.strip():
        raise SystemExit(f"{repo.name} {sha[:7]}: no report (exit {proc.returncode}): {proc.stderr[-500:]}")
    return seconds, json.loads(proc.stdout)


def verdict_of(report: dict[str, Any]) -> dict[str, Any]:
    """What a user sees of a review, minus timing: verdict, findings, skips."""
    return {
        "verdict": report["verdict"],
        "findings": sorted((f["rule_id"], f["path"], f["line"]) for f in report["findings"]),
        "skips": sorted((s["path"] or "", s["reason"]) for s in report["skips"]),
    }


def package(repo: Path, last: int, switch: str) -> dict[str, Any]:
    variable, yes, no = SWITCHES[switch]
    shas = git(repo, "rev-list", "--reverse", f"-{last}", "HEAD").split()
    roots = set(git(repo, "rev-list", "--max-parents=0", "HEAD").split())
    times: dict[bool, list[float]] = {True: [], False: []}
    differences = []
    findings = 0
    for n, sha in enumerate(s for s in shas if s not in roots):
        order = (True, False) if n % 2 == 0 else (False, True)  # alternate, so drift hits both sides
        seen: dict[bool, dict[str, Any]] = {}
        for on in order:
            seconds, report = review(repo, sha, on, variable)
            times[on].append(seconds)
            seen[on] = verdict_of(report)
        findings += len(seen[False]["findings"])
        if seen[True] != seen[False]:
            differences.append({"sha": sha, "subject": git(repo, "log", "-1", "--format=%s", sha).strip(),
                                yes: seen[True], no: seen[False]})
    on_s, off_s = statistics.median(times[True]), statistics.median(times[False])
    return {
        "changes": len(times[True]),
        f"findings_{no}": findings,
        "identical": len(times[True]) - len(differences),
        "differences": differences,
        "median_s": {yes: round(on_s, 3), no: round(off_s, 3), "ratio": round(on_s / off_s, 3)},
        "total_s": {yes: round(sum(times[True]), 1), no: round(sum(times[False]), 1)},
    }


def main() -> int:
    ap = history_arguments(__doc__.splitlines()[0], SPECS, None)
    ap.add_argument("--switch", choices=sorted(SWITCHES), default="focus")
    args = ap.parse_args()
    args.out = args.out or ROOT / "bench" / "results" / f"{args.switch}.json"
    _, yes, no = SWITCHES[args.switch]
    results: dict[str, Any] = {"machine": machine_info(), "started": now_iso(), "last": args.last,
                               "switch": args.switch, "packages": {}}
    for spec in args.specs:
        r = package(build(spec, args.last, args.histories), args.last, args.switch)
        results["packages"][spec] = r
        print(f"{spec}: {r['changes']} changes, {r['identical']} identical, findings {r[f'findings_{no}']}, "
              f"median {r['median_s'][yes]} s {yes} vs {r['median_s'][no]} s {no} "
              f"({r['median_s']['ratio']}x)", flush=True)
    packages = results["packages"].values()
    results["totals"] = {
        "changes": sum(p["changes"] for p in packages),
        "identical": sum(p["identical"] for p in packages),
        f"findings_{no}": sum(p[f"findings_{no}"] for p in packages),
        "total_s": {yes: round(sum(p["total_s"][yes] for p in packages), 1),
                    no: round(sum(p["total_s"][no] for p in packages), 1)},
    }
    write_report(args.out, results)
    print(json.dumps(results["totals"]))
    return 0 if results["totals"]["identical"] == results["totals"]["changes"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
