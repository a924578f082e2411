"""The TypeScript-checker engine catches hallucinated JS/TS APIs on the standard lib types, and only those.

These run the real compiler (node + the pinned typescript, no mocks): each hallucination is caught
on its line in .js and in .ts, its correct twin is not, the project's own types and `any` are
never judged, and nothing the reviewed change contains (code, tsconfig, `@ts-` comments) can run
or steer the checker.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from checks import tscheck, tsnode
from checks.config import RepoConfig
from checks.diff import parse_diff
from checks.model import Finding, Severity
from checks.policy import load_packs
from checks.process import kill_group
from checks.review import review
from checks.semgrep import ScanResult
from checks.snapshot import Snapshot

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (tsnode.typescript_dir() / "lib" / "typescript.js").is_file(),
    reason="node or the pinned typescript is not installed (scripts/bootstrap.sh installs it)",
)

# (code, the line's marker, rule, message fragment, correct twin of the marked line)
CASES = {
    "response": ("const res = await fetch(url);\nreturn res.json_or_raise();", "json_or_raise", tscheck.MEMBER,
                 "`Response` has no member `json_or_raise`; did you mean `json()`?", "return res.json();"),
    "date": ("return new Date().toISOString2();", "toISOString2", tscheck.MEMBER,
             "`Date` has no member `toISOString2`; did you mean `toISOString()`?", "return new Date().toISOString();"),
    "array": ("const arr = [1, 2, 3];\nreturn arr.flatMapp((x) => [x, x]);", "flatMapp", tscheck.MEMBER,
              "has no member `flatMapp`; did you mean `flatMap()`?", "return arr.flatMap((x) => [x, x]);"),
    "url": ("const u = new URL(url);\nreturn u.searchParam.get('q');", "searchParam", tscheck.MEMBER,
            "`URL` has no member `searchParam`; did you mean `searchParams`?", "return u.searchParams.get('q');"),
    "json": ("return JSON.parseSafe(url);", "parseSafe", tscheck.MEMBER,
             "`JSON` has no member `parseSafe`; did you mean `parse()`?", "return JSON.parse(url);"),
    "fetch_option": ("return await fetch(url, { timeoutMs: 5 });", "timeoutMs", tscheck.ARGUMENT,
                     "`fetch()` has no option `timeoutMs`: `RequestInit` has no such property",
                     "return await fetch(url, { signal: AbortSignal.timeout(5) });"),
    "arity": ("return new Date(2024, 1, 2, 3, 4, 5, 6, 7).getTime();", "7)", tscheck.ARITY,
              "Expected 0-7 arguments, but got 8", "return new Date(2024, 1, 2, 3, 4, 5, 6).getTime();"),
    "forgot_await": ("const p = fetch(url);\nreturn p.json();", "p.json", tscheck.MEMBER,
                     "`Promise<Response>` has no member `json`; did you forget `await`?",
                     "return (await p).json();"),
}


def _program(body: str, ts: bool) -> str:
    signature = "url: string" if ts else "url"
    return f"export async function run({signature}) {{\n{textwrap.indent(body, '  ')}\n}}\n"


def _bad_line(name: str, ts: bool) -> int:
    code, marker, *_ = CASES[name]
    text = _program(code, ts)
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


def _twin(name: str) -> str:
    code, marker, _, _, good = CASES[name]
    return "\n".join(good if marker in line else line for line in code.splitlines())


def _found(result: ScanResult) -> set[tuple[str, int, str]]:
    return {(f.path, f.line, f.rule_id) for f in result.findings}


def test_each_hallucination_is_caught_on_its_line_in_js_and_ts() -> None:
    targets = {f"src/{name}.{ext}": _program(code, ext == "ts") for name, (code, *_) in CASES.items()
               for ext in ("js", "ts")}
    result = tscheck.check(targets)
    assert result.skips == () and result.scanned == len(targets)
    expected = {(f"src/{name}.{ext}", _bad_line(name, ext == "ts"), CASES[name][2]) for name in CASES
                for ext in ("js", "ts")}
    assert _found(result) == expected
    for f in result.findings:
        name = f.path.split("/")[1].split(".")[0]
        assert CASES[name][3] in f.message, f.message
        assert f.severity is Severity.WARNING and f.fix and f.snippet
        assert f.cwe == ("CWE-477" if f.rule_id == tscheck.MEMBER else "CWE-628")


def test_the_correct_twins_raise_nothing() -> None:
    targets = {f"src/{name}.{ext}": _program(_twin(name), ext == "ts") for name in CASES for ext in ("js", "ts")}
    result = tscheck.check(targets)
    assert result.findings == () and result.skips == ()


def test_the_projects_own_types_any_imports_and_lib_subtypes_are_not_judged() -> None:
    js = """
    import axios from "axios";
    import { helper } from "./helper.js";
    const express = require("express");

    class Store { get(key) { return key; } }

    export async function run(req, res, event) {
      new Store().fetchAll();
      helper.anything();
      (await axios.get("/x")).data.items;
      express().whatever();
      req.params.id; res.json({ ok: true });
      document.getElementById("name").value;
      event.target.value;
      document.querySelector("a").style.color = "red";
      window.appState = { ready: true };
      globalThis.__cache = new Map();
      const err = new Error("nope"); err.status = 404; err.code = "E_NOPE";
      function tagged() {} tagged.displayName = "Tagged";
      const payload = {}; payload.extra = 1;
      let x; x.y.z();
      process.env.HOME; Buffer.from("x"); __dirname;
      return [Object.groupBy([1, 2], (n) => n % 2), Promise.withResolvers(), new Set([1]).union(new Set([2]))];
    }

    /** @param {Request} request an Express request, by the bare name */
    export function handler(request) { return request.params.id; }
    """
    ts = """
    import type { Request, Response } from "express";
    import { Thing } from "./thing";

    interface Options { retries: number }
    class Client { constructor(private opts: Options) {} }

    export function handle(req: Request, res: Response, thing: Thing, loose: any, u: unknown) {
      res.status(404).send("x");
      req.params.id;
      thing.whatever();
      loose.anything().goes;
      new Client({ retries: 1 }).connect();
      const opts: Options = { retries: 2 };
      return (opts as any).timeout;
    }
    """
    targets = {"web/app.js": textwrap.dedent(js), "web/app.ts": textwrap.dedent(ts)}
    result = tscheck.check(targets)
    assert result.skips == ()
    assert result.findings == (), [f.message for f in result.findings]


def test_types_a_js_project_claims_itself_and_dom_subtypes_are_not_judged() -> None:
    # each line is a false finding seen scanning Ghost's server and front-end code
    js = """
    import { ValueObject } from "./value-object.js";

    /** @extends ValueObject<string> */
    class OfferName extends ValueObject {
      /** @param {unknown} name */
      static create(name) { return typeof name === "string" ? new OfferName(name.trim()) : null; }
    }

    /** @returns {string|null} the member's tier */
    function tierOf(member) { return member.tiers[0]; }

    /**
     * @param {object} data
     * @param {string[]} data.tags - ids, by the docs; objects in fact
     */
    export function addTags(data, authors) {
      const tags = data.tags.filter((tag) => tag.id);
      for (const tag of tags) { tag.slug; }
      let output = "";
      output = authors.map((a) => a.name);
      output = output.slice(0, 2).join(", ");
      const form = document.querySelector("form");
      form.dataset.state = "done"; form.focus();
      document.querySelector("img").attributes.width.value;
      if (import.meta.main) { console.log(tierOf({}).id, OfferName); }
      return output;
    }
    """
    result = tscheck.check({"web/posts.js": textwrap.dedent(js)})
    assert result.skips == ()
    assert result.findings == (), [f.message for f in result.findings]


def test_a_lib_value_reached_through_a_callback_is_still_judged() -> None:
    js = """
    export async function load(url) {
      return fetch(url).then((res) => res.statusCode);
    }
    """
    result = tscheck.check({"web/load.js": textwrap.dedent(js)})
    assert [(f.line, f.rule_id) for f in result.findings] == [(3, "js-nonexistent-member")]
    assert "`Response` has no member `statusCode`" in result.findings[0].message


def test_suppression_comments_and_config_in_the_change_cannot_steer_the_checker() -> None:
    js = ("// @ts-nocheck\n/// <reference no-default-lib=\"true\"/>\n"
          "export async function a(url) {\n  const res = await fetch(url);\n"
          "  // @ts-ignore\n  res.json_or_raise();\n  /* @ts-expect-error */\n  return new Date().toISOString2();\n}\n")
    ts = "// @TS-NOCHECK\nexport const x = JSON.parseSafe('1'); // @ts-ignore\n"
    relax = json.dumps({"compilerOptions": {"checkJs": False, "noLib": True, "types": ["evil"], "strict": False},
                        "exclude": ["**/*"]})
    targets = {
        "web/a.js": js,
        "web/b.ts": ts,
        "tsconfig.json": relax,
        "web/jsconfig.json": relax,
        "web/tsconfig.json": relax,
        "package.json": json.dumps({"type": "module", "types": "evil.d.ts"}),
    }
    assert _found(tscheck.check(targets)) == {("web/a.js", 6, tscheck.MEMBER), ("web/a.js", 8, tscheck.MEMBER),
                                               ("web/b.ts", 2, tscheck.MEMBER)}


def test_reviewed_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    code = (f"require('fs').writeFileSync({str(marker)!r}, 'x');\n"
            f"import('fs').then((fs) => fs.writeFileSync({str(marker)!r}, 'x'));\n")
    tscheck.check({"evil.js": code, "evil.ts": code, "tsdriver.js": code, "evil.cjs": code, "evil.mjs": code,
                   "node_modules/typescript/lib/typescript.js": code})
    assert not marker.exists()


def test_every_js_and_ts_extension_is_checked_and_others_start_nothing() -> None:
    line = "export const d = new Date().toISOString2();\n"
    exts = ("js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts")
    result = tscheck.check({f"a/f.{ext}": line for ext in exts})
    assert _found(result) == {(f"a/f.{ext}", 1, tscheck.MEMBER) for ext in exts}
    assert tscheck.check({"a.py": "x = 1\n", "README.md": "x"}) == ScanResult()


def test_hostile_paths_map_back_to_the_pr_path() -> None:
    path = "../../etc/x/\n../evil.ts"
    assert _found(tscheck.check({path: "JSON.parseSafe('1');\n"})) == {(path, 1, tscheck.MEMBER)}


def test_without_node_the_check_is_a_stated_skip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no node on it
    result = tscheck.check({"a.js": "JSON.parseSafe('1');\n"})
    assert result.findings == ()
    assert [s.reason for s in result.skips] == [
        "TypeScript checker unavailable (node not found): hallucinated-API check ran on member lists only"]
    assert not result.skips[0].unscanned  # semgrep still scanned the file


def test_without_typescript_the_check_is_a_stated_skip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONSTRAINT_GUARD_TSC", str(tmp_path / "nowhere"))
    result = tscheck.check({"a.ts": "JSON.parseSafe('1');\n"})
    assert result.findings == () and len(result.skips) == 1
    assert result.skips[0].reason.startswith("TypeScript checker unavailable (typescript 5.9.3 is not installed")


def test_the_snapshot_is_current_by_the_drivers_content_not_its_time(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    import hashlib
    import os

    tsdir = tmp_path / "typescript"
    tsdir.mkdir()
    (tsdir / "package.json").write_text("{}")
    blob = tmp_path / "tsdriver.blob"
    blob.write_bytes(b"snapshot")
    monkeypatch.setattr(tsnode, "node_home", lambda: tmp_path)
    (tmp_path / "tsdriver.sha256").write_text(hashlib.sha256(tsnode.DRIVER.read_bytes()).hexdigest() + "\n")
    os.utime(blob, (1, 1))  # older than the driver's checkout: still current, the content is the same
    os.utime(tsdir / "package.json", (0, 0))
    assert tsnode.snapshot_blob(tsdir) == blob
    (tmp_path / "tsdriver.sha256").write_text("0" * 64)  # built for another driver
    assert tsnode.snapshot_blob(tsdir) is None


def test_without_a_usable_snapshot_the_compiler_loads_the_slow_way(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    bogus = tmp_path / "tsdriver.blob"
    bogus.write_bytes(b"not a snapshot")
    monkeypatch.setattr(tscheck, "snapshot_blob", lambda _tsdir: bogus)
    assert _found(tscheck.check({"a.ts": "JSON.parseSafe('1');\n"})) == {("a.ts", 1, tscheck.MEMBER)}


def test_bootstrap_installs_the_pinned_typescript() -> None:
    script = (Path(__file__).resolve().parent.parent / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    assert re.search(rf"^TS_VERSION={re.escape(tscheck.TYPESCRIPT_VERSION)}\b", script, re.MULTILINE)
    assert json.loads((tsnode.typescript_dir() / "package.json").read_text())["version"] == tscheck.TYPESCRIPT_VERSION


def test_merge_never_reports_the_same_line_twice() -> None:
    def finding(rule: str, line: int) -> Finding:
        return Finding(rule, Severity.WARNING, "a.js", line, line, rule)

    semgrep = ScanResult((finding(tscheck.MEMBER, 3), finding(tscheck.MEMBER, 9), finding("js-sql-string-build", 3)),
                         scanned=1, seconds=0.2)
    ts = ScanResult((finding(tscheck.MEMBER, 3), finding(tscheck.ARGUMENT, 5)), scanned=1, seconds=0.1)
    merged = tscheck.merge(semgrep, ts)
    assert sorted((f.rule_id, f.line) for f in merged.findings) == [
        ("js-nonexistent-member", 3), ("js-nonexistent-member", 9), ("js-sql-string-build", 3),
        ("js-unknown-argument", 5)]
    assert merged.scanned == 1 and merged.seconds == 0.2


def test_a_review_runs_the_checker_beside_semgrep_and_reports_each_line_once() -> None:
    text = ("export async function load(url) {\n  const res = await fetch(url);\n  const body = res.json_or_raise();\n"
            "  return new Date(body.at).toISOString2();\n}\n")
    added = "".join(f"+{line}\n" for line in text.splitlines())
    diff = (f"diff --git a/web/load.js b/web/load.js\nnew file mode 100644\n--- /dev/null\n+++ b/web/load.js\n"
            f"@@ -0,0 +1,{len(text.splitlines())} @@\n{added}")
    report = review(Snapshot(diff=parse_diff(diff), texts={"web/load.js": text}), load_packs(), RepoConfig())
    members = [(f.line, f.message) for f in report.findings if f.rule_id == tscheck.MEMBER]
    assert [line for line, _ in members] == [3, 4]  # line 3 also matches the member-list rule: reported once
    assert "did you mean `json()`?" in members[0][1]
    disabled = RepoConfig.model_validate({"rules": {"disable": list(tscheck.RULE_IDS)}})
    quiet = review(Snapshot(diff=parse_diff(diff), texts={"web/load.js": text}), load_packs(), disabled,
                   tschecker=lambda *_a, **_k: pytest.fail("a disabled checker must not run"))
    assert not [f for f in quiet.findings if f.rule_id in tscheck.RULE_IDS]


def test_a_node_started_early_answers_like_a_fresh_one_and_one_not_taken_is_killed() -> None:
    if tsnode.snapshot_blob(tsnode.typescript_dir()) is None:
        pytest.skip("no current start-up snapshot (scripts/bootstrap.sh builds it)")
    targets = {f"src/{name}.ts": _program(CASES[name][0], True) for name in ("response", "url")}
    fresh = tscheck.check(targets)
    with tsnode.Early.start() as early:
        assert early is not None
        warm = tscheck.check(targets, early=early)
    assert _found(warm) == _found(fresh) and len(_found(fresh)) == 2
    unused = tsnode.Early.start()
    assert unused is not None
    proc = unused.take(tsnode.typescript_dir())
    assert proc is not None and proc.poll() is None
    unused._proc = proc  # handed back untaken: close() must not leave it running
    unused.close()
    assert proc.poll() is not None


def test_an_early_node_that_died_costs_nothing_but_a_fresh_start() -> None:
    early = tsnode.Early.start()
    if early is None:
        pytest.skip("no current start-up snapshot (scripts/bootstrap.sh builds it)")
    with early:
        proc = early.take(tsnode.typescript_dir())
        assert proc is not None
        kill_group(proc)
        early._proc = proc  # a process that exited before its request
        targets = {"src/response.ts": _program(CASES["response"][0], True)}
        result = tscheck.check(targets, early=early)
    assert [f.rule_id for f in result.findings] == [tscheck.MEMBER] and not result.skips
