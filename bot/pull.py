"""One repository, and one pull request in it, as the App sees them on GitHub.

Like policy-bot's `pull.Context`: the client, owner, repo and number travel together, every
listing goes through the one paginator of bot/api.py, and the store keys the App keeps per
repository live here. Reads of a pull request's comments, reviews and commits are cached
for the life of the context (one job), so a review asks for each once.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

from githubkit.exception import GraphQLFailed, RequestFailed

from bot import ghmodels as gm
from bot.api import Api, UnexpectedResponse, dig

MAX_FILES = 3000  # GitHub lists at most 3,000 files of a pull request


@dataclass(frozen=True)
class PullInfo:
    """What a review needs to know about the pull request itself."""

    number: int
    state: str
    draft: bool
    head_sha: str
    base_ref: str
    base_sha: str
    author: str
    head_repo: str | None  # None: the fork was deleted
    changed_files: int = 0


@dataclass(frozen=True)
class PRFile:
    """One entry of the PR's file list."""

    path: str
    status: str
    patch: str | None
    previous_path: str | None
    additions: int
    deletions: int
    changes: int


def _status(exc: RequestFailed) -> int:
    return int(exc.response.status_code)


_QUEUE = """
query MergeQueue($owner: String!, $name: String!, $branch: String!) {
  repository(owner: $owner, name: $name) {
    mergeQueue(branch: $branch) { entries(first: 100) { nodes { position pullRequest { number } } } }
  }
}"""
_THREADS = """
query ReviewThreads($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes { id isResolved comments(first: 1) { nodes { body viewerDidAuthor author { __typename login } } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}"""
_RESOLVE = """
mutation ResolveThread($thread: ID!) { resolveReviewThread(input: {threadId: $thread}) { thread { id isResolved } } }"""


@dataclass(frozen=True)
class ThreadHead:
    """A review thread and its first comment (the one that carries our marker)."""

    id: str
    resolved: bool
    body: str
    author: dict[str, Any] | None
    by_viewer: bool = False  # GitHub's viewerDidAuthor: the token's own account (this App) wrote it


Texts = tuple[dict[str, "str | None"], list[tuple[str, str]]]


class Repo(Protocol):
    """What the App reads and writes in one repository (RepoContext; tests/fake_github.py)."""

    owner: str
    repo: str

    def pull(self, number: int) -> Pull: ...
    def check_key(self, head_sha: str, base_ref: str) -> str: ...
    def open_check_key(self, head_sha: str) -> str: ...
    def summary_key(self, number: int) -> str: ...
    def permission_key(self, login: str) -> str: ...
    def open_pulls(self, limit: int | None = None) -> Iterator[gm.Pull]: ...
    def check_runs(self, head_sha: str, name: str, app_id: int | None = None) -> list[gm.CheckRun]: ...
    def permission(self, login: str) -> gm.Permission | None: ...
    def team_state(self, org: str, slug: str, login: str) -> str | None: ...
    def texts(self, rev: str, paths: Sequence[str], config_ref: str | None = None,
              problems: dict[str, str] | None = None) -> Texts: ...
    def merge_queue(self, branch: str) -> list[int]: ...
    def create_check(self, body: dict[str, Any]) -> gm.CheckRun: ...
    def update_check(self, check_id: int, body: dict[str, Any]) -> None: ...
    def create_comment(self, number: int, body: str) -> gm.IssueComment: ...
    def update_comment(self, comment_id: int, body: str) -> None: ...
    def react(self, comment_id: int, content: str) -> None: ...
    def resolve_thread(self, thread_id: str) -> None: ...


class Pull(Protocol):
    """One pull request (PullContext; tests/fake_github.py)."""

    number: int

    @property
    def repo(self) -> Repo: ...
    @property
    def owner(self) -> str: ...
    @property
    def name(self) -> str: ...
    def info(self) -> PullInfo: ...
    def files(self) -> list[PRFile]: ...
    def comments(self, fresh: bool = False) -> list[gm.IssueComment]: ...
    def reviews(self) -> list[gm.Review]: ...
    def commits(self) -> list[gm.Commit]: ...
    def threads(self) -> list[ThreadHead]: ...
    def create_review(self, body: dict[str, Any]) -> None: ...
    def create_review_comment(self, body: dict[str, Any]) -> None: ...
    def comment(self, body: str) -> gm.IssueComment: ...


class RepoKeys:
    """The store keys the App keeps per repository (a cache; GitHub stays the truth)."""

    owner: str
    repo: str

    def check_key(self, head_sha: str, base_ref: str) -> str:
        return f"check:{self.owner}/{self.repo}:{head_sha}:{base_ref}"

    def open_check_key(self, head_sha: str) -> str:
        return f"open-check:{self.owner}/{self.repo}:{head_sha}"

    def summary_key(self, number: int) -> str:
        return f"summary:{self.owner}/{self.repo}#{number}"

    def permission_key(self, login: str) -> str:
        return f"perm:{self.owner}/{self.repo}:{login.lower()}"


class RepoContext(RepoKeys):
    """One repository through one installation's client."""

    def __init__(self, api: Api, owner: str, repo: str) -> None:
        self.api = api
        self.owner = owner
        self.repo = repo
        self.base = f"/repos/{quote(owner, safe='')}/{quote(repo, safe='')}"

    def pull(self, number: int) -> PullContext:
        return PullContext(self, number)

    # -- reads --------------------------------------------------------------------------------------
    def open_pulls(self, limit: int | None = None) -> Iterator[gm.Pull]:
        return self.api.pages(gm.Pull, f"{self.base}/pulls", limit=limit, state="open")

    def check_runs(self, head_sha: str, name: str, app_id: int | None = None) -> list[gm.CheckRun]:
        params: dict[str, Any] = {"check_name": name}
        if app_id is not None:
            params["app_id"] = app_id
        return list(self.api.pages(gm.CheckRun, f"{self.base}/commits/{head_sha}/check-runs", key="check_runs",
                                   **params))

    def permission(self, login: str) -> gm.Permission | None:
        """The person's permission on the repository; None when GitHub will not say (403/404)."""
        try:
            return self.api.get(gm.Permission, f"{self.base}/collaborators/{quote(login, safe='')}/permission")
        except RequestFailed as exc:
            if _status(exc) not in (403, 404):
                raise
            return None

    def team_state(self, org: str, slug: str, login: str) -> str | None:
        """"active" or "pending" membership of org/slug; None when not a member (or not visible)."""
        path = f"/orgs/{quote(org, safe='')}/teams/{quote(slug, safe='')}/memberships/{quote(login, safe='')}"
        try:
            return self.api.get(gm.Membership, path).state
        except RequestFailed as exc:
            if _status(exc) not in (403, 404):
                raise
            return None

    def blob(self, oid: str) -> bytes:
        """A git blob's bytes by its id (REST serves up to 100 MB; GraphQL stops at 512,000 bytes)."""
        blob = self.api.get(gm.Blob, f"{self.base}/git/blobs/{oid}")
        if blob.encoding != "base64":
            raise UnexpectedResponse(f"GitHub sent blob {oid} as {blob.encoding!r}, not base64")
        try:
            return base64.b64decode(blob.content)
        except (binascii.Error, ValueError):
            raise UnexpectedResponse(f"GitHub's blob {oid} is not valid base64") from None

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return self.api.graphql(query, variables)

    def texts(self, rev: str, paths: Sequence[str], config_ref: str | None = None,
              problems: dict[str, str] | None = None) -> Texts:
        """Texts of `paths` at `rev` (and the base config and CODEOWNERS with `config_ref`)."""
        from bot.fetch import fetch_texts  # fetch builds on this module

        return fetch_texts(self, rev, paths, config_ref, problems)

    def merge_queue(self, branch: str) -> list[int]:
        """Numbers of the PRs queued to merge into `branch`, in queue order (none: no queue)."""
        try:
            data = self.graphql(_QUEUE, {"owner": self.owner, "name": self.repo, "branch": branch})
        except GraphQLFailed:
            return []
        if not (data.get("repository") or {}).get("mergeQueue"):
            return []
        nodes = dig(data, "repository", "mergeQueue", "entries", "nodes")
        return [int(n["pullRequest"]["number"]) for n in sorted(nodes, key=lambda n: n["position"])
                if n.get("pullRequest")]

    # -- writes -------------------------------------------------------------------------------------
    def create_check(self, body: dict[str, Any]) -> gm.CheckRun:
        return self.api.post_model(gm.CheckRun, f"{self.base}/check-runs", body)

    def update_check(self, check_id: int, body: dict[str, Any]) -> None:
        self.api.patch(f"{self.base}/check-runs/{check_id}", body)

    def create_comment(self, number: int, body: str) -> gm.IssueComment:
        return self.api.post_model(gm.IssueComment, f"{self.base}/issues/{number}/comments", {"body": body})

    def update_comment(self, comment_id: int, body: str) -> None:
        self.api.patch(f"{self.base}/issues/comments/{comment_id}", {"body": body})

    def react(self, comment_id: int, content: str) -> None:
        self.api.post(f"{self.base}/issues/comments/{comment_id}/reactions", {"content": content})

    def resolve_thread(self, thread_id: str) -> None:
        self.api.graphql(_RESOLVE, {"thread": thread_id})


class PullContext:
    """One pull request: its facts, files, comments, reviews, commits and threads."""

    def __init__(self, repo: RepoContext, number: int) -> None:
        self.repo: RepoContext = repo
        self.number = number
        self.path = f"{repo.base}/pulls/{number}"
        self._comments: list[gm.IssueComment] | None = None
        self._reviews: list[gm.Review] | None = None
        self._commits: list[gm.Commit] | None = None

    @property
    def owner(self) -> str:
        return self.repo.owner

    @property
    def name(self) -> str:
        return self.repo.repo

    def info(self) -> PullInfo:
        pr = self.repo.api.get(gm.Pull, self.path)
        return PullInfo(
            number=pr.number, state=pr.state, draft=bool(pr.draft), head_sha=pr.head.sha, base_ref=pr.base.ref,
            base_sha=pr.base.sha, author=pr.user.login if pr.user else "",
            head_repo=pr.head.repo.full_name if pr.head.repo is not None else None,
            changed_files=int(pr.changed_files or 0),
        )

    def files(self) -> list[PRFile]:
        """All files of the PR, page by page, up to GitHub's 3,000."""
        return [PRFile(f.filename, f.status, f.patch or None, f.previous_filename or None,
                       f.additions, f.deletions, f.changes)
                for f in self.repo.api.pages(gm.PullFile, f"{self.path}/files", limit=MAX_FILES)]

    def comments(self, fresh: bool = False) -> list[gm.IssueComment]:
        """Every issue comment, oldest first (one listing serves summary, acks and replies)."""
        if self._comments is None or fresh:
            self._comments = list(self.repo.api.pages(gm.IssueComment,
                                                      f"{self.repo.base}/issues/{self.number}/comments"))
        return self._comments

    def reviews(self) -> list[gm.Review]:
        if self._reviews is None:
            self._reviews = list(self.repo.api.pages(gm.Review, f"{self.path}/reviews"))
        return self._reviews

    def commits(self) -> list[gm.Commit]:
        """The PR's commits, oldest first (GitHub lists at most 250)."""
        if self._commits is None:
            self._commits = list(self.repo.api.pages(gm.Commit, f"{self.path}/commits"))
        return self._commits

    def threads(self) -> list[ThreadHead]:
        """Every review thread with its first comment, page by page."""
        found: list[ThreadHead] = []
        after: str | None = None
        while True:
            data = self.repo.graphql(_THREADS, {"owner": self.owner, "name": self.name, "number": self.number,
                                                "after": after})
            conn = dig(data, "repository", "pullRequest", "reviewThreads")
            for node in dig(conn, "nodes"):
                first = dig(node, "comments", "nodes")
                if first:
                    found.append(ThreadHead(str(dig(node, "id")), bool(node.get("isResolved")),
                                            str(first[0].get("body") or ""), first[0].get("author"),
                                            first[0].get("viewerDidAuthor") is True))
            if not dig(conn, "pageInfo", "hasNextPage"):
                return found
            after = dig(conn, "pageInfo", "endCursor")

    def create_review(self, body: dict[str, Any]) -> None:
        self.repo.api.post(f"{self.path}/reviews", body)

    def create_review_comment(self, body: dict[str, Any]) -> None:
        self.repo.api.post(f"{self.path}/comments", body)

    def comment(self, body: str) -> gm.IssueComment:
        created = self.repo.create_comment(self.number, body)
        if self._comments is not None:
            self._comments.append(created)
        return created
