"""The TypeScript checker of a review: the compiler API over the changed JS/TS files, kept to hallucinated APIs.

An I/O edge like checks/typecheck.py: the changed `.js/.jsx/.mjs/.cjs/.ts/.tsx/.mts/.cts` files go
into a private workspace and one node process (`checks/tsdriver.js`) runs the pinned `typescript`
over them with `checkJs` and TypeScript's own lib declarations only (`esnext`, `dom`,
`dom.iterable`: fetch's `Response`, `Date`, `Array`, `Promise`, `URL`, `Map`, ...). The driver keeps
the diagnostics that mean "this API does not exist" on a type declared only in those libs: a
missing property (TS2339/2551/2570), an unknown option in an object literal passed to a lib
function (TS2353/2561: `fetch(url, {timeoutMs: 5})`), a wrong number of arguments (TS2554/2555).

Never used: the reviewed repository's tsconfig/jsconfig, node_modules or @types (the driver's
compiler host refuses every path but the changed files and the lib folder, and resolves no
import, so whatever is imported is `any` and stays quiet), its suppression comments
(`@ts-nocheck`, `@ts-ignore`, `@ts-expect-error` are neutralised before writing). Reviewed code
is only parsed by the compiler, never executed.

`typescript` is installed by scripts/bootstrap.sh into `.venv/node` (pinned below), with a V8
start-up snapshot of the loaded compiler and parsed libs that makes a review's node process cheap.
Without node or that install the check is a stated Skip: the semgrep member-list rule
`js-nonexistent-member` still runs, and `merge()` keeps the two from reporting one line twice.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from typing import Any

from checks.model import Finding, Severity, Skip
from checks.process import kill_group
from checks.semgrep import ScanResult, merge_oracle
from checks.tsnode import DRIVER, Early, node_home, private_env, snapshot_blob, typescript_dir, wants
from checks.workspace import Workspace

TYPESCRIPT_VERSION = "5.9.3"  # bump together with scripts/bootstrap.sh and tests/test_tscheck.py
MEMBER = "js-nonexistent-member"  # the id of the generated semgrep member-list rule, its fallback
ARGUMENT = "js-unknown-argument"
ARITY = "js-wrong-arity"
RULE_IDS = (MEMBER, ARGUMENT, ARITY)
CWE = {MEMBER: "CWE-477", ARGUMENT: "CWE-628", ARITY: "CWE-628"}
FIX = {
    MEMBER: "Use a member the type really has (see its MDN page or lib.d.ts); the suggested one is the closest.",
    ARGUMENT: "Use an option the function really takes (see its MDN page); the suggested one is the closest.",
    ARITY: "Pass the arguments the function's signature takes.",
}
UNAVAILABLE = "TypeScript checker unavailable ({}): hallucinated-API check ran on member lists only"

# a suppression added by a change must not silence the check that judges it; `no-default-lib` would
# drop the lib types we judge against. Replaced by text of the same length: lines stay put.
_PRAGMA = re.compile(r"@ts-(?:nocheck|ignore|expect-error)\b|no-default-lib", re.IGNORECASE)
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def check(targets: Mapping[str, str], *, timeout_seconds: float = 60.0, early: Early | None = None) -> ScanResult:
    """Run the TypeScript checker once over the JS/TS files of `targets` (PR path -> text).

    `early` is a node process the caller started before the review (checks/tsnode.py): it has
    loaded the compiler while the rest of the review started, and gets the request.
    A missing node or typescript, or a crashing checker, is one Skip (the semgrep member-list
    rule still runs), never an error verdict and never a silent pass.
    """
    sources = {p: t for p, t in targets.items() if wants(p)}
    if not sources:
        return ScanResult()
    started = time.monotonic()
    node = shutil.which("node")
    if node is None:
        return _skip("node not found")
    tsdir = typescript_dir()
    if not (tsdir / "lib" / "typescript.js").is_file():
        return _skip(f"typescript {TYPESCRIPT_VERSION} is not installed in {tsdir}: run scripts/bootstrap.sh")
    waiting = early.take(tsdir) if early is not None else None
    with Workspace(prefix="cg-ts-") as ws, tempfile.TemporaryDirectory(prefix="cg-tsc-") as private:
        for path, text in sources.items():
            ws.write(path, _PRAGMA.sub(_blank, text))
        request = json.dumps({
            "typescript": str(tsdir.resolve()),
            "cache": str(node_home() / "v8-cache"),
            "files": [str(ws.root / rel) for rel in sorted(ws.original)],
        }).encode()
        env = private_env(private)
        blob = snapshot_blob(tsdir)
        commands = ([[node, "--snapshot-blob", str(blob)]] if blob and waiting is None else []) + [[node, str(DRIVER)]]
        outcome: dict[str, Any] | str = "no command"
        if waiting is not None:
            outcome = _answer(waiting, request, started + timeout_seconds - time.monotonic())
        for cmd in commands:  # a snapshot that node refuses (built by another node version): load plainly
            if isinstance(outcome, dict) or outcome.startswith("timed out"):
                break
            outcome = _run(cmd, request, env, private, started + timeout_seconds - time.monotonic())
        if isinstance(outcome, str):
            return _skip(outcome, started)
        findings = _findings(outcome.get("found", []), ws, sources)
    return ScanResult(tuple(findings), (), len(sources), time.monotonic() - started)


def merge(semgrep: ScanResult, ts: ScanResult) -> ScanResult:
    """Both engines' results, never the same line twice (see checks.semgrep.merge_oracle)."""
    return merge_oracle(semgrep, ts, MEMBER)


def _skip(why: str, started: float | None = None) -> ScanResult:
    seconds = 0.0 if started is None else time.monotonic() - started
    return ScanResult(skips=(Skip(None, UNAVAILABLE.format(why)),), seconds=seconds)


def _blank(m: re.Match[str]) -> str:
    return "_" * len(m.group(0))


def _run(cmd: Sequence[str], request: bytes, env: Mapping[str, str], cwd: str, timeout: float) -> dict[str, Any] | str:
    """One node process: its JSON answer, or why there is none."""
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=dict(env), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return f"node could not start: {exc}"
    return _answer(proc, request, timeout)


def _answer(proc: subprocess.Popen[bytes], request: bytes, timeout: float) -> dict[str, Any] | str:
    """Send a started node process its request: its JSON answer, or why there is none."""
    try:
        out, err = proc.communicate(request, timeout=max(timeout, 0.1))
    except subprocess.TimeoutExpired:
        kill_group(proc)
        return f"timed out after {timeout:g} s"
    except OSError as exc:  # it died before reading its request
        kill_group(proc)
        return f"the checker stopped before its request: {exc}"
    if proc.returncode != 0:
        tail = " | ".join(err.decode("utf-8", "replace").strip().splitlines()[-2:]) or "no message"
        return f"the checker exited with code {proc.returncode}: {tail[:300]}"
    try:
        answer = json.loads(out)
    except ValueError:
        return "the checker's answer was not JSON"
    return answer if isinstance(answer, dict) else "the checker's answer was not a JSON object"


def _findings(found: Sequence[Mapping[str, Any]], ws: Workspace, sources: Mapping[str, str]) -> list[Finding]:
    """The driver's entries as Findings on the PR's paths, one per line and rule."""
    findings: dict[tuple[str, int, str], Finding] = {}
    for item in found:
        path = ws.original_path(str(item.get("file", "")))
        line = item.get("line")
        if path is None or not isinstance(line, int):
            continue
        finding = _finding(item, path, line, sources[path])
        if finding is not None:
            findings.setdefault((path, line, finding.rule_id), finding)
    return sorted(findings.values(), key=lambda f: (f.path, f.line, f.rule_id))


def _finding(item: Mapping[str, Any], path: str, line: int, text: str) -> Finding | None:
    kind = item.get("kind")
    members = {str(m[0]): bool(m[1]) for m in item.get("members", []) if isinstance(m, list) and len(m) == 2}
    if kind == "member":
        rule = MEMBER
        name, type_name = str(item["member"]), str(item["type"])
        if item.get("suggestion") == "await":
            hint = "; did you forget `await`?"
        else:
            hint = _hint(name, members, item.get("suggestion"))
        message = (f"`{type_name}` has no member `{name}`{hint} (undefined at run time, a TypeError when "
                   "called: a typical hallucinated API).")
    elif kind == "argument":
        rule = ARGUMENT
        key, callee = str(item["key"]), str(item["callee"])
        hint = _hint(key, members, item.get("suggestion"), call_suffix=False)
        if not hint and "timeout" in key.lower() and "signal" in members:
            hint = "; for a timeout pass `signal: AbortSignal.timeout(ms)`"
        message = (f"`{callee}()` has no option `{key}`: `{item['type']}` has no such property{hint} (silently "
                   "ignored at run time: a typical hallucinated API).")
    elif kind == "arity":
        rule = ARITY
        detail = str(item.get("detail", "")).rstrip(".")
        message = (f"`{item['callee']}()` is called with the wrong number of arguments: {detail}; the standard "
                   f"library declares it as `{item['callee']}{item.get('signature', '()')}`.")
    else:
        return None
    return Finding.on_line(rule, Severity.WARNING, path, line, text, message, cwe=CWE[rule], fix=FIX[rule])


def _hint(missing: str, members: Mapping[str, bool], told: object, *, call_suffix: bool = True) -> str:
    """"; did you mean `json()`?": the compiler's own suggestion, else a member the wrong name
    starts with (`json_or_raise` -> `json`, `parseSafe` -> `parse`), else the closest by difflib."""
    names = [n for n in members if not n.startswith("_") or missing.startswith("_")]
    best = told if isinstance(told, str) and told else None
    words = _WORDS.findall(missing)
    if best is None:
        lowered = {n.lower(): n for n in names}
        prefixes = ("".join(words[:k]).lower() for k in range(len(words) - 1, 0, -1))
        best = next((lowered[p] for p in prefixes if p in lowered), None)
    if best is None:
        close = difflib.get_close_matches(missing, names, n=1, cutoff=0.6)
        best = close[0] if close else None
    if best is None:
        return ""
    return f"; did you mean `{best}()`?" if call_suffix and members.get(best) else f"; did you mean `{best}`?"
