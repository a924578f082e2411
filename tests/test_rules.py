"""Our semgrep rules: well-formed, each with positive and negative tests that semgrep passes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from checks.paths import policies_dir
from checks.semgrep import load_rules, normalize_cwe, offline_env, rule_files, semgrep_command

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = policies_dir() / "semgrep"
TEST_EXTS = (".py", ".js", ".ts", ".go", ".java", ".rs")


def _rules() -> list[tuple[Path, dict[str, object]]]:
    out = []
    for path in rule_files():
        for rule in yaml.safe_load(path.read_text())["rules"]:
            out.append((path, rule))
    return out


def _regex_pinned(node: object) -> set[str]:
    """Metavariables a `metavariable-regex` constrains anywhere in a rule."""
    found: set[str] = set()
    if isinstance(node, dict):
        mr = node.get("metavariable-regex")
        if isinstance(mr, dict) and isinstance(mr.get("metavariable"), str):
            found.add(mr["metavariable"])
        for value in node.values():
            found |= _regex_pinned(value)
    elif isinstance(node, list):
        for value in node:
            found |= _regex_pinned(value)
    return found


def test_semgrep_test_passes_over_every_rule() -> None:
    proc = subprocess.run(
        semgrep_command() + ["--test", "--metrics=off", str(RULES_DIR)],
        check=False, capture_output=True, text=True, env=offline_env(), timeout=900,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert "All tests passed" in output, output[-4000:]


@pytest.mark.parametrize(("path", "rule"), _rules(), ids=lambda v: v.get("id") if isinstance(v, dict) else "")
def test_rule_is_complete_and_tested(path: Path, rule: dict[str, object]) -> None:
    rid = str(rule["id"])
    assert rid.split("-", 1)[0] in {"py", "js", "go", "java", "rs"}, rid
    assert rule["severity"] in {"ERROR", "WARNING", "INFO"}
    assert "Fix:" in str(rule["message"]), f"{rid}: message must say the fix"
    # the message is prose for users: a metavariable prints semgrep's raw binding (the issue saw
    # `(('../ / ?)` for `$1`), unless a metavariable-regex pins it to a name, as `$M` for a member
    for name in re.findall(r"\$[A-Z0-9_]+\b", str(rule["message"])):
        assert name in _regex_pinned(rule), f"{rid}: {name} in the message prints raw code"
    meta = rule.get("metadata") or {}
    assert isinstance(meta, dict) and meta.get("fix") and meta.get("category"), rid
    if rule["severity"] == "ERROR":
        assert normalize_cwe(meta.get("cwe")), f"{rid}: security rules carry a CWE"
    tests = [path.with_suffix(ext) for ext in TEST_EXTS if path.with_suffix(ext).exists()]
    assert tests, f"{rid}: no test file beside {path.name}"
    body = "\n".join(t.read_text() for t in tests)
    assert f"ruleid: {rid}" in body, f"{rid}: no positive case"
    assert f"ok: {rid}" in body, f"{rid}: no negative case"


def test_every_language_is_covered() -> None:
    languages = {lang for r in load_rules().values() for lang in r.languages}
    assert {"python", "javascript", "typescript", "go", "java", "rust"} <= languages


def test_required_topics_have_rules() -> None:
    ids = set(load_rules())
    for rid in [
        "py-sql-string-build", "js-sql-string-build", "go-sql-string-build", "java-sql-string-build",
        "py-command-injection", "py-unsafe-deserialization", "py-eval-input", "py-weak-password-hash",
        "py-broken-crypto", "py-hardcoded-secret", "py-tls-verify-disabled", "py-cookie-insecure",
        "py-jwt-unverified", "py-path-traversal", "py-ssrf", "go-error-discarded",
        "go-http-body-not-closed", "js-fetch-status-unchecked", "rs-clone-in-loop",
        "py-float-money", "py-naive-datetime", "py-nonexistent-member", "js-nonexistent-member",
        "go-nonexistent-member",
    ]:
        assert rid in ids, rid


def test_generated_api_rules_match_their_committed_data() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_api_members.py"), "--check"],
        check=False, capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_generated_taint_rules_match_their_specs() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_taint_rules.py"), "--check"],
        check=False, capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
