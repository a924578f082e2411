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
        "@@ -0,0 +1,4 @@\n+import pickle\n+from flask import request\n+def load():\n"
        "+    return pickle.loads(request.data)\n"
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
        ("py-unsafe-deserialization", "pay/new.py", 4)
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
    assert "over the 1,000-byte limit" in skip["reason"] and "generated code" not in skip["reason"]
    assert result.json["stats"]["scanned_files"] == 0


def test_a_generated_file_over_the_size_cap_still_opens_security_and_says_how_to_leave_it_out(
        repo: GitRepo, cli: Cli, tmp_path: Path) -> None:
    cfg = tmp_path / "cg.yml"
    cfg.write_text("limits: {max_file_bytes: 1000}\n")
    big = "# Generated by the protocol buffer compiler.  DO NOT EDIT!\n" + "x = 1\n" * 400
    result = review_change(repo, cli, {"api_pb2.py": "x = 0\n"}, {"api_pb2.py": big}, "--config", str(cfg))
    skip = next(s for s in result.json["skips"] if s["path"] == "api_pb2.py")
    assert "generated code: list it in paths.ignore" in skip["reason"]
    assert any(g["id"] == "security" for g in result.json["gates"])  # a marker is only a comment


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
    repo.write({"app.py": "x = 2\n", "new_mod.py": "import pickle\nfrom flask import request\n\n\ndef load():\n"
                                                  "    return pickle.loads(request.data)\n"})
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


# --------------------------------------------------------------------------- a clean first hour


def _marking_semgrep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A semgrep that only leaves a mark: proves whether a scan started."""
    mark = tmp_path / "scanned"
    _fake_semgrep(tmp_path, monkeypatch, f"touch '{mark}'\necho '{{\"results\": [], \"errors\": []}}'\n")
    return mark


@pytest.mark.parametrize("target", ["missing/dir/out.txt", "."])
def test_unwritable_output_is_refused_before_the_scan(repo: GitRepo, cli: Cli, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    mark = _marking_semgrep(tmp_path, monkeypatch)
    repo.base({"a.py": "x = 1\n"})
    repo.change({"a.py": "x = 2\n"})
    out = str(tmp_path / target)
    _one_line_error(cli("check", "--repo", str(repo.root), "--base", "main", "-o", out), out)
    assert not mark.exists()
    cli("check", "--repo", str(repo.root), "--base", "main", "-o", str(tmp_path / "ok.txt"))
    assert mark.exists()  # the same command with a good -o does scan: the mark is a real witness


def test_non_utf8_config_is_exit_2_naming_the_file(cli: Cli, tmp_path: Path) -> None:
    cfg = tmp_path / "cg.yml"
    cfg.write_bytes(b"version: 1\ngates: {auth: {paths: ['caf\xe9/**']}}\n")
    diff = tmp_path / "d.diff"
    diff.write_text("")
    _one_line_error(cli("validate", str(cfg)), str(cfg), "not UTF-8", "line 2")
    _one_line_error(cli("check", "--diff", str(diff), "--config", str(cfg)), str(cfg), "not UTF-8")


def test_validate_lists_every_problem_one_line_each(cli: Cli, tmp_path: Path) -> None:
    cfg = tmp_path / "cg.yml"
    cfg.write_text("version: 1\ngates:\n  auth:\n    paths: \"src/**\"\n    exclude: ['[unclosed']\n"
                   "rules:\n  disabel: []\n")
    result = cli("validate", str(cfg))
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.splitlines() == [
        f"constraint-guard: error: {cfg}:4: gates.auth.paths: expected a list of globs, got a string"
        " (for one, write ['src/**'])",
        f"constraint-guard: error: {cfg}:5: gates.auth.exclude[0]: expected a path glob, got '[unclosed':"
        " the '[' at column 1 is never closed (write '[[]' for a literal '[')",
        f"constraint-guard: error: {cfg}:7: rules.disabel: unknown key (did you mean 'disable'?);"
        " expected one of disable, severity",
    ]


def test_invalid_yaml_says_line_and_column(cli: Cli, tmp_path: Path) -> None:
    cfg = tmp_path / "cg.yml"
    cfg.write_text("version: 1\ngates:\n  auth: {paths: [a, b}\n")
    _one_line_error(cli("validate", str(cfg)), f"{cfg}: not valid YAML at line 3, column 22: did not find expected")


def test_check_names_the_base_and_head_it_compared(repo: GitRepo, cli: Cli) -> None:
    base = repo.base({"a.py": "x = 1\n"})
    head = repo.change({"a.py": "x = 2\n"})
    result = cli("check", "--repo", str(repo.root), "--base", "main", "--head", "feature", "--format", "json")
    assert result.code == 0
    assert result.json["base"] == {"ref": "main", "sha": base}
    assert result.json["head"] == {"ref": "feature", "sha": head}
    text = cli("check", "--repo", str(repo.root), "--base", "main", "--head", "feature").out
    assert f"Compared main ({base[:7]})..feature ({head[:7]})" in text.splitlines()
    worktree = cli("check", "--repo", str(repo.root), "--format", "json").json
    assert worktree["base"]["ref"] == "main" and worktree["head"] == {"ref": "working tree", "sha": None}


def test_empty_change_says_nothing_to_review(repo: GitRepo, cli: Cli) -> None:
    sha = repo.base({"a.py": "x = 1\n"})
    args = ("check", "--repo", str(repo.root), "--base", "main", "--head", "main")
    text = cli(*args)
    assert text.code == 0
    assert f"nothing to review: main ({sha[:7]})..main ({sha[:7]}) has no changes" in text.out
    assert "nothing to review: " in cli(*args, "--format", "markdown").out
    data = cli(*args, "--format", "json").json
    assert data["verdict"] == "pass" and data["stats"]["files"] == 0 and data["head"]["sha"] == sha


def test_several_formats_from_one_run_write_one_file_each(repo: GitRepo, cli: Cli, tmp_path: Path) -> None:
    repo.base({"a.py": "x = 1\n"})
    repo.change({"a.py": "x = 2\n"})
    stem = tmp_path / "report"
    result = cli("check", "--repo", str(repo.root), "--base", "main", "--format", "json,sarif,text,markdown",
                 "-o", str(stem), "--sarif", str(tmp_path / "extra.sarif"))
    assert result.code == 0 and result.out == ""
    import json

    assert json.loads((tmp_path / "report.json").read_text())["verdict"] == "pass"
    assert json.loads((tmp_path / "report.sarif").read_text())["version"] == "2.1.0"
    assert (tmp_path / "report.txt").read_text().startswith("Constraint Guard  PASS")
    assert "constraint-guard:summary" in (tmp_path / "report.md").read_text()
    assert (tmp_path / "extra.sarif").read_text() == (tmp_path / "report.sarif").read_text()


def test_output_named_with_an_extension_is_not_doubled(repo: GitRepo, cli: Cli, tmp_path: Path) -> None:
    repo.base({"a.py": "x = 1\n"})
    result = cli("check", "--repo", str(repo.root), "--base", "main", "--head", "main", "--format", "json,markdown",
                 "-o", str(tmp_path / "cg.json"))
    assert result.code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("cg")) == ["cg.json", "cg.md"]


def test_bad_config_at_the_base_names_the_commit_and_every_problem(repo: GitRepo, cli: Cli) -> None:
    base = repo.base({".github/constraint-guard.yml": "gates:\n  auth: {enabled: maybe}\nreview: []\n"})
    result = cli("check", "--repo", str(repo.root), "--base", "main", "--head", "main")
    assert result.code == 2
    assert result.err.splitlines() == [
        f"constraint-guard: error: {base[:7]}:.github/constraint-guard.yml:2: gates.auth.enabled: "
        "expected true or false, got 'maybe'",
        f"constraint-guard: error: {base[:7]}:.github/constraint-guard.yml:3: review: "
        "expected a mapping (drafts, max_inline_comments), got a list",
    ]


def test_sarif_flag_writes_sarif_beside_the_report_on_stdout(repo: GitRepo, cli: Cli, tmp_path: Path) -> None:
    repo.base({"a.py": "x = 1\n"})
    repo.change({"a.py": "x = 2\n"})
    sarif = tmp_path / "cg.sarif"
    result = cli("check", "--repo", str(repo.root), "--base", "main", "--format", "json", "--sarif", str(sarif))
    assert result.json["verdict"] == "pass"
    assert "runs" in sarif.read_text()


def _bad_inputs(tmp_path: Path, repo: GitRepo) -> dict[str, tuple[list[str], str]]:
    """Each bad input: the arguments, and a word the one-line error must contain."""
    repo.base({"a.py": "x = 1\n"})
    r = str(repo.root)
    (tmp_path / "list.yml").write_text("- a\n- b\n")
    (tmp_path / "nullkey.yml").write_text("null: 1\n")
    (tmp_path / "garbage.diff").write_bytes(b"\xff\xfe\x00\x01 binary \x00 garbage\n" * 20)
    (tmp_path / "empty-repo").mkdir()
    subprocess.run(["git", "init", "-q", str(tmp_path / "empty-repo")], check=True)
    return {
        "bad --base": (["check", "--repo", r, "--base", "nope"], "'nope'"),
        "bad --head": (["check", "--repo", r, "--base", "main", "--head", "HEAD~9"], "'HEAD~9'"),
        "option as --base": (["check", "--repo", r, "--base=--output=x"], "--output=x"),
        "missing repo": (["check", "--repo", str(tmp_path / "nowhere")], "nowhere"),
        "repo is a file": (["check", "--repo", str(repo.root / "a.py")], "a.py"),
        "repo without commits": (["check", "--repo", str(tmp_path / "empty-repo")], "--base"),
        "binary --diff": (["check", "--diff", str(tmp_path / "garbage.diff")], "line 1"),
        "directory --diff": (["check", "--diff", str(tmp_path)], str(tmp_path)),
        "config is a YAML list": (["validate", str(tmp_path / "list.yml")], "got a list"),
        "config has a null key": (["validate", str(tmp_path / "nullkey.yml")], "null: unknown key"),
        "directory as --config": (["check", "--repo", r, "--config", str(tmp_path)], str(tmp_path)),
        "directory to validate": (["validate", str(tmp_path)], "directory"),
        "empty --format": (["check", "--repo", r, "--format", ""], "unknown format ''"),
        "several formats, no -o": (["check", "--repo", r, "--format", "json,sarif"], "need -o"),
        "several formats, -o a directory": (["check", "--repo", r, "--format", "json,sarif", "-o", str(tmp_path)],
                                            "is a directory"),
        "-o under a file": (["check", "--repo", r, "-o", str(repo.root / "a.py" / "out.txt")], "not a directory"),
        "--sarif onto -o": (["check", "--repo", r, "-o", str(tmp_path / "x"), "--sarif", str(tmp_path / "x")],
                            "two reports"),
        "--diff with --base": (["check", "--diff", "-", "--base", "main"], "--diff cannot be combined"),
    }


def test_git_missing_from_path_is_exit_2_with_one_line(cli: Cli, repo: GitRepo, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    repo.base({"a.py": "x = 1\n"})
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    _one_line_error(cli("check", "--repo", str(repo.root), "--base", "main"), "cannot run git")


def test_validate_without_a_config_here_says_what_to_do(cli: Cli, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _one_line_error(cli("validate"), "no .github/constraint-guard.yml here", "pass the file")


@pytest.mark.parametrize("case", [
    "bad --base", "bad --head", "option as --base", "missing repo", "repo is a file", "repo without commits",
    "binary --diff", "directory --diff", "config is a YAML list", "config has a null key", "directory as --config",
    "directory to validate", "empty --format", "several formats, no -o", "several formats, -o a directory",
    "-o under a file", "--sarif onto -o", "--diff with --base",
])
def test_bad_input_is_one_line_and_exit_2_never_a_traceback(cli: Cli, repo: GitRepo, tmp_path: Path,
                                                            case: str) -> None:
    args, word = _bad_inputs(tmp_path, repo)[case]
    result = cli(*args)
    assert "Traceback" not in result.err
    _one_line_error(result, word)
