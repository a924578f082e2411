"""Adversarial pull-request content through the real App and the GitHub double.

Each hostile PR must be reviewed to the end and reported (a finding, a skip, or an open
`security` gate), write nothing outside the scan's private temp dir, and leave the queue
serving other pull requests.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.runtime import scratch_dir
from tests.app_harness import AppKey, AppProcess, World, app_env, free_port, payload, wait_for
from tests.github_double import FileSpec, GitHubDouble

VULN = (
    "def find_users(cur, name):\n"
    "    cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
    "    return cur.fetchall()\n"
)
SCAN_DIRS = ("cg-scan-", "cg-rules-", "cg-ty-", "cg-ts-", "cg-tsc-")  # each engine's private dirs


class TempWatch:
    """Records every entry that ever appears in the server's TMPDIR while a review runs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.seen |= set(os.listdir(self.folder))
            time.sleep(0.02)

    def stop(self) -> set[str]:
        self._stop.set()
        self._thread.join()
        self.seen |= set(os.listdir(self.folder))
        return self.seen


@pytest.fixture
def tmpdir_of_app(tmp_path: Path) -> Path:
    folder = tmp_path / "server-tmp"
    folder.mkdir()
    return folder


def start_app(github: GitHubDouble, key: AppKey, tmp_path: Path, tmpdir: Path, **extra: str) -> AppProcess:
    env = app_env(github, key, tmp_path, TMPDIR=str(tmpdir), PORT=str(port := free_port()), **extra)
    return AppProcess("serve", env, tmp_path / "serve.log", port).start()


@pytest.fixture
def guarded_app(github: GitHubDouble, key: AppKey, tmp_path: Path, tmpdir_of_app: Path) -> Iterator[AppProcess]:
    """`serve` with its TMPDIR in a folder this test owns and watches."""
    proc = start_app(github, key, tmp_path, tmpdir_of_app)
    yield proc
    proc.stop()


def completed(github: GitHubDouble, world: World, sha: str) -> dict | None:
    runs = [r for r in github.check_runs(world.repo, head_sha=sha) if r["status"] == "completed"]
    return runs[0] if runs else None


def summary(github: GitHubDouble, world: World, number: int) -> str:
    bodies = [c["body"] for c in github.issue_comments(world.repo, number) if "constraint-guard:summary" in c["body"]]
    assert len(bodies) == 1
    return bodies[0]


def assert_scan_dirs_only_and_cleaned(seen: set[str], tmpdir: Path) -> None:
    assert seen, "the review wrote its scan workspace under TMPDIR"
    assert all(name.startswith(SCAN_DIRS) for name in seen), f"unexpected temp entries: {sorted(seen)}"
    assert not [p for p in tmpdir.iterdir() if p.name.startswith(SCAN_DIRS)], "scan dirs are removed after the review"


def test_hostile_file_names_are_reviewed_under_their_names_and_nothing_escapes_the_temp_dir(
        guarded_app: AppProcess, github: GitHubDouble, world: World, tmp_path: Path, tmpdir_of_app: Path) -> None:
    names = [
        "../../escape.py",
        "/etc/cg-adversarial-x.py",
        "app/new\nline.py",
        "\u2025/\u2025/two-dot-leader.py",
        "\uff0e\uff0e/\uff0e\uff0e/fullwidth.py",
        "x" * 3000 + ".py",
        "\U0001f600" * 200 + ".py",  # 800 bytes in one name: over NAME_MAX if kept whole
        "app/a_b.py", "app/a\x01b.py",  # two names that sanitize to the same file
    ]
    github.add_pull(world.repo, 1, head_sha="a" * 40, files={n: FileSpec(status="added", head=VULN) for n in names})
    before = {p for p in tmp_path.parent.iterdir()}
    watch = TempWatch(tmpdir_of_app)
    guarded_app.send("pull_request", world.opened(1, "a" * 40))
    run = wait_for(lambda: completed(github, world, "a" * 40), 120, "the review of the hostile names")
    seen = watch.stop()

    assert run["conclusion"] == "action_required"
    flagged = {(a["path"], a["start_line"]) for a in github.annotations(run["id"])}
    assert {(n, 2) for n in names} <= flagged, "every finding points at the PR's own file name"
    assert_scan_dirs_only_and_cleaned(seen, tmpdir_of_app)
    assert not Path("/etc/cg-adversarial-x.py").exists()
    assert {p for p in tmp_path.parent.iterdir()} == before, "nothing was written beside the test's folder"
    escaped = [p for p in tmp_path.rglob("*.py") if tmpdir_of_app not in p.parents]
    assert escaped == []


def _peak_rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmHWM"))) / 1024


def test_50_mb_single_line_file_is_reported_over_the_limit_without_stalling(
        guarded_app: AppProcess, github: GitHubDouble, world: World, tmpdir_of_app: Path) -> None:
    huge = "x = '" + "A" * (50 * 1024 * 1024) + "'\n"  # one line, 50 MiB
    github.add_pull(world.repo, 2, head_sha="b" * 40, files={
        "gen/huge.py": FileSpec(status="added", head=huge, patch=None),  # GitHub sends no patch this large
        "app/db.py": FileSpec(status="added", head=VULN),
    })
    started = time.monotonic()
    guarded_app.send("pull_request", world.opened(2, "b" * 40))
    run = wait_for(lambda: completed(github, world, "b" * 40), 120, "the review of the 50 MB file")
    took = time.monotonic() - started
    body = summary(github, world, 2)

    assert took < 60, f"the review took {took:.0f} s"
    assert "gen/huge.py" in body and "over the 5,000,000-byte limit" in body
    assert run["conclusion"] == "action_required"
    assert any(a["path"] == "app/db.py" for a in github.annotations(run["id"])), "the other file is still scanned"
    assert "security" in run["output"]["title"]
    assert _peak_rss_mib(guarded_app.proc.pid) < 1024  # type: ignore[union-attr]
    assert not [p for p in tmpdir_of_app.iterdir() if p.name.startswith(SCAN_DIRS)]


def test_binary_and_invalid_utf8_files_are_reported_as_skipped(
        guarded_app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 3, head_sha="c" * 40, files={
        "assets/logo.png": FileSpec(status="added", head=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        "app/latin1.py": FileSpec(status="added", head="name = 'caf\xe9'\n".encode("latin-1")),
        "app/replaced.py": FileSpec(status="added", head="s = '\ufffd'\n" + VULN),
    })
    guarded_app.send("pull_request", world.opened(3, "c" * 40))
    run = wait_for(lambda: completed(github, world, "c" * 40), 120, "the review of binary files")
    body = summary(github, world, 3)

    assert "assets/logo.png" in body and "app/latin1.py" in body and "binary file: not scanned" in body
    assert {(a["path"], a["start_line"]) for a in github.annotations(run["id"])} >= {("app/replaced.py", 3)}


def test_patch_lying_about_its_line_counts_is_rediffed_or_reported_never_dropped(
        guarded_app: AppProcess, github: GitHubDouble, world: World) -> None:
    short = "@@ -0,0 +1,40 @@\n" + "".join("+" + ln + "\n" for ln in VULN.splitlines())  # says 40, has 3
    long = "@@ -1,1 +1,1 @@\n-x = 1\n+x = 2\n+y = 3\n+z = 4"  # says 1 new line, has 3
    github.add_pull(world.repo, 4, head_sha="d" * 40, files={
        "app/short.py": FileSpec(status="added", head=VULN, patch=short),
        "app/long.py": FileSpec(status="modified", base="x = 1\n", head="x = 2\n" + VULN, patch=long),
        "data/blob.bin": FileSpec(status="modified", base=b"\x00a", head=b"\x00b", patch="@@ -1,9 +1,9 @@\n-a\n+b"),
        "app/fine.py": FileSpec(status="added", head="ok = True\n"),
    })
    guarded_app.send("pull_request", world.opened(4, "d" * 40))
    run = wait_for(lambda: completed(github, world, "d" * 40), 120, "the review of lying patches")
    body = summary(github, world, 4)

    flagged = {(a["path"], a["start_line"]) for a in github.annotations(run["id"])}
    assert {("app/short.py", 2), ("app/long.py", 3)} <= flagged, "the files were re-diffed from their texts"
    assert "data/blob.bin" in body and "does not parse" in body and "shorter than its header says" in body
    assert run["conclusion"] == "action_required" and "security" in run["output"]["title"]


def _slow_semgrep(folder: Path) -> Path:
    """semgrep that hangs when the workspace holds `slow.py`, and is the real one otherwise."""
    real = Path(sys.executable).parent / "semgrep"
    fake = folder / "semgrep"
    fake.write_text(f'#!/bin/sh\nif [ -e slow.py ]; then sleep 120; fi\nexec "{real}" "$@"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def test_semgrep_timeout_is_a_skip_that_opens_security_and_other_prs_are_still_reviewed(
        github: GitHubDouble, key: AppKey, world: World, tmp_path: Path, tmpdir_of_app: Path) -> None:
    github.set_file(world.repo, "main", ".github/constraint-guard.yml", "limits: {scan_timeout_seconds: 5}\n")
    app = start_app(github, key, tmp_path, tmpdir_of_app, WORKERS="2",
                    CONSTRAINT_GUARD_SEMGREP=str(_slow_semgrep(tmp_path)))
    try:
        github.add_pull(world.repo, 5, head_sha="e" * 40, files={"slow.py": FileSpec(status="added", head="x = 1\n")})
        # the other PR targets a branch without the 5 s limit: real semgrep may need more on a busy machine
        github.add_pull(world.repo, 6, head_sha="f" * 40, base_ref="release",
                        files={"app/db.py": FileSpec(status="added", head=VULN)})
        app.send("pull_request", world.opened(5, "e" * 40))
        time.sleep(0.5)
        app.send("pull_request", world.retarget(payload("pull_request/opened"), 6, "f" * 40, base_ref="release"))
        other = wait_for(lambda: completed(github, world, "f" * 40), 90, "the other PR's review")
        slow = wait_for(lambda: completed(github, world, "e" * 40), 90, "the timed-out review")
    finally:
        app.stop()

    notes = {(a["path"], a["start_line"]) for a in github.annotations(other["id"])}
    assert ("app/db.py", 2) in notes, summary(github, world, 6)
    assert "timed out" not in summary(github, world, 6)
    body = summary(github, world, 5)
    assert "slow.py" in body and "the review's scan timed out after 5 s" in body
    assert slow["conclusion"] == "action_required" and "security" in slow["output"]["title"]
    assert not [p for p in tmpdir_of_app.iterdir() if p.name.startswith(SCAN_DIRS)]


def test_the_scratch_dir_is_decided_at_start_up_and_an_unusable_tmpdir_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # Python probes its temp dir once per process, and falls back elsewhere when $TMPDIR is
    # unusable: the App does that at start-up, so no review's files land somewhere unannounced
    monkeypatch.setattr(tempfile, "tempdir", None)  # as in a fresh process
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="constraint_guard"):
        assert Path(scratch_dir()).resolve() == tmp_path.resolve()
    assert caplog.text == ""
    missing = tmp_path / "no-such-dir"
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setenv("TMPDIR", str(missing))
    with caplog.at_level(logging.WARNING, logger="constraint_guard"):
        chosen = scratch_dir()
    assert Path(chosen) != missing
    assert f"TMPDIR {missing} is not a writable directory" in caplog.text and chosen in caplog.text
