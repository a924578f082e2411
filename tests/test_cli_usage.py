"""Exit codes and messages a user sees: 0 pass, 1 sign-off or error, 2 bad usage or input."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, GitRepo, review_change

Cli = Callable[..., CliResult]
ROOT = Path(__file__).resolve().parent.parent


def _one_line_error(result: CliResult, *words: str) -> None:
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("constraint-guard: error: ")
    for w in words:
        assert w in lines[0], lines[0]


def test_unknown_option_is_exit_2_with_one_line(cli: Cli) -> None:
    _one_line_error(cli("check", "--frobnicate"), "--frobnicate")


def test_unknown_format_is_exit_2(cli: Cli) -> None:
    _one_line_error(cli("check", "--format", "xml"), "xml")


def test_not_a_repository_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    _one_line_error(cli("check", "--repo", str(tmp_path)), "not a git repository")


def test_unknown_base_is_exit_2(cli: Cli, repo: GitRepo) -> None:
    repo.base({"a.py": "x = 1\n"})
    _one_line_error(cli("check", "--repo", str(repo.root), "--base", "nope"), "unknown revision 'nope'")


def test_malformed_diff_is_exit_2_naming_the_line(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.diff"
    bad.write_text("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\nGARBAGE\n")
    _one_line_error(cli("check", "--diff", str(bad)), "line 6")


def test_bad_config_is_exit_2_naming_file_and_key(cli: Cli, tmp_path: Path) -> None:
    cfg = tmp_path / "cg.yml"
    cfg.write_text("gates:\n  auth:\n    signoff: {count: zero}\n")
    diff = tmp_path / "d.diff"
    diff.write_text("")
    _one_line_error(cli("check", "--diff", str(diff), "--config", str(cfg)), str(cfg), "gates.auth.signoff.count")


def test_validate_accepts_a_good_config_and_rejects_a_bad_one(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "good.yml"
    good.write_text("version: 1\ngates:\n  payments:\n    signoff: {teams: [payments-reviewers], count: 2}\n")
    ok = cli("validate", str(good))
    assert ok.code == 0 and "valid" in ok.out
    bad = tmp_path / "bad.yml"
    bad.write_text("version: 1\nrules:\n  disabel: [py-eval-input]\n")
    _one_line_error(cli("validate", str(bad)), "rules.disabel", "unknown key")
    _one_line_error(cli("validate", str(tmp_path / "missing.yml")), "missing.yml")


def test_diff_from_stdin_scans_new_files_and_pattern_checks_the_rest(tmp_path: Path) -> None:
    diff = (
        "diff --git a/pay/new.py b/pay/new.py\nnew file mode 100644\n--- /dev/null\n+++ b/pay/new.py\n"
        "@@ -0,0 +1,2 @@\n+import pickle\n+obj = pickle.loads(data)\n"
        "diff --git a/pay/old.py b/pay/old.py\n--- a/pay/old.py\n+++ b/pay/old.py\n"
        "@@ -10,1 +10,1 @@\n-refund = captured\n+refund = amount\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--diff", "-", "--format", "json"],
        input=diff, check=False, capture_output=True, text=True, cwd=tmp_path,
    )
    import json

    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert [(f["rule_id"], f["path"], f["line"]) for f in data["findings"]] == [
        ("py-unsafe-deserialization", "pay/new.py", 2)
    ]
    assert data["stats"]["scanned_files"] == 1
    partial = {"path": "pay/old.py", "reason": "only hunks known (not the whole file): pattern checks only"}
    assert partial in data["skips"]
    assert "payments" in {g["id"] for g in data["gates"]}


def _fake_semgrep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """A real executable standing in for semgrep, to make it crash or hang on purpose."""
    fake = tmp_path / "semgrep"
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("CONSTRAINT_GUARD_SEMGREP", str(fake))


def test_semgrep_failure_is_the_error_verdict_not_pass(repo: GitRepo, cli: Cli, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_semgrep(tmp_path, monkeypatch, "echo 'semgrep-core crashed' >&2\nexit 7\n")
    result = review_change(repo, cli, {"a.py": "x = 1\n"}, {"a.py": "x = 2\n"})
    assert result.code == 1 and result.json["verdict"] == "error"
    assert "semgrep exited with code 7" in result.json["errors"][0]
    assert "semgrep-core crashed" in result.err


def test_scan_timeout_is_reported_and_keeps_the_gate_shut(repo: GitRepo, cli: Cli, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_semgrep(tmp_path, monkeypatch, "sleep 60\n")
    cfg = tmp_path / "cg.yml"
    cfg.write_text("limits: {scan_timeout_seconds: 5}\n")
    result = review_change(repo, cli, {"a.py": "x = 1\n"}, {"a.py": "x = 2\n"}, "--config", str(cfg))
    assert {"path": "a.py", "reason": "not scanned: the review's scan timed out after 5 s"} in result.json["skips"]
    security = next(g for g in result.json["gates"] if g["id"] == "security")
    assert security["reasons"][0]["path"] == "a.py"
    assert result.code == 1


def test_file_over_the_size_cap_is_skipped_and_reported(repo: GitRepo, cli: Cli, tmp_path: Path) -> None:
    cfg = tmp_path / "cg.yml"
    cfg.write_text("limits: {max_file_bytes: 1000}\n")
    big = "x = 1\n" * 400
    result = review_change(repo, cli, {"gen.py": "x = 0\n"}, {"gen.py": big}, "--config", str(cfg))
    skip = next(s for s in result.json["skips"] if s["path"] == "gen.py")
    assert "over the 1,000-byte limit" in skip["reason"]
    assert result.json["stats"]["scanned_files"] == 0


def test_config_is_read_from_the_base_not_the_head(repo: GitRepo, cli: Cli) -> None:
    strict = "gates:\n  payments:\n    paths: ['**/*.py']\n"
    result = review_change(repo, cli, {".github/constraint-guard.yml": strict, "a.py": "x = 1\n"}, {
        ".github/constraint-guard.yml": "gates:\n  payments:\n    enabled: false\n",
        "a.py": "x = 2\n",
    })
    ids = {g["id"] for g in result.json["gates"]}
    assert "payments" in ids  # the head's attempt to disable the gate is ignored
    assert "policy" in ids  # and editing the config opens the policy gate


def test_working_tree_mode_reviews_uncommitted_and_untracked_files(repo: GitRepo, cli: Cli) -> None:
    repo.base({"app.py": "x = 1\n"})
    repo.write({"app.py": "x = 2\n", "new_mod.py": "import pickle\nv = pickle.loads(b)\n"})
    result = cli("check", "--repo", str(repo.root), "--format", "json")
    data = result.json
    assert {f["path"] for f in data["findings"]} == {"new_mod.py"}
    assert data["stats"]["files"] == 2


def test_console_script_and_policies_ship_in_a_plain_wheel(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=False, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("constraint_guard-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {"policies/auth.yml", "policies/payments.yml", "policies/dates.yml",
            "policies/security.yml", "policies/policy.yml", "policies/api_members.json"} <= set(names)
    assert any(n.startswith("policies/semgrep/python/") and n.endswith(".yaml") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "constraint-guard = bot.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
    assert os.path.exists(Path(sys.executable).parent / "constraint-guard")
