"""Shared fixtures: throwaway git repositories and an in-process CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from checks.diff import parse_diff
from checks.snapshot import Snapshot

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `constraint-guard ARGS...` in-process and capture what a user would see."""

    def run(*args: str) -> CliResult:
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


class GitRepo:
    """A real git repository with a `main` branch; `change()` commits a head on a branch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "dev@example.com")
        self.git("config", "user.name", "Dev")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        env = dict(os.environ, GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
        return subprocess.run(
            ["git", "-C", str(self.root), *args], check=True, capture_output=True, text=True, env=env
        ).stdout

    def write(self, files: Mapping[str, str | bytes | None]) -> None:
        for rel, content in files.items():
            path = self.root / rel
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")

    def commit(self, files: Mapping[str, str | bytes | None], message: str = "change") -> str:
        self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def base(self, files: Mapping[str, str | bytes | None]) -> str:
        """Commit `files` on main: the base every change is judged against."""
        return self.commit(files, "base")

    def change(self, files: Mapping[str, str | bytes | None], branch: str = "feature") -> str:
        """Commit `files` on a new branch off main and return its head."""
        self.git("checkout", "-q", "-b", branch, "main")
        return self.commit(files, "head")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def review_change(
    repo: GitRepo, cli: Callable[..., CliResult], base: Mapping[str, str | bytes | None],
    head: Mapping[str, str | bytes | None], *extra: str,
) -> CliResult:
    """Commit base and head, then run the CLI on the change as JSON."""
    repo.root.mkdir(parents=True, exist_ok=True)
    repo.base(base)
    head_sha = repo.change(head)
    return cli("check", "--repo", str(repo.root), "--base", "main", "--head", head_sha, "--format", "json", *extra)


def findings_of(result: CliResult, rule_id: str | None = None) -> list[dict[str, Any]]:
    found = result.json["findings"]
    return [f for f in found if rule_id is None or f["rule_id"] == rule_id]


def gate(result: CliResult, gate_id: str) -> dict[str, Any] | None:
    return next((g for g in result.json["gates"] if g["id"] == gate_id), None)


ReviewFn = Callable[..., CliResult]


# fixtures for the App's end-to-end tests (the GitHub double, an App key, `serve`)
from tests.app_harness import app, github, key, world  # noqa: E402, F401


def added_files(files: Mapping[str, str]) -> Snapshot:
    """A change that adds each of `files` whole (path -> text), as the CLI would read it."""
    text = ""
    for path, body in files.items():
        lines = body.splitlines()
        text += (f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n"
                 f"@@ -0,0 +1,{len(lines)} @@\n" + "".join(f"+{ln}\n" for ln in lines))
    return Snapshot(diff=parse_diff(text), texts=dict(files))
