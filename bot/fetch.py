"""Build a review Snapshot from GitHub: PR files, head texts in GraphQL batches, base config.

Files whose `patch` GitHub omits (large files, and files past ~20,000 patch lines in one
PR) get their hunks computed from the base and head texts, so nothing is skipped silently.
"""

from __future__ import annotations

import difflib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from githubkit.exception import GraphQLFailed

from bot.github import Client
from checks.config import RepoConfig, parse_config
from checks.diff import Diff, DiffError, FileChange, FileStatus, parse_diff
from checks.snapshot import Snapshot

log = logging.getLogger("constraint_guard.fetch")

MAX_FILES = 3000  # GitHub lists at most 3,000 files of a pull request
TEXT_BATCH = 100  # files per GraphQL query
MAX_TEXT_BYTES = 5_000_000


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


@dataclass(frozen=True)
class Fetched:
    """Everything fetched for one review."""

    pull: PullInfo
    snapshot: Snapshot
    config: RepoConfig
    config_error: str | None
    files_listed: int
    truncated: bool  # the PR has more files than GitHub lists
    codeowners: str | None = None  # CODEOWNERS at the base branch


def pull_info(gh: Client, owner: str, repo: str, number: int) -> PullInfo:
    pr = gh.rest.pulls.get(owner, repo, number).parsed_data
    head_repo = pr.head.repo.full_name if pr.head.repo is not None else None
    return PullInfo(
        number=pr.number,
        state=pr.state,
        draft=bool(pr.draft),
        head_sha=pr.head.sha,
        base_ref=pr.base.ref,
        base_sha=pr.base.sha,
        author=pr.user.login if pr.user else "",
        head_repo=head_repo,
        changed_files=int(pr.changed_files or 0),
    )


def list_files(gh: Client, owner: str, repo: str, number: int, expected: int = 0) -> list[PRFile]:
    """All files of the PR, paginated (100 a page, up to GitHub's 3,000); `expected` (the PR's
    changed_files) saves asking for an empty page after an exact multiple of 100."""
    files: list[PRFile] = []
    page = 1
    while len(files) < MAX_FILES and not (expected and len(files) >= expected):
        batch = gh.rest.pulls.list_files(owner, repo, number, per_page=100, page=page).parsed_data
        files += [
            PRFile(f.filename, f.status, f.patch if f.patch else None, f.previous_filename or None,
                   f.additions, f.deletions, f.changes)
            for f in batch
        ]
        if len(batch) < 100:
            break
        page += 1
    return files[:MAX_FILES]


_BLOB = "... on Blob { text isBinary byteSize }"
CONFIG_PATH = ".github/constraint-guard.yml"
CODEOWNERS_PATHS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")  # GitHub's search order
ORG_CONFIG_REPO = ".github"


def _blob_text(blob: dict[str, Any] | None) -> str | None:
    if not blob or blob.get("isBinary") or blob.get("text") is None:
        return None
    if int(blob.get("byteSize") or 0) > MAX_TEXT_BYTES:
        return None
    return str(blob["text"])


def fetch_texts(
    gh: Client, owner: str, repo: str, rev: str, paths: Sequence[str], config_ref: str | None = None,
    oversize: dict[str, int] | None = None,
) -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    """Texts of `paths` at `rev`, one GraphQL query per 100 files; None for binary or missing.

    Text files over MAX_TEXT_BYTES get None too, and their sizes go into `oversize`.

    With `config_ref`, the first query also asks for the config on that (base) branch and in
    the org's `.github` repository, so reading the config costs no extra call. Returns the
    texts and the configs found as (name, text), most specific first.
    """
    texts: dict[str, str | None] = {}
    configs: list[tuple[str, str]] = []
    starts = list(range(0, len(paths), TEXT_BATCH)) or [0]
    for n, start in enumerate(starts):
        chunk = paths[start:start + TEXT_BATCH]
        fields = [f"f{i}: object(expression: {json.dumps(f'{rev}:{p}')}) {{ {_BLOB} }}" for i, p in enumerate(chunk)]
        org = ""
        if config_ref is not None and n == 0:
            fields.append(f"cfg: object(expression: {json.dumps(f'{config_ref}:{CONFIG_PATH}')}) {{ {_BLOB} }}")
            fields += [f"co{i}: object(expression: {json.dumps(f'{config_ref}:{p}')}) {{ {_BLOB} }}"
                       for i, p in enumerate(CODEOWNERS_PATHS)]
            org = (f' org: repository(owner: $owner, name: "{ORG_CONFIG_REPO}") '
                   f'{{ cfg: object(expression: {json.dumps(f"HEAD:{CONFIG_PATH}")}) {{ {_BLOB} }} }}')
        if not fields:
            break
        query = (f"query FileTexts($owner: String!, $name: String!) {{ "
                 f"repository(owner: $owner, name: $name) {{ {' '.join(fields)} }}{org} }}")
        data = graphql_allowing_missing(gh, query, {"owner": owner, "name": repo}, optional={"org"})
        found = data.get("repository") or {}
        for i, path in enumerate(chunk):
            blob = found.get(f"f{i}")
            texts[path] = _blob_text(blob)
            if oversize is not None and blob and not blob.get("isBinary") and texts[path] is None:
                size = int(blob.get("byteSize") or 0)
                if size > MAX_TEXT_BYTES:
                    oversize[path] = size
        if config_ref is not None and n == 0:
            own = _blob_text(found.get("cfg"))
            org_text = _blob_text((data.get("org") or {}).get("cfg"))
            if own is not None:
                configs.append((f"{owner}/{repo}/{CONFIG_PATH} at {config_ref}", own))
            if org_text is not None:
                configs.append((f"{owner}/{ORG_CONFIG_REPO}/{CONFIG_PATH}", org_text))
            owners = next((t for i in range(len(CODEOWNERS_PATHS)) if (t := _blob_text(found.get(f"co{i}")))), None)
            if owners is not None:
                configs.append((CODEOWNERS_KEY, owners))
    return texts, configs


def graphql_allowing_missing(gh: Client, query: str, variables: dict[str, Any], optional: set[str]) -> dict[str, Any]:
    """Run a query whose `optional` top-level fields may not resolve (e.g. no org `.github` repo).

    GitHub answers those with partial data and a NOT_FOUND error; anything else still raises.
    """
    try:
        return dict(gh.graphql(query, variables) or {})
    except GraphQLFailed as exc:
        errors = exc.response.errors or []
        if all(e.type == "NOT_FOUND" and e.path and e.path[0] in optional for e in errors):
            return dict(exc.response.data or {})
        raise


CODEOWNERS_KEY = "CODEOWNERS"


def choose_config(configs: Sequence[tuple[str, str]]) -> tuple[RepoConfig, str | None]:
    """The most specific config; one that does not validate is an error (a failed check
    naming file and key), never a silent fallback to defaults."""
    configs = [c for c in configs if c[0] != CODEOWNERS_KEY]
    if not configs:
        return RepoConfig(), None
    name, text = configs[0]
    try:
        return parse_config(name, text), None
    except ValueError as exc:
        return RepoConfig(), str(exc)


def _header(f: PRFile) -> str:
    """The git header of one file's diff, with placeholder names: the real (hostile) names
    never go through diff syntax; build_diff puts them back on the parsed file."""
    old, new = ("old", "new") if f.status in ("renamed", "copied") else ("f", "f")
    lines = [f"diff --git a/{old} b/{new}"]
    if f.status == "added":
        lines += ["new file mode 100644", "--- /dev/null", f"+++ b/{new}"]
    elif f.status == "removed":
        lines += ["deleted file mode 100644", f"--- a/{old}", "+++ /dev/null"]
    else:
        if f.status == "renamed":
            lines += [f"rename from {old}", f"rename to {new}"]
        elif f.status == "copied":
            lines += [f"copy from {old}", f"copy to {new}"]
        lines += [f"--- a/{old}", f"+++ b/{new}"]
    return "\n".join(lines) + "\n"


def computed_patch(base: str | None, head: str | None) -> str:
    """A unified patch (hunks only) from two texts, for files GitHub sent without one."""
    a = (base or "").splitlines()
    b = (head or "").splitlines()
    out = difflib.unified_diff(a, b, lineterm="", n=3)
    body = [ln for ln in out if not ln.startswith(("---", "+++"))]
    return "\n".join(body)


_STATUS = {"added": FileStatus.ADDED, "removed": FileStatus.DELETED, "renamed": FileStatus.RENAMED,
           "copied": FileStatus.COPIED}


def _file_diff(f: PRFile, patch: str | None) -> str:
    """One file's git-style diff from its patch (None: no text diff, as for binary files)."""
    if patch is None:
        header = _header(f).split("\n", 1)[0]
        return header + "\nBinary files " + header.removeprefix("diff --git ").replace(" ", " and ") + " differ\n"
    if not patch.strip():
        return _header(f).split("\n--- ", 1)[0] + "\n"  # a rename or mode change without content
    return _header(f) + patch.rstrip("\n") + "\n"


def build_diff(files: Iterable[PRFile], computed: Mapping[str, str], problems: Mapping[str, str] | None = None,
               malformed: dict[str, str] | None = None) -> Diff:
    """The change from GitHub's per-file patches (or the patches we computed, which win).

    Each file is parsed on its own, so one bad patch cannot take the others with it: a file
    whose patch does not parse keeps only its name and says why (`malformed` collects
    those). `problems` are reasons known beforehand that a file cannot be analysed fully.
    """
    changes: list[FileChange] = []
    for f in files:
        old_path = None if f.status == "added" else (f.previous_path or f.path)
        problem = problems.get(f.path) if problems else None
        try:
            parsed = parse_diff(_file_diff(f, computed.get(f.path, f.patch))).files
        except DiffError as exc:
            if malformed is not None:
                malformed[f.path] = exc.reason
            problem = f"not analysed: GitHub's patch for this file does not parse ({exc.reason})"
            parsed = ()
        if len(parsed) != 1:  # never lose a file GitHub listed
            status = _STATUS.get(f.status, FileStatus.MODIFIED)
            changes.append(FileChange(f.path, old_path, status, problem=problem or "not analysed: no diff"))
            continue
        if parsed[0].status is FileStatus.ADDED:
            old_path = None
        changes.append(replace(parsed[0], path=f.path, old_path=old_path, problem=problem))
    return Diff(tuple(changes))


def _compute_patches(gh: Client, owner: str, repo: str, pull: PullInfo, texts: Mapping[str, str | None],
                     files: Sequence[PRFile]) -> dict[str, str]:
    """Patches diffed from the base and head texts, for files whose head text we have."""
    wanted = [f for f in files if texts.get(f.path) is not None]
    if not wanted:
        return {}
    base_paths = [f.previous_path or f.path for f in wanted if f.status != "added"]
    base_texts = fetch_texts(gh, owner, repo, pull.base_sha, base_paths)[0] if base_paths else {}
    return {f.path: computed_patch(base_texts.get(f.previous_path or f.path), texts.get(f.path)) for f in wanted}


def fetch_review(gh: Client, owner: str, repo: str, number: int, pull: PullInfo) -> Fetched:
    """The whole snapshot for one review: file list, texts, and the base branch's config."""
    files = list_files(gh, owner, repo, number, pull.changed_files)
    wanted = [f.path for f in files if f.status != "removed"]
    oversize: dict[str, int] = {}
    texts, configs = fetch_texts(gh, owner, repo, pull.head_sha, wanted, config_ref=pull.base_ref, oversize=oversize)
    problems = {p: f"not scanned: {n:,} bytes is over the {MAX_TEXT_BYTES:,}-byte limit for file texts"
                for p, n in oversize.items()}
    computed = _compute_patches(gh, owner, repo, pull, texts,
                                [f for f in files if f.patch is None and f.status != "removed"])
    malformed: dict[str, str] = {}
    diff = build_diff(files, computed, problems, malformed)
    if malformed:
        # GitHub's patch contradicts itself: the texts are the truth, so diff them instead
        log.warning("PR %s/%s#%d: malformed patch for %d file(s); recomputing from the texts",
                    owner, repo, number, len(malformed))
        computed.update(_compute_patches(gh, owner, repo, pull, texts,
                                         [f for f in files if f.path in malformed and f.status != "removed"]))
        diff = build_diff(files, computed, problems)
    config, config_error = choose_config(configs)
    snapshot = Snapshot(diff, {p: t for p, t in texts.items() if t is not None})
    codeowners = next((text for name, text in configs if name == CODEOWNERS_KEY), None)
    return Fetched(pull, snapshot, config, config_error, len(files), truncated=len(files) >= MAX_FILES,
                   codeowners=codeowners)
