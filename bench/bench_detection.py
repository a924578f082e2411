"""Detection on code nobody here wrote: the OWASP Benchmark for Python, ours against bandit.

    .venv/bin/python bench/bench_detection.py [--corpus DIR] [--out bench/results/detection.json]
                                              [--ours-only] [--by-file] [--parity]

The whole corpus (1,230 labelled Flask handlers plus their helpers) is reviewed as ONE
change by `constraint-guard check` (a git repo whose head commit adds every file), and by
bandit (a well-kept baseline, `pip install -e '.[bench]'`), in the same run. Scoring is
OWASP's: a case counts as flagged when the tool reports the case's CWE (or an alias OWASP's
scorer accepts) anywhere in that file; per category TPR, FPR and Youden = TPR - FPR; the
score is the average over categories.

`--parity` also runs semgrep's classic Python CLI and its native engine (`--experimental`,
what reviews use) over the corpus with our rules and reports any finding that differs.
`--by-file` prints the misses and false alarms per category (to study, never to tune
rules to this corpus's literals).

The corpus is GPL-3.0 evaluation data and is never copied into this repository; without
it (a user's clone) the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "owasp-benchmark-python"

from benchlib import git, machine_info  # noqa: E402

from checks.prefilter import OPTIONAL, REQUIRED  # noqa: E402
from checks.semgrep import Rule, firing_rules, load_rules, offline_env, semgrep_command  # noqa: E402

PARTS = REQUIRED + OPTIONAL  # a rule's lists of alternatives, which narrowing shortens

CG = str(Path(sys.executable).parent / "constraint-guard")
BANDIT = Path(sys.executable).parent / "bandit"

# OWASP's scorer: the category's CWE plus the aliases it accepts (corpus README)
ALIASES: dict[int, set[int]] = {
    328: {328, 327, 916, 759, 760},
    330: {330, 338},
    614: {614, 1004, 315},
    79: {79, 80, 116},
}


def accepted(cwe: int) -> set[int]:
    """The CWEs that count as reporting `cwe`."""
    return ALIASES.get(cwe, {cwe})


def load_cases(corpus: Path) -> dict[str, tuple[str, bool, int]]:
    """test name -> (category, real vulnerability, CWE)."""
    cases: dict[str, tuple[str, bool, int]] = {}
    with (corpus / "expectedresults-0.1.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if not row or row[0].startswith("#"):
                continue
            name, category, real, cwe = (c.strip() for c in row[:4])
            cases[name] = (category, real == "true", int(cwe))
    return cases


def _cwe_number(value: Any) -> int | None:
    text = str(value or "")
    head = text.split(":", 1)[0].strip().upper()
    if head.startswith("CWE-") and head[4:].isdigit():
        return int(head[4:])
    return None



def build_change(corpus: Path, where: Path) -> Path:
    """A git repo whose `head` branch adds the whole corpus (testcode + helpers) over an empty base."""
    repo = where / "owasp"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "base")
    git(repo, "config", "user.email", "bench@example.com")
    git(repo, "config", "user.name", "bench")
    (repo / "README.md").write_text("# corpus under review\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-q", "-b", "head")
    shutil.copytree(corpus / "testcode", repo / "testcode")
    shutil.copytree(corpus / "helpers", repo / "helpers")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "corpus")
    return repo


def run_ours(repo: Path) -> tuple[dict[str, set[int]], float, dict[str, Any]]:
    """Review the change with constraint-guard; file stem -> CWEs reported; seconds; report."""
    cmd = [CG, "check", "--repo", str(repo), "--base", "base", "--head", "head", "--format", "json"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=offline_env())
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"constraint-guard failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    report = json.loads(proc.stdout)
    if report.get("errors"):
        raise SystemExit(f"constraint-guard reported errors: {report['errors']}")
    flagged: dict[str, set[int]] = defaultdict(set)
    for f in report["findings"]:
        num = _cwe_number(f.get("cwe"))
        if num is not None:
            flagged[Path(f["path"]).stem].add(num)
    return flagged, seconds, report


def run_bandit(repo: Path) -> tuple[dict[str, set[int]], float] | None:
    """bandit's default tests over the same files; None when bandit is not installed."""
    exe = str(BANDIT) if BANDIT.exists() else shutil.which("bandit")
    if exe is None:
        return None
    cmd = [exe, "-r", "testcode", "-f", "json", "-q"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=repo)
    seconds = time.perf_counter() - started
    data = json.loads(proc.stdout)
    flagged: dict[str, set[int]] = defaultdict(set)
    for res in data.get("results", []):
        cwe = (res.get("issue_cwe") or {}).get("id")
        if cwe:
            flagged[Path(res["filename"]).stem].add(int(cwe))
    return flagged, seconds


def score(cases: dict[str, tuple[str, bool, int]], flagged: dict[str, set[int]]) -> dict[str, Any]:
    """OWASP scoring per category and on average."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "tn": 0})
    for name, (category, real, cwe) in cases.items():
        hit = bool(flagged.get(name, set()) & accepted(cwe))
        key = ("tp" if hit else "fn") if real else ("fp" if hit else "tn")
        counts[category][key] += 1
    categories: dict[str, dict[str, float]] = {}
    for category in sorted(counts):
        c = counts[category]
        tpr = c["tp"] / max(1, c["tp"] + c["fn"])
        fpr = c["fp"] / max(1, c["fp"] + c["tn"])
        categories[category] = {**c, "tpr": round(tpr, 3), "fpr": round(fpr, 3), "youden": round(tpr - fpr, 3)}
    n = len(categories)
    return {
        "categories": categories,
        "avg_tpr": round(sum(v["tpr"] for v in categories.values()) / n, 3),
        "avg_fpr": round(sum(v["fpr"] for v in categories.values()) / n, 3),
        "avg_youden": round(sum(v["youden"] for v in categories.values()) / n, 3),
        "categories_above_0_25": sum(1 for v in categories.values() if v["youden"] > 0.25),
    }


def semgrep_findings(target: Path, rules_file: Path, native: bool) -> tuple[set[tuple[str, str, int, int]], float]:
    """(rule, file, start, end) of one semgrep run over `target`, classic or native CLI."""
    cmd = semgrep_command() + ["scan"] + (["--experimental"] if native else []) + [
        "--config", str(rules_file), "--json", "--metrics=off", "--disable-version-check", "--no-git-ignore",
        "--disable-nosem", "--timeout", "10", "--quiet", ".",
    ]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=target, env=offline_env())
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"semgrep ({'native' if native else 'classic'}) failed: {proc.stderr[-500:]}")
    data = json.loads(proc.stdout)
    found = {
        (str(r["check_id"]).rsplit(".", 1)[-1], str(r["path"]), int(r["start"]["line"]), int(r["end"]["line"]))
        for r in data["results"]
    }
    return found, seconds


def parity(repo: Path, where: Path) -> dict[str, Any]:
    """Our rules over the corpus through both CLIs: the findings must be identical."""
    rules_file = where / "rules.yaml"
    rules_file.write_text(json.dumps({"rules": [r.source for r in load_rules().values() if "python" in r.languages]}))
    (repo / ".semgrepignore").write_text("")
    native, native_s = semgrep_findings(repo, rules_file, native=True)
    classic, classic_s = semgrep_findings(repo, rules_file, native=False)
    only_native, only_classic = sorted(native - classic), sorted(classic - native)
    return {
        "native_findings": len(native), "classic_findings": len(classic),
        "only_native": [list(x) for x in only_native[:50]], "only_classic": [list(x) for x in only_classic[:50]],
        "identical": not only_native and not only_classic,
        "native_s": round(native_s, 2), "classic_s": round(classic_s, 2),
        "prefilter": prefilter_soundness(repo, where, native),
    }


def prefilter_soundness(repo: Path, where: Path, found: set[tuple[str, str, int, int]]) -> dict[str, Any]:
    """checks/prefilter.py on foreign code, each file taken as a change of its own (the narrowest
    narrowing a review does): the rules narrowed to each file (`firing_rules`) run on it, in one
    native run where each group of files with the same narrowing gets its rules under their own
    ids, limited to those files. They must report exactly what the whole rules report (`missed`
    and `gained` stay empty). `left_out` is the share of (rule, file) pairs the narrowing spares
    the engine, `alternatives_left_out` the share of alternatives (branches, sources, sinks,
    sanitizers, propagators) in the (rule, file) pairs it keeps."""
    rules = [r for r in load_rules().values() if "python" in r.languages]
    texts = {p.relative_to(repo).as_posix(): p.read_text(encoding="utf-8", errors="replace")
             for p in repo.rglob("*.py") if ".git" not in p.parts}
    groups: dict[tuple[Any, ...], tuple[list[str], list[Rule]]] = {}
    kept_pairs = alternatives = kept_alternatives = 0
    whole = {r.id: r for r in rules}
    for path, text in texts.items():
        kept = firing_rules(rules, {path: text})
        kept_pairs += len(kept)
        alternatives += sum(len(whole[r.id].source.get(k) or ()) for r in kept for k in PARTS)
        kept_alternatives += sum(len(r.source.get(k) or ()) for r in kept for k in PARTS)
        # the same entries kept (by identity: narrowing copies lists, never entries) is the same narrowing
        key = tuple((r.id, tuple(tuple(map(id, r.source.get(k) or ())) for k in PARTS)) for r in kept)
        groups.setdefault(key, ([], kept))[0].append(path)
    variants = [{**r.source, "id": f"{r.id}--variant-{n}", "paths": {"include": [f"/{p}" for p in paths]}}
                for n, (paths, kept) in enumerate(groups.values()) for r in kept]
    rules_file = where / "narrowed.json"
    rules_file.write_text(json.dumps({"rules": variants}))
    narrowed, seconds = semgrep_findings(repo, rules_file, native=True)
    narrowed = {(rule.split("--variant-")[0], *rest) for rule, *rest in narrowed}
    missed, gained = sorted(found - narrowed), sorted(narrowed - found)
    return {"findings": len(found), "narrowed_findings": len(narrowed),
            "missed": [list(m) for m in missed[:50]], "gained": [list(g) for g in gained[:50]],
            "identical": not missed and not gained, "groups": len(groups), "run_s": round(seconds, 2),
            "left_out": round(1 - kept_pairs / max(1, len(rules) * len(texts)), 3),
            "alternatives_left_out": round(1 - kept_alternatives / max(1, alternatives), 3)}


def _table(rows: dict[str, dict[str, Any]]) -> str:
    tools = list(rows)
    cats = sorted(next(iter(rows.values()))["categories"])
    head = "| category | " + " | ".join(f"{t} TPR / FPR / Youden" for t in tools) + " |"
    lines = [head, "|---|" + "---|" * len(tools)]
    for cat in cats:
        cells = []
        for t in tools:
            v = rows[t]["categories"][cat]
            cells.append(f"{v['tpr']:.2f} / {v['fpr']:.2f} / **{v['youden']:.2f}**")
        lines.append(f"| {cat} | " + " | ".join(cells) + " |")
    cells = [f"{rows[t]['avg_tpr']:.2f} / {rows[t]['avg_fpr']:.2f} / **{rows[t]['avg_youden']:.2f}**" for t in tools]
    lines.append("| **average** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _by_file(cases: dict[str, tuple[str, bool, int]], flagged: dict[str, set[int]]) -> None:
    misses: dict[str, list[str]] = defaultdict(list)
    alarms: dict[str, list[str]] = defaultdict(list)
    for name, (category, real, cwe) in sorted(cases.items()):
        hit = bool(flagged.get(name, set()) & accepted(cwe))
        if real and not hit:
            misses[category].append(name)
        elif hit and not real:
            alarms[category].append(name)
    for category in sorted(set(misses) | set(alarms)):
        print(f"{category}: missed {len(misses[category])}: {' '.join(misses[category][:15])}")
        print(f"{category}: false alarms {len(alarms[category])}: {' '.join(alarms[category][:15])}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "detection.json")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each tool (medians reported)")
    ap.add_argument("--ours-only", action="store_true", help="skip bandit and write no results file")
    ap.add_argument("--by-file", action="store_true", help="list misses and false alarms per category")
    ap.add_argument("--parity", action="store_true", help="compare semgrep's classic and native CLIs on the corpus")
    args = ap.parse_args()
    if not (args.corpus / "expectedresults-0.1.csv").exists():
        print(f"bench_detection: no OWASP Benchmark corpus at {args.corpus}; nothing to measure (pass --corpus DIR)")
        return 0
    cases = load_cases(args.corpus)
    results: dict[str, Any] = {"machine": machine_info(), "corpus": str(args.corpus), "cases": len(cases)}
    with tempfile.TemporaryDirectory(prefix="cg-detect-") as tmp:
        where = Path(tmp)
        repo = build_change(args.corpus, where)
        runs = 1 if args.ours_only else max(1, args.runs)
        ours_times: list[float] = []
        bandit_times: list[float] = []
        ours_flagged: dict[str, set[int]] = {}
        bandit_flagged: dict[str, set[int]] | None = None
        report: dict[str, Any] = {}
        for _ in range(runs):  # interleaved, so machine noise hits both alike
            ours_flagged, seconds, report = run_ours(repo)
            ours_times.append(seconds)
            if not args.ours_only:
                got = run_bandit(repo)
                if got is not None:
                    bandit_flagged, bs = got
                    bandit_times.append(bs)
        rows: dict[str, dict[str, Any]] = {"constraint-guard": score(cases, ours_flagged)}
        results["constraint_guard"] = {**rows["constraint-guard"], "median_s": round(statistics.median(ours_times), 2),
                                       "findings": len(report.get("findings", []))}
        if bandit_flagged is not None:
            rows["bandit"] = score(cases, bandit_flagged)
            results["bandit"] = {**rows["bandit"], "median_s": round(statistics.median(bandit_times), 2)}
        elif not args.ours_only:
            print("bandit is not installed: pip install -e '.[bench]' for the side-by-side column")
        print(_table(rows))
        for tool, row in rows.items():
            t = results["constraint_guard" if tool == "constraint-guard" else "bandit"]["median_s"]
            print(f"{tool}: avg Youden {row['avg_youden']:.3f}, avg FPR {row['avg_fpr']:.3f}, "
                  f"{row['categories_above_0_25']}/{len(row['categories'])} categories above 0.25, {t} s")
        if args.by_file:
            _by_file(cases, ours_flagged)
        if args.parity:
            results["parity"] = parity(repo, where)
            print(f"parity (classic vs native CLI): {results['parity']}")
    results["table_markdown"] = _table(rows)
    if not args.ours_only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
