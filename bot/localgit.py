"""Read a local change from git: the diff against the merge-base, head texts, base config.

An I/O edge for the CLI. git runs with external diff drivers and textconv disabled, so
reviewing a repository never executes anything the repository configures.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from checks.diff import Diff, FileStatus, parse_diff
from checks.model import Commit
from checks.paths import CONFIG_PATHS

MAX_TEXT_BYTES = 50_000_000
MAX_COMMITS = 1_000  # of one change, for agent detection


class GitError(RuntimeError):
    """git refused: not a repository, unknown revision, ... (a usage error for the CLI)."""


@dataclass(frozen=True)
class LocalChange:
    """What the CLI reviews: the parsed diff, head texts, and the base's config text."""

    diff: Diff
    texts: dict[str, str]
    base: str
    head: str | None  # None: the working tree
    config_text: str | None
    config_path: str | None
    base_ref: str = ""  # the ref compared against, as given or the default branch


def _git(repo: Path, *args: str, check: bool = True, input_: bytes | None = None) -> bytes:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    proc = subprocess.run(
        ["git", "-C", str(repo), "-c", "core.quotepath=on", *args],
        input=input_,
        capture_output=True,
        env=env,
        check=False,
    )
    if check and proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(msg[-1] if msg else f"git {args[0]} failed")
    return proc.stdout


def git(repo: Path, *args: str) -> bytes:
    """Run git in `repo` (no prompts, no optional locks); GitError with git's last line on failure."""
    return _git(repo, *args)


def toplevel(repo: Path) -> Path:
    """The repository's root, or GitError (not a repository, no such directory)."""
    if not repo.is_dir():
        raise GitError(f"not a git repository: {repo} is not a directory")
    return Path(_git(repo, "rev-parse", "--show-toplevel").decode().strip())


def resolve(repo: Path, rev: str) -> str:
    """The commit id of `rev`, or GitError naming it."""
    if rev.startswith("-"):
        raise GitError(f"not a revision: {rev!r}")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown revision {rev!r} in {repo}") from None


def default_branch(repo: Path) -> str:
    """origin's HEAD if known, else `main` or `master`."""
    out = _git(repo, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD", check=False).decode().strip()
    if out:
        return out.removeprefix("refs/remotes/")
    for name in ("main", "master"):
        if _git(repo, "rev-parse", "--verify", "--quiet", name, check=False).strip():
            return name
    raise GitError("no default branch found (no origin/HEAD, main or master): pass --base")


def merge_base(repo: Path, a: str, b: str) -> str:
    out = _git(repo, "merge-base", a, b, check=False).decode().strip()
    if not out:
        raise GitError(f"{a} and {b} have no common ancestor")
    return out


def _diff_args() -> list[str]:
    return ["diff", "--no-ext-diff", "--no-textconv", "--no-color", "-M", "--src-prefix=a/", "--dst-prefix=b/"]


def read_change(repo: Path, base: str | None, head: str | None) -> LocalChange:
    """The change from the merge-base of `base` (default branch) and `head` (default: worktree)."""
    repo = Path(_git(repo, "rev-parse", "--show-toplevel").decode().strip())
    base_ref = base or default_branch(repo)
    base_rev = resolve(repo, base_ref)
    head_rev = resolve(repo, head) if head else None
    mb = merge_base(repo, base_rev, head_rev or "HEAD")
    if head_rev:
        raw = _git(repo, *_diff_args(), mb, head_rev)
    else:
        raw = _git(repo, *_diff_args(), mb) + _untracked_diff(repo)
    diff = parse_diff(raw)
    texts = _texts_at(repo, head_rev, diff) if head_rev else _worktree_texts(repo, diff)
    config_text, config_path = None, None
    for candidate in CONFIG_PATHS:
        blob = _git(repo, "show", f"{mb}:{candidate}", check=False)
        if blob:
            config_text, config_path = blob.decode("utf-8", "replace"), candidate
            break
    return LocalChange(diff, texts, mb, head_rev, config_text, config_path, base_ref)


_LOG_FORMAT = "%H%x00%an%x00%ae%x00%cn%x00%ce%x00%B%x00%x1e"


def read_commits(repo: Path, base: str, head: str | None) -> list[Commit]:
    """The commits of `base..head` (head None: HEAD), newest first, with their messages."""
    out = _git(repo, "log", "--no-color", f"--max-count={MAX_COMMITS}", f"--format={_LOG_FORMAT}",
               f"{base}..{head or 'HEAD'}", "--")
    commits = []
    for record in out.decode("utf-8", "replace").split("\x1e"):
        fields = record.lstrip("\n").split("\0")
        if len(fields) < 6:
            continue
        sha, an, ae, cn, ce, message = fields[:6]
        commits.append(Commit(sha, an, ae, cn, ce, message))
    return commits


def _untracked_diff(repo: Path) -> bytes:
    names = _git(repo, "ls-files", "--others", "--exclude-standard", "-z").split(b"\0")
    out = b""
    for name in filter(None, names):
        out += _git(repo, *_diff_args()[:-2], "--no-index", "--", "/dev/null", name.decode(), check=False)
    return out


def _is_text(data: bytes) -> bool:
    return b"\0" not in data[:8192]


def _texts_at(repo: Path, rev: str, diff: Diff) -> dict[str, str]:
    wanted = [f.path for f in diff.files if f.status is not FileStatus.DELETED and not f.binary]
    if not wanted:
        return {}
    request = "".join(f"{rev}:{p}\n" for p in wanted if "\n" not in p).encode()
    out = _git(repo, "cat-file", "--batch", input_=request)
    texts: dict[str, str] = {}
    pos = 0
    for path in (p for p in wanted if "\n" not in p):
        eol = out.index(b"\n", pos)
        header = out[pos:eol].split()
        pos = eol + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # missing, a submodule, ...
        size = int(header[2])
        data = out[pos:pos + size]
        pos += size + 1
        if _is_text(data) and size <= MAX_TEXT_BYTES:
            texts[path] = data.decode("utf-8", "replace")
    return texts


def _worktree_texts(repo: Path, diff: Diff) -> dict[str, str]:
    texts: dict[str, str] = {}
    root = repo.resolve()
    for f in diff.files:
        if f.status is FileStatus.DELETED or f.binary:
            continue
        path = root / f.path
        try:
            if path.is_symlink() or not path.resolve().is_relative_to(root) or not path.is_file():
                continue
            if path.stat().st_size > MAX_TEXT_BYTES:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        if _is_text(data):
            texts[f.path] = data.decode("utf-8", "replace")
    return texts
