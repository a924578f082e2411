"""An in-memory GitHub behind the App's typed interface (bot.pull.Repo / bot.pull.Pull).

For fast tests of what the App decides (sign-offs, what it publishes, when it skips): no
HTTP, no githubkit. Whether the App speaks GitHub's protocol correctly is the GitHub
double's business (tests/github_double/, over HTTP); this fake trusts every write.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot import ghmodels as gm
from bot.fetch import computed_patch
from bot.pull import PRFile, PullInfo, RepoKeys, Texts, ThreadHead
from checks.markers import FINDING_RE

BOT = "constraint-guard[bot]"
APP_ID = 4242


@dataclass
class FakePR:
    number: int
    author: str
    head_sha: str
    base_ref: str
    base_sha: str
    files: dict[str, tuple[str | None, str | None]]  # path -> (base text, head text); None: absent
    draft: bool = False
    state: str = "open"
    comments: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    commits: list[dict[str, Any]] = field(default_factory=list)
    threads: list[dict[str, Any]] = field(default_factory=list)


class FakeGitHub:
    """One repository's pull requests, people, check runs and comments, in memory."""

    def __init__(self, owner: str = "acme", repo: str = "shop") -> None:
        self.owner, self.repo = owner, repo
        self.pulls: dict[int, FakePR] = {}
        self.permissions: dict[str, str] = {}
        self.teams: dict[tuple[str, str], set[str]] = {}
        self.base_files: dict[str, str] = {}  # the base branch: config, CODEOWNERS
        self.check_runs: list[dict[str, Any]] = []
        self.queue: list[int] = []
        self.reactions: list[tuple[int, str]] = []
        self._ids = itertools.count(1000)

    # -- building the world ---------------------------------------------------------------------------
    def open_pull(self, number: int, files: dict[str, tuple[str | None, str | None]], *, author: str = "alice",
                  head_sha: str = "1" * 40, draft: bool = False) -> FakePR:
        pr = FakePR(number, author, head_sha, "main", "0" * 40, dict(files), draft)
        self.pulls[number] = pr
        return pr

    def push(self, number: int, head_sha: str, files: dict[str, tuple[str | None, str | None]]) -> None:
        pr = self.pulls[number]
        pr.head_sha, pr.files = head_sha, dict(files)

    def say(self, number: int, login: str, body: str, user_type: str = "User") -> int:
        """A human's (or a bot's) comment; returns its id."""
        cid = next(self._ids)
        self.pulls[number].comments.append({"id": cid, "body": body, "user": {"login": login, "type": user_type},
                                            "performed_via_github_app": None})
        return cid

    def edit(self, number: int, comment_id: int, body: str) -> None:
        next(c for c in self.pulls[number].comments if c["id"] == comment_id)["body"] = body

    def latest_check(self, head_sha: str) -> dict[str, Any]:
        return max((r for r in self.check_runs if r["head_sha"] == head_sha), key=lambda r: r["id"])

    def own_comments(self, number: int) -> list[str]:
        return [c["body"] for c in self.pulls[number].comments if c["user"]["login"] == BOT]

    def repo_for(self, *_: Any) -> FakeRepo:
        return FakeRepo(self)


class FakeRepo(RepoKeys):
    """bot.pull.Repo over a FakeGitHub (the store keys are the App's own)."""

    def __init__(self, world: FakeGitHub) -> None:
        self.world = world
        self.owner, self.repo = world.owner, world.repo

    def pull(self, number: int) -> FakePull:
        return FakePull(self, number)

    def open_pulls(self, limit: int | None = None) -> Iterator[gm.Pull]:
        for pr in list(self.world.pulls.values())[:limit]:
            if pr.state == "open":
                yield gm.Pull.model_validate(_pull_json(pr))

    def check_runs(self, head_sha: str, name: str, app_id: int | None = None) -> list[gm.CheckRun]:
        return [gm.CheckRun.model_validate(r) for r in self.world.check_runs
                if r["head_sha"] == head_sha and r["name"] == name]

    def permission(self, login: str) -> gm.Permission | None:
        role = self.world.permissions.get(login)
        return None if role is None else gm.Permission(permission=role, role_name=role)

    def team_state(self, org: str, slug: str, login: str) -> str | None:
        return "active" if login in self.world.teams.get((org, slug), set()) else None

    def texts(self, rev: str, paths: Sequence[str], config_ref: str | None = None,
              problems: dict[str, str] | None = None) -> Texts:
        found: dict[str, str | None] = {}
        for pr in self.world.pulls.values():
            if rev in (pr.head_sha, pr.base_sha):
                side = 1 if rev == pr.head_sha else 0
                found.update({p: pr.files[p][side] for p in paths if p in pr.files})
        texts = {p: found.get(p, self.world.base_files.get(p)) for p in paths}
        configs: list[tuple[str, str]] = []
        if config_ref is not None:
            if (cfg := self.world.base_files.get(".github/constraint-guard.yml")) is not None:
                configs.append((f"{self.owner}/{self.repo}/.github/constraint-guard.yml at {config_ref}", cfg))
            if (owners := self.world.base_files.get(".github/CODEOWNERS")) is not None:
                configs.append(("CODEOWNERS", owners))
        return texts, configs

    def merge_queue(self, branch: str) -> list[int]:
        return list(self.world.queue)

    def create_check(self, body: dict[str, Any]) -> gm.CheckRun:
        run = {"id": next(self.world._ids), "annotations": [], "conclusion": None, **body}
        run["annotations"] = list((body.get("output") or {}).get("annotations") or [])
        self.world.check_runs.append(run)
        return gm.CheckRun.model_validate(run)

    def update_check(self, check_id: int, body: dict[str, Any]) -> None:
        run = next(r for r in self.world.check_runs if r["id"] == check_id)
        run["annotations"] += list((body.get("output") or {}).get("annotations") or [])
        run.update({k: v for k, v in body.items() if k != "output"})
        if "output" in body:
            run["output"] = {k: v for k, v in body["output"].items() if k != "annotations"}

    def create_comment(self, number: int, body: str) -> gm.IssueComment:
        comment = {"id": next(self.world._ids), "body": body, "user": {"login": BOT, "type": "Bot"},
                   "performed_via_github_app": {"id": APP_ID, "slug": "constraint-guard"}}
        self.world.pulls[number].comments.append(comment)
        return gm.IssueComment.model_validate(comment)

    def update_comment(self, comment_id: int, body: str) -> None:
        for pr in self.world.pulls.values():
            for c in pr.comments:
                if c["id"] == comment_id:
                    c["body"] = body

    def react(self, comment_id: int, content: str) -> None:
        self.world.reactions.append((comment_id, content))

    def resolve_thread(self, thread_id: str) -> None:
        for pr in self.world.pulls.values():
            for t in pr.threads:
                if t["id"] == thread_id:
                    t["resolved"] = True


class FakePull:
    """bot.pull.Pull over a FakeGitHub."""

    def __init__(self, repo: FakeRepo, number: int) -> None:
        self._repo = repo
        self.number = number
        self.pr = repo.world.pulls[number]

    @property
    def repo(self) -> FakeRepo:
        return self._repo

    @property
    def owner(self) -> str:
        return self._repo.owner

    @property
    def name(self) -> str:
        return self._repo.repo

    def info(self) -> PullInfo:
        p = self.pr
        return PullInfo(p.number, p.state, p.draft, p.head_sha, p.base_ref, p.base_sha, p.author,
                        f"{self.owner}/{self.name}", len(p.files))

    def files(self) -> list[PRFile]:
        out = []
        for path, (base, head) in self.pr.files.items():
            status = "added" if base is None else "removed" if head is None else "modified"
            patch = computed_patch(base, head)
            added = sum(1 for ln in patch.splitlines() if ln.startswith("+"))
            removed = sum(1 for ln in patch.splitlines() if ln.startswith("-"))
            out.append(PRFile(path, status, patch, None, added, removed, added + removed))
        return out

    def comments(self, fresh: bool = False) -> list[gm.IssueComment]:
        return [gm.IssueComment.model_validate(c) for c in self.pr.comments]

    def reviews(self) -> list[gm.Review]:
        return [gm.Review.model_validate(r) for r in self.pr.reviews]

    def commits(self) -> list[gm.Commit]:
        return [gm.Commit.model_validate(c) for c in self.pr.commits]

    def threads(self) -> list[ThreadHead]:
        mine = BOT.removesuffix("[bot]")  # GraphQL shows a bot's login without "[bot]"
        return [ThreadHead(t["id"], t["resolved"], t["body"], t["author"], t["author"]["login"] == mine)
                for t in self.pr.threads]

    def create_review(self, body: dict[str, Any]) -> None:
        for c in body.get("comments", []):
            self.create_review_comment(c)

    def create_review_comment(self, body: dict[str, Any]) -> None:
        marker = FINDING_RE.search(body["body"])
        self.pr.threads.append({"id": f"T{next(self._repo.world._ids)}", "resolved": False, "body": body["body"],
                                "author": {"__typename": "Bot", "login": BOT.removesuffix("[bot]")},
                                "path": body["path"], "line": body["line"],
                                "fingerprint": marker.group(1) if marker else None})

    def comment(self, body: str) -> gm.IssueComment:
        return self._repo.create_comment(self.number, body)


def _pull_json(pr: FakePR) -> dict[str, Any]:
    return {"number": pr.number, "state": pr.state, "draft": pr.draft, "user": {"login": pr.author},
            "head": {"ref": "feature", "sha": pr.head_sha}, "base": {"ref": pr.base_ref, "sha": pr.base_sha}}
