"""The scan engine: semgrep's native CLI gives the classic CLI's findings, loads only the
rules a change can match, and fails closed on a broken rule."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from checks import semgrep
from checks.config import RepoConfig
from checks.diff import parse_diff
from checks.paths import language_of, policies_dir
from checks.policy import load_packs
from checks.review import review
from checks.semgrep import Rule, ScanError, ScanResult, load_rules, offline_env, rules_for, semgrep_command
from checks.snapshot import Snapshot
from tests.conftest import added_files

RULES_DIR = policies_dir() / "semgrep"


def _findings(native: bool) -> set[tuple[str, str, int, int, int, int]]:
    cmd = semgrep_command() + ["scan"] + (["--experimental"] if native else []) + [
        "--config", ".", "--json", "--metrics=off", "--disable-version-check", "--no-git-ignore",
        "--disable-nosem", "--quiet", ".",
    ]
    proc = subprocess.run(cmd, cwd=RULES_DIR, capture_output=True, text=True, check=False,
                          env=offline_env(), timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    assert not data["errors"], data["errors"][:3]
    return {
        (r["check_id"].rsplit(".", 1)[-1], r["path"], r["start"]["line"], r["start"]["col"],
         r["end"]["line"], r["end"]["col"])
        for r in data["results"]
    }


@pytest.mark.slow
def test_native_engine_finds_exactly_what_the_classic_cli_finds_on_every_rule_test() -> None:
    # every shipped rule over every rule's test file (positives and safe twins), both CLIs
    native, classic = _findings(native=True), _findings(native=False)
    assert native, "the rule tests produced no findings at all"
    assert sorted(native - classic) == [] and sorted(classic - native) == []


@pytest.mark.slow
def test_two_engine_workers_find_exactly_what_one_finds_on_every_rule_test() -> None:
    # reviews now fork one semgrep worker per core: splitting the files must not change a finding
    targets = {p.relative_to(RULES_DIR).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted(RULES_DIR.rglob("*")) if p.is_file() and language_of(p.name) is not None}
    rules = list(load_rules().values())

    def seen(result: ScanResult) -> set[tuple[str, str, int, int]]:
        return {(f.rule_id, f.path, f.line, f.end_line) for f in result.findings}

    one, two = semgrep.scan(targets, rules, jobs=1), semgrep.scan(targets, rules, jobs=2)
    assert len(seen(one)) > 500, "the rule tests produced too few findings to compare"
    assert sorted(seen(one) - seen(two)) == [] and sorted(seen(two) - seen(one)) == []
    assert sorted(map(repr, one.skips)) == sorted(map(repr, two.skips))


def test_a_python_only_change_loads_no_rule_of_another_language() -> None:
    rules = load_rules().values()
    chosen = rules_for(rules, {"python"})
    assert chosen and all("python" in r.languages for r in chosen)
    assert {r.id for r in rules if "python" in r.languages} == {r.id for r in chosen}


def test_typescript_change_brings_the_shared_javascript_rules() -> None:
    chosen = {r.id for r in rules_for(load_rules().values(), {"typescript"})}
    assert {r.id for r in load_rules().values() if "javascript" in r.languages} <= chosen


def test_review_hands_semgrep_only_the_changed_languages_rules() -> None:
    diff = parse_diff(
        "diff --git a/app.py b/app.py\nnew file mode 100644\n--- /dev/null\n+++ b/app.py\n@@ -0,0 +1 @@\n+x = 1\n"
    )
    seen: dict[str, Any] = {}

    def scanner(targets: dict[str, str], rules: list[Rule], **_: Any) -> ScanResult:
        seen["targets"], seen["languages"] = set(targets), {lang for r in rules for lang in r.languages}
        return ScanResult()

    review(Snapshot(diff=diff, texts={"app.py": "x = 1\n"}), load_packs(), RepoConfig(), scanner=scanner)
    assert seen["targets"] == {"app.py"}
    assert seen["languages"] == {"python"}


def test_a_rule_that_does_not_parse_fails_the_scan_with_its_reason() -> None:
    broken = Rule(
        id="py-broken", severity=semgrep.Severity.ERROR, message="m", cwe=None, fix=None, category=None,
        languages=("python",),
        source={"id": "py-broken", "languages": ["python"], "severity": "ERROR", "message": "m",
                "pattern": "eval("},
    )
    with pytest.raises(ScanError, match="py-broken"):
        semgrep.scan({"a.py": "eval(x)\n"}, [broken])


def test_native_engine_reports_a_real_finding_through_scan(tmp_path: Path) -> None:
    rules = rules_for(load_rules().values(), {"python"})
    code = "import os\nfrom flask import request\n\ndef run():\n    os.system('ls ' + request.args['dir'])\n"
    result = semgrep.scan({"svc/run.py": code}, rules)
    assert any(f.path == "svc/run.py" and f.line == 5 and f.cwe == "CWE-78" for f in result.findings)


def test_a_file_the_engine_cannot_parse_is_an_unscanned_skip() -> None:
    rules = rules_for(load_rules().values(), {"java"})
    result = semgrep.scan({"src/Broken.java": "public class { {{{ ))) garbage\n"}, rules)
    assert [(s.path, s.unscanned) for s in result.skips] == [("src/Broken.java", True)]
    assert "could not parse" in result.skips[0].reason


def test_a_file_that_times_out_under_many_rules_is_listed_once() -> None:
    from checks.workspace import Workspace

    with Workspace() as ws:
        scanned = ws.write("app/big.py", "x = 1\n")
        errors = [{"type": ["Timeout"], "level": "warn", "path": str(scanned), "rule_id": f"rule-{i}"}
                  for i in range(6)]
        result = semgrep._parse({"results": [], "errors": errors}, ws, {"app/big.py": "x = 1\n"}, 0.1, {})
    assert [(s.path, s.reason, s.unscanned) for s in result.skips] == [
        ("app/big.py", "not fully scanned: semgrep Timeout", True)]


def test_minified_and_bundled_builds_are_listed_not_reviewed_as_the_projects_code() -> None:
    handler = "const x = eval(location.hash.slice(1));\n"
    minified = "!function(e){" + "var a=e.fn;" * 60 + "eval(location.hash.slice(1))}(window);\n"
    snapshot = added_files({
        "static/js/app.js": handler,
        "static/js/tinymce/tinymce.min.js": handler,
        "static/js/bootstrap4/bootstrap.bundle.js": handler,
        "static/js/vendor-editor.js": minified,
        # webpack's content-hashed chunk; Vite's renamed imports (seen scanning Ghost's built admin)
        "core/built/assets/chunk.582.db2ae9e968256e8d58ac.js": handler,
        "core/built/assets/routes-Cw302e1c.js": "import { A as e, S as t, T as n, _ as r, a as i } from './x.js';\n"
                                                + handler,
        "static/js/settings.js": "// a provider token in a build is still a leak\n"
                                 "const k = 'ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';\n",
    })
    report = review(snapshot, load_packs(), RepoConfig())
    assert {f.path for f in report.findings if f.rule_id != "cg-secret-token"} == {"static/js/app.js"}
    builds = {s.path: s for s in report.skips if "security rules" in s.reason}
    assert set(builds) == {"static/js/tinymce/tinymce.min.js", "static/js/bootstrap4/bootstrap.bundle.js",
                           "static/js/vendor-editor.js", "core/built/assets/chunk.582.db2ae9e968256e8d58ac.js",
                           "core/built/assets/routes-Cw302e1c.js"}
    assert not any(s.unscanned for s in builds.values())  # listed, without opening a gate


def test_a_bundle_still_gets_its_secret_check() -> None:
    leak = "const k = 'ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';\n"
    report = review(added_files({"public/app.bundle.js": leak}), load_packs(), RepoConfig())
    assert [(f.path, f.rule_id) for f in report.findings] == [("public/app.bundle.js", "cg-secret-token")]


def test_tests_may_decode_a_token_unverified_to_read_its_claims() -> None:
    code = 'import jwt\n\ndef claims(token):\n    return jwt.decode(token, options={"verify_signature": False})\n'
    rules = [r for r in rules_for(load_rules().values(), {"python"}) if r.id == "py-jwt-unverified"]
    result = semgrep.scan({"tests/test_tokens.py": code, "app/auth.py": code}, rules)
    assert [(f.path, f.line) for f in result.findings] == [("app/auth.py", 4)]
