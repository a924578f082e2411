"""The double's state and the helpers tests use to set it up and read it back (no HTTP)."""

from __future__ import annotations

import copy
import itertools
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from tests.github_double.faults import Fault
from tests.github_double.model import (
    DEFAULT_PERMISSIONS,
    GITHUB_CACHE_CONTROL,
    ROLE_TO_PERMISSION,
    WEB,
    FileSpec,
    Installation,
    Pull,
    PullVersion,
    Repo,
    Thread,
    Token,
    Tree,
    User,
    _as_bytes,
    _filespec,
    _later,
    _node_id,
    fake_sha,
    iso,
    quote_path,
)


class DoubleState:
    """In-memory GitHub: what tests set up and read back. GitHubDouble serves it over HTTP."""

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
        self.team_ids: dict[tuple[str, str], int] = {}
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
        self._blobs: dict[str, bytes] = {}  # git blob id -> content, filled as GET .../git/blobs asks
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
        author_linked: bool = True, committer_linked: bool = True, message: str | None = None,
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
                pull.repo, sha, login, committer or login, message or f"Work by {login}", parent,
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
            self.team_ids.setdefault((org, slug), next(self._ids))
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

    def add_label(
        self, repo: Repo | str, number: int, name: str, *, color: str = "ededed", description: str | None = None,
        default: bool = False, archived: bool = False, archived_by: str = "monalisa",
    ) -> dict[str, Any]:
        """Put the label ``name`` on the pull request (created on the repository first if missing);
        ``GET .../pulls/{n}`` and the pull list then carry it under ``labels``. Returns its JSON.

        Labels carry ``archived_by``: null, or for an ``archived`` label the user who archived it
        (as GitHub sends since the 2026-03-10 description; githubkit's generated model types the
        field as null and so cannot parse a pull request with an archived label)."""
        with self._lock:
            pull = self._pull(repo, number)
            r = pull.repo
            if name not in r.labels:
                lid = next(self._ids)
                r.labels[name] = {
                    "id": lid, "node_id": _node_id("LA", lid),
                    "url": f"{self.url}/repos/{r.full_name}/labels/{quote_path(name)}", "name": name,
                    "description": description, "color": color, "default": default,
                    "archived_by": self._user_json(archived_by) if archived else None,
                }
            if name not in pull.labels:
                pull.labels.append(name)
                pull.updated_at = _later(pull.updated_at)
            return dict(r.labels[name])

    def request_reviews(
        self, repo: Repo | str, number: int, *, users: Iterable[str] = (), teams: Iterable[str] = ()
    ) -> Pull:
        """Request reviews from ``users`` and from ``teams`` (slugs of teams ``add_team`` made in the
        repository's organization): the PR's ``requested_reviewers`` / ``requested_teams``. A user's
        request is cleared when they submit a review, as on GitHub."""
        with self._lock:
            pull = self._pull(repo, number)
            for login in users:
                if login == pull.author:
                    raise ValueError("Review cannot be requested from pull request author.")
                self._ensure_user(login)
                if login not in pull.requested_reviewers:
                    pull.requested_reviewers.append(login)
            for slug in teams:
                key = (pull.repo.owner, slug)
                if key not in self.teams:
                    raise KeyError(f"unknown team {pull.repo.owner}/{slug}")
                if key not in pull.requested_teams:
                    pull.requested_teams.append(key)
            pull.updated_at = _later(pull.updated_at)
            return pull

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

    def _team_json(self, org: str, slug: str) -> dict[str, Any]:
        """A team as pull requests list it under ``requested_teams``."""
        tid, org_id = self.team_ids[(org, slug)], self._ensure_user(org, "Organization").id
        api = f"{self.url}/organizations/{org_id}/team/{tid}"
        return {
            "id": tid, "node_id": _node_id("T", tid), "url": api, "html_url": f"{WEB}/orgs/{org}/teams/{slug}",
            "name": slug, "slug": slug, "description": None, "privacy": "closed",
            "notification_setting": "notifications_enabled", "permission": "pull",
            "members_url": f"{api}/members{{/member}}", "repositories_url": f"{api}/repos", "parent": None,
            "type": "organization", "organization_id": org_id,
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

    def mint_installation_token(self, installation_id: int) -> str:
        """A token of an installation, as the App would mint it (not counted in ``token_mints``):
        for tests that call the API as the App without its private key."""
        with self._lock:
            tok = "ghs_" + secrets.token_hex(18)
            self.tokens[tok] = Token(tok, "installation", time.time() + self.token_ttl,
                                     installation_id=installation_id)
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

    @staticmethod
    def _on_pull(items: dict[int, dict[str, Any]], where: dict[int, tuple[str, int]], full_name: str,
                 number: int) -> list[dict[str, Any]]:
        """The items (comments, reviews) of one pull request, oldest first."""
        return [item for key, item in items.items() if where[key] == (full_name, number)]

    def issue_comments(self, repo: Repo | str, number: int) -> list[dict[str, Any]]:
        full = self._repo(repo).full_name
        with self._lock:
            return copy.deepcopy(self._on_pull(self._issue_comments, self._issue_comment_loc, full, number))

    def review_comments(self, repo: Repo | str, number: int) -> list[dict[str, Any]]:
        full = self._repo(repo).full_name
        with self._lock:
            return copy.deepcopy(self._on_pull(self._review_comments, self._review_comment_loc, full, number))

    def reviews(self, repo: Repo | str, number: int) -> list[dict[str, Any]]:
        full = self._repo(repo).full_name
        with self._lock:
            return copy.deepcopy(self._on_pull(self._reviews, self._review_loc, full, number))

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
