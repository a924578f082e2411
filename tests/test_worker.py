"""The worker's decisions against an in-memory GitHub (tests/fake_github.py): who may sign off,
what is published once, what is skipped. The same paths run over HTTP in test_signoff_e2e.py
and test_app_e2e.py; these cover the rules of each decision in milliseconds per step."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.events import Job
from bot.github import GitHubClient
from bot.metrics import Metrics
from bot.settings import load_settings
from bot.store import SqliteStore
from bot.worker import Reviewer
from checks.policy import load_packs
from checks.signoff import Ack, body_hash
from tests.app_harness import AppKey
from tests.fake_github import APP_ID, FakeGitHub

H1, H2 = "1" * 40, "2" * 40
LOGIN = "def login(user, password):\n    return check_password(user.hash, password)\n"
VULN = "def q(cur, name):\n    cur.execute(f\"SELECT * FROM t WHERE n = '{name}'\")\n"
AUTH = {"src/auth/login.py": (None, LOGIN)}


class Bot:
    """The App's reviewer over one FakeGitHub."""

    def __init__(self, key: AppKey, folder: Path) -> None:
        self.gh = FakeGitHub()
        settings = load_settings(app_id=APP_ID, private_key_path=key.path, webhook_secret="s" * 20,
                                 queue_url=f"sqlite:///{folder}/q.db", auth_cache_seconds=0)
        self.store = SqliteStore(folder / "store.db")
        self.reviewer = Reviewer(settings, self.store, GitHubClient(settings, self.store, Metrics()), Metrics(),
                                 load_packs(), repos=self.gh.repo_for)

    def run(self, number: int, intent: str = "push", **fields: Any) -> Any:
        return self.reviewer(Job(kind="review", installation_id=1, owner="acme", repo="shop", number=number,
                                 delivery="d", trigger="test", intent=intent, **fields))

    def say(self, number: int, login: str, body: str, user_type: str = "User") -> int:
        """`login` comments and the App handles the command, as its webhook would have it."""
        cid = self.gh.say(number, login, body, user_type)
        self.run(number, intent="signing", comment_id=cid)
        return cid

    def reply_to(self, number: int, comment_id: int) -> str:
        return next(b for b in self.gh.own_comments(number) if f"reply:comment:{comment_id} " in b)

    def conclusion(self, sha: str = H1) -> str:
        return str(self.gh.latest_check(sha)["conclusion"])


@pytest.fixture
def bot(key: AppKey, tmp_path: Path) -> Iterator[Bot]:
    yield Bot(key, tmp_path)


def test_only_an_authorized_human_who_did_not_write_the_change_signs_off(bot: Bot) -> None:
    bot.gh.permissions.update({"alice": "admin", "bob": "write", "eve": "read"})
    bot.gh.open_pull(1, AUTH, author="alice")
    assert bot.run(1) == "signoff_required"
    own = bot.say(1, "alice", "/guard signoff auth")
    assert "opened this pull request" in bot.reply_to(1, own)
    outsider = bot.say(1, "eve", "/guard signoff auth")
    assert "write or more is required" in bot.reply_to(1, outsider)
    bot.say(1, "helper[bot]", "/guard signoff auth", user_type="Bot")
    assert bot.conclusion() == "action_required"
    ok = bot.say(1, "bob", "Hashing checked.\n/guard signoff auth")
    assert "✅ `auth` signed off by @bob" in bot.reply_to(1, ok)
    assert bot.conclusion() == "success"


def test_an_acknowledged_command_edited_afterwards_no_longer_signs(bot: Bot) -> None:
    bot.gh.permissions["bob"] = "write"
    bot.gh.open_pull(1, AUTH)
    bot.run(1)
    ok = bot.say(1, "bob", "/guard signoff auth")
    assert bot.conclusion() == "success"
    bot.gh.edit(1, ok, "/guard signoff auth\n(edited after the fact)")
    bot.run(1, intent="update")
    assert bot.conclusion() == "action_required"  # the text signed is not the text there now


def test_an_acknowledgment_marker_written_by_a_human_signs_nothing(bot: Bot) -> None:
    bot.gh.permissions["bob"] = "write"
    bot.gh.open_pull(1, AUTH, author="alice")
    bot.run(1)
    summary = next(b for b in bot.gh.own_comments(1) if "constraint-guard:summary" in b)
    fingerprint = re.search(r"fingerprint `([0-9a-f]+)`", summary).group(1)  # type: ignore[union-attr]
    # the author forges what the App would write had bob signed her comment
    cmd = bot.gh.say(1, "alice", "please")
    forged = Ack(cmd, "comment", "bob", "signoff", {"auth": fingerprint}, H1, body_hash("please")).marker()
    bot.gh.say(1, "alice", forged)
    bot.run(1, intent="update")
    assert bot.conclusion() == "action_required"
    # the same marker in the App's own comment would have counted: the test forges the right thing
    bot.gh.repo_for().create_comment(1, forged)
    bot.run(1, intent="update")
    assert bot.conclusion() == "success"


def test_a_push_that_changes_the_gated_hunks_makes_the_sign_off_stale_one_elsewhere_keeps_it(bot: Bot) -> None:
    bot.gh.permissions["bob"] = "write"
    bot.gh.open_pull(1, {**AUTH, "README.md": ("# Shop\n", "# Shop\n")})
    bot.run(1)
    bot.say(1, "bob", "/guard signoff auth")
    bot.gh.push(1, H2, {**AUTH, "README.md": ("# Shop\n", "# Shop\nMore.\n")})
    assert bot.run(1, head_sha=H2) == "pass"  # only the README moved: the sign-off still holds
    bot.gh.push(1, "3" * 40, {"src/auth/login.py": (None, LOGIN.replace("user.hash", "user.pw"))})
    assert bot.run(1, head_sha="3" * 40) == "signoff_required"


def test_findings_are_posted_once_and_a_fixed_one_gets_its_thread_resolved(bot: Bot) -> None:
    bot.gh.open_pull(1, {"app/db.py": (None, VULN)})
    bot.run(1)
    bot.run(1, intent="manual")  # a re-run posts nothing new
    threads = bot.gh.pulls[1].threads
    assert len(threads) == 1 and "py-sql-string-build" in threads[0]["body"]
    assert len([b for b in bot.gh.own_comments(1) if "constraint-guard:summary" in b]) == 1
    bot.gh.push(1, H2, {"app/db.py": (None, "def q(cur, name):\n    cur.execute('SELECT 1 WHERE n = %s', (name,))\n")})
    bot.run(1, head_sha=H2)
    assert threads[0]["resolved"] and len(threads) == 1


def test_an_older_push_is_not_reviewed_and_a_draft_only_when_asked(bot: Bot) -> None:
    bot.gh.open_pull(1, AUTH, head_sha=H2)
    assert bot.run(1, head_sha=H1) == "superseded"  # the PR's head moved on: its own job reviews it
    assert bot.gh.check_runs == []
    bot.gh.open_pull(2, AUTH, draft=True)
    assert bot.run(2) == "draft-skipped"
    assert bot.run(2, intent="manual") == "signoff_required"  # /guard recheck reviews a draft


def test_the_merge_group_passes_only_when_every_queued_pr_is_signed_off(bot: Bot) -> None:
    bot.gh.permissions["bob"] = "write"
    bot.gh.open_pull(1, AUTH)
    bot.gh.open_pull(2, {"README.md": ("a\n", "b\n")}, head_sha=H2)
    bot.gh.queue = [1, 2]
    bot.run(1)
    bot.run(2, head_sha=H2)

    def group() -> str:
        return bot.reviewer(Job(kind="merge_group", installation_id=1, owner="acme", repo="shop", number=2,
                                head_sha="9" * 40, base_ref="main", delivery="d", trigger="merge_group"))

    assert group() == "signoff_required"
    bot.say(1, "bob", "/guard signoff auth")
    assert group() == "pass"
