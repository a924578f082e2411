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

from githubkit.exception import GraphQLFailed, RequestFailed

from bot.pull import MAX_FILES, PRFile, Pull, PullInfo, Repo, RepoContext
from checks.config import RepoConfig, parse_config
from checks.diff import Diff, DiffError, FileChange, FileStatus, parse_diff
from checks.paths import CONFIG_PATH
from checks.snapshot import Snapshot

log = logging.getLogger("constraint_guard.fetch")

TEXT_BATCH = 100  # files per GraphQL query
MAX_TEXT_BYTES = 5_000_000
GRAPHQL_TEXT_LIMIT = 512_000  # GitHub's Blob.text stops here and sets isTruncated


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


_BLOB = "... on Blob { oid text isBinary isTruncated byteSize }"
CODEOWNERS_PATHS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")  # GitHub's search order
ORG_CONFIG_REPO = ".github"
CONFIG_PROBLEM = "\0config"  # the key of the base config's problem (never a file path)


def _blob_text(repo: RepoContext, blob: dict[str, Any] | None, problems: dict[str, str], path: str) -> str | None:
    """A blob's whole text: None for missing, binary and oversize blobs (the last two named in
    `problems`). A text GraphQL cut at 512,000 bytes is fetched whole from the REST git blob."""
    if not blob or blob.get("isBinary"):
        return None
    size = int(blob.get("byteSize") or 0)
    if size > MAX_TEXT_BYTES:
        problems[path] = f"not scanned: {size:,} bytes is over the {MAX_TEXT_BYTES:,}-byte limit for file texts"
        return None
    if blob.get("text") is None:
        return None
    if not blob.get("isTruncated"):
        return str(blob["text"])
    oid = str(blob.get("oid") or "")
    try:
        data = repo.blob(oid) if oid else None
    except RequestFailed as exc:
        if exc.response.status_code not in (403, 404, 409, 422):
            raise  # an outage: the job is retried
        data = None
    if data is None or len(data) != size:
        problems[path] = (f"not scanned: GitHub sent only the first {GRAPHQL_TEXT_LIMIT:,} of its {size:,} bytes "
                          "and the whole file could not be fetched")
        return None
    return data.decode("utf-8", errors="replace")


def fetch_texts(
    repo: RepoContext, rev: str, paths: Sequence[str], config_ref: str | None = None,
    problems: dict[str, str] | None = None,
) -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    """Texts of `paths` at `rev`, one GraphQL query per 100 files; None for binary or missing.

    Text files over MAX_TEXT_BYTES (or cut short and not refetchable) get None, and the reason
    goes into `problems`.

    With `config_ref`, the first query also asks for the config on that (base) branch and in
    the org's `.github` repository, so reading the config costs no extra call. Returns the
    texts and the configs found as (name, text), most specific first.
    """
    problems = {} if problems is None else problems
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
        data = graphql_allowing_missing(repo, query, {"owner": repo.owner, "name": repo.repo}, optional={"org"})
        found = data.get("repository") or {}
        for i, path in enumerate(chunk):
            texts[path] = _blob_text(repo, found.get(f"f{i}"), problems, path)
        if config_ref is not None and n == 0:
            own = _blob_text(repo, found.get("cfg"), problems, CONFIG_PROBLEM)
            org_text = _blob_text(repo, (data.get("org") or {}).get("cfg"), {}, CONFIG_PATH)
            if own is not None:
                configs.append((f"{repo.owner}/{repo.repo}/{CONFIG_PATH} at {config_ref}", own))
            if org_text is not None:
                configs.append((f"{repo.owner}/{ORG_CONFIG_REPO}/{CONFIG_PATH}", org_text))
            owners = next((t for i, p in enumerate(CODEOWNERS_PATHS)
                           if (t := _blob_text(repo, found.get(f"co{i}"), {}, p))), None)
            if owners is not None:
                configs.append((CODEOWNERS_KEY, owners))
    return texts, configs


def graphql_allowing_missing(repo: RepoContext, query: str, variables: dict[str, Any],
                             optional: set[str]) -> dict[str, Any]:
    """Run a query whose `optional` top-level fields may not resolve (e.g. no org `.github` repo).

    GitHub answers those with partial data and a NOT_FOUND error; anything else still raises.
    """
    try:
        return repo.graphql(query, variables)
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


def _compute_patches(repo: Repo, pull: PullInfo, texts: Mapping[str, str | None],
                     files: Sequence[PRFile]) -> dict[str, str]:
    """Patches diffed from the base and head texts, for files whose head text we have."""
    wanted = [f for f in files if texts.get(f.path) is not None]
    if not wanted:
        return {}
    base_paths = [f.previous_path or f.path for f in wanted if f.status != "added"]
    base_texts = repo.texts(pull.base_sha, base_paths)[0] if base_paths else {}
    return {f.path: computed_patch(base_texts.get(f.previous_path or f.path), texts.get(f.path)) for f in wanted}


def fetch_review(ctx: Pull, pull: PullInfo) -> Fetched:
    """The whole snapshot for one review: file list, texts, and the base branch's config."""
    repo = ctx.repo
    files = ctx.files()
    wanted = [f.path for f in files if f.status != "removed"]
    problems: dict[str, str] = {}
    texts, configs = repo.texts(pull.head_sha, wanted, config_ref=pull.base_ref, problems=problems)
    computed = _compute_patches(repo, pull, texts, [f for f in files if f.patch is None and f.status != "removed"])
    malformed: dict[str, str] = {}
    diff = build_diff(files, computed, problems, malformed)
    if malformed:
        # GitHub's patch contradicts itself: the texts are the truth, so diff them instead
        log.warning("PR %s/%s#%d: malformed patch for %d file(s); recomputing from the texts",
                    repo.owner, repo.repo, ctx.number, len(malformed))
        computed.update(_compute_patches(repo, pull, texts,
                                         [f for f in files if f.path in malformed and f.status != "removed"]))
        diff = build_diff(files, computed, problems)
    config, config_error = choose_config(configs)
    if CONFIG_PROBLEM in problems and config_error is None:
        config_error = f"{CONFIG_PATH} at {pull.base_ref}: {problems[CONFIG_PROBLEM]}"
    snapshot = Snapshot(diff, {p: t for p, t in texts.items() if t is not None})
    codeowners = next((text for name, text in configs if name == CODEOWNERS_KEY), None)
    return Fetched(pull, snapshot, config, config_error, len(files), truncated=len(files) >= MAX_FILES,
                   codeowners=codeowners)
