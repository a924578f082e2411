"""The double's world: constants, diff model, and the records it keeps (repos, trees, pulls, tokens)."""

from __future__ import annotations

import base64
import dataclasses
import difflib
import hashlib
import re
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

WEB = "https://github.com"
DOCS = "https://docs.github.com/rest"
API_VERSION = "2022-11-28"  # what GitHub serves a request that names no version
API_VERSIONS = ("2022-11-28", "2026-03-10")  # the X-GitHub-Api-Version values GitHub accepts
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
GRAPHQL_TEXT_BYTES = 512_000  # Blob.text stops here (at a character boundary) and isTruncated is set
MAX_GIT_BLOB_BYTES = 100 * 1024 * 1024  # GET .../git/blobs/{sha} serves blobs up to 100 MB
MAX_BODY_CHARS = 65536  # comment and review bodies, counted in characters as GitHub's message says

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
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def fake_sha(*parts: object) -> str:
    return hashlib.sha1("/".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()


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


def base64_lines(data: bytes) -> str:
    """Base64 as GitHub sends file and blob contents: a newline after every 60 characters."""
    text = base64.b64encode(data).decode()
    return "".join(text[i : i + 60] + "\n" for i in range(0, len(text), 60))


def utf8_prefix(data: bytes, limit: int) -> bytes:
    """At most ``limit`` bytes of UTF-8 ``data``, never ending inside a character."""
    if len(data) <= limit:
        return data
    cut = limit
    while cut > 0 and data[cut] & 0xC0 == 0x80:  # a continuation byte: the character started earlier
        cut -= 1
    return data[:cut]


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


# --------------------------------------------------------------------------- records


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
    labels: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)  # name -> label JSON

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
    labels: list[str] = dataclasses.field(default_factory=list)
    requested_reviewers: list[str] = dataclasses.field(default_factory=list)  # logins
    requested_teams: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (org, slug)

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


def quote_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")
