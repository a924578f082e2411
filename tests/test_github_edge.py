"""Where real GitHub differs from a forgiving double: cut-off texts, new fields, long listings,
unreadable answers. The App's reviewer runs in-process against the double over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.api import Api
from bot.deliveries import review_unchecked
from bot.events import Job
from bot.github import GitHubClient
from bot.metrics import Metrics
from bot.queue import PENDING, JobQueue, Retry, make_huey
from bot.settings import Settings, load_settings
from bot.store import SqliteStore
from bot.worker import Reviewer
from checks.policy import load_packs
from tests.app_harness import APP_ID, INSTALLATION, OWNER, REPO, AppKey, World
from tests.github_double import FileSpec, GitHubDouble

HEAD = "e" * 40
# found by semgrep on the file's text (not by a scan of the patch's lines)
SQL_TAIL = "def q(cur, name):\n    cur.execute(f\"SELECT * FROM t WHERE n = '{name}'\")\n"


class Edge:
    """Settings, store, client and reviewer of one App process, pointed at the double."""

    def __init__(self, github: GitHubDouble, key: AppKey, folder: Path, **overrides: Any) -> None:
        self.github = github
        self.settings: Settings = load_settings(**{
            "app_id": APP_ID, "private_key_path": key.path, "webhook_secret": "s" * 20,
            "github_api_url": github.url, "queue_url": f"sqlite:///{folder}/queue.db",
            "retry_base_seconds": 0.01, "inline_wait_seconds": 1, "http_timeout_seconds": 5, "job_retries": 1,
            **overrides})
        self.store = SqliteStore(folder / "store.db")
        self.client = GitHubClient(self.settings, self.store, Metrics())
        self.reviewer = Reviewer(self.settings, self.store, self.client, Metrics(), load_packs())

    def review(self, number: int, attempt: int = 0, **fields: Any) -> str | Retry:
        job = Job(kind="review", installation_id=INSTALLATION, owner=OWNER, repo=REPO, number=number,
                  delivery=f"d{number}", trigger="pull_request.opened", attempt=attempt, **fields)
        return self.reviewer(job)

    def check(self, head_sha: str = HEAD) -> dict[str, Any]:
        runs = self.github.check_runs(f"{OWNER}/{REPO}", head_sha=head_sha)
        assert len(runs) == 1, runs
        return runs[0]


@pytest.fixture
def edge(github: GitHubDouble, world: World, key: AppKey, tmp_path: Path) -> Iterator[Edge]:
    yield Edge(github, key, tmp_path)


def _big_python(size: int, last: str) -> str:
    """A module over `size` bytes, mostly one long string (cheap to parse), ending in `last`."""
    return 'NOTICE = """\n' + "Licensed under the terms below; see the notice file.\n" * (size // 52) + '"""\n' + last


def test_a_file_past_graphqls_512000_byte_cut_is_fetched_whole_and_its_last_line_reviewed(edge: Edge) -> None:
    text = _big_python(600_000, SQL_TAIL)
    assert len(text.encode()) > 512_000
    edge.github.add_pull(f"{OWNER}/{REPO}", 7, head_sha=HEAD,
                         files={"settings_big.py": FileSpec(base=None, head=text)})
    assert edge.review(7) == "signoff_required"
    run = edge.check()
    rules = [a["title"] for a in edge.github.annotations(run["id"])]
    assert any(t.startswith("py-sql-string-build") for t in rules), rules  # the last line, past the cut
    assert "not scanned" not in run["output"]["summary"]


def test_a_cut_text_that_cannot_be_fetched_whole_is_a_stated_skip_that_opens_security(edge: Edge) -> None:
    text = _big_python(600_000, SQL_TAIL)
    edge.github.add_pull(f"{OWNER}/{REPO}", 7, head_sha=HEAD,
                         files={"settings_big.py": FileSpec(base=None, head=text)})
    edge.github.fail("GET", r"/git/blobs/", status=404, times=5)
    assert edge.review(7) == "signoff_required"
    summary = edge.check()["output"]["summary"]
    assert "settings_big.py" in summary and "GitHub sent only the first 512,000" in summary
    assert "security" in summary


def test_a_label_archived_on_github_does_not_stop_the_review(edge: Edge) -> None:
    edge.github.add_pull(f"{OWNER}/{REPO}", 7, head_sha=HEAD,
                         files={"README.md": FileSpec(base="a\n", head="a\nb\n")})
    # GitHub sends who archived a label as an object; githubkit's model types it as None
    edge.github.add_label(f"{OWNER}/{REPO}", 7, "legacy", archived=True)
    assert edge.review(7) == "pass"
    assert edge.check()["conclusion"] == "success"


def test_an_unreadable_answer_is_retried_then_named_on_a_failed_check(edge: Edge) -> None:
    edge.github.add_pull(f"{OWNER}/{REPO}", 7, head_sha=HEAD,
                         files={"README.md": FileSpec(base="a\n", head="a\nb\n")})
    edge.github.fail("GET", r"/pulls/7$", status=200, body={"number": 7, "state": "open"}, times=10)
    first = edge.review(7, head_sha=HEAD, base_ref="main")
    assert isinstance(first, Retry) and "could not be read" in first.reason
    assert edge.review(7, attempt=1, head_sha=HEAD, base_ref="main") == "failed"
    run = edge.check()
    assert run["conclusion"] == "failure"
    assert "GitHub's answer to GET /repos/acme/shop/pulls/7 could not be read" in run["output"]["summary"]
    assert "head" in run["output"]["summary"]  # names the field it needed


def test_requests_pin_the_rest_api_version(edge: Edge) -> None:
    edge.github.add_pull(f"{OWNER}/{REPO}", 7, head_sha=HEAD,
                         files={"README.md": FileSpec(base="a\n", head="a\nb\n")})
    assert edge.review(7) == "pass"
    versions = {c["api_version"] for c in edge.github.calls
                if c["path"] != "/graphql" and not c["path"].endswith("/access_tokens")}
    assert versions == {"2022-11-28"}  # not whatever githubkit's schema package brings


def test_the_sweep_reaches_pull_requests_past_the_first_page_of_every_listing(edge: Edge, tmp_path: Path) -> None:
    gh = edge.github
    for i in range(101):  # the App's installation sees 102 repositories; the last one has the PR
        gh.add_repo(OWNER, f"repo{i:03d}")
    last = gh.add_repo(OWNER, "zzz-last")
    reviewed = "a" * 40
    # the oldest open PR lacks a check; GitHub lists newest first, so it is on the second page
    gh.add_pull(last, 1, head_sha="b" * 40, files={"a.txt": FileSpec(base="a\n", head="c\n")})
    for n in range(2, 103):  # 101 newer ones, on one reviewed head
        gh.add_pull(last, n, head_sha=reviewed, files={"a.txt": FileSpec(base="a\n", head="b\n")})
    Api(edge.client.installation(INSTALLATION)).post(
        f"/repos/{OWNER}/zzz-last/check-runs",
        {"name": "Constraint Guard (main)", "head_sha": reviewed, "status": "completed", "conclusion": "success"})
    queue = JobQueue(make_huey(edge.settings), edge.store, edge.reviewer, lambda *a: None, lease=30)
    assert review_unchecked(edge.client, queue) == 1
    pending = [Job.model_validate(json.loads(raw)) for raw in edge.store.hgetall(PENDING).values()]
    assert [(j.repo, j.number) for j in pending] == [("zzz-last", 1)]


CLAUDE_TRAILER = "Add the report\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"


def test_the_app_names_agent_written_commits_and_changes_nothing_by_default(edge: Edge) -> None:
    edge.github.add_pull(f"{OWNER}/{REPO}", 7, head_sha=HEAD,
                         files={"README.md": FileSpec(base="a\n", head="a\nb\n")})
    edge.github.add_commit_author(f"{OWNER}/{REPO}", 7, "alice", message=CLAUDE_TRAILER, sha="c" * 40)
    edge.github.add_commit_author(f"{OWNER}/{REPO}", 7, "alice", message="Fix typo", sha="d" * 40)
    assert edge.review(7) == "pass"
    summary = edge.check()["output"]["summary"]
    assert "Agent-written: 1 of " in summary and "ccccccc (Claude Code)" in summary
    assert "ddddddd" not in summary


def test_the_apps_config_can_make_agent_written_changes_need_security_sign_off(edge: Edge) -> None:
    edge.github.set_file(f"{OWNER}/{REPO}", "main", ".github/constraint-guard.yml", "agents: {always: [security]}\n")
    edge.github.add_pull(f"{OWNER}/{REPO}", 7, head_sha=HEAD,
                         files={"README.md": FileSpec(base="a\n", head="a\nb\n")})
    edge.github.add_commit_author(f"{OWNER}/{REPO}", 7, "alice", message=CLAUDE_TRAILER, sha="c" * 40)
    assert edge.review(7) == "signoff_required"
    run = edge.check()
    assert run["conclusion"] == "action_required" and "security" in run["output"]["title"]
    assert "security opened" in run["output"]["summary"]
