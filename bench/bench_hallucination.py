"""Hallucinated-API probes: how many our engines catch, and how many correct twins they flag.

    .venv/bin/python bench/bench_hallucination.py [--probes bench/probes] [--out bench/results/hallucination.json]

A probe is a pair of files in `bench/probes/<language>/`: `NAME.bad.<ext>` calls an API that
does not exist, on the line carrying a comment `expect: <rule-id>` (after `#`, `//` or `--`),
and `NAME.good.<ext>` is its correct twin, which must raise nothing. All probes of a language
go through the engine in ONE run (as a review does), each under its own folder, named
`<NAME>/probe.<ext>` so every language sees an ordinary file name.

A probe counts as caught when the engine reports the expected rule on the expected line; a
twin counts as flagged when any hallucination rule fires on it. Also timed: one run over a
typical review of 20 changed files (10 probes, 10 twins).
Engines per language: python -> checks.typecheck (ty); javascript (.js and .ts probes) ->
checks.tscheck (the TypeScript compiler, through node); go, java, rust -> semgrep with the
generated *-nonexistent-member rules. Add others in ENGINES.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from benchlib import machine_info  # noqa: E402

from checks import semgrep, tscheck, typecheck  # noqa: E402
from checks.semgrep import ScanResult  # noqa: E402

Engine = Callable[[Mapping[str, str]], ScanResult]
ENGINES: dict[str, tuple[str, Engine]] = {
    "python": ("ty (checks/typecheck.py)", lambda targets: typecheck.check(targets)),
    "javascript": (f"typescript {tscheck.TYPESCRIPT_VERSION} (checks/tscheck.py)",
                   lambda targets: tscheck.check(targets)),
    # Go, Java, Rust: the review's semgrep run with that language's shipped rules, whose
    # *-nonexistent-member rule comes from the member lists of scripts/gen_api_members.py.
    **{
        folder: (f"semgrep ({lang} rules, generated member lists)",
                 lambda targets, lang=lang: semgrep.scan(
                     targets, semgrep.rules_for(semgrep.load_rules().values(), {lang})))
        for folder, lang in (("go", "go"), ("java", "java"), ("rust", "rust"))
    },
}
EXPECT = re.compile(r"(?:#|//|--)\s*expect:\s*([\w-]+)")
HALLUCINATION_RULE = re.compile(r"nonexistent|unknown-argument|wrong-arity")


@dataclass(frozen=True)
class Probe:
    """One hallucination (`bad`) and its correct twin (`good`), with the expected rule and line."""

    name: str
    ext: str
    bad: str
    good: str
    rule: str
    line: int


def load_probes(folder: Path) -> list[Probe]:
    """Every `NAME.bad.EXT` with its `NAME.good.EXT` in `folder`; a pair without `expect:` is an error."""
    probes = []
    for bad in sorted(folder.glob("*.bad.*")):
        name, _, ext = bad.name.partition(".bad.")
        good = bad.with_name(f"{name}.good.{ext}")
        text = bad.read_text(encoding="utf-8")
        marks = [(n, m.group(1)) for n, line in enumerate(text.splitlines(), 1) if (m := EXPECT.search(line))]
        if not good.exists() or len(marks) != 1:
            raise SystemExit(f"{bad}: needs a {good.name} twin and exactly one `expect: <rule-id>` comment")
        probes.append(Probe(name, ext, text, good.read_text(encoding="utf-8"), marks[0][1], marks[0][0]))
    return probes


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the checker)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_language(language: str, probes: list[Probe], engine: Engine) -> dict[str, Any]:
    targets = {f"{p.name}/bad/probe.{p.ext}": p.bad for p in probes}
    targets |= {f"{p.name}/good/probe.{p.ext}": p.good for p in probes}
    result = engine(targets)
    hits = {(f.path, f.line, f.rule_id) for f in result.findings}
    missed = [p.name for p in probes if (f"{p.name}/bad/probe.{p.ext}", p.line, p.rule) not in hits]
    flagged = sorted({
        f"{f.path.split('/')[0]}:{f.line}:{f.rule_id}"
        for f in result.findings
        if "/good/" in f.path and HALLUCINATION_RULE.search(f.rule_id)
    })
    typical = {k: v for k, v in list(targets.items())[:10] + list(targets.items())[-10:]}
    times, cpu = [], []
    for _ in range(5):
        started, cpu_before = time.monotonic(), _cpu()
        engine(typical)
        times.append(time.monotonic() - started)
        cpu.append(_cpu() - cpu_before)
    return {
        "probes": len(probes),
        "caught": len(probes) - len(missed),
        "catch_rate": round((len(probes) - len(missed)) / len(probes), 3) if probes else None,
        "missed": missed,
        "twins_flagged": len(flagged),
        "flagged": flagged,
        "skips": [s.reason for s in result.skips],
        "seconds_all_probes": round(result.seconds, 3),
        "seconds_20_files_median": round(statistics.median(times), 3),
        "seconds_20_files_runs": [round(t, 3) for t in times],
        "cpu_seconds_20_files_median": round(statistics.median(cpu), 3),  # ours + the checker's, load-independent
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", type=Path, default=ROOT / "bench" / "probes")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hallucination.json")
    args = parser.parse_args(argv)
    languages: dict[str, Any] = {}
    for folder in sorted(p for p in args.probes.iterdir() if p.is_dir()):
        probes = load_probes(folder)
        if folder.name not in ENGINES:
            print(f"{folder.name}: {len(probes)} probes, no engine registered: skipped")
            continue
        engine_name, engine = ENGINES[folder.name]
        languages[folder.name] = {"engine": engine_name} | run_language(folder.name, probes, engine)
        r = languages[folder.name]
        print(
            f"{folder.name:<11} caught {r['caught']}/{r['probes']} ({r['catch_rate']:.0%}), "
            f"twins flagged {r['twins_flagged']}, 20 files in {r['seconds_20_files_median']:.2f} s wall, "
            f"{r['cpu_seconds_20_files_median']:.2f} s CPU (medians of 5)"
        )
        for name in r["missed"]:
            print(f"  missed: {name}")
        for flag in r["flagged"]:
            print(f"  twin flagged: {flag}")
    total = sum(r["probes"] for r in languages.values())
    caught = sum(r["caught"] for r in languages.values())
    report = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "languages": languages,
        "total": {
            "probes": total,
            "caught": caught,
            "twins_flagged": sum(r["twins_flagged"] for r in languages.values()),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"total: caught {caught}/{total}; written {args.out}")
    on_target = all(r["catch_rate"] >= 0.9 and r["twins_flagged"] == 0 for r in languages.values())
    return 0 if on_target else 1  # the targets: catch >= 90%, twins flagged 0


if __name__ == "__main__":
    sys.exit(main())
