"""Replay public packages' real releases and report what Constraint Guard would have said.

    .venv/bin/python bench/bench_real_history.py [--last 25] [--specs pypi:flask npm:koa ...]

For each package, bench/release_history.py builds a git history from its published releases
(one commit per release; GitHub itself is out of reach from this machine) and
`constraint-guard replay` reviews every release against the one before. Per package: how
often each gate opened, findings per change by rule, and review time; and every finding
with its path, line and code, so a person can read them and judge precision (the README
records that reading). Results: bench/results/real_history.json.

These are libraries and frameworks, not the applications the product gates: an auth
library's releases open `auth` by design. What this measures is noise: findings that are
wrong, and gates opened by lines that are not what their reason says.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchlib import ROOT, history_arguments  # also puts the repository on sys.path
from release_history import build  # noqa: E402

from checks import tscheck, typecheck  # noqa: E402

CG = str(Path(sys.executable).parent / "constraint-guard")
SPECS = ["pypi:django-oscar", "pypi:django-allauth", "pypi:flask", "npm:express", "npm:koa"]
HALLUCINATION_RULES = {*typecheck.RULE_IDS, *tscheck.RULE_IDS, "go-nonexistent-member", "java-nonexistent-member",
                       "rs-nonexistent-member"}


def _findings(repo: Path, sha: str) -> list[dict[str, object]]:
    """Every finding of one change, with the code line it points at."""
    out = subprocess.run([CG, "check", "--repo", str(repo), "--base", f"{sha}~1", "--head", sha, "--format", "json"],
                         capture_output=True, text=True, check=False).stdout
    report = json.loads(out)
    found = []
    for f in report["findings"]:
        shown = subprocess.run(["git", "-C", str(repo), "show", f"{sha}:{f['path']}"],
                               capture_output=True, text=True, check=False).stdout.splitlines()
        code = shown[f["line"] - 1].strip()[:200] if 0 < f["line"] <= len(shown) else ""
        if "secret" in f["rule_id"]:
            code = "(not stored: the line of a secret finding)"  # a results file must not carry one
        found.append({"rule": f["rule_id"], "path": f["path"], "line": f["line"], "code": code})
    return found


def replay(repo: Path, last: int) -> dict[str, Any]:
    started = time.monotonic()
    out = subprocess.run([CG, "replay", "--repo", str(repo), "--last", str(last), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    findings = []
    for change in data["per_change"]:
        if change["findings"]:
            findings += [{"release": change["subject"], **f} for f in _findings(repo, change["sha"])]
    gates = {gate: info["opened"] for gate, info in data["gates"].items()}
    return {
        "changes": data["changes"],
        "verdicts": data["verdicts"],
        "no_gate": data["no_gate"],
        "gates_opened": gates,
        "gate_paths": {gate: info["top_paths"][:5] for gate, info in data["gates"].items() if info["opened"]},
        "findings_total": data["findings"]["total"],
        "findings_by_rule": data["findings"]["by_rule"],
        "hallucination_findings": sum(1 for f in findings if f["rule"] in HALLUCINATION_RULES),
        "review_seconds": data["review_seconds"],
        "replay_seconds": round(time.monotonic() - started, 1),
        "findings": findings,
    }


def main() -> int:
    ap = history_arguments(__doc__.splitlines()[0], SPECS, ROOT / "bench" / "results" / "real_history.json")
    args = ap.parse_args()
    results: dict[str, object] = {"last": args.last}
    packages: dict[str, dict[str, Any]] = {}
    for spec in args.specs:
        repo = build(spec, args.last, args.histories)
        packages[spec] = replay(repo, args.last)
        r = packages[spec]
        print(f"{spec}: {r['changes']} changes, no gate {r['no_gate']}, gates {r['gates_opened']}, "
              f"findings {r['findings_total']}, review median {r['review_seconds']['median']} s",
              flush=True)
    results["packages"] = packages
    changes = sum(p["changes"] for p in packages.values())
    results["totals"] = {
        "changes": changes,
        "findings": sum(p["findings_total"] for p in packages.values()),
        "hallucination_findings": sum(p["hallucination_findings"] for p in packages.values()),
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["totals"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
