"""The scan the CLI starts before the review has loaded (checks/prescan.py): used only when the
review plans exactly that scan, never in place of a different one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checks import semgrep
from checks.config import RepoConfig, parse_config
from checks.policy import load_packs
from checks.prescan import Prescan
from checks.review import review
from checks.snapshot import Snapshot
from checks.targets import plan_scan
from tests.conftest import CliResult, GitRepo, added_files, findings_of, review_change

Cli = Callable[..., CliResult]

RUN = "import os\nfrom flask import request\n\n\ndef run():\n    os.system('ls ' + request.args['dir'])\n"


class Counted:
    """The real scanner, counting its runs."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, *args: Any, **kwargs: Any) -> semgrep.ScanResult:
        self.runs += 1
        return semgrep.scan(*args, **kwargs)


def _plan_args(snapshot: Snapshot, config: RepoConfig) -> dict[str, Any]:
    plan = plan_scan(snapshot, config)
    return {"targets": plan.targets, "rules": plan.rules, "timeout_seconds": plan.timeout_seconds,
            "touched": plan.touched}


def test_no_config_plans_the_scan_a_default_config_plans() -> None:
    snapshot = added_files({"app/run.py": RUN, "web/app.js": "const x = 1;\n", "README.md": "hi\n"})
    early = plan_scan(snapshot)
    assert set(early.targets) == {"app/run.py", "web/app.js"} and early.rules and early.touched
    assert early.same_scan(**_plan_args(snapshot, RepoConfig()))


@pytest.mark.parametrize("text", [
    "paths: {ignore: ['web/**']}\n",
    "limits: {max_file_bytes: 1000}\n",
    "limits: {scan_timeout_seconds: 60}\n",
    "rules: {disable: [py-command-injection]}\n",
])
def test_any_config_that_changes_the_scan_is_a_different_plan(text: str) -> None:
    snapshot = added_files({"app/run.py": RUN + "#" * 1200 + "\n", "web/app.js": "const x = 1;\n"})
    assert not plan_scan(snapshot).same_scan(**_plan_args(snapshot, parse_config("cg.yml", text)))


def test_the_review_takes_the_early_scan_when_it_plans_the_same_one() -> None:
    snapshot = added_files({"app/run.py": RUN})
    scanner = Counted()
    with Prescan(plan_scan(snapshot), scanner) as early:
        report = review(snapshot, load_packs(), RepoConfig(), scanner=early)
    assert early.used and scanner.runs == 1
    assert [(f.path, f.line, f.cwe) for f in report.findings if f.cwe == "CWE-78"] == [("app/run.py", 6, "CWE-78")]


def test_a_config_that_ignores_a_file_gets_its_own_scan_not_the_early_one() -> None:
    snapshot = added_files({"app/run.py": RUN, "legacy/run.py": RUN})
    scanner = Counted()
    config = parse_config("cg.yml", "paths: {ignore: ['legacy/**']}\n")
    with Prescan(plan_scan(snapshot), scanner) as early:  # it scans legacy/ too
        report = review(snapshot, load_packs(), config, scanner=early)
    assert not early.used and scanner.runs == 2
    assert {f.path for f in report.findings if f.cwe == "CWE-78"} == {"app/run.py"}
    assert any(s.path == "legacy/run.py" and "paths.ignore" in s.reason for s in report.skips)


def test_an_engine_that_fails_in_the_early_scan_makes_the_verdict_error(
        repo: GitRepo, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "semgrep"
    broken.write_text("#!/bin/sh\necho 'engine exploded' >&2\nexit 9\n")
    broken.chmod(0o755)
    monkeypatch.setenv("CONSTRAINT_GUARD_SEMGREP", str(broken))
    result = review_change(repo, cli, {"README.md": "# app\n"}, {"app/run.py": RUN})
    assert result.code == 1 and result.json["verdict"] == "error"
    assert any("security scan failed" in e and "exited with code 9" in e for e in result.json["errors"])


def test_a_config_at_the_base_still_decides_what_the_cli_scans(repo: GitRepo, cli: Cli) -> None:
    config = "paths:\n  ignore: ['legacy/**']\n"
    result = review_change(repo, cli, {".github/constraint-guard.yml": config},
                           {"app/run.py": RUN, "legacy/run.py": RUN})
    assert {f["path"] for f in findings_of(result) if f.get("cwe") == "CWE-78"} == {"app/run.py"}
    assert any(s["path"] == "legacy/run.py" and "paths.ignore" in s["reason"] for s in result.json["skips"])
