"""Benchmark `constraint-guard check` against a bare semgrep run on the same files and rules.

    .venv/bin/python bench/bench_check.py [--runs 5] [--out bench/results/check.json]

Cases (each a real git repository built in a temp dir):
- typical: 20 files in 4 languages, ~600 changed lines; baseline: bare semgrep, same rules
  and files, measured in the same run (issue 9: ours <= 1.0 s and <= 0.33x). Also the same review with the
  type-checker oracles (ty, the TypeScript compiler) disabled by config, interleaved: the
  difference is the time they add to a review (issue 10: <= 0.3 s).
- docs-only: no semgrep process may start (target: whole command < 0.3 s).
- scaled 10x and 100x in changed lines: time and peak memory growth (aim: linear).

Medians of --runs runs; peak memory is the max RSS of the command and its children.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from benchlib import git  # noqa: E402  (also puts the repository on sys.path)

from checks import tscheck, typecheck  # noqa: E402
from checks.semgrep import load_rules, offline_env, semgrep_command  # noqa: E402

CG = str(Path(sys.executable).parent / "constraint-guard")

PY = '''
def handler_{n}(request, cur):
    user_id = request.args.get("id")
    log.debug("owner %s", user_id[:8])
    cur.execute("SELECT * FROM items WHERE owner = %s", (user_id,))
    rows = cur.fetchall()
    total_{n} = sum(r[2] for r in rows)
    if total_{n} > 100:
        log.info("big order %s", user_id)
    return {{"rows": rows, "total": total_{n}}}
'''
JS = '''
export async function load{n}(id) {{
  const res = await fetch(`/api/items/${{id}}`);
  if (!res.ok) throw new Error(`status ${{res.status}}`);
  const body = await res.json();
  const names = body.items.map((i) => i.name);
  return names.filter(Boolean).join(", ");
}}
'''
GO = '''
func Handle{n}(w http.ResponseWriter, r *http.Request) {{
\tid := r.URL.Query().Get("id")
\trow := db.QueryRow("SELECT name FROM items WHERE id = $1", id)
\tvar name string
\tif err := row.Scan(&name); err != nil {{
\t\thttp.Error(w, "not found", http.StatusNotFound)
\t\treturn
\t}}
\tfmt.Fprintf(w, "%s", name)
}}
'''
JAVA = '''
    public String find{n}(Connection c, String id) throws SQLException {{
        PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?");
        ps.setString(1, id);
        ResultSet rs = ps.executeQuery();
        String out = rs.next() ? rs.getString(1) : "";
        rs.close();
        return out;
    }}
'''
HEADERS = {
    "py": "import logging\nlog = logging.getLogger(__name__)\n",
    "js": "// items api\n",
    "go": 'package items\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n',
    "java": "import java.sql.*;\n\npublic class Items{i} {{\n",
}
FOOTERS = {"py": "", "js": "", "go": "", "java": "}\n"}
TEMPLATES = {"py": PY, "js": JS, "go": GO, "java": JAVA}


def _file(lang: str, i: int, blocks: int, offset: int = 0) -> str:
    body = "".join(TEMPLATES[lang].format(n=f"{i}_{offset + b}") for b in range(blocks))
    return HEADERS[lang].format(i=i) + body + FOOTERS[lang]



def build_repo(where: Path, scale: int, docs_only: bool = False) -> Path:
    """A repo whose `feature` branch adds ~600*scale lines over 20 files (or only docs)."""
    repo = where / f"repo-{scale}-{'docs' if docs_only else 'code'}"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "b@example.com")
    git(repo, "config", "user.name", "bench")
    langs = ["py", "js", "go", "java"]
    for i in range(20):
        lang = langs[i % 4]
        (repo / f"src{i}.{lang}").write_text(_file(lang, i, 3))
    (repo / "README.md").write_text("# bench\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-q", "-b", "feature")
    if docs_only:
        (repo / "README.md").write_text("# bench\n\n" + "More words about the project.\n" * 50)
    else:
        for i in range(20):
            lang = langs[i % 4]
            # ~30 changed lines per file at scale 1 (4 blocks of ~8 lines)
            (repo / f"src{i}.{lang}").write_text(_file(lang, i, 3 + 4 * scale))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head")
    return repo


def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB of the process tree, exit code) of one run."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, proc.returncode


def bare_semgrep_setup(repo: Path, where: Path) -> Path:
    """The changed files alone in a plain folder, as our runner lays them out (no git, no ignores)."""
    target = where / "bare-target"
    target.mkdir()
    for p in repo.glob("src*.*"):
        (target / p.name).write_bytes(p.read_bytes())
    (target / ".semgrepignore").write_text("")
    return target


def bare_semgrep_cmd(rules_file: Path) -> list[str]:
    """semgrep with the flags our runner uses, over '.', to be run inside the target folder."""
    return semgrep_command() + [
        "scan", "--config", str(rules_file), "--json", "--metrics=off", "--disable-version-check",
        "--oss-only", "--no-git-ignore", "--no-rewrite-rule-ids", "--disable-nosem", "--timeout", "10",
        "--timeout-threshold", "0", "--jobs", str(max(1, min(4, os.cpu_count() or 1))), "--quiet", ".",
    ]


def measure(runs: int, cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> dict[str, float]:
    samples = [timed(cmd, env, cwd) for _ in range(runs)]
    return {
        "median_s": round(statistics.median(s for s, _, _ in samples), 3),
        "min_s": round(min(s for s, _, _ in samples), 3),
        "peak_rss_mib": round(max(m for _, m, _ in samples) / 1024, 1),
        "exit_codes": sorted({c for _, _, c in samples}),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "check.json"))
    args = ap.parse_args()
    env = offline_env()
    # measure what an installed package runs: its bytecode already compiled (pip does that at
    # install; a shell with PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module
    # changed since the last write on every run)
    for package in ("bot", "checks"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    results: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "runs": args.runs,
    }
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        where = Path(tmp)
        rules_file = where / "rules.yaml"
        rules_file.write_text(json.dumps({"rules": [r.source for r in load_rules().values()]}))
        no_oracles = where / "no-oracles.yml"
        no_oracles.write_text(json.dumps({"rules": {"disable": [*typecheck.RULE_IDS, *tscheck.RULE_IDS]}}))

        def check(repo: Path, *extra: str) -> list[str]:
            return [CG, "check", "--repo", str(repo), "--base", "main", "--head", "feature", "--format", "json", *extra]

        typical = build_repo(where, 1)
        bare_dir = bare_semgrep_setup(typical, where)
        # interleave ours and bare run by run, so machine noise hits both alike
        ours_runs, bare_runs, plain_runs = [], [], []
        for _ in range(args.runs):
            ours_runs.append(measure(1, check(typical), env))
            bare_runs.append(measure(1, bare_semgrep_cmd(rules_file), env, cwd=bare_dir))
            plain_runs.append(measure(1, check(typical, "--config", str(no_oracles)), env))
        ours, bare, plain = _merge(ours_runs), _merge(bare_runs), _merge(plain_runs)
        # paired differences, run by run: the noise of one moment hits both sides of each pair
        added = statistics.median(o["median_s"] - p["median_s"] for o, p in zip(ours_runs, plain_runs, strict=True))
        results["typical"] = {
            "files": 20, "changed_lines": _changed(typical), "ours": ours, "bare_semgrep": bare,
            "ratio": round(ours["median_s"] / bare["median_s"], 3), "target_ratio": 0.33, "target_s": 1.0,
            "without_type_oracles": plain, "type_oracles_added_s": round(added, 3), "target_added_s": 0.3,
        }
        print(f"typical: ours {ours['median_s']} s, bare semgrep {bare['median_s']} s, "
              f"ratio {results['typical']['ratio']}; without the type oracles {plain['median_s']} s "
              f"(they add {added:.3f} s)")

        docs = build_repo(where, 1, docs_only=True)
        docs_run = measure(args.runs, check(docs), env)
        results["docs_only"] = {**docs_run, "target_s": 0.3}
        print(f"docs-only: {docs_run['median_s']} s")

        scaled = {}
        for scale in (10, 100):
            repo = build_repo(where, scale)
            ours_s = measure(max(1, args.runs // 2 if scale == 100 else args.runs), check(repo), env)
            scaled[f"x{scale}"] = {"changed_lines": _changed(repo), **ours_s}
            print(f"x{scale}: {scaled[f'x{scale}']}")
        results["scaled"] = {"x1": {"changed_lines": _changed(typical), **ours}, **scaled}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")


def _merge(samples: list[dict[str, float]]) -> dict[str, float]:
    return {
        "median_s": round(statistics.median(s["median_s"] for s in samples), 3),
        "min_s": round(min(s["min_s"] for s in samples), 3),
        "peak_rss_mib": max(s["peak_rss_mib"] for s in samples),
        "exit_codes": sorted({c for s in samples for c in s["exit_codes"]}),
    }


def _changed(repo: Path) -> int:
    stat = git(repo, "diff", "--shortstat", "main", "feature")
    nums = [int(w) for w in stat.replace(",", " ").split() if w.isdigit()]
    return sum(nums[1:])


if __name__ == "__main__":
    main()
