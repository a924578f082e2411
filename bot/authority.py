"""Who may sign off a gate, checked live against GitHub (with a short cache).

Never the PR's author, nor anyone who authored or committed a commit on the PR, nor a bot;
then the gate's rule: a minimum repository permission, and (when configured) membership
of one of its teams, one of its users, or a code owner of the gated files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.pull import Pull, Repo
from bot.store import Store
from checks.model import Gate
from checks.paths import matches
from checks.policy import PERMISSION_RANK

CACHE_SECONDS = 60.0
GITHUB_COMMITTER = "web-flow"  # GitHub itself commits web edits and merges


@dataclass(frozen=True)
class CodeOwners:
    """CODEOWNERS rules from the base branch: the last matching pattern wins."""

    rules: tuple[tuple[str, tuple[str, ...]], ...]

    @staticmethod
    def parse(text: str | None) -> CodeOwners:
        rules = []
        for raw in (text or "").splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            pattern, *owners = line.split()
            rules.append((pattern, tuple(o.lstrip("@").lower() for o in owners if o.startswith("@"))))
        return CodeOwners(tuple(rules))

    def owners_of(self, path: str) -> tuple[str, ...]:
        found: tuple[str, ...] = ()
        for pattern, owners in self.rules:
            if _codeowners_match(pattern, path):
                found = owners
        return found


def codeowners_globs(pattern: str) -> tuple[str, ...]:
    """A CODEOWNERS pattern as our `**` globs (gitignore rules: no inner slash matches anywhere)."""
    directory = pattern.endswith("/")
    core = pattern.strip("/")
    if not core or core == "*":
        return ("**",)
    anchored = pattern.startswith("/") or "/" in core
    base = core if anchored else f"**/{core}"
    return (f"{base}/**",) if directory else (base, f"{base}/**")


def _codeowners_match(pattern: str, path: str) -> bool:
    return matches(path, codeowners_globs(pattern))


class Authority:
    """Answers "may this person sign off this gate?" for one pull request."""

    def __init__(self, repo: Repo, store: Store, author: str,
                 contributors: Iterable[str], codeowners: CodeOwners, cache_seconds: float = CACHE_SECONDS) -> None:
        self.repo = repo
        self.owner = repo.owner
        self.store = store
        self.author = author.lower()
        self.contributors = {c.lower() for c in contributors} - {GITHUB_COMMITTER}
        self.codeowners = codeowners
        self.cache_seconds = cache_seconds

    def __call__(self, login: str, gate: Gate) -> tuple[bool, str]:
        who = login.lower()
        if who == self.author:
            return False, f"@{login} opened this pull request; the author cannot sign off their own change"
        if who in self.contributors:
            return False, f"@{login} authored or committed a commit on this pull request"
        if who.endswith("[bot]"):
            return False, f"@{login} is a bot"
        rule = gate.signoff
        permission = self.permission(login)
        if PERMISSION_RANK.get(permission, -1) < PERMISSION_RANK[rule.min_permission]:
            return False, f"@{login} has {permission} permission; {rule.min_permission} or more is required"
        if not (rule.teams or rule.users or rule.codeowners):
            return True, ""
        if who in {u.lower() for u in rule.users}:
            return True, ""
        for team in rule.teams:
            if self.in_team(team, login):
                return True, ""
        if rule.codeowners and self._is_codeowner(login, gate):
            return True, ""
        return False, f"@{login} is not among those who may sign off this gate"

    def permission(self, login: str) -> str:
        """admin/maintain/write/triage/read/none, live (cached for a minute)."""
        key = self.repo.permission_key(login)
        cached = self.store.get(key)
        if cached is not None:
            return cached
        data = self.repo.permission(login)
        if data is None:
            permission = "none"
        else:
            role = data.role_name or data.permission
            permission = role if role in PERMISSION_RANK else data.permission
        if self.cache_seconds > 0:
            self.store.put(key, permission, self.cache_seconds)
        return permission

    def in_team(self, team: str, login: str) -> bool:
        org, _, slug = team.rpartition("/")
        org = org or self.owner
        key = f"team:{org}/{slug}:{login.lower()}"
        cached = self.store.get(key)
        if cached is not None:
            return bool(json.loads(cached))
        member = self.repo.team_state(org, slug, login) == "active"
        if self.cache_seconds > 0:
            self.store.put(key, json.dumps(member), self.cache_seconds)
        return member

    def _is_codeowner(self, login: str, gate: Gate) -> bool:
        owners: set[str] = set()
        for reason in gate.reasons:
            owners.update(self.codeowners.owners_of(reason.path))
        if login.lower() in owners:
            return True
        return any("/" in o and self.in_team(o, login) for o in owners)


def pull_contributors(pull: Pull) -> Sequence[str]:
    """Logins of everyone who authored or committed a commit on the PR."""
    return [person.login for c in pull.commits() for person in (c.author, c.committer)
            if person is not None and person.login]
