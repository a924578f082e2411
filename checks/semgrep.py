"""The one semgrep process of a review: our local rules over the changed files only.

This is an I/O edge: it writes a private workspace, runs semgrep offline once, and turns
its JSON into Findings and Skips. Everything else about a review stays pure.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from checks import prefilter
from checks.cachedir import cache_dir
from checks.file_guards import GUARDS
from checks.model import Finding, Severity, Skip
from checks.paths import language_of, policies_dir
from checks.prefilter import ANY, Need, Texts, narrow, needs_nothing, part_needs, rule_need
from checks.process import kill_group
from checks.taint_copy import taint_copy
from checks.workspace import Workspace


class ScanError(RuntimeError):
    """semgrep could not complete: the review's verdict becomes `error`, never `pass`."""


@dataclass(frozen=True)
class Rule:
    """A shipped semgrep rule's identity and advice, for reports and `/guard explain`."""

    id: str
    severity: Severity
    message: str
    cwe: str | None
    fix: str | None
    category: str | None
    languages: tuple[str, ...]
    source: dict[str, Any] = field(repr=False, compare=False, hash=False)
    # what a file must contain for it to report anything, and what each entry of its lists of
    # alternatives needs (checks/prefilter.py)
    need: Need = field(default=ANY, repr=False, compare=False, hash=False)
    parts: Mapping[str, list[Need]] = field(default_factory=dict, repr=False, compare=False, hash=False)


@dataclass(frozen=True)
class ScanResult:
    """What one semgrep run found, what it could not scan, and how long it took."""

    findings: tuple[Finding, ...] = ()
    skips: tuple[Skip, ...] = ()
    scanned: int = 0
    seconds: float = 0.0


def normalize_cwe(value: Any) -> str | None:
    """`"CWE-89: Improper ..."` or `["CWE-89"]` -> `"CWE-89"`."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not value:
        return None
    head = str(value).split(":", 1)[0].strip()
    return head if head.upper().startswith("CWE-") else None


def rule_files(directory: Path | None = None) -> list[Path]:
    """Every rule YAML under policies/semgrep (test targets beside them are not rules)."""
    root = directory or policies_dir() / "semgrep"
    return sorted(p for p in root.rglob("*.yaml") if p.is_file())


CACHE_FORMAT = 3  # rule files' cache layout: (path, YAML document, {rule id: [need, part needs]})


@lru_cache(maxsize=8)
def _load_rules(files: tuple[Path, ...], stamps: tuple[tuple[float, int], ...]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for path, doc, readings in _parsed(files, stamps):
        for raw in doc.get("rules", []):
            meta = raw.get("metadata") or {}
            rid = str(raw["id"])
            if rid in rules:
                raise ValueError(f"{path}: rule id {rid!r} is defined twice")
            rules[rid] = Rule(
                id=rid,
                severity=Severity.from_semgrep(str(raw.get("severity", "WARNING"))),
                message=str(raw.get("message", "")).strip(),
                cwe=normalize_cwe(meta.get("cwe")),
                fix=meta.get("fix"),
                category=meta.get("category"),
                languages=tuple(raw.get("languages", ())),
                source=raw,
                # as JSON gave them: converting every rule's would cost 0.015 s
                need=readings[rid][0] if rid in readings else ANY,
                parts=readings[rid][1] if rid in readings else {},
            )
    return rules


def _parsed(files: tuple[Path, ...],
            stamps: tuple[tuple[float, int], ...]) -> list[tuple[Path, dict[str, Any], dict[str, Any]]]:
    """Each rule file's YAML and its rules' needs and part needs (checks/prefilter.py), through a JSON cache
    keyed by the files' names, times and sizes and by the prefilter's own code.

    Parsing ~130 YAML rule files costs about half a second per CLI run, and reading the taint
    rules' needs out of their sources another 0.05 s; the JSON reads in a tenth. The cache
    lives in the user's cache dir and is only ever a copy: any problem reading or writing it
    falls back to the YAML.
    """
    # the needs are the prefilter's reading of the rules: a change to how it reads them is a new cache
    reader = Path(prefilter.__file__).read_bytes()
    key = hashlib.sha256(repr((CACHE_FORMAT, files, stamps)).encode() + reader).hexdigest()[:20]
    cache = cache_dir() / f"rules-{key}.json"
    try:
        return [(Path(p), doc, readings) for p, doc, readings in json.loads(cache.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    import yaml  # only when a rule file changed: the cache is what a review reads

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    docs = []
    for path in files:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        readings = {}
        for raw in doc.get("rules", []):
            if isinstance(raw, dict) and "id" in raw:
                need, parts = rule_need(raw), part_needs(raw)
                if parts or not needs_nothing(need):  # the rest read as ANY, with nothing to narrow
                    readings[str(raw["id"])] = (need, parts)
        docs.append((path, doc, readings))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([(str(p), doc, readings) for p, doc, readings in docs]), encoding="utf-8")
        tmp.replace(cache)  # atomic: a concurrent reader sees the old file or the whole new one
    except OSError:
        pass
    return docs


def load_rules(directory: Path | None = None) -> dict[str, Rule]:
    """The shipped rules by id (cached until a rule file changes)."""
    files = tuple(rule_files(directory))
    stats = [p.stat() for p in files]
    return _load_rules(files, tuple((st.st_mtime, st.st_size) for st in stats))


def engine_command() -> tuple[list[str], str | None]:
    """argv and executable of the native engine (semgrep's OCaml CLI, shipped in the same wheel).

    It gives the same findings as the classic Python CLI (tests/test_engine.py and
    bench/bench_detection.py --parity prove it on every rule's tests and on a foreign corpus)
    at a tenth of the start-up cost. `semgrep scan --experimental` only execs `semgrep-core`
    under the name `osemgrep`; doing that ourselves saves a Python start per review.
    CONSTRAINT_GUARD_SEMGREP_ENGINE=classic switches back to the classic CLI.
    """
    if os.environ.get("CONSTRAINT_GUARD_SEMGREP_ENGINE", "native").lower() == "classic":
        return semgrep_command() + ["scan"], None
    core = None if os.environ.get("CONSTRAINT_GUARD_SEMGREP") else _semgrep_core()
    if core is not None:
        return ["osemgrep", "scan", "--experimental"], core
    return semgrep_command() + ["scan", "--experimental"], None


@lru_cache(maxsize=1)
def _semgrep_core() -> str | None:
    """The `semgrep-core` binary inside the installed semgrep package (found without importing it)."""
    spec = importlib.util.find_spec("semgrep")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        core = Path(folder) / "bin" / "semgrep-core"
        if core.is_file() and os.access(core, os.X_OK):
            return str(core)
    return None


def rules_for(rules: Iterable[Rule], languages: Iterable[str]) -> list[Rule]:
    """Only the rules that can match one of `languages` (a Python-only change loads no Java rules).

    JavaScript and TypeScript share rules, so either brings in both.
    """
    wanted = sharing(languages)
    return [r for r in rules if wanted & set(r.languages) or "generic" in r.languages or "regex" in r.languages]


def sharing(languages: Iterable[str]) -> set[str]:
    """`languages` with those that share their rules: JavaScript and TypeScript bring each other in."""
    wanted = set(languages)
    if wanted & {"javascript", "typescript"}:
        wanted |= {"javascript", "typescript"}
    return wanted


def semgrep_command() -> list[str]:
    """The semgrep executable: $CONSTRAINT_GUARD_SEMGREP, else the one beside our interpreter
    (a venv needs no PATH setup), else PATH."""
    override = os.environ.get("CONSTRAINT_GUARD_SEMGREP")
    if override:
        return [override]
    beside = Path(sys.executable).parent / "semgrep"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("semgrep")
    if found is None:
        raise ScanError("semgrep is not installed (pip install semgrep)")
    return [found]


def offline_env() -> dict[str, str]:
    """semgrep without network: no version check, no metrics (it hangs for minutes otherwise)."""
    env = dict(os.environ)
    env.update(
        SEMGREP_ENABLE_VERSION_CHECK="0",
        SEMGREP_SEND_METRICS="off",
        SEMGREP_SUPPRESS_ERRORS="0",
        PYTHONWARNINGS="ignore",
    )
    return env


def scan(
    targets: Mapping[str, str],
    rules: Iterable[Rule],
    *,
    timeout_seconds: float = 300.0,
    per_file_timeout: float = 10.0,
    jobs: int | None = None,
    touched: Mapping[str, Set[int]] | None = None,
    launched: Callable[[], object] | None = None,
) -> ScanResult:
    """Run semgrep over `targets` (PR path -> text) with `rules`.

    With `touched` (PR path -> head lines the change touches), each file is scanned focused:
    the definitions no touched line falls in are blanked first (checks/focus.py), so a
    review costs what its change holds, not what its files hold; a focused file the engine
    cannot parse is scanned again as written (a second process, only then). `jobs` is
    semgrep's worker count (by default one per core, at most 4 and at most one per file).
    `launched` is called once the engine process runs: until then this thread's set-up is
    the review's critical path, and a caller may hold other Python work back for it.
    A review timeout turns every target into a Skip (reported, never dropped); semgrep
    exiting with a failure raises ScanError.
    """
    by_id = {r.id: r for r in rules}
    if not targets or not by_id:
        return ScanResult()
    started = time.monotonic()
    texts = dict(targets)
    if touched is not None and os.environ.get("CONSTRAINT_GUARD_FOCUS", "on").lower() != "off":
        from checks.focus import focus  # its patterns compile only for a review that scans

        texts = {p: focus(p, t, touched[p]) if p in touched else t for p, t in targets.items()}
    result = _run(texts, targets, by_id, timeout_seconds, per_file_timeout, jobs, started, launched)
    # a focused file the engine could not parse: our blanking is the likelier culprit, so ask again
    again = {s.path for s in result.skips if s.path and "parse" in s.reason and texts[s.path] != targets[s.path]}
    if again and not any("timed out" in s.reason for s in result.skips):
        second = _run({p: targets[p] for p in again}, targets, by_id, timeout_seconds, per_file_timeout, jobs, started)
        result = ScanResult(
            findings=tuple(f for f in result.findings if f.path not in again) + second.findings,
            skips=tuple(s for s in result.skips if s.path not in again) + second.skips,
            scanned=result.scanned,
        )
    return replace(result, seconds=time.monotonic() - started)


def _run(
    texts: Mapping[str, str],
    targets: Mapping[str, str],
    rules: Mapping[str, Rule],
    budget: float,
    per_file_timeout: float,
    jobs: int | None,
    started: float,
    launched: Callable[[], object] | None = None,
) -> ScanResult:
    """One engine process over `texts` (what it reads; `targets` stay what findings quote)."""
    with Workspace() as ws, tempfile.TemporaryDirectory(prefix="cg-rules-") as rules_dir:
        copies = taint_copies(texts)
        rule_list = [r.source for r in firing_rules(rules.values(), texts, copies)]
        if not rule_list:  # no rule can report anything in these files: no engine to start
            if launched is not None:
                launched()
            return ScanResult(scanned=len(texts))
        for path, text in texts.items():
            ws.write(path, text, AS_WRITTEN if path in copies else "")
            if path in copies:
                ws.write(path, copies[path], TAINT_COPY)
        if copies:
            rule_list = route_copies(rule_list)
        # an empty ignore file stops semgrep's defaults from skipping tests/, vendor/, ...
        (ws.root / ".semgrepignore").write_text("", encoding="utf-8")
        # named .json, semgrep-core reads it with its JSON parser: 0.06 s less per review than
        # the same text as YAML (measured on the typical change; identical findings on every rule test)
        config = Path(rules_dir) / "rules.json"
        config.write_text(json.dumps({"rules": rule_list}), encoding="utf-8")
        proc = _start(config, ws.root, rules_dir, per_file_timeout, jobs or _jobs_for(texts))
        if launched is not None:
            launched()
        try:
            data = _finish(proc, started + budget)
        except subprocess.TimeoutExpired:
            skips = tuple(
                Skip(p, f"not scanned: the review's scan timed out after {budget:g} s", True)
                for p in sorted(targets)
            )
            return ScanResult(skips=skips)
        finally:
            if proc.returncode is None:
                kill_group(proc)
        return _parse(data, ws, targets, 0.0, rules)


def firing_rules(rules: Iterable[Rule], texts: Mapping[str, str],
                 copies: Mapping[str, str] | None = None) -> list[Rule]:
    """The rules that can report something in `texts` (what the engine reads; `copies`, the
    taint copies, count too), each narrowed to the alternatives that can match there.

    A rule is left out when no file of its languages contains what it needs (a taint rule:
    one of its sources and one of its sinks; checks/prefilter.py), and an alternative (a
    `pattern-either` branch, a source, a sink, a sanitizer, a propagator) when no such file
    contains what that alternative needs: semgrep then does not even prepare its patterns.
    CONSTRAINT_GUARD_PREFILTER=off keeps every rule whole.
    """
    if os.environ.get("CONSTRAINT_GUARD_PREFILTER", "on").lower() == "off":
        return list(rules)
    by_language: dict[str, list[str]] = {}
    for path, text in texts.items():
        lang = language_of(path)
        if lang is not None:
            by_language.setdefault(lang, []).extend([text] + ([copies[path]] if copies and path in copies else []))
    readers: dict[tuple[str, ...], Texts] = {}
    kept = []
    for rule in rules:
        languages = tuple(sorted(sharing(rule.languages)))
        read = readers.get(languages)
        if read is None:
            read = readers[languages] = Texts(t for lang in languages for t in by_language.get(lang, ()))
        if not needs_nothing(rule.need) and not read.held(rule.need):
            continue
        source = narrow(rule.source, rule.parts, read) if rule.parts else rule.source
        if source is not None:
            kept.append(rule if source is rule.source else replace(rule, source=source))
    return kept


def _start(config: Path, root: Path, tmp: str, per_file_timeout: float, jobs: int) -> subprocess.Popen[bytes]:
    argv, executable = engine_command()
    cmd = argv + [
        "--config", str(config),
        "--json",
        "--metrics=off",
        "--disable-version-check",
        "--oss-only",
        "--no-git-ignore",
        "--no-rewrite-rule-ids",
        "--disable-nosem",  # `# nosemgrep` in a PR must not silence its own findings
        "--timeout", str(max(1, round(per_file_timeout))),
        "--timeout-threshold", "0",
        "--jobs", str(jobs),
        "--quiet",
        ".",
    ]
    try:
        return subprocess.Popen(
            cmd,
            executable=executable,
            cwd=root,
            env={**offline_env(), "TMPDIR": tmp},  # semgrep's own temp files go and get removed with ours
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so a timeout kills semgrep-core too
        )
    except OSError as exc:
        raise ScanError(f"semgrep could not start: {exc}") from exc


def _finish(proc: subprocess.Popen[bytes], deadline: float) -> dict[str, Any]:
    """One engine process's JSON; raises TimeoutExpired past the deadline and ScanError on failure."""
    out, err = proc.communicate(timeout=max(0.0, deadline - time.monotonic()))
    if proc.returncode not in (0, 1):
        raise ScanError(f"semgrep exited with code {proc.returncode}: {_failure_detail(out, err)}")
    try:
        data = json.loads(out)
    except json.JSONDecodeError as exc:
        raise ScanError(f"semgrep printed no JSON result ({exc})") from exc
    if not isinstance(data, dict):
        raise ScanError("semgrep printed no JSON object")
    return data


PARALLEL_BYTES = 400_000  # of text in one scan: from here on the engine gets a worker per core


def _jobs_for(texts: Mapping[str, str]) -> int:
    """The engine's workers: one for a change under PARALLEL_BYTES, else one per core (at most
    4, at most one per file).

    A review's engine shares the cores with node, ty and the review itself, and a second
    worker of the native engine then costs more than it saves: its workers stop each other
    for garbage collection, and a stopped worker's time is spent waiting for one that is not
    running. Paired runs, 2 cores, one worker against two: the typical 20-file change 0.83 s
    against 0.92 s (1.38 s of CPU against 1.55 s), 10x that change (about 340 KB) 2.70 s
    against 3.18 s (4.0 s of CPU against 5.6 s); from 30x (1 MB) on two win (7.2 s against
    7.8 s; at 100x 26 s against 32 s). The classic CLI prepares the rules again in every
    worker (1 worker 1.8 s of CPU, 2 workers 3.5 s), which the same threshold covers."""
    if sum(len(t) for t in texts.values()) < PARALLEL_BYTES:
        return 1
    return max(1, min(4, os.cpu_count() or 1, len(texts)))


# Folders for a Python file whose taint rules read a copy (checks/taint_copy.py): taint
# rules read the copy, every other rule the file as written. Colons never occur in sanitized paths.
TAINT_COPY = "cg:taint-copy"
AS_WRITTEN = "cg:as-written"


def taint_copies(targets: Mapping[str, str]) -> dict[str, str]:
    """PR path -> the copy its taint rules read, for the Python files that need one."""
    copies: dict[str, str] = {}
    for path, text in targets.items():
        if language_of(path) == "python":
            copy = taint_copy(text)
            if copy is not None:
                copies[path] = copy
    return copies


def route_copies(rule_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules with taint rules skipping the as-written files that have a taint copy and
    every other rule skipping the taint copies, so each file is judged once per rule."""
    out = []
    for source in rule_list:
        skip = AS_WRITTEN if source.get("mode") == "taint" else TAINT_COPY
        paths = dict(source.get("paths") or {})
        paths["exclude"] = [*paths.get("exclude", []), f"/{skip}/"]
        out.append({**source, "paths": paths})
    return out


def merge_oracle(scan: ScanResult, oracle: ScanResult, member_rule: str) -> ScanResult:
    """semgrep's results plus a type checker's, never the same line twice: where the checker
    reported a hallucinated API on a line, the member-list rule's finding there is dropped."""
    taken = {(f.path, f.line) for f in oracle.findings}
    kept = tuple(f for f in scan.findings if not (f.rule_id == member_rule and (f.path, f.line) in taken))
    return ScanResult(
        findings=kept + oracle.findings,
        skips=scan.skips + oracle.skips,
        scanned=scan.scanned,
        seconds=max(scan.seconds, oracle.seconds),
    )


def _failure_detail(out: bytes, err: bytes) -> str:
    """The most useful line semgrep left: its JSON error message, else stderr's tail."""
    try:
        errors = json.loads(out).get("errors", [])
        messages = [str(e.get("message", "")).strip() for e in errors if e.get("message")]
        if messages:
            return messages[0].splitlines()[0][:300]
    except (json.JSONDecodeError, AttributeError):
        pass
    tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
    return " | ".join(tail) or "no message"


def _parse(data: dict[str, Any], ws: Workspace, targets: Mapping[str, str], seconds: float,
           rules: Mapping[str, Rule]) -> ScanResult:
    findings: list[Finding] = []
    judged: dict[tuple[str, str], bool] = {}
    for res in data.get("results", []):
        path = ws.original_path(res["path"])
        if path is None:
            continue
        rid = str(res["check_id"]).rsplit(".", 1)[-1]
        guard = GUARDS.get(rid)
        if guard is not None and not judged.setdefault((rid, path), guard(targets[path])):
            continue  # a file this rule cannot judge (checks/file_guards.py)
        extra = res.get("extra", {})
        meta = extra.get("metadata") or {}
        known = rules.get(rid)
        start, end = int(res["start"]["line"]), int(res["end"]["line"])
        lines = targets[path].splitlines()[start - 1:end]
        findings.append(
            Finding(
                rule_id=rid,
                severity=Severity.from_semgrep(str(extra.get("severity", "WARNING"))),
                path=path,
                line=start,
                end_line=end,
                message=str(extra.get("message", known.message if known else "")).strip(),
                cwe=normalize_cwe(meta.get("cwe")),
                fix=meta.get("fix"),
                snippet="\n".join(lines),
            )
        )
    skips: list[Skip] = []
    for err in data.get("errors", []):
        path = ws.original_path(str(err.get("path", ""))) if err.get("path") else None
        raw_type = err.get("type")
        kind = str(raw_type[0]) if isinstance(raw_type, list) and raw_type else str(raw_type or "error")
        if str(err.get("level", "")).lower() == "error" and path is None:
            raise ScanError(f"semgrep failed: {err.get('message', kind)}".strip()[:500])
        if "Timeout" in kind or "OutOfMemory" in kind or "TooManyMatches" in kind:
            skips.append(Skip(path, f"not fully scanned: semgrep {kind}", unscanned=True))
        elif kind.lower() in {"syntax error", "lexical error", "parse error"}:
            # nothing of the file was analysed: a human looks instead (opens `security`)
            skips.append(Skip(path, f"not scanned: semgrep could not parse it ({kind})", unscanned=True))
        else:
            skips.append(Skip(path, f"parsed partially: semgrep {kind}"))
    # a file with a taint copy is scanned twice (once per rule kind) but counts once
    scanned = len({ws.original_path(str(p)) for p in data.get("paths", {}).get("scanned", [])}) or len(targets)
    # semgrep reports a timeout once per rule that hit it: one file, one reason, once
    return ScanResult(tuple(findings), tuple(dict.fromkeys(skips)), scanned, seconds)
