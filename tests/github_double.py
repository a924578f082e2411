"""A local, in-memory GitHub for end-to-end tests.

``GitHubDouble`` is a real HTTP server on 127.0.0.1 (uvicorn in a background thread) that
speaks the REST and GraphQL subset Constraint Guard uses, answers with GitHub-shaped JSON
(githubkit parses it into its pydantic models, so a wrong shape fails a test), checks
credentials the way GitHub does (JWT for ``/app`` endpoints, installation tokens elsewhere),
records every call and every write, and injects faults on demand.

Typical use::

    with GitHubDouble(app_id=1, app_public_key=pem) as gh:
        gh.add_installation(7, "acme")
        repo = gh.add_repo("acme", "shop")
        gh.add_pull(repo, 1, head_sha="a" * 40, head_ref="feat", files={
            "app.py": FileSpec(status="modified", base="a\\n", head="a\\nb\\n"),
        })
        ...  # point the bot at gh.url
        assert gh.check_runs(repo)[0]["conclusion"] == "success"

Everything a test sets up or reads goes through the helpers below; state is guarded by one
lock, so helpers may be called from the test thread while the server runs.

People, reviews, base branches and merge queues (test-side helpers, no HTTP):

* ``add_review(repo, n, user, state="APPROVED"|"COMMENTED"|"CHANGES_REQUESTED", body="",
  commit_id=None) -> dict`` (the review JSON; served by ``GET .../pulls/{n}/reviews`` and
  ``GET .../pulls/{n}/reviews/{id}``), ``dismiss_review(repo, n, review_id)`` (-> DISMISSED),
  ``edit_review_body(repo, n, review_id, body)``.
* ``add_issue_comment(repo, n, user, body, user_type=None|"User"|"Bot")``,
  ``edit_issue_comment(comment_id, body)`` (body + a strictly later ``updated_at``),
  ``delete_issue_comment(comment_id)``: a user editing or deleting e.g. their sign-off.
* ``retarget(repo, n, new_base_ref, files=None)``: base.ref/base.sha move (branch created if
  missing). ``set_file(repo, "<branch>", path, text)`` is what ``GET /contents?ref=<branch>`` and
  GraphQL ``object(expression: "<branch>:<path>")`` then read.
* ``add_merge_group(repo, head_sha, base_ref, pull_numbers) -> dict`` (a merge-group commit that
  check runs can target, plus the branch's queue for GraphQL ``repository { mergeQueue(branch:)
  { entries(first:) { nodes { position state headCommit { oid } baseCommit { oid }
  pullRequest { number headRefOid } } } } }`` and ``PullRequest.mergeQueueEntry`` /
  ``isInMergeQueue``), ``merge_queue(repo, base_ref)``, ``remove_from_merge_queue(repo, base_ref,
  n)``, ``merge_group_payload(repo, head_sha, base_ref, last_pr_number, installation_id,
  action="checks_requested")`` (the body of a ``merge_group`` webhook to send).
* ``set_permission`` / ``remove_permission(repo, login)`` (permission API: ``permission``
  admin/write/read/none with maintain->write and triage->read, ``role_name`` the role itself);
  ``add_team`` / ``remove_team_member(org, slug, login)`` (membership API: 200 active|pending, or 404).
* ``push(..., author="mallory")`` and ``add_commit_author(..., committer=, author_linked=,
  committer_linked=)`` shape ``GET .../pulls/{n}/commits`` (``author``/``committer`` user or null).
* ``calls_by(method, path_regex) -> int`` counts calls (``calls_count`` matches a path prefix).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import dataclasses
import difflib
import hashlib
import itertools
import json
import re
import secrets
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

import uvicorn
from starlette.requests import Request
from starlette.responses import Response

WEB = "https://github.com"
DOCS = "https://docs.github.com/rest"
API_VERSION = "2022-11-28"
GITHUB_CACHE_CONTROL = "private, max-age=60, s-maxage=60"
ROLE_TO_PERMISSION = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read", "read": "read"}
REACTIONS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes")
DEFAULT_PERMISSIONS = {
    "checks": "write",
    "contents": "read",
    "issues": "write",
    "pull_requests": "write",
    "metadata": "read",
    "members": "read",
}
MAX_PR_FILES = 3000

_MISSING: Any = object()


# --------------------------------------------------------------------------- helpers


def iso(dt: datetime | None = None) -> str:
    """ISO 8601 with a Z, seconds precision, as GitHub writes timestamps."""
    return (dt or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _later(stamp: str) -> str:
    """Now, or one second after ``stamp`` if now would not be strictly later (seconds precision)."""
    prev = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC).replace(microsecond=0)
    return iso(max(now, prev + timedelta(seconds=1)))


def blob_sha(data: bytes) -> str:
    """The git blob id of ``data`` (what GitHub reports as a file's ``sha``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def fake_sha(*parts: object) -> str:
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()


def _node_id(prefix: str, n: int) -> str:
    return prefix + "_kwDO" + base64.urlsafe_b64encode(struct.pack(">Q", n)).decode().rstrip("=")


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode() if isinstance(content, str) else content


def _as_text(content: bytes) -> str | None:
    if b"\0" in content:
        return None
    try:
        return content.decode()
    except UnicodeDecodeError:
        return None


def make_patch(base: str | bytes | None, head: str | bytes | None, context: int = 3) -> str | None:
    """A GitHub-style ``patch`` (hunks only, no ---/+++ header) between two contents.

    Returns None for binary content, as GitHub omits ``patch`` then.
    """
    old = _as_text(_as_bytes(base)) if base is not None else ""
    new = _as_text(_as_bytes(head)) if head is not None else ""
    if old is None or new is None:
        return None
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=context))
    return "\n".join(lines[2:]) if lines else ""


# --------------------------------------------------------------------------- diff model


_HUNK_RE = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclasses.dataclass
class DiffLine:
    position: int  # GitHub's legacy "position": lines below the first @@ header
    kind: str  # "+", "-", " "
    old: int | None
    new: int | None
    hunk: int


def parse_patch(patch: str) -> list[DiffLine]:
    """Every commentable line of a GitHub ``patch`` with its old/new line numbers."""
    out: list[DiffLine] = []
    old = new = 0
    hunk = -1
    for position, raw in enumerate(patch.split("\n")):
        m = _HUNK_RE.match(raw)
        if m:
            hunk += 1
            old, new = int(m.group(1)), int(m.group(3))
            continue
        if hunk < 0 or raw.startswith("\\"):
            continue
        kind = raw[:1] or " "
        if kind == "+":
            out.append(DiffLine(position, "+", None, new, hunk))
            new += 1
        elif kind == "-":
            out.append(DiffLine(position, "-", old, None, hunk))
            old += 1
        else:
            out.append(DiffLine(position, " ", old, new, hunk))
            old += 1
            new += 1
    return out


def diff_hunk_for(patch: str, position: int) -> str:
    """GitHub's ``diff_hunk`` of a review comment: its hunk header through the commented line."""
    lines = patch.split("\n")
    start = max(i for i in range(position + 1) if lines[i].startswith("@@"))
    return "\n".join(lines[start : position + 1])


@dataclasses.dataclass
class FileSpec:
    """One file of a pull request.

    ``head``/``base`` are the contents at the head and base commits (None where the file
    does not exist). ``patch`` defaults to a diff computed from them; pass ``patch=None`` to
    emulate GitHub omitting it (large or binary files) or a string to give it verbatim.
    """

    status: str = "modified"
    head: str | bytes | None = None
    base: str | bytes | None = None
    patch: str | None = _MISSING
    previous_filename: str | None = None

    def __post_init__(self) -> None:
        if self.status not in {"added", "removed", "modified", "renamed", "copied", "changed", "unchanged"}:
            raise ValueError(f"bad status {self.status!r}")
        if self.patch is _MISSING:
            self.patch = make_patch(self.base, self.head)

    def counts(self) -> tuple[int, int]:
        if self.patch is not None:
            lines = parse_patch(self.patch)
            return sum(d.kind == "+" for d in lines), sum(d.kind == "-" for d in lines)
        full = make_patch(self.base, self.head)
        if full is None:
            return 0, 0
        lines = parse_patch(full)
        return sum(d.kind == "+" for d in lines), sum(d.kind == "-" for d in lines)


def _filespec(value: FileSpec | dict[str, Any]) -> FileSpec:
    return value if isinstance(value, FileSpec) else FileSpec(**value)


# --------------------------------------------------------------------------- state


@dataclasses.dataclass
class User:
    login: str
    id: int
    type: str = "User"  # "User" | "Bot" | "Organization"
    site_admin: bool = False


@dataclasses.dataclass
class Repo:
    owner: str
    name: str
    id: int
    default_branch: str
    private: bool
    branches: dict[str, str]  # branch -> tip sha
    created_at: str

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclasses.dataclass
class Tree:
    parent: str | None
    files: dict[str, bytes | None]  # None = deleted relative to parent


@dataclasses.dataclass
class PullVersion:
    head_sha: str
    files: dict[str, FileSpec]


@dataclasses.dataclass
class Pull:
    repo: Repo
    number: int
    id: int
    title: str
    body: str | None
    author: str
    head_ref: str
    base_ref: str
    base_sha: str
    state: str
    draft: bool
    versions: list[PullVersion]
    commits: list[dict[str, Any]]
    created_at: str
    updated_at: str

    @property
    def head_sha(self) -> str:
        return self.versions[-1].head_sha

    @property
    def files(self) -> dict[str, FileSpec]:
        return self.versions[-1].files

    def version(self, sha: str) -> PullVersion | None:
        return next((v for v in self.versions if v.head_sha == sha), None)


@dataclasses.dataclass
class Installation:
    id: int
    account: str
    repositories: list[str] | None  # None = all repositories of the account
    permissions: dict[str, str]
    events: list[str]
    suspended: bool = False


@dataclasses.dataclass
class Token:
    token: str
    kind: str  # "installation" | "user"
    expires_at: float
    installation_id: int | None = None
    login: str | None = None


@dataclasses.dataclass
class Thread:
    id: str
    repo: str
    number: int
    comment_ids: list[int]
    is_resolved: bool = False
    resolved_by: str | None = None


@dataclasses.dataclass
class Fault:
    """One queued fault; see ``GitHubDouble.fail``."""

    method: str
    pattern: re.Pattern[str]
    status: int | None
    times: int
    headers: dict[str, str]
    body: Any
    delay: float | None
    reset: bool
    skip: int
    when: Callable[[Any], bool] | None
    hits: int = 0

    def matches(self, method: str, path: str, body: Any) -> bool:
        if self.times <= 0 or (self.method != "*" and self.method != method):
            return False
        if not self.pattern.search(path):
            return False
        if self.when is not None:
            try:
                if not self.when(body):
                    return False
            except Exception:
                return False
        return True


class HTTPError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[Any] | None = None,
        doc: str = DOCS,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"message": message, "documentation_url": doc}
        if errors is not None:
            self.body["errors"] = errors
        if status >= 400:
            self.body["status"] = str(status)
        self.headers = headers or {}


def not_found() -> HTTPError:
    return HTTPError(404, "Not Found")


def unprocessable(*errors: Any, message: str = "Unprocessable Entity", doc: str = DOCS) -> HTTPError:
    return HTTPError(422, message, errors=list(errors), doc=doc)


_ROUTES: list[tuple[str, re.Pattern[str], str, str, tuple[str, str] | None]] = []


def route(method: str, pattern: str, auth: str = "token", perm: tuple[str, str] | None = None) -> Callable[..., Any]:
    """Register a REST handler. ``auth`` is "token" (installation/user token), "jwt" or "none"."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        rx = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")
        if pattern.endswith("{path+}"):
            rx = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern[:-7]) + r"(?P<path>.+)$")
        _ROUTES.append((method, rx, fn.__name__, auth, perm))
        return fn

    return deco


# --------------------------------------------------------------------------- the double


class GitHubDouble:
    """In-memory GitHub + the HTTP server that exposes it. See module docstring."""

    def __init__(
        self,
        *,
        app_id: int = 1,
        app_slug: str = "constraint-guard",
        app_public_key: str | bytes | None = None,
        token_ttl: float = 3600.0,
        cache_control: str | None = GITHUB_CACHE_CONTROL,
        rate_limit: int = 5000,
    ) -> None:
        self.app_id = app_id
        self.app_slug = app_slug
        self.app_public_key = app_public_key
        self.token_ttl = token_ttl
        self.cache_control = cache_control
        self._lock = threading.RLock()
        self._ids = itertools.count(1001)
        self._started_at = iso()
        # state
        self.users: dict[str, User] = {}
        self.repos: dict[str, Repo] = {}
        self.trees: dict[str, Tree] = {}
        self.pulls: dict[tuple[str, int], Pull] = {}
        self.installations: dict[int, Installation] = {}
        self.tokens: dict[str, Token] = {}
        self.permissions: dict[tuple[str, str], str] = {}
        self.teams: dict[tuple[str, str], dict[str, str]] = {}  # (org, slug) -> login -> role
        self.team_pending: set[tuple[str, str, str]] = set()
        self.org_members: dict[str, set[str]] = {}
        self._check_runs: dict[int, dict[str, Any]] = {}
        self._annotations: dict[int, list[dict[str, Any]]] = {}
        self._check_repo: dict[int, str] = {}
        self._issue_comments: dict[int, dict[str, Any]] = {}
        self._issue_comment_loc: dict[int, tuple[str, int]] = {}
        self._review_comments: dict[int, dict[str, Any]] = {}
        self._review_comment_loc: dict[int, tuple[str, int]] = {}
        self._reviews: dict[int, dict[str, Any]] = {}
        self._review_loc: dict[int, tuple[str, int]] = {}
        self._threads: dict[str, Thread] = {}
        self._reactions: dict[int, list[dict[str, Any]]] = {}
        self._deliveries: list[dict[str, Any]] = []
        self.merge_queues: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (repo, base branch) -> entries
        self._merge_groups: dict[tuple[str, str], dict[str, Any]] = {}  # (repo, merge-group head sha) -> group
        # observation
        self.calls: list[dict[str, Any]] = []
        self.writes: list[dict[str, Any]] = []
        self.token_mints: list[dict[str, Any]] = []
        self.redeliveries: list[dict[str, Any]] = []
        self.redeliver_hook: Callable[[dict[str, Any]], None] | None = None
        self.faults: list[Fault] = []
        self.internal_errors: list[BaseException] = []
        self.rate = {
            "core": {"limit": rate_limit, "used": 0, "reset": int(time.time()) + 3600},
            "graphql": {"limit": rate_limit, "used": 0, "reset": int(time.time()) + 3600},
        }
        self.bot_login = f"{app_slug}[bot]"
        self._app_owner = self._ensure_user(f"{app_slug}-dev", "Organization")
        self._ensure_user(self.bot_login, "Bot")
        # server
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._handlers = {name: getattr(self, name) for _, _, name, _, _ in _ROUTES}

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """Base URL to use as GITHUB_API_URL (GraphQL is POST {url}/graphql)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> GitHubDouble:
        """Serve in a background thread; returns once the socket accepts connections."""
        if self._thread is not None:
            return self
        config = uvicorn.Config(
            self.app,
            log_level="error",
            lifespan="off",
            ws="none",
            http="h11",
            interface="asgi3",
            proxy_headers=False,
            access_log=False,
            timeout_graceful_shutdown=1,
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name="github-double", daemon=True
        )
        self._thread.start()
        deadline = time.time() + 10
        while not self._server.started:
            if time.time() > deadline or not self._thread.is_alive():
                raise RuntimeError("GitHub double failed to start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop the server and release the port."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(10)
            if self._thread.is_alive():
                self._server.force_exit = True
                self._thread.join(5)
        self._server = None
        self._thread = None
        self._sock.close()

    def __enter__(self) -> GitHubDouble:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ setup helpers

    def _ensure_user(self, login: str, type: str = "User") -> User:
        with self._lock:
            if login not in self.users:
                self.users[login] = User(login, next(self._ids), type)
            return self.users[login]

    def add_user(self, login: str, type: str = "User", site_admin: bool = False) -> User:
        """Create (or retype) a user: type "User", "Bot" or "Organization"."""
        with self._lock:
            user = self._ensure_user(login, type)
            user.type = type
            user.site_admin = site_admin
            return user

    def add_repo(self, owner: str, name: str, default_branch: str = "main", private: bool = False) -> Repo:
        """Create a repository (its owner becomes an Organization unless already a user)."""
        with self._lock:
            self._ensure_user(owner, "Organization")
            full = f"{owner}/{name}"
            if full in self.repos:
                return self.repos[full]
            tip = fake_sha(full, default_branch, "root")
            self.trees.setdefault(tip, Tree(None, {}))
            repo = Repo(owner, name, next(self._ids), default_branch, private, {default_branch: tip}, iso())
            self.repos[full] = repo
            return repo

    def add_installation(
        self,
        id: int,
        account: str,
        *,
        repositories: list[str] | None = None,
        permissions: dict[str, str] | None = None,
        events: list[str] | None = None,
    ) -> Installation:
        """Install the App on ``account`` (all its repos, or only ``repositories`` names)."""
        with self._lock:
            self._ensure_user(account, "Organization")
            inst = Installation(
                id,
                account,
                repositories,
                dict(permissions or DEFAULT_PERMISSIONS),
                list(events or ["check_run", "issue_comment", "pull_request", "pull_request_review"]),
            )
            self.installations[id] = inst
            return inst

    def _repo(self, repo: Repo | str) -> Repo:
        full = repo.full_name if isinstance(repo, Repo) else repo
        if full not in self.repos:
            raise KeyError(f"unknown repo {full}")
        return self.repos[full]

    def _resolve(self, repo: Repo, ref: str | None) -> str | None:
        ref = ref or repo.default_branch
        for prefix in ("refs/heads/", "heads/"):
            if ref.startswith(prefix):
                ref = ref[len(prefix) :]
        if ref in repo.branches:
            return repo.branches[ref]
        if ref in self.trees:
            return ref
        if re.fullmatch(r"[0-9a-f]{7,39}", ref):
            return next((s for s in self.trees if s.startswith(ref)), None)
        return None

    def _lookup(self, sha: str | None, path: str) -> bytes | None:
        seen = 0
        while sha is not None and sha in self.trees and seen < 10000:
            tree = self.trees[sha]
            if path in tree.files:
                return tree.files[path]
            sha = tree.parent
            seen += 1
        return None

    def set_file(self, repo: Repo | str, ref_or_sha: str, path: str, text: str | bytes | None) -> None:
        """Set (or with None delete) a file at a branch or commit; unknown branches are created."""
        with self._lock:
            r = self._repo(repo)
            sha = self._resolve(r, ref_or_sha)
            if sha is None:
                if re.fullmatch(r"[0-9a-f]{40}", ref_or_sha):
                    sha = ref_or_sha
                    self.trees[sha] = Tree(r.branches[r.default_branch], {})
                else:
                    sha = fake_sha(r.full_name, ref_or_sha, "root")
                    r.branches[ref_or_sha] = sha
                    self.trees.setdefault(sha, Tree(None, {}))
            self.trees[sha].files[path.lstrip("/")] = None if text is None else _as_bytes(text)

    def remove_file(self, repo: Repo | str, ref_or_sha: str, path: str) -> None:
        """Make a file vanish (the contents API then answers 404)."""
        self.set_file(repo, ref_or_sha, path, None)

    def _apply_version(self, repo: Repo, head_sha: str, parent: str, files: dict[str, FileSpec]) -> None:
        tree = Tree(parent, {})
        for path, spec in files.items():
            if spec.previous_filename and spec.status == "renamed":
                tree.files[spec.previous_filename] = None
            tree.files[path] = None if spec.status == "removed" or spec.head is None else _as_bytes(spec.head)
        self.trees[head_sha] = tree

    def add_pull(
        self,
        repo: Repo | str,
        number: int,
        *,
        head_sha: str,
        head_ref: str = "feature",
        base_ref: str | None = None,
        author: str = "alice",
        draft: bool = False,
        state: str = "open",
        title: str | None = None,
        body: str | None = None,
        files: dict[str, FileSpec | dict[str, Any]] | None = None,
    ) -> Pull:
        """Open a pull request. File ``base`` contents are written to the base branch."""
        with self._lock:
            r = self._repo(repo)
            self._ensure_user(author)
            base_ref = base_ref or r.default_branch
            if base_ref not in r.branches:
                r.branches[base_ref] = fake_sha(r.full_name, base_ref, "root")
                self.trees.setdefault(r.branches[base_ref], Tree(None, {}))
            base_sha = r.branches[base_ref]
            specs = {p: _filespec(s) for p, s in (files or {}).items()}
            for path, spec in specs.items():
                old_path = spec.previous_filename or path
                if spec.base is not None and spec.status != "added":
                    self.trees[base_sha].files[old_path] = _as_bytes(spec.base)
            self._apply_version(r, head_sha, base_sha, specs)
            stamp = iso()
            pull = Pull(
                r,
                number,
                next(self._ids),
                title or f"Pull request {number}",
                body,
                author,
                head_ref,
                base_ref,
                base_sha,
                state,
                draft,
                [PullVersion(head_sha, specs)],
                [],
                stamp,
                stamp,
            )
            pull.commits.append(self._commit_json(r, head_sha, author, author, f"Commit {head_sha[:7]}", base_sha))
            self.pulls[(r.full_name, number)] = pull
            return pull

    def _pull(self, repo: Repo | str, number: int) -> Pull:
        full = repo.full_name if isinstance(repo, Repo) else repo
        pull = self.pulls.get((full, int(number)))
        if pull is None:
            raise KeyError(f"unknown pull {full}#{number}")
        return pull

    def push(
        self,
        repo: Repo | str,
        number: int,
        new_head_sha: str,
        files: dict[str, FileSpec | dict[str, Any]] | None = None,
        *,
        author: str | None = None,
    ) -> Pull:
        """Emulate a synchronize: new head sha, new file list (default: the previous one)."""
        with self._lock:
            pull = self._pull(repo, number)
            specs = {p: _filespec(s) for p, s in files.items()} if files is not None else dict(pull.files)
            self._apply_version(pull.repo, new_head_sha, pull.base_sha, specs)
            parent = pull.head_sha
            pull.versions.append(PullVersion(new_head_sha, specs))
            pull.updated_at = iso()
            login = author or pull.author
            pull.commits.append(self._commit_json(pull.repo, new_head_sha, login, login, "Push", parent))
            return pull

    def add_commit_author(
        self, repo: Repo | str, number: int, login: str, *, committer: str | None = None, sha: str | None = None,
        author_linked: bool = True, committer_linked: bool = True,
    ) -> dict[str, Any]:
        """Append a commit to the PR's commit list authored by ``login``.

        ``author_linked=False`` / ``committer_linked=False``: that identity is a bare git
        name/email no GitHub account claims, so the API's ``author`` / ``committer`` is null.
        """
        with self._lock:
            pull = self._pull(repo, number)
            sha = sha or fake_sha(pull.repo.full_name, number, login, len(pull.commits))
            parent = pull.commits[-1]["sha"] if pull.commits else pull.base_sha
            commit = self._commit_json(
                pull.repo, sha, login, committer or login, f"Work by {login}", parent,
                author_linked=author_linked, committer_linked=committer_linked,
            )
            pull.commits.append(commit)
            return commit

    def retarget(
        self, repo: Repo | str, number: int, new_base_ref: str,
        files: dict[str, FileSpec | dict[str, Any]] | None = None,
    ) -> Pull:
        """Change the PR's base branch (base.ref, base.sha = that branch's tip); a missing branch is created.

        The head commit is unchanged. ``files`` optionally replaces the PR's current file list
        (the diff against the new base): their ``base`` contents are written to the new base
        branch and the head tree is rebuilt on top of it, as ``add_pull`` does. The test then
        sends ``pull_request`` ``edited`` with ``changes: {"base": {"ref": {"from": old_ref},
        "sha": {"from": old_sha}}}``, as GitHub does.
        """
        with self._lock:
            pull = self._pull(repo, number)
            r = pull.repo
            ref = new_base_ref.removeprefix("refs/heads/")
            if ref not in r.branches:
                r.branches[ref] = fake_sha(r.full_name, ref, "root")
                self.trees.setdefault(r.branches[ref], Tree(None, {}))
            pull.base_ref = ref
            pull.base_sha = r.branches[ref]
            if files is not None:
                specs = {p: _filespec(s) for p, s in files.items()}
                for path, spec in specs.items():
                    if spec.base is not None and spec.status != "added":
                        self.trees[pull.base_sha].files[spec.previous_filename or path] = _as_bytes(spec.base)
                self._apply_version(r, pull.head_sha, pull.base_sha, specs)
                pull.versions[-1] = PullVersion(pull.head_sha, specs)
            pull.updated_at = _later(pull.updated_at)
            return pull

    def set_permission(self, repo: Repo | str, login: str, role: str) -> None:
        """Give ``login`` a role on the repo: admin/maintain/write/triage/read/none."""
        if role not in {*ROLE_TO_PERMISSION, "none"}:
            raise ValueError(role)
        with self._lock:
            self._ensure_user(login)
            self.permissions[(self._repo(repo).full_name, login)] = role

    def remove_permission(self, repo: Repo | str, login: str) -> None:
        """Take ``login``'s access away: the permission API then answers ``none``."""
        self.set_permission(repo, login, "none")

    def add_team(
        self, org: str, slug: str, members: Iterable[str] = (), maintainers: Iterable[str] = (),
        pending: Iterable[str] = (),
    ) -> None:
        """Create a team; ``pending`` users are invited but not yet active."""
        with self._lock:
            self._ensure_user(org, "Organization")
            team = self.teams.setdefault((org, slug), {})
            for login in members:
                self._ensure_user(login)
                team[login] = "member"
            for login in maintainers:
                self._ensure_user(login)
                team[login] = "maintainer"
            for login in pending:
                self._ensure_user(login)
                team[login] = "member"
                self.team_pending.add((org, slug, login))

    def remove_team_member(self, org: str, slug: str, login: str) -> None:
        """Drop ``login`` from a team (active or pending); the membership API then answers 404."""
        with self._lock:
            self.teams.get((org, slug), {}).pop(login, None)
            self.team_pending.discard((org, slug, login))

    def add_org_member(self, org: str, login: str) -> None:
        with self._lock:
            self._ensure_user(login)
            self.org_members.setdefault(org, set()).add(login)

    def add_issue_comment(
        self, repo: Repo | str, number: int, user: str, body: str, user_type: str | None = None
    ) -> dict[str, Any]:
        """A comment written by a human (or any ``user``) without going through HTTP.

        ``user_type`` ("User" | "Bot") sets the account's type (default: leave an existing
        account as it is; new accounts are Users).
        """
        if user_type not in (None, "User", "Bot"):
            raise ValueError(f"bad user_type {user_type!r}")
        with self._lock:
            pull = self._pull(repo, number)
            if user_type is not None:
                self._ensure_user(user, user_type).type = user_type
            return self._create_issue_comment(pull, user, body, via_app=False)

    def edit_issue_comment(self, comment_id: int, body: str) -> dict[str, Any]:
        """Emulate the comment's author editing it: new body, ``updated_at`` moves forward
        (strictly later than before, even within the same second)."""
        with self._lock:
            c = self._issue_comments.get(comment_id)
            if c is None:
                raise KeyError(f"unknown issue comment {comment_id}")
            c["body"] = body
            c["updated_at"] = _later(c["updated_at"])
            return copy.deepcopy(c)

    def delete_issue_comment(self, comment_id: int) -> None:
        """Emulate the comment's author deleting it (the API then answers 404 for it)."""
        with self._lock:
            if comment_id not in self._issue_comments:
                raise KeyError(f"unknown issue comment {comment_id}")
            del self._issue_comments[comment_id]
            del self._issue_comment_loc[comment_id]
            self._reactions.pop(comment_id, None)

    def add_review(
        self, repo: Repo | str, number: int, user: str, state: str = "APPROVED", body: str = "",
        commit_id: str | None = None,
    ) -> dict[str, Any]:
        """A submitted review by ``user`` (the JSON GitHub returns for it).

        ``state``: APPROVED | COMMENTED | CHANGES_REQUESTED; ``commit_id`` defaults to the current
        head and must be one of the PR's heads. Like GitHub, the PR's author cannot approve or
        request changes (ValueError).
        """
        if state not in ("APPROVED", "COMMENTED", "CHANGES_REQUESTED"):
            raise ValueError(f"bad review state {state!r}")
        with self._lock:
            pull = self._pull(repo, number)
            commit_id = commit_id or pull.head_sha
            if pull.version(commit_id) is None:
                raise ValueError(f"No commit found for SHA: {commit_id}")
            if state != "COMMENTED" and user == pull.author:
                raise ValueError("Review Can not approve/request changes on your own pull request")
            self._ensure_user(user)
            return copy.deepcopy(self._create_review_record(pull, user, commit_id, state, body))

    def _review(self, repo: Repo | str, number: int, review_id: int) -> dict[str, Any]:
        full = self._repo(repo).full_name
        if self._review_loc.get(review_id) != (full, int(number)):
            raise KeyError(f"unknown review {review_id} on {full}#{number}")
        return self._reviews[review_id]

    def dismiss_review(self, repo: Repo | str, number: int, review_id: int) -> dict[str, Any]:
        """Dismiss a review (state DISMISSED). Like GitHub, only APPROVED / CHANGES_REQUESTED
        reviews can be dismissed (ValueError otherwise)."""
        with self._lock:
            review = self._review(repo, number, review_id)
            if review["state"] not in ("APPROVED", "CHANGES_REQUESTED"):
                raise ValueError(f"Can not dismiss a {review['state'].lower()} pull request review")
            review["state"] = "DISMISSED"
            return copy.deepcopy(review)

    def edit_review_body(self, repo: Repo | str, number: int, review_id: int, body: str) -> dict[str, Any]:
        """Emulate the reviewer editing the review's summary text."""
        with self._lock:
            review = self._review(repo, number, review_id)
            review["body"] = body
            return copy.deepcopy(review)

    def add_review_comment(
        self, repo: Repo | str, number: int, user: str, path: str, line: int, body: str, side: str = "RIGHT"
    ) -> dict[str, Any]:
        """A review comment (and its thread) written by ``user`` on the current head."""
        with self._lock:
            pull = self._pull(repo, number)
            review = self._create_review_record(pull, user, pull.head_sha, "COMMENTED", "")
            spec = {"path": path, "line": line, "side": side, "body": body}
            return self._create_review_comment(pull, user, pull.head_sha, spec, review["id"])

    # ------------------------------------------------------------------ merge queues

    def add_merge_group(
        self, repo: Repo | str, head_sha: str, base_ref: str, pull_numbers: list[int]
    ) -> dict[str, Any]:
        """Queue ``pull_numbers`` (in order) for ``base_ref``; ``head_sha`` is the merge group of the last.

        Sets the branch's merge queue to exactly these entries. Each entry gets a merge-group
        commit whose parent is the previous entry's (the first's is the base tip) and whose tree
        is its parent plus that PR's changes; earlier entries keep the commit they had if the
        queue up to them is unchanged, else get a synthetic sha. Each group also gets GitHub's
        ``gh-readonly-queue/<base>/pr-<n>-<parent sha>`` branch, so check runs can be created
        on (and listed for) ``head_sha`` and the contents API/GraphQL read files at it.
        Returns the ``merge_group`` object of the webhook payload for ``head_sha``.
        """
        if not pull_numbers:
            raise ValueError("a merge group needs at least one pull request")
        with self._lock:
            r = self._repo(repo)
            base = base_ref.removeprefix("refs/heads/")
            if base not in r.branches:
                r.branches[base] = fake_sha(r.full_name, base, "root")
                self.trees.setdefault(r.branches[base], Tree(None, {}))
            tip = r.branches[base]
            pulls = [self._pull(r, n) for n in pull_numbers]
            old = self.merge_queues.get((r.full_name, base), [])
            entries: list[dict[str, Any]] = []
            parent = tip
            unchanged = True
            for i, p in enumerate(pulls):
                prev = old[i] if i < len(old) else None
                unchanged = unchanged and prev is not None and prev["number"] == p.number
                last = i == len(pulls) - 1
                if last:
                    sha = head_sha
                elif unchanged and prev is not None:
                    sha = prev["head_sha"]
                else:
                    sha = fake_sha(r.full_name, "merge-group", base, tip, *pull_numbers[: i + 1])
                if sha not in self.trees:
                    self._apply_version(r, sha, parent, p.files)
                entry_base = parent
                entries.append({
                    "number": p.number,
                    "head_sha": sha,
                    "base_sha": entry_base,
                    "state": "AWAITING_CHECKS",
                    "enqueued_at": prev["enqueued_at"] if unchanged and prev is not None else iso(),
                    "enqueuer": prev["enqueuer"] if unchanged and prev is not None else p.author,
                })
                head_ref = f"gh-readonly-queue/{base}/pr-{p.number}-{entry_base}"
                r.branches[head_ref] = sha
                self._merge_groups[(r.full_name, sha)] = {
                    "base_ref": base, "base_sha": entry_base, "head_ref": head_ref, "number": p.number,
                    "pull_numbers": list(pull_numbers[: i + 1]),
                }
                parent = sha
            self.merge_queues[(r.full_name, base)] = entries
            return self._merge_group_json(r, head_sha)

    def merge_queue(self, repo: Repo | str, base_ref: str) -> list[dict[str, Any]]:
        """The queue's entries in order: {number, head_sha, base_sha, state, enqueued_at, enqueuer}."""
        with self._lock:
            key = (self._repo(repo).full_name, base_ref.removeprefix("refs/heads/"))
            return copy.deepcopy(self.merge_queues.get(key, []))

    def remove_from_merge_queue(self, repo: Repo | str, base_ref: str, number: int) -> None:
        """Drop a PR from the queue (later entries move up; their commits are kept as they are)."""
        with self._lock:
            key = (self._repo(repo).full_name, base_ref.removeprefix("refs/heads/"))
            self.merge_queues[key] = [e for e in self.merge_queues.get(key, []) if e["number"] != number]

    def _merge_group_json(self, r: Repo, head_sha: str) -> dict[str, Any]:
        g = self._merge_groups[(r.full_name, head_sha)]
        p = self.pulls[(r.full_name, g["number"])]
        author = self._ensure_user(p.author)
        return {
            "head_sha": head_sha,
            "head_ref": f"refs/heads/{g['head_ref']}",
            "base_sha": g["base_sha"],
            "base_ref": f"refs/heads/{g['base_ref']}",
            "head_commit": {
                "id": head_sha,
                "tree_id": fake_sha(head_sha, "tree"),
                "message": f"Merge pull request #{p.number} from {r.owner}/{p.head_ref}\n\n{p.title}",
                "timestamp": iso(),
                "author": {"name": p.author, "email": f"{author.id}+{p.author}@users.noreply.github.com"},
                "committer": {"name": "GitHub", "email": "noreply@github.com"},
            },
        }

    def _org_json(self, login: str) -> dict[str, Any]:
        u = self._ensure_user(login, "Organization")
        api = f"{self.url}/orgs/{login}"
        return {
            "login": login, "id": u.id, "node_id": _node_id("O", u.id), "url": api, "repos_url": f"{api}/repos",
            "events_url": f"{api}/events", "hooks_url": f"{api}/hooks", "issues_url": f"{api}/issues",
            "members_url": f"{api}/members{{/member}}", "public_members_url": f"{api}/public_members{{/member}}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{u.id}?v=4", "description": None,
        }

    def merge_group_payload(
        self, repo: Repo | str, head_sha: str, base_ref: str, last_pr_number: int, installation_id: int, *,
        action: str = "checks_requested", reason: str | None = None, sender: str = "github-merge-queue[bot]",
    ) -> dict[str, Any]:
        """The ``merge_group`` webhook body GitHub sends (X-GitHub-Event: merge_group).

        ``{"action": "checks_requested", "merge_group": {"head_sha", "head_ref":
        "refs/heads/gh-readonly-queue/main/pr-<n>-<base_sha>", "base_sha", "base_ref":
        "refs/heads/main", "head_commit": {id, tree_id, message, timestamp, author, committer}},
        "repository", "organization", "installation": {"id", "node_id"}, "sender"}``. For a group
        registered with ``add_merge_group`` its real base_sha is used; otherwise the base tip.
        ``action="destroyed"`` adds ``reason`` (merged | invalidated | dequeued).
        """
        with self._lock:
            r = self._repo(repo)
            base = base_ref.removeprefix("refs/heads/")
            if (r.full_name, head_sha) in self._merge_groups:
                group = self._merge_group_json(r, head_sha)
            else:
                base_sha = r.branches.get(base) or fake_sha(r.full_name, base, "root")
                p = self.pulls.get((r.full_name, last_pr_number))
                login = p.author if p else sender
                uid = self._ensure_user(login).id
                group = {
                    "head_sha": head_sha,
                    "head_ref": f"refs/heads/gh-readonly-queue/{base}/pr-{last_pr_number}-{base_sha}",
                    "base_sha": base_sha,
                    "base_ref": f"refs/heads/{base}",
                    "head_commit": {
                        "id": head_sha, "tree_id": fake_sha(head_sha, "tree"),
                        "message": f"Merge pull request #{last_pr_number}", "timestamp": iso(),
                        "author": {"name": login, "email": f"{uid}+{login}@users.noreply.github.com"},
                        "committer": {"name": "GitHub", "email": "noreply@github.com"},
                    },
                }
            self._ensure_user(sender, "Bot" if sender.endswith("[bot]") else "User")
            payload: dict[str, Any] = {"action": action}
            if action == "destroyed":
                payload["reason"] = reason or "merged"
            payload.update({
                "merge_group": group,
                "repository": self._repo_json(r),
                "installation": {"id": installation_id, "node_id": _node_id("I", installation_id)},
                "sender": self._user_json(sender),
            })
            if self.users[r.owner].type == "Organization":
                payload["organization"] = self._org_json(r.owner)
            return payload

    def add_delivery(
        self,
        guid: str,
        event: str,
        action: str | None = None,
        status_code: int = 200,
        delivered_at: str | datetime | None = None,
        redelivery: bool = False,
        *,
        installation_id: int | None = None,
        repository_id: int | None = None,
        duration: float = 0.05,
    ) -> dict[str, Any]:
        """Record a webhook delivery as the App's delivery log would show it."""
        with self._lock:
            if isinstance(delivered_at, datetime):
                delivered_at = iso(delivered_at)
            item = {
                "id": next(self._ids) * 1000,
                "guid": guid,
                "delivered_at": delivered_at or iso(),
                "redelivery": redelivery,
                "duration": float(duration),
                "status": "OK" if 200 <= status_code < 300 else f"Invalid HTTP Response: {status_code}",
                "status_code": status_code,
                "event": event,
                "action": action,
                "installation_id": installation_id,
                "repository_id": repository_id,
                "throttled_at": None,
            }
            self._deliveries.append(item)
            return item

    def mint_user_token(self, login: str) -> str:
        """A token acting as a human ``login`` (to write comments as that user over HTTP)."""
        with self._lock:
            self._ensure_user(login)
            tok = "ghu_" + secrets.token_urlsafe(27)[:36]
            self.tokens[tok] = Token(tok, "user", time.time() + self.token_ttl, login=login)
            return tok

    def expire_tokens(self) -> None:
        """Expire every installation token minted so far (they then get 401 Bad credentials)."""
        with self._lock:
            for tok in self.tokens.values():
                tok.expires_at = time.time() - 1

    def set_rate_limit(
        self, remaining: int | None = None, *, limit: int | None = None, reset_in: float | None = None,
        resource: str = "core",
    ) -> None:
        """Adjust the primary rate limit; at 0 remaining, calls get GitHub's 403 until reset."""
        with self._lock:
            bucket = self.rate[resource]
            if limit is not None:
                bucket["limit"] = limit
            if remaining is not None:
                bucket["used"] = bucket["limit"] - remaining
            if reset_in is not None:
                bucket["reset"] = int(time.time() + reset_in)

    # ------------------------------------------------------------------ fault injection

    def fail(
        self,
        method: str,
        path_regex: str,
        status: int | None = 502,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: Any = None,
        delay: float | None = None,
        *,
        reset: bool = False,
        skip: int = 0,
        when: Callable[[Any], bool] | None = None,
    ) -> Fault:
        """Queue a fault for requests matching ``method`` ("*" = any) and ``path_regex`` (re.search).

        The next ``times`` matching requests (after letting ``skip`` matches through) get
        ``status`` with ``body`` (default: GitHub's error JSON) and ``headers``. ``delay``
        sleeps first (with ``status=None`` the request is then served normally: a slow
        response / client timeout). ``reset=True`` drops the connection without a response.
        ``when(json_body)`` narrows the match (e.g. a GraphQL operation or a review's comments).
        """
        fault = Fault(
            method.upper(),
            re.compile(path_regex),
            status,
            times,
            dict(headers or {}),
            body,
            delay,
            reset,
            skip,
            when,
        )
        with self._lock:
            self.faults.append(fault)
        return fault

    def fail_secondary_rate_limit(self, method: str, path_regex: str, retry_after: int = 2, times: int = 1) -> Fault:
        body = {
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
            "If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222:3333:4444.",
            "documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
            "status": "403",
        }
        return self.fail(method, path_regex, 403, times, {"Retry-After": str(retry_after)}, body)

    def fail_primary_rate_limit(self, method: str, path_regex: str, reset_in: int = 2, times: int = 1) -> Fault:
        reset = int(time.time()) + reset_in
        body = {
            "message": "API rate limit exceeded for installation ID 1.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            "status": "403",
        }
        headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset), "X-RateLimit-Used": "5000"}
        return self.fail(method, path_regex, 403, times, headers, body)

    def fail_too_many_requests(self, method: str, path_regex: str, retry_after: int = 1, times: int = 1) -> Fault:
        body = {"message": "Too Many Requests", "documentation_url": DOCS, "status": "429"}
        return self.fail(method, path_regex, 429, times, {"Retry-After": str(retry_after)}, body)

    def fail_timeout(self, method: str, path_regex: str, seconds: float = 30.0, times: int = 1) -> Fault:
        return self.fail(method, path_regex, None, times, delay=seconds)

    def fail_reset(self, method: str, path_regex: str, times: int = 1) -> Fault:
        return self.fail(method, path_regex, None, times, reset=True)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def _take_fault(self, method: str, path: str, body: Any) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path, body):
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    fault.times -= 1
                    fault.hits += 1
                    return fault
        return None

    # ------------------------------------------------------------------ query helpers

    def check_runs(self, repo: Repo | str, head_sha: str | None = None, name: str | None = None) -> list[dict]:
        """Check runs of a repo (JSON as served), oldest first, with ``annotations`` inlined."""
        full = self._repo(repo).full_name
        with self._lock:
            out = []
            for cid, run in self._check_runs.items():
                if self._check_repo[cid] != full:
                    continue
                if head_sha and run["head_sha"] != head_sha or name and run["name"] != name:
                    continue
                out.append({**copy.deepcopy(run), "annotations": copy.deepcopy(self._annotations[cid])})
            return out

    def annotations(self, check_run_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._annotations.get(check_run_id, []))

    def issue_comments(self, repo: Repo | str, number: int) -> list[dict[str, Any]]:
        full = self._repo(repo).full_name
        with self._lock:
            return [
                copy.deepcopy(c)
                for cid, c in self._issue_comments.items()
                if self._issue_comment_loc[cid] == (full, number)
            ]

    def review_comments(self, repo: Repo | str, number: int) -> list[dict[str, Any]]:
        full = self._repo(repo).full_name
        with self._lock:
            return [
                copy.deepcopy(c)
                for cid, c in self._review_comments.items()
                if self._review_comment_loc[cid] == (full, number)
            ]

    def reviews(self, repo: Repo | str, number: int) -> list[dict[str, Any]]:
        full = self._repo(repo).full_name
        with self._lock:
            return [copy.deepcopy(r) for rid, r in self._reviews.items() if self._review_loc[rid] == (full, number)]

    def threads(self, repo: Repo | str, number: int) -> list[dict[str, Any]]:
        """Review threads: {id, is_resolved, resolved_by, path, line, comments: [bodies], comment_ids}."""
        full = self._repo(repo).full_name
        with self._lock:
            out = []
            for t in self._threads.values():
                if (t.repo, t.number) != (full, number):
                    continue
                first = self._review_comments[t.comment_ids[0]]
                out.append(
                    {
                        "id": t.id,
                        "is_resolved": t.is_resolved,
                        "resolved_by": t.resolved_by,
                        "path": first["path"],
                        "line": first["line"],
                        "comments": [self._review_comments[c]["body"] for c in t.comment_ids],
                        "comment_ids": list(t.comment_ids),
                    }
                )
            return out

    def reactions(self, comment_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._reactions.get(comment_id, []))

    def calls_count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for c in self.calls
                if (method is None or c["method"] == method.upper())
                and (path_prefix is None or c["path"].startswith(path_prefix))
            )

    def calls_by(self, method: str | None = None, path_regex: str | None = None) -> int:
        """How many calls matched ``method`` (None or "*" = any) and ``path_regex`` (re.search on the path)."""
        with self._lock:
            return sum(
                1
                for c in self.calls
                if (method in (None, "*") or c["method"] == method.upper())
                and (path_regex is None or re.search(path_regex, c["path"]))
            )

    def writes_to(self, method: str | None = None, path_regex: str | None = None, ok_only: bool = False) -> list[dict]:
        """Writes filtered by method / path regex (re.search) / 2xx status."""
        with self._lock:
            return [
                w
                for w in self.writes
                if (method is None or w["method"] == method.upper())
                and (path_regex is None or re.search(path_regex, w["path"]))
                and (not ok_only or 200 <= w["status"] < 300)
            ]

    @property
    def mint_count(self) -> int:
        return len(self.token_mints)

    @property
    def rate_limit_headers(self) -> dict[str, str]:
        """The X-RateLimit-* headers the next core response would carry."""
        with self._lock:
            return self._rate_headers("core")

    # ------------------------------------------------------------------ JSON renderers

    def _user_json(self, login: str) -> dict[str, Any]:
        u = self._ensure_user(login)
        api = f"{self.url}/users/{quote_path(login)}"
        prefix = {"Bot": "BOT", "Organization": "O"}.get(u.type, "U")
        html = f"{WEB}/apps/{login[:-5]}" if u.type == "Bot" and login.endswith("[bot]") else f"{WEB}/{login}"
        return {
            "login": login,
            "id": u.id,
            "node_id": _node_id(prefix, u.id),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{u.id}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": html,
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": u.type,
            "user_view_type": "public",
            "site_admin": u.site_admin,
        }

    def _repo_json(self, r: Repo) -> dict[str, Any]:
        api = f"{self.url}/repos/{r.full_name}"
        full = r.full_name
        return {
            "id": r.id,
            "node_id": _node_id("R", r.id),
            "name": r.name,
            "full_name": full,
            "private": r.private,
            "owner": self._user_json(r.owner),
            "html_url": f"{WEB}/{full}",
            "description": None,
            "fork": False,
            "url": api,
            "archive_url": api + "/{archive_format}{/ref}",
            "assignees_url": api + "/assignees{/user}",
            "blobs_url": api + "/git/blobs{/sha}",
            "branches_url": api + "/branches{/branch}",
            "collaborators_url": api + "/collaborators{/collaborator}",
            "comments_url": api + "/comments{/number}",
            "commits_url": api + "/commits{/sha}",
            "compare_url": api + "/compare/{base}...{head}",
            "contents_url": api + "/contents/{+path}",
            "contributors_url": api + "/contributors",
            "deployments_url": api + "/deployments",
            "downloads_url": api + "/downloads",
            "events_url": api + "/events",
            "forks_url": api + "/forks",
            "git_commits_url": api + "/git/commits{/sha}",
            "git_refs_url": api + "/git/refs{/sha}",
            "git_tags_url": api + "/git/tags{/sha}",
            "git_url": f"git://github.com/{full}.git",
            "issue_comment_url": api + "/issues/comments{/number}",
            "issue_events_url": api + "/issues/events{/number}",
            "issues_url": api + "/issues{/number}",
            "keys_url": api + "/keys{/key_id}",
            "labels_url": api + "/labels{/name}",
            "languages_url": api + "/languages",
            "merges_url": api + "/merges",
            "milestones_url": api + "/milestones{/number}",
            "notifications_url": api + "/notifications{?since,all,participating}",
            "pulls_url": api + "/pulls{/number}",
            "releases_url": api + "/releases{/id}",
            "ssh_url": f"git@github.com:{full}.git",
            "stargazers_url": api + "/stargazers",
            "statuses_url": api + "/statuses/{sha}",
            "subscribers_url": api + "/subscribers",
            "subscription_url": api + "/subscription",
            "tags_url": api + "/tags",
            "teams_url": api + "/teams",
            "trees_url": api + "/git/trees{/sha}",
            "clone_url": f"{WEB}/{full}.git",
            "mirror_url": None,
            "hooks_url": api + "/hooks",
            "svn_url": f"{WEB}/{full}",
            "homepage": None,
            "language": None,
            "forks_count": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "size": 0,
            "default_branch": r.default_branch,
            "open_issues_count": sum(1 for p in self.pulls.values() if p.repo is r and p.state == "open"),
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": True,
            "has_wiki": True,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "visibility": "private" if r.private else "public",
            "pushed_at": r.created_at,
            "created_at": r.created_at,
            "updated_at": r.created_at,
            "allow_forking": True,
            "web_commit_signoff_required": False,
            "license": None,
            "forks": 0,
            "open_issues": sum(1 for p in self.pulls.values() if p.repo is r and p.state == "open"),
            "watchers": 0,
        }

    def _app_json(self) -> dict[str, Any]:
        return {
            "id": self.app_id,
            "slug": self.app_slug,
            "client_id": f"Iv23li{self.app_id:014d}",
            "node_id": _node_id("A", self.app_id),
            "owner": self._user_json(self._app_owner.login),
            "name": "Constraint Guard",
            "description": "Code review gate",
            "external_url": "https://constraint-guard.example",
            "html_url": f"{WEB}/apps/{self.app_slug}",
            "created_at": self._started_at,
            "updated_at": self._started_at,
            "permissions": dict(DEFAULT_PERMISSIONS),
            "events": ["check_run", "issue_comment", "pull_request", "pull_request_review"],
        }

    def _installation_json(self, inst: Installation) -> dict[str, Any]:
        account = self.users[inst.account]
        return {
            "id": inst.id,
            "client_id": f"Iv23li{self.app_id:014d}",
            "account": self._user_json(inst.account),
            "repository_selection": "all" if inst.repositories is None else "selected",
            "access_tokens_url": f"{self.url}/app/installations/{inst.id}/access_tokens",
            "repositories_url": f"{self.url}/installation/repositories",
            "html_url": f"{WEB}/organizations/{inst.account}/settings/installations/{inst.id}",
            "app_id": self.app_id,
            "app_slug": self.app_slug,
            "target_id": account.id,
            "target_type": account.type,
            "permissions": dict(inst.permissions),
            "events": list(inst.events),
            "created_at": self._started_at,
            "updated_at": self._started_at,
            "single_file_name": None,
            "has_multiple_single_files": False,
            "single_file_paths": [],
            "suspended_by": None,
            "suspended_at": None,
        }

    def _commit_json(
        self, r: Repo, sha: str, author: str, committer: str, message: str, parent: str, *,
        author_linked: bool = True, committer_linked: bool = True,
    ) -> dict:
        """A commit as the PR commits API lists it. An unlinked identity (an email no GitHub account
        claims) keeps its git name/email under ``commit`` but has ``author``/``committer`` null."""
        if author_linked:
            self._ensure_user(author)
        if committer_linked:
            self._ensure_user(committer)
        api = f"{self.url}/repos/{r.full_name}"
        stamp = iso()

        def git_user(login: str, linked: bool) -> dict[str, Any]:
            email = f"{self.users[login].id}+{login}@users.noreply.github.com" if linked else f"{login}@example.com"
            return {"name": login, "email": email, "date": stamp}

        return {
            "url": f"{api}/commits/{sha}",
            "sha": sha,
            "node_id": _node_id("C", int(sha[:12], 16) if re.fullmatch(r"[0-9a-f]{12,}", sha) else next(self._ids)),
            "html_url": f"{WEB}/{r.full_name}/commit/{sha}",
            "comments_url": f"{api}/commits/{sha}/comments",
            "commit": {
                "url": f"{api}/git/commits/{sha}",
                "author": git_user(author, author_linked),
                "committer": git_user(committer, committer_linked),
                "message": message,
                "comment_count": 0,
                "tree": {"sha": fake_sha(sha, "tree"), "url": f"{api}/git/trees/{fake_sha(sha, 'tree')}"},
                "verification": {
                    "verified": False,
                    "reason": "unsigned",
                    "signature": None,
                    "payload": None,
                    "verified_at": None,
                },
            },
            "author": self._user_json(author) if author_linked else None,
            "committer": self._user_json(committer) if committer_linked else None,
            "parents": [
                {"sha": parent, "url": f"{api}/commits/{parent}", "html_url": f"{WEB}/{r.full_name}/commit/{parent}"}
            ],
        }

    def _association(self, r: Repo, login: str) -> str:
        if login == r.owner:
            return "OWNER"
        if self.users.get(login) and self.users[login].type == "Bot":
            return "NONE"
        if login in self.org_members.get(r.owner, set()):
            return "MEMBER"
        if self.permissions.get((r.full_name, login), "none") != "none":
            return "COLLABORATOR"
        return "CONTRIBUTOR" if any(p.author == login for p in self.pulls.values() if p.repo is r) else "NONE"

    def _pull_json(self, p: Pull, full: bool = True) -> dict[str, Any]:
        r = p.repo
        api = f"{self.url}/repos/{r.full_name}"
        html = f"{WEB}/{r.full_name}/pull/{p.number}"
        head_label = f"{r.owner}:{p.head_ref}"
        d: dict[str, Any] = {
            "url": f"{api}/pulls/{p.number}",
            "id": p.id,
            "node_id": _node_id("PR", p.id),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": f"{api}/issues/{p.number}",
            "commits_url": f"{api}/pulls/{p.number}/commits",
            "review_comments_url": f"{api}/pulls/{p.number}/comments",
            "review_comment_url": f"{api}/pulls/comments{{/number}}",
            "comments_url": f"{api}/issues/{p.number}/comments",
            "statuses_url": f"{api}/statuses/{p.head_sha}",
            "number": p.number,
            "state": p.state,
            "locked": False,
            "title": p.title,
            "user": self._user_json(p.author),
            "body": p.body,
            "labels": [],
            "milestone": None,
            "active_lock_reason": None,
            "created_at": p.created_at,
            "updated_at": p.updated_at,
            "closed_at": None if p.state == "open" else p.updated_at,
            "merged_at": None,
            "merge_commit_sha": None,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [],
            "requested_teams": [],
            "head": {
                "label": head_label,
                "ref": p.head_ref,
                "sha": p.head_sha,
                "user": self._user_json(r.owner),
                "repo": self._repo_json(r),
            },
            "base": {
                "label": f"{r.owner}:{p.base_ref}",
                "ref": p.base_ref,
                "sha": p.base_sha,
                "user": self._user_json(r.owner),
                "repo": self._repo_json(r),
            },
            "_links": {
                "self": {"href": f"{api}/pulls/{p.number}"},
                "html": {"href": html},
                "issue": {"href": f"{api}/issues/{p.number}"},
                "comments": {"href": f"{api}/issues/{p.number}/comments"},
                "review_comments": {"href": f"{api}/pulls/{p.number}/comments"},
                "review_comment": {"href": f"{api}/pulls/comments{{/number}}"},
                "commits": {"href": f"{api}/pulls/{p.number}/commits"},
                "statuses": {"href": f"{api}/statuses/{p.head_sha}"},
            },
            "author_association": self._association(r, p.author),
            "auto_merge": None,
            "draft": p.draft,
        }
        if full:
            adds = dels = 0
            for spec in p.files.values():
                a, b = spec.counts()
                adds, dels = adds + a, dels + b
            d.update(
                {
                    "merged": False,
                    "mergeable": None,
                    "rebaseable": None,
                    "mergeable_state": "unknown",
                    "merged_by": None,
                    "comments": sum(1 for loc in self._issue_comment_loc.values() if loc == (r.full_name, p.number)),
                    "review_comments": sum(
                        1 for loc in self._review_comment_loc.values() if loc == (r.full_name, p.number)
                    ),
                    "maintainer_can_modify": False,
                    "commits": len(p.commits),
                    "additions": adds,
                    "deletions": dels,
                    "changed_files": len(p.files),
                }
            )
        return d

    def _diff_entry(self, p: Pull, path: str, spec: FileSpec, sha: str) -> dict[str, Any]:
        r = p.repo
        adds, dels = spec.counts()
        content = spec.base if spec.status == "removed" else spec.head
        d: dict[str, Any] = {
            "sha": blob_sha(_as_bytes(content)) if content is not None else "0" * 40,
            "filename": path,
            "status": spec.status,
            "additions": adds,
            "deletions": dels,
            "changes": adds + dels,
            "blob_url": f"{WEB}/{r.full_name}/blob/{sha}/{quote_path(path)}",
            "raw_url": f"{WEB}/{r.full_name}/raw/{sha}/{quote_path(path)}",
            "contents_url": f"{self.url}/repos/{r.full_name}/contents/{quote_path(path)}?ref={sha}",
        }
        if spec.patch is not None:
            d["patch"] = spec.patch
        if spec.previous_filename:
            d["previous_filename"] = spec.previous_filename
        return d

    def _reactions_rollup(self, url: str, cid: int) -> dict[str, Any]:
        counts = {k: 0 for k in REACTIONS}
        for rx in self._reactions.get(cid, []):
            counts[rx["content"]] += 1
        return {
            "url": url + "/reactions",
            "total_count": sum(counts.values()),
            "+1": counts["+1"],
            "-1": counts["-1"],
            "laugh": counts["laugh"],
            "confused": counts["confused"],
            "heart": counts["heart"],
            "hooray": counts["hooray"],
            "eyes": counts["eyes"],
            "rocket": counts["rocket"],
        }

    # ------------------------------------------------------------------ record creators

    def _create_issue_comment(self, p: Pull, login: str, body: str, via_app: bool) -> dict[str, Any]:
        cid = next(self._ids)
        r = p.repo
        api = f"{self.url}/repos/{r.full_name}"
        stamp = iso()
        comment = {
            "id": cid,
            "node_id": _node_id("IC", cid),
            "url": f"{api}/issues/comments/{cid}",
            "html_url": f"{WEB}/{r.full_name}/pull/{p.number}#issuecomment-{cid}",
            "body": body,
            "user": self._user_json(login),
            "created_at": stamp,
            "updated_at": stamp,
            "issue_url": f"{api}/issues/{p.number}",
            "author_association": self._association(r, login),
            "performed_via_github_app": self._app_json() if via_app else None,
        }
        self._issue_comments[cid] = comment
        self._issue_comment_loc[cid] = (r.full_name, p.number)
        return comment

    def _issue_comment_out(self, c: dict[str, Any]) -> dict[str, Any]:
        return {**c, "reactions": self._reactions_rollup(c["url"], c["id"])}

    def _create_review_record(self, p: Pull, login: str, commit_id: str, state: str, body: str) -> dict[str, Any]:
        rid = next(self._ids)
        r = p.repo
        html = f"{WEB}/{r.full_name}/pull/{p.number}#pullrequestreview-{rid}"
        review = {
            "id": rid,
            "node_id": _node_id("PRR", rid),
            "user": self._user_json(login),
            "body": body,
            "state": state,
            "html_url": html,
            "pull_request_url": f"{self.url}/repos/{r.full_name}/pulls/{p.number}",
            "author_association": self._association(r, login),
            "_links": {
                "html": {"href": html},
                "pull_request": {"href": f"{self.url}/repos/{r.full_name}/pulls/{p.number}"},
            },
            "submitted_at": iso() if state != "PENDING" else None,
            "commit_id": commit_id,
        }
        self._reviews[rid] = review
        self._review_loc[rid] = (r.full_name, p.number)
        return review

    def _validate_review_comment(self, p: Pull, commit_id: str, spec: dict[str, Any]) -> tuple[int, DiffLine]:
        """Where a comment would land, or the 422 GitHub gives for a line outside the diff."""
        version = p.version(commit_id)
        if version is None:
            raise unprocessable(f"No commit found for SHA: {commit_id}")
        path = spec.get("path")
        if not isinstance(path, str) or path not in version.files:
            raise unprocessable("Path could not be resolved")
        patch = version.files[path].patch
        if not spec.get("body") and spec.get("body") != "":
            raise unprocessable("Body can't be blank")
        lines = parse_patch(patch) if patch else []
        if "position" in spec and spec.get("line") is None:
            match = [d for d in lines if d.position == spec["position"]]
            if not match:
                raise unprocessable("Position could not be resolved", "Pull request review thread position is invalid")
            return match[0].position, match[0]
        line = spec.get("line")
        side = spec.get("side", "RIGHT")
        if side not in ("LEFT", "RIGHT") or not isinstance(line, int):
            raise unprocessable("Line could not be resolved")

        def find(n: int, s: str) -> DiffLine | None:
            for d in lines:
                if s == "RIGHT" and d.new == n and d.kind != "-":
                    return d
                if s == "LEFT" and d.old == n and d.kind != "+":
                    return d
            return None

        end = find(line, side)
        if end is None:
            raise unprocessable(
                "Pull request review thread line must be part of the diff and Pull request review thread diff hunk "
                "can't be blank",
                "Line could not be resolved",
            )
        if spec.get("start_line") is not None:
            start = find(spec["start_line"], spec.get("start_side", side))
            if start is None or start.hunk != end.hunk or start.position > end.position:
                raise unprocessable(
                    "Pull request review thread start line must be part of the same hunk as the line."
                )
        return end.position, end

    def _create_review_comment(
        self, p: Pull, login: str, commit_id: str, spec: dict[str, Any], review_id: int | None,
        in_reply_to: int | None = None,
    ) -> dict[str, Any]:
        r = p.repo
        if in_reply_to is not None:
            parent = self._review_comments[in_reply_to]
            position, dline = parent["position"], None
            spec = {"path": parent["path"], "line": parent["line"], "side": parent["side"], "body": spec["body"]}
            commit_id = parent["commit_id"]
        else:
            position, dline = self._validate_review_comment(p, commit_id, spec)
        cid = next(self._ids)
        api = f"{self.url}/repos/{r.full_name}"
        patch = p.version(commit_id).files[spec["path"]].patch or ""  # type: ignore[union-attr]
        stamp = iso()
        html = f"{WEB}/{r.full_name}/pull/{p.number}#discussion_r{cid}"
        side = spec.get("side", "RIGHT")
        line = spec.get("line") if dline is None else (dline.new if side == "RIGHT" else dline.old)
        comment = {
            "url": f"{api}/pulls/comments/{cid}",
            "pull_request_review_id": review_id,
            "id": cid,
            "node_id": _node_id("PRRC", cid),
            "diff_hunk": diff_hunk_for(patch, position) if patch else "",
            "path": spec["path"],
            "position": position,
            "original_position": position,
            "commit_id": commit_id,
            "original_commit_id": commit_id,
            "in_reply_to_id": in_reply_to,
            "user": self._user_json(login),
            "body": spec["body"],
            "created_at": stamp,
            "updated_at": stamp,
            "html_url": html,
            "pull_request_url": f"{api}/pulls/{p.number}",
            "author_association": self._association(r, login),
            "_links": {
                "self": {"href": f"{api}/pulls/comments/{cid}"},
                "html": {"href": html},
                "pull_request": {"href": f"{api}/pulls/{p.number}"},
            },
            "start_line": spec.get("start_line"),
            "original_start_line": spec.get("start_line"),
            "start_side": spec.get("start_side", side) if spec.get("start_line") is not None else None,
            "line": line,
            "original_line": line,
            "side": side,
            "subject_type": "line",
        }
        if in_reply_to is None:
            del comment["in_reply_to_id"]  # GitHub omits it on top-level comments
        self._review_comments[cid] = comment
        self._review_comment_loc[cid] = (r.full_name, p.number)
        if in_reply_to is None:
            tid = _node_id("PRRT", cid)
            self._threads[tid] = Thread(tid, r.full_name, p.number, [cid])
        else:
            for t in self._threads.values():
                if in_reply_to in t.comment_ids:
                    t.comment_ids.append(cid)
        return comment

    def _review_comment_out(self, c: dict[str, Any]) -> dict[str, Any]:
        return {**c, "reactions": self._reactions_rollup(c["url"], c["id"])}

    def _thread_of(self, comment_id: int) -> Thread | None:
        return next((t for t in self._threads.values() if comment_id in t.comment_ids), None)

    # ------------------------------------------------------------------ ASGI plumbing

    def _rate_headers(self, resource: str) -> dict[str, str]:
        bucket = self.rate[resource]
        if time.time() >= bucket["reset"]:
            bucket["used"] = 0
            bucket["reset"] = int(time.time()) + 3600
        return {
            "X-RateLimit-Limit": str(bucket["limit"]),
            "X-RateLimit-Remaining": str(max(0, bucket["limit"] - bucket["used"])),
            "X-RateLimit-Reset": str(bucket["reset"]),
            "X-RateLimit-Used": str(bucket["used"]),
            "X-RateLimit-Resource": resource,
        }

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The ASGI application (a plain ASGI callable built on starlette's Request/Response)."""
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        raw = await request.body()
        method = request.method.upper()
        path = scope["path"]  # already percent-decoded by the server
        body: Any = None
        bad_json = False
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                bad_json = True
        fault = self._take_fault(method, path, body)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.reset:
                self._record(method, path, request, body, 0, fault=True)
                _abort_connection(send)
                return
            if fault.status is not None:
                fbody = fault.body if fault.body is not None else _default_error(fault.status)
                headers = {**self._rate_headers("graphql" if path == "/graphql" else "core"), **fault.headers}
                payload = fbody if isinstance(fbody, (bytes, str)) else json.dumps(fbody)
                self._record(method, path, request, body, fault.status, fault=True)
                await self._respond(scope, receive, send, fault.status, payload, headers)
                return
        with self._lock:
            try:
                if bad_json:
                    raise HTTPError(400, "Problems parsing JSON")
                status, out, headers = self._dispatch(method, path, request, body)
            except HTTPError as err:
                status, out, headers = err.status, err.body, err.headers
            except Exception as err:  # a bug in the double: answer 500 and keep it for the fixture to raise
                self.internal_errors.append(err)
                status, out, headers = 500, {"message": f"double error: {err!r}"}, {}
            resource = "graphql" if path == "/graphql" else "core"
            headers = {**self._rate_headers(resource), **headers}
            self._record(method, path, request, body, status)
        payload = b"" if out is None else json.dumps(out)
        await self._respond(scope, receive, send, status, payload, headers, cacheable=method == "GET")

    async def _respond(
        self, scope: Any, receive: Any, send: Any, status: int, payload: Any, headers: dict[str, str],
        cacheable: bool = False,
    ) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        hdrs = {
            "X-GitHub-Api-Version-Selected": API_VERSION,
            "X-GitHub-Request-Id": f"{secrets.token_hex(2).upper()}:{secrets.token_hex(3).upper()}",
            "X-GitHub-Media-Type": "github.v3; format=json",
            "Vary": "Accept, Authorization, Cookie, X-GitHub-OTP",
            **headers,
        }
        if data and status != 204:
            hdrs.setdefault("Content-Type", "application/json; charset=utf-8")
        if cacheable and status == 200:
            etag = 'W/"' + hashlib.sha256(data).hexdigest() + '"'
            hdrs["ETag"] = etag
            if self.cache_control:
                hdrs["Cache-Control"] = self.cache_control
            else:
                hdrs["Cache-Control"] = "no-store"
            inm = Request(scope).headers.get("if-none-match")
            if inm and etag in [t.strip() for t in inm.split(",")]:
                status, data = 304, b""
        else:
            hdrs.setdefault("Cache-Control", "no-cache")
        if status == 204:
            data = b""
        await Response(data, status_code=status, headers=hdrs)(scope, receive, send)

    def _record(self, method: str, path: str, request: Request, body: Any, status: int, fault: bool = False) -> None:
        entry = {
            "method": method,
            "path": path,
            "query": dict(request.query_params),
            "status": status,
            "time": time.time(),
            "fault": fault,
            "auth": _auth_kind(request.headers.get("authorization")),
        }
        with self._lock:
            self.calls.append(entry)
            is_query = path == "/graphql" and not _is_mutation(body)
            if method in {"POST", "PATCH", "PUT", "DELETE"} and not is_query:
                self.writes.append({**entry, "json": body})

    def _dispatch(self, method: str, path: str, request: Request, body: Any) -> tuple[int, Any, dict[str, str]]:
        for m, rx, name, auth, perm in _ROUTES:
            match = rx.match(path) if m == method else None
            if not match:
                continue
            params = match.groupdict()
            ctx = self._authenticate(request, auth, path)
            if perm is not None:
                self._require(ctx, *perm)
            if ctx is not None and ctx.kind == "installation":
                self._consume_rate("graphql" if path == "/graphql" else "core", ctx)
            query = dict(parse_qsl(request.url.query, keep_blank_values=True))
            return self._handlers[name](ctx=ctx, body=body, query=query, request=request, **params)
        raise HTTPError(404, "Not Found")

    def _consume_rate(self, resource: str, ctx: Token) -> None:
        self._rate_headers(resource)  # roll the window if due
        bucket = self.rate[resource]
        if bucket["used"] >= bucket["limit"]:
            raise HTTPError(
                403,
                f"API rate limit exceeded for installation ID {ctx.installation_id}. If you reach out to GitHub "
                "Support for help, please include the request ID 0000:0000:0000:0000:0000 and timestamp "
                f"{iso()} UTC.",
                doc="https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            )
        bucket["used"] += 1

    def _authenticate(self, request: Request, auth: str, path: str) -> Token | None:
        header = request.headers.get("authorization", "")
        scheme, _, cred = header.partition(" ")
        cred = cred.strip()
        if auth == "none":
            return None
        if auth == "jwt":
            if scheme.lower() != "bearer" or not cred:
                raise HTTPError(
                    401,
                    "A JSON web token could not be decoded",
                    doc="https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app"
                    if "access_tokens" in path
                    else DOCS,
                )
            self._check_jwt(cred)
            return None
        if scheme.lower() not in {"token", "bearer"} or not cred:
            raise HTTPError(401, "Requires authentication", doc="https://docs.github.com/rest")
        tok = self.tokens.get(cred)
        if tok is None or tok.expires_at <= time.time():
            raise HTTPError(401, "Bad credentials", doc="https://docs.github.com/rest")
        return tok

    def _check_jwt(self, token: str) -> None:
        parts = token.split(".")
        if len(parts) != 3 or not all(parts[:2]):
            raise HTTPError(401, "A JSON web token could not be decoded")
        try:
            header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
            claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        except ValueError as err:
            raise HTTPError(401, "A JSON web token could not be decoded") from err
        if header.get("alg") != "RS256":
            raise HTTPError(401, "A JSON web token could not be decoded")
        if self.app_public_key is not None:
            import jwt  # PyJWT, a githubkit[auth-app] dependency

            try:
                jwt.decode(token, self.app_public_key, algorithms=["RS256"], options={"verify_exp": False,
                           "verify_iat": False, "verify_nbf": False, "verify_aud": False})
            except jwt.PyJWTError as err:
                raise HTTPError(401, "A JSON web token could not be decoded") from err
        now = time.time()
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, (int, float)) or exp <= now:
            raise HTTPError(
                401,
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which "
                "the assertion expires",
            )
        if not isinstance(iat, (int, float)) or iat > now + 60:
            raise HTTPError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the "
                            "assertion was issued")
        if exp - iat > 600 + 60:
            raise HTTPError(401, "'Expiration time' claim ('exp') is too far in the future")
        if str(claims.get("iss")) not in {str(self.app_id), f"Iv23li{self.app_id:014d}"}:
            raise HTTPError(401, "'Issuer' claim ('iss') must be an Integer")

    def _require(self, ctx: Token | None, permission: str, level: str) -> None:
        if ctx is None or ctx.kind != "installation":
            return
        inst = self.installations.get(ctx.installation_id or -1)
        have = inst.permissions.get(permission) if inst else None
        if have is None or (level == "write" and have not in ("write", "admin")):
            raise HTTPError(403, "Resource not accessible by integration", doc=DOCS)

    def _repo_for(self, ctx: Token | None, owner: str, repo: str) -> Repo:
        r = self.repos.get(f"{owner}/{repo}")
        if r is None:
            # GitHub is case-insensitive on owner/repo
            r = next((x for k, x in self.repos.items() if k.lower() == f"{owner}/{repo}".lower()), None)
        if r is None:
            raise not_found()
        if ctx is not None and ctx.kind == "installation":
            inst = self.installations.get(ctx.installation_id or -1)
            if inst is None or inst.account.lower() != r.owner.lower():
                raise not_found()
            if inst.repositories is not None and r.name not in inst.repositories:
                raise not_found()
        elif ctx is not None and ctx.kind == "user" and r.private:
            if self.permissions.get((r.full_name, ctx.login or ""), "none") == "none" and ctx.login != r.owner:
                raise not_found()
        return r

    def _pull_for(self, ctx: Token | None, owner: str, repo: str, number: str) -> Pull:
        r = self._repo_for(ctx, owner, repo)
        try:
            p = self.pulls.get((r.full_name, int(number)))
        except ValueError:
            p = None
        if p is None:
            raise not_found()
        return p

    def _actor(self, ctx: Token | None) -> str:
        if ctx is None:
            return self.bot_login
        return ctx.login if ctx.kind == "user" and ctx.login else self.bot_login

    def _paginate(
        self,
        request: Request,
        items: list[Any],
        default: int = 30,
        cap: int | None = None,
        render: Callable[[Any], Any] | None = None,
    ) -> tuple[list[Any], dict[str, str]]:
        query = dict(parse_qsl(request.url.query))
        try:
            per_page = max(1, min(100, int(query.get("per_page", default))))
            page = max(1, int(query.get("page", 1)))
        except ValueError as err:
            raise unprocessable("Invalid pagination") from err
        if cap is not None:
            items = items[:cap]
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        if render is not None:
            chunk = [render(x) for x in chunk]
        links = []

        def link(n: int, rel: str) -> str:
            q = {**query, "per_page": str(per_page), "page": str(n)}
            return f'<{self.url}{quote_path(request.url.path)}?{urlencode(q)}>; rel="{rel}"'

        if page > 1:
            links.append(link(page - 1, "prev"))
        if page < last:
            links.append(link(page + 1, "next"))
            links.append(link(last, "last"))
        if page > 1:
            links.append(link(1, "first"))
        return chunk, ({"Link": ", ".join(links)} if links else {})

    # ------------------------------------------------------------------ REST: app & installations

    @route("GET", "/app", auth="jwt")
    def r_get_app(self, **_: Any) -> tuple[int, Any, dict[str, str]]:
        return 200, self._app_json(), {}

    @route("GET", "/app/installations", auth="jwt")
    def r_list_installations(self, request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = [self._installation_json(i) for i in sorted(self.installations.values(), key=lambda i: i.id)]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    @route("GET", "/app/installations/{installation_id}", auth="jwt")
    def r_get_installation(self, installation_id: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        inst = self.installations.get(int(installation_id)) if installation_id.isdigit() else None
        if inst is None:
            raise not_found()
        return 200, self._installation_json(inst), {}

    @route("POST", "/app/installations/{installation_id}/access_tokens", auth="jwt")
    def r_create_token(self, installation_id: str, body: Any, **_: Any) -> tuple[int, Any, dict[str, str]]:
        inst = self.installations.get(int(installation_id)) if installation_id.isdigit() else None
        if inst is None:
            raise HTTPError(404, "Not Found", doc=f"{DOCS}/apps/apps#create-an-installation-access-token-for-an-app")
        if inst.suspended:
            raise HTTPError(403, "This installation has been suspended")
        perms = dict(inst.permissions)
        if isinstance(body, dict) and isinstance(body.get("permissions"), dict):
            for k, v in body["permissions"].items():
                if k not in inst.permissions or (v == "write" and inst.permissions[k] == "read"):
                    raise unprocessable(
                        message=f"The permissions requested are not granted to this installation. ({k})"
                    )
            perms = dict(body["permissions"])
        expires = time.time() + self.token_ttl
        tok = "ghs_" + secrets.token_hex(18)
        self.tokens[tok] = Token(tok, "installation", expires, installation_id=inst.id)
        self.token_mints.append({"installation_id": inst.id, "token": tok, "time": time.time()})
        out = {
            "token": tok,
            "expires_at": iso(datetime.fromtimestamp(expires, UTC)),
            "permissions": perms,
            "repository_selection": "all" if inst.repositories is None else "selected",
        }
        if inst.repositories is not None:
            out["repositories"] = [self._repo_json(self.repos[f"{inst.account}/{n}"]) for n in inst.repositories
                                   if f"{inst.account}/{n}" in self.repos]
        return 201, out, {}

    @route("GET", "/repos/{owner}/{repo}/installation", auth="jwt")
    def r_repo_installation(self, owner: str, repo: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_for(None, owner, repo)
        for inst in self.installations.values():
            if inst.account.lower() == r.owner.lower() and (inst.repositories is None or r.name in inst.repositories):
                return 200, self._installation_json(inst), {}
        raise not_found()

    @route("GET", "/installation/repositories")
    def r_installation_repos(self, ctx: Token, request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        inst = self.installations.get(ctx.installation_id or -1)
        if inst is None:
            raise HTTPError(403, "This endpoint requires an installation token")
        repos = [
            self._repo_json(r)
            for r in self.repos.values()
            if r.owner == inst.account and (inst.repositories is None or r.name in inst.repositories)
        ]
        chunk, headers = self._paginate(request, repos)
        sel = "all" if inst.repositories is None else "selected"
        return 200, {"total_count": len(repos), "repositories": chunk, "repository_selection": sel}, headers

    @route("GET", "/rate_limit")
    def r_rate_limit(self, **_: Any) -> tuple[int, Any, dict[str, str]]:
        def overview(res: str) -> dict[str, Any]:
            b = self.rate[res]
            return {"limit": b["limit"], "remaining": b["limit"] - b["used"], "reset": b["reset"], "used": b["used"]}

        core = overview("core")
        return 200, {"resources": {"core": core, "graphql": overview("graphql"), "search": {**core}}, "rate": core}, {}

    # ------------------------------------------------------------------ REST: hook deliveries

    @route("GET", "/app/hook/deliveries", auth="jwt")
    def r_list_deliveries(self, request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        query = dict(parse_qsl(request.url.query))
        per_page = max(1, min(100, int(query.get("per_page", 30))))
        items = sorted(self._deliveries, key=lambda d: d["id"], reverse=True)
        cursor = query.get("cursor")
        if cursor:
            m = re.fullmatch(r"v1_(\d+)", cursor)
            if not m:
                raise unprocessable(message="Invalid cursor")
            items = [d for d in items if d["id"] < int(m.group(1))]
        if query.get("status"):
            want = query["status"]
            items = [d for d in items if (want == "success") == (200 <= d["status_code"] < 300)]
        chunk = items[:per_page]
        headers = {}
        if len(items) > per_page:
            nxt = {**query, "per_page": str(per_page), "cursor": f"v1_{chunk[-1]['id']}"}
            headers["Link"] = f'<{self.url}/app/hook/deliveries?{urlencode(nxt)}>; rel="next"'
        return 200, [dict(d) for d in chunk], headers

    @route("GET", "/app/hook/deliveries/{delivery_id}", auth="jwt")
    def r_get_delivery(self, delivery_id: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        d = next((d for d in self._deliveries if str(d["id"]) == delivery_id), None)
        if d is None:
            raise not_found()
        full = {
            **d,
            "url": f"{self.url}/webhook",
            "request": {"headers": {"X-GitHub-Delivery": d["guid"], "X-GitHub-Event": d["event"]}, "payload": {}},
            "response": {"headers": {}, "payload": ""},
        }
        return 200, full, {}

    @route("POST", "/app/hook/deliveries/{delivery_id}/attempts", auth="jwt")
    def r_redeliver(self, delivery_id: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        d = next((d for d in self._deliveries if str(d["id"]) == delivery_id), None)
        if d is None:
            raise not_found()
        self.redeliveries.append({"delivery_id": d["id"], "guid": d["guid"], "time": time.time()})
        if self.redeliver_hook is not None:  # tests play GitHub's part: send the delivery again
            threading.Thread(target=self.redeliver_hook, args=(dict(d),), daemon=True).start()
        return 202, {}, {}

    # ------------------------------------------------------------------ REST: pulls

    @route("GET", "/repos/{owner}/{repo}", perm=("metadata", "read"))
    def r_get_repo(self, ctx: Token, owner: str, repo: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_for(ctx, owner, repo)
        out = self._repo_json(r)
        out.update({"network_count": 0, "subscribers_count": 0, "temp_clone_token": None})
        return 200, out, {}

    @route("GET", "/repos/{owner}/{repo}/pulls", perm=("pull_requests", "read"))
    def r_list_pulls(self, ctx: Token, owner: str, repo: str, request: Request, query: dict, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        state = query.get("state", "open")
        if state not in ("open", "closed", "all"):
            raise unprocessable(message="Validation Failed")
        pulls = [p for p in self.pulls.values() if p.repo is r and (state == "all" or p.state == state)]
        if query.get("base"):
            pulls = [p for p in pulls if p.base_ref == query["base"]]
        if query.get("head"):
            pulls = [p for p in pulls if f"{r.owner}:{p.head_ref}" == query["head"]]
        pulls.sort(key=lambda p: p.number, reverse=query.get("direction", "desc") == "desc")
        chunk, headers = self._paginate(request, [self._pull_json(p, full=False) for p in pulls])
        return 200, chunk, headers

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}", perm=("pull_requests", "read"))
    def r_get_pull(self, ctx: Token, owner: str, repo: str, number: str, **_: Any) -> Any:
        return 200, self._pull_json(self._pull_for(ctx, owner, repo, number)), {}

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/files", perm=("pull_requests", "read"))
    def r_pull_files(self, ctx: Token, owner: str, repo: str, number: str, request: Request, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        sha = p.head_sha
        chunk, headers = self._paginate(
            request, list(p.files.items()), cap=MAX_PR_FILES, render=lambda kv: self._diff_entry(p, kv[0], kv[1], sha)
        )
        return 200, chunk, headers

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/commits", perm=("pull_requests", "read"))
    def r_pull_commits(self, ctx: Token, owner: str, repo: str, number: str, request: Request, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        chunk, headers = self._paginate(request, copy.deepcopy(p.commits), cap=250)
        return 200, chunk, headers

    # ------------------------------------------------------------------ REST: contents

    @route("GET", "/repos/{owner}/{repo}/contents/{path+}", perm=("contents", "read"))
    def r_get_content(self, ctx: Token, owner: str, repo: str, path: str, query: dict, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        path = path.strip("/")
        ref = query.get("ref") or None
        sha = self._resolve(r, ref)
        if sha is None:
            raise HTTPError(404, f"No commit found for the ref {ref}", doc=f"{DOCS}/repos/contents")
        data = self._lookup(sha, path)
        if data is None:
            raise HTTPError(404, "Not Found", doc=f"{DOCS}/repos/contents#get-repository-content")
        api = f"{self.url}/repos/{r.full_name}"
        bsha = blob_sha(data)
        qref = ref or r.default_branch
        encoded = base64.encodebytes(data).decode()  # GitHub wraps base64 at 60 chars with newlines
        return 200, {
            "type": "file",
            "encoding": "base64",
            "size": len(data),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "content": encoded,
            "sha": bsha,
            "url": f"{api}/contents/{quote_path(path)}?ref={qref}",
            "git_url": f"{api}/git/blobs/{bsha}",
            "html_url": f"{WEB}/{r.full_name}/blob/{qref}/{quote_path(path)}",
            "download_url": f"https://raw.githubusercontent.com/{r.full_name}/{qref}/{quote_path(path)}",
            "_links": {
                "self": f"{api}/contents/{quote_path(path)}?ref={qref}",
                "git": f"{api}/git/blobs/{bsha}",
                "html": f"{WEB}/{r.full_name}/blob/{qref}/{quote_path(path)}",
            },
        }, {}

    # ------------------------------------------------------------------ REST: check runs

    def _validate_check_payload(self, body: dict[str, Any], creating: bool) -> None:
        if creating:
            for key in ("name", "head_sha"):
                if not isinstance(body.get(key), str) or not body[key]:
                    raise unprocessable(message=f"Invalid request.\n\n\"{key}\" wasn't supplied.")
        status = body.get("status")
        if status is not None and status not in ("queued", "in_progress", "completed", "waiting", "requested",
                                                 "pending"):
            raise unprocessable(message=f"Invalid request.\n\n{status!r} is not a member of status.")
        conclusion = body.get("conclusion")
        if conclusion is not None and conclusion not in (
            "action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"
        ):
            raise unprocessable(message=f"Invalid request.\n\n{conclusion!r} is not a member of conclusion.")
        if status == "completed" and conclusion is None and creating:
            raise unprocessable(message="Invalid request.\n\nNo conclusion specified for completed status.")
        output = body.get("output")
        if output is not None:
            if not isinstance(output, dict):
                raise unprocessable(message="Invalid request.\n\nFor 'properties/output', is not an object.")
            for key in ("title", "summary"):
                if not isinstance(output.get(key), str):
                    raise unprocessable(message=f"Invalid request.\n\n\"{key}\" wasn't supplied.")
            for key in ("summary", "text"):
                # GitHub counts this limit in UTF-8 bytes, though its message says characters
                if isinstance(output.get(key), str) and len(output[key].encode("utf-8")) > 65535:
                    raise unprocessable(
                        message=f"Invalid request.\n\nOnly 65535 characters are allowed; "
                        f"{len(output[key].encode('utf-8'))} were supplied."
                    )
            anns = output.get("annotations") or []
            if len(anns) > 50:
                raise unprocessable(
                    message="Invalid request.\n\nFor 'properties/annotations', nil is not an array of at most 50 "
                    "items."
                )
            for a in anns:
                for key in ("path", "start_line", "end_line", "annotation_level", "message"):
                    if key not in a:
                        raise unprocessable(message=f"Invalid request.\n\n\"{key}\" wasn't supplied.")
                if a["annotation_level"] not in ("notice", "warning", "failure"):
                    raise unprocessable(message="Invalid request.\n\nannotation_level is not valid.")
                if ("start_column" in a or "end_column" in a) and a["start_line"] != a["end_line"]:
                    raise unprocessable(message="Invalid request.\n\nstart_column/end_column need a single line.")
                if a["end_line"] < a["start_line"]:
                    raise unprocessable(message="Invalid request.\n\nend_line must be >= start_line.")
        actions = body.get("actions") or []
        if len(actions) > 3:
            raise unprocessable(message="Invalid request.\n\nFor 'properties/actions', is an array of at most 3 items.")
        for a in actions:
            if len(a.get("label", "")) > 20 or len(a.get("description", "")) > 40 or len(a.get("identifier", "")) > 20:
                raise unprocessable(message="Invalid request.\n\nAction label/description/identifier too long.")

    def _check_json(self, cid: int) -> dict[str, Any]:
        return copy.deepcopy(self._check_runs[cid])

    def _apply_check_fields(self, run: dict[str, Any], cid: int, body: dict[str, Any]) -> None:
        for key in ("name", "details_url", "external_id", "started_at"):
            if key in body:
                run[key] = body[key]
        if "status" in body:
            run["status"] = body["status"]
        if body.get("conclusion") is not None:
            run["conclusion"] = body["conclusion"]
            run["status"] = "completed"
        if run["status"] == "completed" and run["completed_at"] is None:
            run["completed_at"] = body.get("completed_at") or iso()
        elif body.get("completed_at"):
            run["completed_at"] = body["completed_at"]
        output = body.get("output")
        if output:
            for key in ("title", "summary", "text"):
                if key in output:
                    run["output"][key] = output[key]
            for a in output.get("annotations") or []:
                path = a["path"]
                repo = self._check_repo[cid]
                self._annotations[cid].append(
                    {
                        "path": path,
                        "blob_href": f"{WEB}/{repo}/blob/{run['head_sha']}/{quote_path(path)}",
                        "start_line": a["start_line"],
                        "end_line": a["end_line"],
                        "start_column": a.get("start_column"),
                        "end_column": a.get("end_column"),
                        "annotation_level": a["annotation_level"],
                        "title": a.get("title"),
                        "message": a["message"],
                        "raw_details": a.get("raw_details"),
                    }
                )
            run["output"]["annotations_count"] = len(self._annotations[cid])
        if "actions" in body:
            run["actions"] = body["actions"]

    def _known_commit(self, r: Repo, sha: str) -> bool:
        return sha in self.trees or any(p.repo is r and p.version(sha) for p in self.pulls.values())

    @route("POST", "/repos/{owner}/{repo}/check-runs", perm=("checks", "write"))
    def r_create_check(self, ctx: Token, owner: str, repo: str, body: Any, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        if ctx.kind != "installation":
            raise HTTPError(403, "You must authenticate via a GitHub App.")
        if not isinstance(body, dict):
            raise HTTPError(400, "Problems parsing JSON")
        self._validate_check_payload(body, creating=True)
        if not self._known_commit(r, body["head_sha"]):
            raise unprocessable(message=f"No commit found for SHA: {body['head_sha']}")
        cid = next(self._ids)
        api = f"{self.url}/repos/{r.full_name}"
        suite = int(hashlib.sha1(f"{r.full_name}{body['head_sha']}".encode()).hexdigest()[:8], 16)
        prs = [
            {
                "url": f"{api}/pulls/{p.number}",
                "id": p.id,
                "number": p.number,
                "head": {"ref": p.head_ref, "sha": p.head_sha, "repo": {"id": r.id, "url": api, "name": r.name}},
                "base": {"ref": p.base_ref, "sha": p.base_sha, "repo": {"id": r.id, "url": api, "name": r.name}},
            }
            for p in self.pulls.values()
            if p.repo is r and p.head_sha == body["head_sha"] and p.state == "open"
        ]
        run = {
            "id": cid,
            "head_sha": body["head_sha"],
            "node_id": _node_id("CR", cid),
            "external_id": body.get("external_id", ""),
            "url": f"{api}/check-runs/{cid}",
            "html_url": f"{WEB}/{r.full_name}/runs/{cid}",
            "details_url": body.get("details_url", f"{WEB}/apps/{self.app_slug}"),
            "status": "queued",
            "conclusion": None,
            "started_at": body.get("started_at") or iso(),
            "completed_at": None,
            "output": {
                "title": None,
                "summary": None,
                "text": None,
                "annotations_count": 0,
                "annotations_url": f"{api}/check-runs/{cid}/annotations",
            },
            "name": body["name"],
            "check_suite": {"id": suite},
            "app": self._app_json(),
            "pull_requests": prs,
        }
        self._check_runs[cid] = run
        self._check_repo[cid] = r.full_name
        self._annotations[cid] = []
        self._apply_check_fields(run, cid, body)
        return 201, self._check_json(cid), {}

    def _check_for(self, ctx: Token, owner: str, repo: str, check_run_id: str) -> int:
        r = self._repo_for(ctx, owner, repo)
        cid = int(check_run_id) if check_run_id.isdigit() else -1
        if self._check_repo.get(cid) != r.full_name:
            raise not_found()
        return cid

    @route("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", perm=("checks", "write"))
    def r_update_check(self, ctx: Token, owner: str, repo: str, check_run_id: str, body: Any, **_: Any) -> Any:
        cid = self._check_for(ctx, owner, repo, check_run_id)
        if not isinstance(body, dict):
            raise HTTPError(400, "Problems parsing JSON")
        self._validate_check_payload(body, creating=False)
        self._apply_check_fields(self._check_runs[cid], cid, body)
        return 200, self._check_json(cid), {}

    @route("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", perm=("checks", "read"))
    def r_get_check(self, ctx: Token, owner: str, repo: str, check_run_id: str, **_: Any) -> Any:
        return 200, self._check_json(self._check_for(ctx, owner, repo, check_run_id)), {}

    @route("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", perm=("checks", "read"))
    def r_check_annotations(self, ctx: Token, owner: str, repo: str, check_run_id: str, request: Request,
                            **_: Any) -> Any:
        cid = self._check_for(ctx, owner, repo, check_run_id)
        chunk, headers = self._paginate(request, copy.deepcopy(self._annotations[cid]))
        return 200, chunk, headers

    @route("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", perm=("checks", "read"))
    def r_checks_for_ref(self, ctx: Token, owner: str, repo: str, ref: str, request: Request, query: dict,
                         **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        sha = self._resolve(r, ref) or ref
        runs = [
            c for cid, c in self._check_runs.items() if self._check_repo[cid] == r.full_name and c["head_sha"] == sha
        ]
        if query.get("check_name"):
            runs = [c for c in runs if c["name"] == query["check_name"]]
        if query.get("status"):
            runs = [c for c in runs if c["status"] == query["status"]]
        if query.get("filter", "latest") == "latest":
            latest: dict[str, dict[str, Any]] = {}
            for c in runs:
                latest[c["name"]] = c
            runs = list(latest.values())
        runs = sorted(runs, key=lambda c: c["id"], reverse=True)
        chunk, headers = self._paginate(request, copy.deepcopy(runs))
        return 200, {"total_count": len(runs), "check_runs": chunk}, headers

    # ------------------------------------------------------------------ REST: reviews & review comments

    @route("POST", "/repos/{owner}/{repo}/pulls/{number}/reviews", perm=("pull_requests", "write"))
    def r_create_review(self, ctx: Token, owner: str, repo: str, number: str, body: Any, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        body = body if isinstance(body, dict) else {}
        login = self._actor(ctx)
        commit_id = body.get("commit_id") or p.head_sha
        event = body.get("event")
        if event not in (None, "COMMENT", "REQUEST_CHANGES", "APPROVE"):
            raise unprocessable(f"Unknown event: {event}")
        comments = body.get("comments") or []
        text = body.get("body") or ""
        if event in ("REQUEST_CHANGES", "COMMENT") and not text and not comments:
            raise unprocessable(
                f"Review Can not {('request changes' if event == 'REQUEST_CHANGES' else 'comment')} without a body"
            )
        if event in ("REQUEST_CHANGES", "APPROVE") and login == p.author:
            verb = "request changes on" if event == "REQUEST_CHANGES" else "approve"
            raise unprocessable(f"Review Can not {verb} your own pull request")
        if p.version(commit_id) is None:
            raise unprocessable(f"No commit found for SHA: {commit_id}")
        for spec in comments:  # GitHub rejects the whole review if any comment is misplaced
            if not isinstance(spec, dict):
                raise unprocessable("Invalid comment")
            self._validate_review_comment(p, commit_id, spec)
        state = {"COMMENT": "COMMENTED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "APPROVE": "APPROVED", None: "PENDING"}
        review = self._create_review_record(p, login, commit_id, state[event], text)
        for spec in comments:
            self._create_review_comment(p, login, commit_id, spec, review["id"])
        return 200, dict(review), {}

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/reviews", perm=("pull_requests", "read"))
    def r_list_reviews(self, ctx: Token, owner: str, repo: str, number: str, request: Request, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        items = [dict(r) for rid, r in self._reviews.items() if self._review_loc[rid] == (p.repo.full_name, p.number)]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/reviews/{review_id}", perm=("pull_requests", "read"))
    def r_get_review(self, ctx: Token, owner: str, repo: str, number: str, review_id: str, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        rid = int(review_id) if review_id.isdigit() else -1
        if self._review_loc.get(rid) != (p.repo.full_name, p.number):
            raise not_found()
        return 200, dict(self._reviews[rid]), {}

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/comments", perm=("pull_requests", "read"))
    def r_list_review_comments(self, ctx: Token, owner: str, repo: str, number: str, request: Request,
                               **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        items = [
            self._review_comment_out(c)
            for cid, c in self._review_comments.items()
            if self._review_comment_loc[cid] == (p.repo.full_name, p.number)
        ]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    @route("POST", "/repos/{owner}/{repo}/pulls/{number}/comments", perm=("pull_requests", "write"))
    def r_create_review_comment(self, ctx: Token, owner: str, repo: str, number: str, body: Any, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        body = body if isinstance(body, dict) else {}
        login = self._actor(ctx)
        if body.get("in_reply_to") is not None:
            parent = body["in_reply_to"]
            if self._review_comment_loc.get(parent) != (p.repo.full_name, p.number):
                raise not_found()
            review = self._create_review_record(p, login, p.head_sha, "COMMENTED", "")
            c = self._create_review_comment(p, login, p.head_sha, {"body": body.get("body", "")}, review["id"], parent)
            return 201, self._review_comment_out(c), {}
        commit_id = body.get("commit_id")
        if not commit_id:
            raise unprocessable(message="Invalid request.\n\n\"commit_id\" wasn't supplied.")
        if p.version(commit_id) is None:
            raise unprocessable(f"No commit found for SHA: {commit_id}")
        self._validate_review_comment(p, commit_id, body)
        review = self._create_review_record(p, login, commit_id, "COMMENTED", "")
        c = self._create_review_comment(p, login, commit_id, body, review["id"])
        return 201, self._review_comment_out(c), {}

    def _comment_in(self, ctx: Token, owner: str, repo: str, comment_id: str,
                    locs: dict[int, tuple[str, int]]) -> int:
        """The id of a comment of this repo (issue or review comment, by `locs`), else 404."""
        r = self._repo_for(ctx, owner, repo)
        cid = int(comment_id) if comment_id.isdigit() else -1
        loc = locs.get(cid)
        if loc is None or loc[0] != r.full_name:
            raise not_found()
        return cid

    def _review_comment_for(self, ctx: Token, owner: str, repo: str, comment_id: str) -> int:
        return self._comment_in(ctx, owner, repo, comment_id, self._review_comment_loc)

    def _edit_comment(self, ctx: Token, c: dict[str, Any], body: Any) -> None:
        """PATCH semantics shared by both comment kinds: only the author edits, body required."""
        if c["user"]["login"] != self._actor(ctx):
            raise HTTPError(403, "Resource not accessible by integration")
        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
            raise unprocessable(message="Invalid request.\n\n\"body\" wasn't supplied.")
        c["body"] = body["body"]
        c["updated_at"] = iso()

    @route("GET", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", perm=("pull_requests", "read"))
    def r_get_review_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, **_: Any) -> Any:
        cid = self._review_comment_for(ctx, owner, repo, comment_id)
        return 200, self._review_comment_out(self._review_comments[cid]), {}

    @route("PATCH", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", perm=("pull_requests", "write"))
    def r_update_review_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, body: Any,
                                **_: Any) -> Any:
        c = self._review_comments[self._review_comment_for(ctx, owner, repo, comment_id)]
        self._edit_comment(ctx, c, body)
        return 200, self._review_comment_out(c), {}

    @route("DELETE", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", perm=("pull_requests", "write"))
    def r_delete_review_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, **_: Any) -> Any:
        cid = self._review_comment_for(ctx, owner, repo, comment_id)
        if self._review_comments[cid]["user"]["login"] != self._actor(ctx):
            raise HTTPError(403, "Resource not accessible by integration")
        del self._review_comments[cid]
        del self._review_comment_loc[cid]
        for tid, t in list(self._threads.items()):
            if cid in t.comment_ids:
                t.comment_ids.remove(cid)
                if not t.comment_ids:
                    del self._threads[tid]
        return 204, None, {}

    # ------------------------------------------------------------------ REST: issue comments & reactions

    @route("GET", "/repos/{owner}/{repo}/issues/{number}/comments", perm=("issues", "read"))
    def r_list_issue_comments(self, ctx: Token, owner: str, repo: str, number: str, request: Request,
                              query: dict, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        items = [
            self._issue_comment_out(c)
            for cid, c in self._issue_comments.items()
            if self._issue_comment_loc[cid] == (p.repo.full_name, p.number)
        ]
        if query.get("since"):
            items = [c for c in items if c["updated_at"] >= query["since"]]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    @route("POST", "/repos/{owner}/{repo}/issues/{number}/comments", perm=("issues", "write"))
    def r_create_issue_comment(self, ctx: Token, owner: str, repo: str, number: str, body: Any, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
            raise unprocessable(message="Invalid request.\n\n\"body\" wasn't supplied.")
        if len(body["body"]) > 65536:
            raise unprocessable({"resource": "IssueComment", "code": "custom", "field": "body",
                                 "message": "body is too long (maximum is 65536 characters)"},
                                message="Validation Failed")
        c = self._create_issue_comment(p, self._actor(ctx), body["body"], via_app=ctx.kind == "installation")
        return 201, self._issue_comment_out(c), {"Location": c["url"]}

    def _issue_comment_for(self, ctx: Token, owner: str, repo: str, comment_id: str) -> int:
        return self._comment_in(ctx, owner, repo, comment_id, self._issue_comment_loc)

    @route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=("issues", "read"))
    def r_get_issue_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, **_: Any) -> Any:
        cid = self._issue_comment_for(ctx, owner, repo, comment_id)
        return 200, self._issue_comment_out(self._issue_comments[cid]), {}

    @route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=("issues", "write"))
    def r_update_issue_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, body: Any,
                               **_: Any) -> Any:
        c = self._issue_comments[self._issue_comment_for(ctx, owner, repo, comment_id)]
        self._edit_comment(ctx, c, body)
        return 200, self._issue_comment_out(c), {}

    @route("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=("issues", "write"))
    def r_delete_issue_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, **_: Any) -> Any:
        cid = self._issue_comment_for(ctx, owner, repo, comment_id)
        if self._issue_comments[cid]["user"]["login"] != self._actor(ctx):
            raise HTTPError(403, "Resource not accessible by integration")
        del self._issue_comments[cid]
        del self._issue_comment_loc[cid]
        return 204, None, {}

    @route("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", perm=("issues", "write"))
    def r_create_reaction(self, ctx: Token, owner: str, repo: str, comment_id: str, body: Any, **_: Any) -> Any:
        cid = self._issue_comment_for(ctx, owner, repo, comment_id)
        content = body.get("content") if isinstance(body, dict) else None
        if content not in REACTIONS:
            raise unprocessable(message=f"Invalid request.\n\n{content!r} is not a member of content.")
        login = self._actor(ctx)
        for rx in self._reactions.get(cid, []):
            if rx["user"]["login"] == login and rx["content"] == content:
                return 200, dict(rx), {}
        rid = next(self._ids)
        rx = {
            "id": rid,
            "node_id": _node_id("REA", rid),
            "user": self._user_json(login),
            "content": content,
            "created_at": iso(),
        }
        self._reactions.setdefault(cid, []).append(rx)
        return 201, dict(rx), {}

    @route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", perm=("issues", "read"))
    def r_list_reactions(self, ctx: Token, owner: str, repo: str, comment_id: str, request: Request,
                         query: dict, **_: Any) -> Any:
        cid = self._issue_comment_for(ctx, owner, repo, comment_id)
        items = [dict(x) for x in self._reactions.get(cid, [])]
        if query.get("content"):
            items = [x for x in items if x["content"] == query["content"]]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    # ------------------------------------------------------------------ REST: people

    @route("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", perm=("metadata", "read"))
    def r_permission(self, ctx: Token, owner: str, repo: str, username: str, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        user = self.users.get(username) or next((u for k, u in self.users.items() if k.lower() == username.lower()),
                                                None)
        if user is None or user.type == "Organization":
            raise HTTPError(404, f"{username} is not a user", doc=f"{DOCS}/collaborators/collaborators")
        role = self.permissions.get((r.full_name, user.login))
        if role is None:
            role = "admin" if user.login == r.owner else ("none" if r.private else "read")
        permission = ROLE_TO_PERMISSION.get(role, "none")
        collaborator = {
            **self._user_json(user.login),
            "permissions": {
                "admin": role == "admin",
                "maintain": role in ("admin", "maintain"),
                "push": role in ("admin", "maintain", "write"),
                "triage": role in ("admin", "maintain", "write", "triage"),
                "pull": role != "none",
            },
            "role_name": role,
        }
        return 200, {"permission": permission, "role_name": role, "user": collaborator}, {}

    @route("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}", perm=("members", "read"))
    def r_team_membership(self, ctx: Token, org: str, team_slug: str, username: str, **_: Any) -> Any:
        inst = self.installations.get(ctx.installation_id or -1) if ctx.kind == "installation" else None
        if inst is not None and inst.account.lower() != org.lower():
            raise not_found()
        team = self.teams.get((org, team_slug))
        if team is None or username not in team:
            raise HTTPError(404, "Not Found", doc=f"{DOCS}/teams/members#get-team-membership-for-a-user")
        state = "pending" if (org, team_slug, username) in self.team_pending else "active"
        return 200, {
            "url": f"{self.url}/organizations/{self.users[org].id}/team/{team_slug}/memberships/{username}",
            "role": team[username],
            "state": state,
        }, {}

    @route("GET", "/orgs/{org}/members/{username}", perm=("members", "read"))
    def r_org_member(self, ctx: Token, org: str, username: str, **_: Any) -> Any:
        if username in self.org_members.get(org, set()):
            return 204, None, {}
        raise HTTPError(404, "User does not exist or is not a member of the organization")

    @route("GET", "/users/{username}", perm=None)
    def r_get_user(self, username: str, **_: Any) -> Any:
        if username not in self.users:
            raise not_found()
        u = self._user_json(username)
        u.update({"name": None, "company": None, "blog": "", "location": None, "email": None, "hireable": None,
                  "bio": None, "public_repos": 0, "public_gists": 0, "followers": 0, "following": 0,
                  "created_at": self._started_at, "updated_at": self._started_at})
        return 200, u, {}

    # ------------------------------------------------------------------ GraphQL

    @route("POST", "/graphql")
    def r_graphql(self, ctx: Token, body: Any, **_: Any) -> Any:
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            raise HTTPError(400, "Problems parsing JSON", doc="https://docs.github.com/graphql")
        return 200, GraphQLExecutor(self, ctx).run(body["query"], body.get("variables") or {},
                                                   body.get("operationName")), {}


# --------------------------------------------------------------------------- small utilities


def quote_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def _default_error(status: int) -> dict[str, Any]:
    messages = {
        400: "Bad Request",
        401: "Bad credentials",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        422: "Unprocessable Entity",
        429: "Too Many Requests",
        500: "Server Error",
        502: "Server Error",
        503: "Service Unavailable",
        504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request "
        "and contact us if the problem persists.",
    }
    return {"message": messages.get(status, "Error"), "documentation_url": DOCS, "status": str(status)}


def _auth_kind(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, cred = header.partition(" ")
    cred = cred.strip()
    if scheme.lower() == "bearer" and cred.count(".") == 2:
        return "jwt"
    if cred.startswith("ghs_"):
        return "installation"
    if cred.startswith("ghu_"):
        return "user"
    return "other"


def _is_mutation(body: Any) -> bool:
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return False
    return bool(re.match(r"\s*(#[^\n]*\n\s*)*mutation\b", body["query"]))


def graphql_operation(name: str) -> Callable[[Any], bool]:
    """A ``when=`` predicate for ``fail`` matching a GraphQL operation by name."""

    def pred(body: Any) -> bool:
        if not isinstance(body, dict):
            return False
        if body.get("operationName") == name:
            return True
        return bool(re.search(r"\b(query|mutation)\s+" + re.escape(name) + r"\b", str(body.get("query", ""))))

    return pred


def _abort_connection(send: Any) -> None:
    """Drop the TCP connection without a response (RST where the platform allows it)."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise RuntimeError("cannot reach the transport to reset the connection")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    cycle.disconnected = True  # stop uvicorn from writing a 500 after us
    transport.abort()


# --------------------------------------------------------------------------- GraphQL


class GraphQLSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


@dataclasses.dataclass
class GField:
    alias: str
    name: str
    args: dict[str, Any]
    selections: list[Any] | None
    line: int
    column: int


@dataclasses.dataclass
class GInline:
    type_condition: str | None
    selections: list[Any]


@dataclasses.dataclass
class GSpread:
    name: str


@dataclasses.dataclass
class GVar:
    name: str


@dataclasses.dataclass
class GEnum:
    name: str


_TOKEN_RE = re.compile(
    r'(?P<ws>[\s,\ufeff]+|#[^\n]*)|(?P<block>"""(?:[^"\\]|\\.|"(?!""))*""")|(?P<str>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<name>[_A-Za-z][_0-9A-Za-z]*)|(?P<spread>\.\.\.)"
    r"|(?P<punct>[!$&()\:=@\[\]{}|])"
)


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens: list[tuple[str, str, int, int]] = []
        pos = 0
        while pos < len(source):
            m = _TOKEN_RE.match(source, pos)
            if not m:
                line = source.count("\n", 0, pos) + 1
                raise GraphQLSyntaxError(
                    f"Parse error on \"{source[pos]}\"", line, pos - source.rfind("\n", 0, pos)
                )
            kind = m.lastgroup or ""
            if kind != "ws":
                line = source.count("\n", 0, pos) + 1
                self.tokens.append((kind, m.group(), line, pos - source.rfind("\n", 0, pos)))
            pos = m.end()
        self.i = 0

    def peek(self, value: str | None = None, kind: str | None = None) -> bool:
        if self.i >= len(self.tokens):
            return False
        k, v, _, _ = self.tokens[self.i]
        return (value is None or v == value) and (kind is None or k == kind)

    def take(self, value: str | None = None, kind: str | None = None) -> tuple[str, str, int, int]:
        if not self.peek(value, kind):
            if self.i >= len(self.tokens):
                last = self.tokens[-1] if self.tokens else ("", "", 1, 1)
                raise GraphQLSyntaxError("Unexpected end of document", last[2], last[3])
            tok = self.tokens[self.i]
            raise GraphQLSyntaxError(f"Parse error on \"{tok[1]}\" ({tok[0].upper()})", tok[2], tok[3])
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def document(self) -> tuple[list[dict[str, Any]], dict[str, GInline]]:
        ops: list[dict[str, Any]] = []
        frags: dict[str, GInline] = {}
        while self.i < len(self.tokens):
            if self.peek("{"):
                ops.append({"type": "query", "name": None, "vars": {}, "selections": self.selection_set()})
            elif self.peek("fragment"):
                self.take()
                name = self.take(kind="name")[1]
                self.take("on")
                cond = self.take(kind="name")[1]
                self.directives()
                frags[name] = GInline(cond, self.selection_set())
            else:
                op = self.take(kind="name")[1]
                if op not in ("query", "mutation", "subscription"):
                    tok = self.tokens[self.i - 1]
                    raise GraphQLSyntaxError(f"Parse error on \"{op}\" (IDENTIFIER)", tok[2], tok[3])
                name = self.take(kind="name")[1] if self.peek(kind="name") else None
                variables: dict[str, Any] = {}
                if self.peek("("):
                    self.take("(")
                    while not self.peek(")"):
                        self.take("$")
                        vname = self.take(kind="name")[1]
                        self.take(":")
                        vtype = self.type_ref()
                        default = _MISSING
                        if self.peek("="):
                            self.take("=")
                            default = self.value(const=True)
                        variables[vname] = (vtype, default)
                    self.take(")")
                self.directives()
                ops.append({"type": op, "name": name, "vars": variables, "selections": self.selection_set()})
        if not ops:
            raise GraphQLSyntaxError("Unexpected end of document", 1, 1)
        return ops, frags

    def type_ref(self) -> str:
        if self.peek("["):
            self.take("[")
            inner = self.type_ref()
            self.take("]")
            out = f"[{inner}]"
        else:
            out = self.take(kind="name")[1]
        if self.peek("!"):
            self.take("!")
            out += "!"
        return out

    def directives(self) -> None:
        while self.peek("@"):
            self.take("@")
            self.take(kind="name")
            if self.peek("("):
                self.arguments()

    def selection_set(self) -> list[Any]:
        self.take("{")
        out: list[Any] = []
        while not self.peek("}"):
            if self.peek("..."):
                self.take("...")
                if self.peek("on"):
                    self.take("on")
                    cond = self.take(kind="name")[1]
                    self.directives()
                    out.append(GInline(cond, self.selection_set()))
                elif self.peek("{") or self.peek("@"):
                    self.directives()
                    out.append(GInline(None, self.selection_set()))
                else:
                    out.append(GSpread(self.take(kind="name")[1]))
                    self.directives()
                continue
            _, name, line, col = self.take(kind="name")
            alias = name
            if self.peek(":"):
                self.take(":")
                name = self.take(kind="name")[1]
            args = self.arguments() if self.peek("(") else {}
            self.directives()
            sels = self.selection_set() if self.peek("{") else None
            out.append(GField(alias, name, args, sels, line, col))
        self.take("}")
        if not out:
            tok = self.tokens[self.i - 1]
            raise GraphQLSyntaxError("Parse error on \"}\" (RCURLY)", tok[2], tok[3])
        return out

    def arguments(self) -> dict[str, Any]:
        self.take("(")
        args: dict[str, Any] = {}
        while not self.peek(")"):
            name = self.take(kind="name")[1]
            self.take(":")
            args[name] = self.value()
        self.take(")")
        return args

    def value(self, const: bool = False) -> Any:
        if self.peek("$") and not const:
            self.take("$")
            return GVar(self.take(kind="name")[1])
        if self.peek("["):
            self.take("[")
            items = []
            while not self.peek("]"):
                items.append(self.value(const))
            self.take("]")
            return items
        if self.peek("{"):
            self.take("{")
            obj = {}
            while not self.peek("}"):
                key = self.take(kind="name")[1]
                self.take(":")
                obj[key] = self.value(const)
            self.take("}")
            return obj
        kind, text, _, _ = self.take()
        if kind == "str":
            return json.loads(text)
        if kind == "block":
            return text[3:-3].replace('\\"""', '"""')
        if kind == "num":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "name":
            literals = {"true": True, "false": False, "null": None}
            return literals[text] if text in literals else GEnum(text)
        raise GraphQLSyntaxError(f"Parse error on \"{text}\"", 1, 1)


# field -> (return type, required args, optional args). "[T]" = list. Scalars are lowercase-free names below.
_SCALARS = {"String", "Int", "Boolean", "ID", "URI", "DateTime", "GitObjectID", "Float", "HTML"}
_INTERFACES = {
    "GitObject": {"Blob", "Commit", "Tree"},
    "Actor": {"User", "Bot", "Organization"},
    "RepositoryOwner": {"User", "Organization"},
    "Node": {"Blob", "Commit", "Tree", "User", "Bot", "Organization", "Repository", "PullRequest",
             "PullRequestReviewThread", "PullRequestReviewComment"},
}
_CONN = {"first": False, "after": False, "last": False, "before": False}
_ACTOR_FIELDS = {
    "login": ("String", {}), "url": ("URI", {}), "avatarUrl": ("URI", {"size": False}), "id": ("ID", {}),
    "databaseId": ("Int", {}), "resourcePath": ("URI", {}),
}
_GIT_FIELDS = {
    "id": ("ID", {}), "oid": ("GitObjectID", {}), "abbreviatedOid": ("String", {}), "commitUrl": ("URI", {}),
    "commitResourcePath": ("URI", {}), "repository": ("Repository", {}),
}
_SCHEMA: dict[str, dict[str, tuple[str, dict[str, bool]]]] = {
    "Query": {
        "repository": ("Repository", {"owner": True, "name": True, "followRenames": False}),
        "rateLimit": ("RateLimit", {"dryRun": False}),
        "viewer": ("User", {}),
        "node": ("Node", {"id": True}),
        "nodes": ("[Node]", {"ids": True}),
    },
    "Mutation": {
        "resolveReviewThread": ("ResolveReviewThreadPayload", {"input": True}),
        "unresolveReviewThread": ("UnresolveReviewThreadPayload", {"input": True}),
    },
    "ResolveReviewThreadPayload": {"clientMutationId": ("String", {}), "thread": ("PullRequestReviewThread", {})},
    "UnresolveReviewThreadPayload": {"clientMutationId": ("String", {}), "thread": ("PullRequestReviewThread", {})},
    "RateLimit": {"limit": ("Int", {}), "cost": ("Int", {}), "remaining": ("Int", {}), "resetAt": ("DateTime", {}),
                  "used": ("Int", {}), "nodeCount": ("Int", {})},
    "Repository": {
        "id": ("ID", {}), "databaseId": ("Int", {}), "name": ("String", {}), "nameWithOwner": ("String", {}),
        "isPrivate": ("Boolean", {}), "url": ("URI", {}), "owner": ("RepositoryOwner", {}),
        "defaultBranchRef": ("Ref", {}), "ref": ("Ref", {"qualifiedName": True}),
        "object": ("GitObject", {"expression": False, "oid": False}),
        "pullRequest": ("PullRequest", {"number": True}),
        "mergeQueue": ("MergeQueue", {"branch": False}),
    },
    "MergeQueue": {
        "id": ("ID", {}), "url": ("URI", {}), "resourcePath": ("URI", {}),
        "nextEntryEstimatedTimeToMerge": ("Int", {}), "entries": ("MergeQueueEntryConnection", dict(_CONN)),
    },
    "MergeQueueEntryConnection": {
        "nodes": ("[MergeQueueEntry]", {}), "edges": ("[MergeQueueEntryEdge]", {}),
        "pageInfo": ("PageInfo", {}), "totalCount": ("Int", {}),
    },
    "MergeQueueEntryEdge": {"cursor": ("String", {}), "node": ("MergeQueueEntry", {})},
    "MergeQueueEntry": {
        "id": ("ID", {}), "position": ("Int", {}), "state": ("MergeQueueEntryState", {}),
        "headCommit": ("Commit", {}), "baseCommit": ("Commit", {}), "pullRequest": ("PullRequest", {}),
        "enqueuedAt": ("DateTime", {}), "enqueuer": ("Actor", {}), "jump": ("Boolean", {}), "solo": ("Boolean", {}),
        "estimatedTimeToMerge": ("Int", {}),
    },
    "Ref": {"id": ("ID", {}), "name": ("String", {}), "prefix": ("String", {}), "target": ("GitObject", {})},
    "Blob": {**_GIT_FIELDS, "text": ("String", {}), "isBinary": ("Boolean", {}), "byteSize": ("Int", {}),
             "isTruncated": ("Boolean", {})},
    "Tree": {**_GIT_FIELDS},
    "Commit": {**_GIT_FIELDS, "message": ("String", {}), "url": ("URI", {})},
    "User": {**_ACTOR_FIELDS, "name": ("String", {})},
    "Bot": {**_ACTOR_FIELDS},
    "Organization": {**_ACTOR_FIELDS, "name": ("String", {})},
    "PullRequest": {
        "id": ("ID", {}), "databaseId": ("Int", {}), "number": ("Int", {}), "title": ("String", {}),
        "url": ("URI", {}), "state": ("PullRequestState", {}), "isDraft": ("Boolean", {}),
        "headRefOid": ("GitObjectID", {}), "headRefName": ("String", {}), "baseRefName": ("String", {}),
        "baseRefOid": ("GitObjectID", {}), "author": ("Actor", {}),
        "reviewThreads": ("PullRequestReviewThreadConnection", dict(_CONN)),
        "mergeQueueEntry": ("MergeQueueEntry", {}), "isInMergeQueue": ("Boolean", {}),
    },
    "PullRequestReviewThreadConnection": {
        "nodes": ("[PullRequestReviewThread]", {}), "edges": ("[PullRequestReviewThreadEdge]", {}),
        "pageInfo": ("PageInfo", {}), "totalCount": ("Int", {}),
    },
    "PullRequestReviewThreadEdge": {"cursor": ("String", {}), "node": ("PullRequestReviewThread", {})},
    "PullRequestReviewCommentConnection": {
        "nodes": ("[PullRequestReviewComment]", {}), "edges": ("[PullRequestReviewCommentEdge]", {}),
        "pageInfo": ("PageInfo", {}), "totalCount": ("Int", {}),
    },
    "PullRequestReviewCommentEdge": {"cursor": ("String", {}), "node": ("PullRequestReviewComment", {})},
    "PageInfo": {"hasNextPage": ("Boolean", {}), "hasPreviousPage": ("Boolean", {}),
                 "startCursor": ("String", {}), "endCursor": ("String", {})},
    "PullRequestReviewThread": {
        "id": ("ID", {}), "isResolved": ("Boolean", {}), "isOutdated": ("Boolean", {}),
        "isCollapsed": ("Boolean", {}), "path": ("String", {}), "line": ("Int", {}), "originalLine": ("Int", {}),
        "startLine": ("Int", {}), "diffSide": ("DiffSide", {}),
        "subjectType": ("PullRequestReviewThreadSubjectType", {}),
        "resolvedBy": ("User", {}), "viewerCanResolve": ("Boolean", {}), "viewerCanUnresolve": ("Boolean", {}),
        "comments": ("PullRequestReviewCommentConnection", {**_CONN, "skip": False}),
        "pullRequest": ("PullRequest", {}),
    },
    "PullRequestReviewComment": {
        "id": ("ID", {}), "databaseId": ("Int", {}), "fullDatabaseId": ("String", {}), "body": ("String", {}),
        "path": ("String", {}), "url": ("URI", {}), "createdAt": ("DateTime", {}), "updatedAt": ("DateTime", {}),
        "author": ("Actor", {}), "line": ("Int", {}), "originalLine": ("Int", {}), "outdated": ("Boolean", {}),
        "diffHunk": ("String", {}), "pullRequest": ("PullRequest", {}),
    },
}
_ENUMS = {"PullRequestState", "DiffSide", "PullRequestReviewThreadSubjectType", "MergeQueueEntryState"}


class _GQLFieldError(Exception):
    def __init__(self, type_: str, message: str) -> None:
        super().__init__(message)
        self.type = type_


class GraphQLExecutor:
    """Executes one GraphQL document against a GitHubDouble (validate, then resolve)."""

    def __init__(self, gh: GitHubDouble, ctx: Token | None) -> None:
        self.gh = gh
        self.ctx = ctx
        self.errors: list[dict[str, Any]] = []
        self.frags: dict[str, GInline] = {}
        self.variables: dict[str, Any] = {}
        self.node_count = 0

    # -- entry
    def run(self, query: str, variables: dict[str, Any], operation_name: str | None) -> dict[str, Any]:
        try:
            ops, self.frags = _Parser(query).document()
        except GraphQLSyntaxError as err:
            return {"errors": [{"message": str(err), "locations": [{"line": err.line, "column": err.column}]}]}
        if operation_name:
            ops = [o for o in ops if o["name"] == operation_name]
            if not ops:
                return {"errors": [{"message": f"No operation named \"{operation_name}\""}]}
        elif len(ops) > 1:
            return {"errors": [{"message": "An operation name is required"}]}
        op = ops[0]
        if op["type"] == "subscription":
            return {"errors": [{"message": "Subscriptions are not supported"}]}
        root = "Mutation" if op["type"] == "mutation" else "Query"
        # variables
        for name, (vtype, default) in op["vars"].items():
            if name in variables:
                self.variables[name] = variables[name]
            elif default is not _MISSING:
                self.variables[name] = default
            elif vtype.endswith("!"):
                self.errors.append({
                    "extensions": {"value": None, "problems": [{"path": [], "explanation": "Expected value to not "
                                                                "be null"}]},
                    "locations": [{"line": 1, "column": 1}],
                    "message": f"Variable ${name} of type {vtype} was provided invalid value",
                })
        opname = f"{op['type']} {op['name']}" if op["name"] else op["type"]
        self._validate(root, op["selections"], [opname], set(op["vars"]))
        if self.errors:
            return {"errors": self.errors}
        data = self._resolve_selections(root, None, op["selections"], [])
        out: dict[str, Any] = {"data": data}
        if self.errors:
            out["errors"] = self.errors
        return out

    # -- validation
    def _fields_of(self, type_name: str) -> dict[str, tuple[str, dict[str, bool]]]:
        if type_name in _INTERFACES:
            common: dict[str, tuple[str, dict[str, bool]]] | None = None
            for t in _INTERFACES[type_name]:
                f = _SCHEMA.get(t, {})
                common = dict(f) if common is None else {k: v for k, v in common.items() if k in f}
            if type_name == "Node":
                return {"id": ("ID", {})}
            return common or {}
        return _SCHEMA.get(type_name, {})

    def _validate(self, type_name: str, selections: list[Any], path: list[Any], declared: set[str]) -> None:
        fields = self._fields_of(type_name)
        for sel in selections:
            if isinstance(sel, GSpread):
                frag = self.frags.get(sel.name)
                if frag is None:
                    self.errors.append({"message": f"Fragment {sel.name} was used, but not defined"})
                    continue
                sel = frag
            if isinstance(sel, GInline):
                cond = sel.type_condition or type_name
                possible = _INTERFACES.get(type_name, {type_name})
                cond_types = _INTERFACES.get(cond, {cond})
                if cond not in _SCHEMA and cond not in _INTERFACES or not (possible & cond_types):
                    self.errors.append({
                        "message": f"Fragment on {cond} can't be spread inside {type_name}",
                        "path": [*path, f"... on {cond}"],
                        "extensions": {"code": "fragmentSpreadImpossible"},
                    })
                    continue
                self._validate(cond, sel.selections, [*path, f"... on {cond}"], declared)
                continue
            here = [*path, sel.alias]
            loc = [{"line": sel.line, "column": sel.column}]
            if sel.name == "__typename":
                continue
            if sel.name not in fields:
                self.errors.append({
                    "path": here,
                    "extensions": {"code": "undefinedField", "typeName": type_name, "fieldName": sel.name},
                    "locations": loc,
                    "message": f"Field '{sel.name}' doesn't exist on type '{type_name}'",
                })
                continue
            rtype, args = fields[sel.name]
            for arg in sel.args:
                if arg not in args:
                    self.errors.append({
                        "path": [*here, arg],
                        "extensions": {"code": "argumentNotAccepted", "name": sel.name, "typeName": "Field",
                                       "argumentName": arg},
                        "locations": loc,
                        "message": f"Field '{sel.name}' doesn't accept argument '{arg}'",
                    })
            missing = [a for a, req in args.items() if req and a not in sel.args]
            if missing:
                self.errors.append({
                    "path": here,
                    "extensions": {"code": "missingRequiredArguments", "className": "Field", "name": sel.name,
                                   "arguments": ", ".join(missing)},
                    "locations": loc,
                    "message": f"Field '{sel.name}' is missing required arguments: {', '.join(missing)}",
                })
            for v in _vars_in(sel.args):
                if v not in declared:
                    self.errors.append({
                        "path": here,
                        "extensions": {"code": "variableNotDefined", "variableName": v},
                        "locations": loc,
                        "message": f"Variable ${v} is used by {path[0]} but not declared",
                    })
            base = rtype.strip("[]!")
            leaf = base in _SCALARS or base in _ENUMS
            if leaf and sel.selections:
                self.errors.append({
                    "path": here, "locations": loc,
                    "extensions": {"code": "selectionMismatch", "nodeName": f"field '{sel.name}'",
                                   "typeName": base},
                    "message": f"Selections can't be made on scalars (field '{sel.name}' returns {base} but has "
                    "selections [...])",
                })
            elif not leaf and not sel.selections:
                self.errors.append({
                    "path": here, "locations": loc,
                    "extensions": {"code": "selectionMismatch", "nodeName": f"field '{sel.name}'",
                                   "typeName": base},
                    "message": f"Field must have selections (field '{sel.name}' returns {base} but has no "
                    "selections. Did you mean '{sel.name} {{ ... }}'?)",
                })
            elif sel.selections:
                self._validate(base, sel.selections, here, declared)

    # -- execution
    def _arg(self, value: Any) -> Any:
        if isinstance(value, GVar):
            return self.variables.get(value.name)
        if isinstance(value, GEnum):
            return value.name
        if isinstance(value, list):
            return [self._arg(v) for v in value]
        if isinstance(value, dict):
            return {k: self._arg(v) for k, v in value.items()}
        return value

    def _resolve_selections(self, type_name: str, obj: Any, selections: list[Any], path: list[Any]) -> dict:
        out: dict[str, Any] = {}
        for sel in selections:
            if isinstance(sel, GSpread):
                sel = self.frags[sel.name]
            if isinstance(sel, GInline):
                cond = sel.type_condition or type_name
                if type_name == cond or type_name in _INTERFACES.get(cond, set()):
                    _merge(out, self._resolve_selections(type_name, obj, sel.selections, path))
                continue
            here = [*path, sel.alias]
            if sel.name == "__typename":
                out[sel.alias] = type_name
                continue
            rtype, _ = _SCHEMA[type_name][sel.name]
            args = {k: self._arg(v) for k, v in sel.args.items()}
            try:
                value = getattr(self, f"f_{type_name}_{sel.name}", None)
                value = value(obj, args) if value else self._default_field(type_name, obj, sel.name)
            except _GQLFieldError as err:
                self.errors.append({
                    "type": err.type, "path": here, "locations": [{"line": sel.line, "column": sel.column}],
                    "message": str(err),
                })
                out[sel.alias] = None
                continue
            out[sel.alias] = self._complete(rtype.strip("!"), value, sel, here)
        return out

    def _complete(self, rtype: str, value: Any, sel: GField, path: list[Any]) -> Any:
        if value is None:
            return None
        if rtype.startswith("["):
            inner = rtype[1:-1].strip("!")
            return [self._complete(inner, v, sel, [*path, i]) for i, v in enumerate(value)]
        if rtype in _SCALARS or rtype in _ENUMS:
            return value
        concrete, obj = value if rtype in _INTERFACES else (rtype, value)
        self.node_count += 1
        return self._resolve_selections(concrete, obj, sel.selections or [], path)

    def _default_field(self, type_name: str, obj: Any, name: str) -> Any:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        raise _GQLFieldError("INTERNAL", f"double cannot resolve {type_name}.{name}")

    # -- helpers
    def _gitobj(self, repo: Repo, sha: str, path: str | None) -> Any:
        api_oid = sha
        if path is None:
            return ("Commit", {"id": _node_id("C", int(sha[:12], 16) if re.fullmatch(r"[0-9a-f]{12,}", sha) else 1),
                               "oid": api_oid, "abbreviatedOid": api_oid[:7], "message": "", "repo": repo,
                               "url": f"{WEB}/{repo.full_name}/commit/{sha}"})
        data = self.gh._lookup(sha, path)
        if data is None:
            # a directory?
            prefix = path.rstrip("/") + "/"
            if path == "" or self._has_prefix(sha, prefix):
                oid = fake_sha(sha, path, "tree")
                return ("Tree", {"id": _node_id("T", int(oid[:12], 16)), "oid": oid, "abbreviatedOid": oid[:7],
                                 "repo": repo, "commit": sha})
            return None
        text = _as_text(data)
        oid = blob_sha(data)
        return ("Blob", {
            "id": _node_id("B", int(oid[:12], 16)), "oid": oid, "abbreviatedOid": oid[:7], "text": text,
            "isBinary": text is None, "byteSize": len(data), "isTruncated": False, "repo": repo, "commit": sha,
        })

    def _has_prefix(self, sha: str | None, prefix: str) -> bool:
        seen: set[str] = set()
        deleted: set[str] = set()
        while sha and sha in self.gh.trees and sha not in seen:
            seen.add(sha)
            for p, v in self.gh.trees[sha].files.items():
                if p.startswith(prefix) and p not in deleted:
                    if v is not None:
                        return True
                    deleted.add(p)
            sha = self.gh.trees[sha].parent
        return False

    def _actor_obj(self, login: str) -> Any:
        u = self.gh._ensure_user(login)
        kind = {"Bot": "Bot", "Organization": "Organization"}.get(u.type, "User")
        shown = login[:-5] if kind == "Bot" and login.endswith("[bot]") else login
        return (kind, {"login": shown, "url": f"{WEB}/{'apps/' + shown if kind == 'Bot' else shown}",
                       "avatarUrl": f"https://avatars.githubusercontent.com/u/{u.id}?v=4",
                       "id": _node_id({"Bot": "BOT", "Organization": "O"}.get(kind, "U"), u.id), "databaseId": u.id,
                       "resourcePath": f"/{shown}", "name": None})

    def _connection(self, items: list[Any], args: dict[str, Any], field: str) -> dict[str, Any]:
        first, last = args.get("first"), args.get("last")
        if first is None and last is None:
            raise _GQLFieldError(
                "MISSING_PAGINATION_BOUNDARIES",
                f"You must provide a `first` or `last` value to properly paginate the `{field}` connection.",
            )
        for key, n in (("first", first), ("last", last)):
            if n is not None and (not isinstance(n, int) or n < 0 or n > 100):
                raise _GQLFieldError(
                    "EXCESSIVE_PAGINATION",
                    f"Requesting {n} records on the `{field}` connection exceeds the `{key}` limit of 100 records.",
                )
        idx = list(range(len(items)))

        def decode(cursor: Any) -> int:
            try:
                return int(base64.b64decode(str(cursor)).decode().split(":")[-1])
            except (ValueError, UnicodeDecodeError) as err:
                raise _GQLFieldError("INVALID_CURSOR_ARGUMENTS", f"`{cursor}` does not appear to be a valid cursor."
                                     ) from err

        if args.get("after") is not None:
            a = decode(args["after"])
            idx = [i for i in idx if i > a]
        if args.get("before") is not None:
            b = decode(args["before"])
            idx = [i for i in idx if i < b]
        window = idx
        if first is not None:
            window = window[:first]
        if last is not None:
            window = window[-last:] if last else []
        skip = args.get("skip") or 0
        window = window[skip:]

        def cursor(i: int) -> str:
            return base64.b64encode(f"cursor:v2:{i}".encode()).decode()

        return {
            "nodes": [items[i] for i in window],
            "edges": [{"cursor": cursor(i), "node": items[i]} for i in window],
            "pageInfo": {
                "hasNextPage": bool(window) and window[-1] < idx[-1] if idx else False,
                "hasPreviousPage": bool(window) and window[0] > idx[0] if idx else False,
                "startCursor": cursor(window[0]) if window else None,
                "endCursor": cursor(window[-1]) if window else None,
            },
            "totalCount": len(items),
        }

    def _thread_obj(self, t: Thread) -> dict[str, Any]:
        gh = self.gh
        first = gh._review_comments[t.comment_ids[0]]
        pull = gh.pulls[(t.repo, t.number)]
        outdated = first["commit_id"] != pull.head_sha and _patch_of(pull, first["commit_id"], first["path"]) != (
            _patch_of(pull, pull.head_sha, first["path"])
        )
        return {
            "_thread": t, "id": t.id, "isResolved": t.is_resolved, "isOutdated": outdated, "isCollapsed": t.is_resolved,
            "path": first["path"], "line": None if outdated else first["line"], "originalLine": first["original_line"],
            "startLine": first["start_line"], "diffSide": first["side"], "subjectType": "LINE",
            "viewerCanResolve": not t.is_resolved, "viewerCanUnresolve": t.is_resolved, "_pull": pull,
        }

    def _comment_obj(self, cid: int) -> dict[str, Any]:
        c = self.gh._review_comments[cid]
        loc = self.gh._review_comment_loc[cid]
        pull = self.gh.pulls[loc]
        return {
            "_c": c, "id": c["node_id"], "databaseId": c["id"], "fullDatabaseId": str(c["id"]), "body": c["body"],
            "path": c["path"], "url": c["html_url"], "createdAt": c["created_at"], "updatedAt": c["updated_at"],
            "line": c["line"], "originalLine": c["original_line"], "outdated": c["commit_id"] != pull.head_sha,
            "diffHunk": c["diff_hunk"], "_pull": pull,
        }

    def _pull_obj(self, p: Pull) -> dict[str, Any]:
        return {
            "_pull": p, "id": _node_id("PR", p.id), "databaseId": p.id, "number": p.number, "title": p.title,
            "url": f"{WEB}/{p.repo.full_name}/pull/{p.number}", "state": p.state.upper(), "isDraft": p.draft,
            "headRefOid": p.head_sha, "headRefName": p.head_ref, "baseRefName": p.base_ref, "baseRefOid": p.base_sha,
        }

    def _visible(self, repo: Repo) -> bool:
        try:
            self.gh._repo_for(self.ctx, repo.owner, repo.name)
        except HTTPError:
            return False
        return True

    # -- resolvers
    def f_Query_repository(self, _: Any, args: dict[str, Any]) -> Any:
        owner, name = args.get("owner"), args.get("name")
        r = self.gh.repos.get(f"{owner}/{name}")
        if r is None or not self._visible(r):
            raise _GQLFieldError("NOT_FOUND", f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        return {"_repo": r, "id": _node_id("R", r.id), "databaseId": r.id, "name": r.name,
                "nameWithOwner": r.full_name, "isPrivate": r.private, "url": f"{WEB}/{r.full_name}"}

    def f_Query_rateLimit(self, _: Any, args: dict[str, Any]) -> Any:
        b = self.gh.rate["graphql"]
        return {"limit": b["limit"], "cost": 1, "remaining": b["limit"] - b["used"],
                "resetAt": iso(datetime.fromtimestamp(b["reset"], UTC)), "used": b["used"], "nodeCount": 1}

    def f_Query_viewer(self, _: Any, args: dict[str, Any]) -> Any:
        return self._actor_obj(self.gh._actor(self.ctx))[1]

    def _node_by_id(self, nid: Any) -> Any:
        t = self.gh._threads.get(str(nid))
        if t is not None and self._visible(self.gh.repos[t.repo]):
            return ("PullRequestReviewThread", self._thread_obj(t))
        for cid, c in self.gh._review_comments.items():
            if c["node_id"] == nid:
                return ("PullRequestReviewComment", self._comment_obj(cid))
        raise _GQLFieldError("NOT_FOUND", f"Could not resolve to a node with the global id of '{nid}'")

    def f_Query_node(self, _: Any, args: dict[str, Any]) -> Any:
        return self._node_by_id(args["id"])

    def f_Query_nodes(self, _: Any, args: dict[str, Any]) -> Any:
        return [self._node_by_id(i) for i in args["ids"] or []]

    def f_Repository_owner(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._actor_obj(repo["_repo"].owner)

    def f_Repository_defaultBranchRef(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r = repo["_repo"]
        return {"id": _node_id("REF", r.id), "name": r.default_branch, "prefix": "refs/heads/", "_repo": r,
                "_sha": r.branches[r.default_branch]}

    def f_Repository_ref(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r = repo["_repo"]
        name = str(args["qualifiedName"]).removeprefix("refs/heads/")
        if name not in r.branches:
            return None
        return {"id": _node_id("REF", r.id + len(name)), "name": name, "prefix": "refs/heads/", "_repo": r,
                "_sha": r.branches[name]}

    def f_Ref_target(self, ref: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._gitobj(ref["_repo"], ref["_sha"], None)

    def f_Repository_object(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r: Repo = repo["_repo"]
        if args.get("oid"):
            sha = self.gh._resolve(r, args["oid"])
            return self._gitobj(r, sha, None) if sha else None
        expr = args.get("expression")
        if not isinstance(expr, str):
            return None
        rev, sep, path = expr.partition(":")
        sha = self.gh._resolve(r, rev or r.default_branch)
        if sha is None:
            return None
        return self._gitobj(r, sha, path if sep else None)

    def f_Repository_pullRequest(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r = repo["_repo"]
        p = self.gh.pulls.get((r.full_name, args["number"]))
        if p is None:
            raise _GQLFieldError("NOT_FOUND",
                                 f"Could not resolve to a PullRequest with the number of {args['number']}.")
        return self._pull_obj(p)

    def f_Repository_mergeQueue(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r: Repo = repo["_repo"]
        branch = str(args.get("branch") or r.default_branch).removeprefix("refs/heads/")
        if (r.full_name, branch) not in self.gh.merge_queues:
            return None  # GitHub: null where the branch has no merge queue
        return {"_repo": r, "_branch": branch, "id": _node_id("MQ", int(fake_sha(r.full_name, branch)[:12], 16)),
                "url": f"{WEB}/{r.full_name}/queue/{branch}", "resourcePath": f"/{r.full_name}/queue/{branch}",
                "nextEntryEstimatedTimeToMerge": None}

    def _mq_entries(self, r: Repo, branch: str) -> list[dict[str, Any]]:
        out = []
        for i, e in enumerate(self.gh.merge_queues.get((r.full_name, branch), [])):
            nid = _node_id("MQE", int(fake_sha(r.full_name, branch, e["number"])[:12], 16))
            out.append({
                "_entry": e, "_repo": r, "id": nid,
                "position": i + 1, "state": e["state"], "enqueuedAt": e["enqueued_at"], "jump": False,
                "solo": False, "estimatedTimeToMerge": None,
            })
        return out

    def f_MergeQueue_entries(self, mq: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._connection(self._mq_entries(mq["_repo"], mq["_branch"]), args, "entries")

    def f_MergeQueueEntry_headCommit(self, e: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._gitobj(e["_repo"], e["_entry"]["head_sha"], None)[1]

    def f_MergeQueueEntry_baseCommit(self, e: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._gitobj(e["_repo"], e["_entry"]["base_sha"], None)[1]

    def f_MergeQueueEntry_pullRequest(self, e: dict[str, Any], args: dict[str, Any]) -> Any:
        p = self.gh.pulls.get((e["_repo"].full_name, e["_entry"]["number"]))
        return None if p is None else self._pull_obj(p)

    def f_MergeQueueEntry_enqueuer(self, e: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._actor_obj(e["_entry"]["enqueuer"])

    def f_PullRequest_mergeQueueEntry(self, pr: dict[str, Any], args: dict[str, Any]) -> Any:
        p: Pull = pr["_pull"]
        return next((e for e in self._mq_entries(p.repo, p.base_ref) if e["_entry"]["number"] == p.number), None)

    def f_PullRequest_isInMergeQueue(self, pr: dict[str, Any], args: dict[str, Any]) -> Any:
        return self.f_PullRequest_mergeQueueEntry(pr, args) is not None

    def f_Blob_repository(self, obj: dict[str, Any], args: dict[str, Any]) -> Any:
        return self.f_Query_repository(None, {"owner": obj["repo"].owner, "name": obj["repo"].name})

    f_Tree_repository = f_Blob_repository
    f_Commit_repository = f_Blob_repository

    def f_Blob_commitUrl(self, obj: dict[str, Any], args: dict[str, Any]) -> Any:
        return f"{WEB}/{obj['repo'].full_name}/commit/{obj.get('commit', obj['oid'])}"

    f_Tree_commitUrl = f_Blob_commitUrl
    f_Commit_commitUrl = f_Blob_commitUrl

    def f_Blob_commitResourcePath(self, obj: dict[str, Any], args: dict[str, Any]) -> Any:
        return f"/{obj['repo'].full_name}/commit/{obj.get('commit', obj['oid'])}"

    f_Tree_commitResourcePath = f_Blob_commitResourcePath
    f_Commit_commitResourcePath = f_Blob_commitResourcePath

    def f_PullRequest_author(self, pr: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._actor_obj(pr["_pull"].author)

    def f_PullRequest_reviewThreads(self, pr: dict[str, Any], args: dict[str, Any]) -> Any:
        p: Pull = pr["_pull"]
        threads = [self._thread_obj(t) for t in self.gh._threads.values() if (t.repo, t.number) == (
            p.repo.full_name, p.number)]
        return self._connection(threads, args, "reviewThreads")

    def f_PullRequestReviewThread_comments(self, t: dict[str, Any], args: dict[str, Any]) -> Any:
        items = [self._comment_obj(c) for c in t["_thread"].comment_ids]
        return self._connection(items, args, "comments")

    def f_PullRequestReviewThread_resolvedBy(self, t: dict[str, Any], args: dict[str, Any]) -> Any:
        login = t["_thread"].resolved_by
        return None if login is None else self._actor_obj(login)[1]

    def f_PullRequestReviewThread_pullRequest(self, t: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._pull_obj(t["_pull"])

    def f_PullRequestReviewComment_author(self, c: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._actor_obj(c["_c"]["user"]["login"])

    def f_PullRequestReviewComment_pullRequest(self, c: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._pull_obj(c["_pull"])

    def _set_resolved(self, args: dict[str, Any], resolved: bool) -> Any:
        data = args.get("input") or {}
        tid = data.get("threadId")
        t = self.gh._threads.get(str(tid))
        if t is None or not self._visible(self.gh.repos[t.repo]):
            raise _GQLFieldError("NOT_FOUND", f"Could not resolve to a node with the global id of '{tid}'")
        if self.ctx is not None and self.ctx.kind == "installation":
            inst = self.gh.installations.get(self.ctx.installation_id or -1)
            if inst is None or inst.permissions.get("pull_requests") != "write":
                raise _GQLFieldError("FORBIDDEN", "Resource not accessible by integration")
        t.is_resolved = resolved
        t.resolved_by = self.gh._actor(self.ctx) if resolved else None
        return {"clientMutationId": data.get("clientMutationId"), "thread": self._thread_obj(t)}

    def f_Mutation_resolveReviewThread(self, _: Any, args: dict[str, Any]) -> Any:
        return self._set_resolved(args, True)

    def f_Mutation_unresolveReviewThread(self, _: Any, args: dict[str, Any]) -> Any:
        return self._set_resolved(args, False)


def _patch_of(pull: Pull, sha: str, path: str) -> str | None:
    v = pull.version(sha)
    spec = v.files.get(path) if v else None
    return spec.patch if spec else None


def _vars_in(value: Any) -> Iterator[str]:
    if isinstance(value, GVar):
        yield value.name
    elif isinstance(value, dict):
        for v in value.values():
            yield from _vars_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from _vars_in(v)


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    for k, v in new.items():
        if k in into and isinstance(into[k], dict) and isinstance(v, dict):
            _merge(into[k], v)
        else:
            into[k] = v


# --------------------------------------------------------------------------- pytest glue


def reset_githubkit_caches() -> None:
    """Forget tokens/JWTs/HTTP responses githubkit cached process-wide (its default MemCacheStrategy).

    githubkit caches installation tokens in a module-global store keyed by app id and
    installation id, so a token minted by one double would otherwise be sent to the next.
    """
    try:
        from githubkit.cache import DEFAULT_CACHE_STRATEGY
    except ImportError:  # pragma: no cover
        return
    for attr in ("_cache", "_hishel_storage", "_hishel_async_storage"):
        if hasattr(DEFAULT_CACHE_STRATEGY, attr):
            setattr(DEFAULT_CACHE_STRATEGY, attr, None)


def github_double_fixture(**kwargs: Any) -> Iterator[GitHubDouble]:
    """Generator for a pytest fixture: ``github = pytest.fixture(github_double_fixture)``."""
    reset_githubkit_caches()
    double = GitHubDouble(**kwargs)
    with double:
        yield double
    reset_githubkit_caches()
    if double.internal_errors:
        raise AssertionError(f"GitHub double crashed while serving: {double.internal_errors!r}")
