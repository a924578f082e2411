"""Path globs (with `**`), languages by file name, and where the shipped policies live."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

from wcmatch import glob as wcglob

# Where a repository keeps its config, read at the base of a change (first found wins).
CONFIG_PATH = ".github/constraint-guard.yml"
CONFIG_PATHS = (CONFIG_PATH, ".github/constraint-guard.yaml")


@lru_cache(maxsize=1)
def policies_dir() -> Path:
    """The shipped `policies/` folder, wherever the package is installed (found without
    importing importlib.resources, which costs a CLI run 5 ms)."""
    spec = importlib.util.find_spec("policies")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    if not folders:
        raise RuntimeError("the `policies` package is not installed beside `checks` (reinstall constraint-guard)")
    return Path(folders[0])


_FLAGS = wcglob.GLOBSTAR | wcglob.DOTGLOB | wcglob.BRACE

# Languages our semgrep rules cover, by extension.
LANGUAGES: dict[str, str] = {
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".go": "go",
    ".java": "java",
    ".rs": "rust",
}


@lru_cache(maxsize=4096)
def _translated(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    include, _ = wcglob.translate(list(patterns), flags=_FLAGS)
    return re.compile("|".join(f"(?:{p})" for p in include))


# Globs made only of literal characters, `*`, `?` and `/` (no escapes, classes, braces or
# dot segments) match a path only if each of their literal runs occurs in it: a substring
# test rules most globs out before the (much slower) translated regex runs.
_PLAIN_GLOB = re.compile(r"[^\\\[\]{}]*")
_WILD = re.compile(r"[*?/]+")


def _literals(pattern: str) -> tuple[str, ...] | None:
    """The literal runs every match of `pattern` contains, or None when not a plain glob."""
    if not _PLAIN_GLOB.fullmatch(pattern) or any(seg in (".", "..") for seg in pattern.split("/")):
        return None
    return tuple(run for run in _WILD.split(pattern) if run)


@lru_cache(maxsize=4096)
def _plan(patterns: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] | None:
    """(literal runs, globs with those runs) groups of `patterns`, or None to use the regex alone."""
    if not patterns:
        return None
    # translated but not compiled: compiling every pack's exclude list as one regex cost
    # 0.18 s a review, and the literal runs rule most paths out without it
    include, _ = wcglob.translate(list(patterns), flags=_FLAGS)
    if any("(?i" in p for p in include):
        return None
    groups: dict[tuple[str, ...], list[str]] = {}
    for pattern in patterns:
        runs = _literals(pattern)
        if runs is None:
            return None
        groups.setdefault(runs, []).append(pattern)
    return tuple((runs, tuple(globs)) for runs, globs in groups.items())


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    """True when the repo-relative POSIX `path` matches any glob in `patterns`."""
    plan = _plan(patterns)
    if plan is None:
        regex = _translated(patterns)
        return regex is not None and regex.fullmatch(path) is not None
    for runs, globs in plan:
        if all(run in path for run in runs):
            regex = _translated(globs)
            if regex is not None and regex.fullmatch(path) is not None:
                return True
    return False


def first_match(path: str, patterns: tuple[str, ...]) -> str | None:
    """The first glob that matches `path`, for the reason shown to reviewers."""
    if not matches(path, patterns):  # one test rules out most paths
        return None
    for pattern in patterns:
        if matches(path, (pattern,)):
            return pattern
    return None


def language_of(path: str) -> str | None:
    """The semgrep language of a file, or None when our rules do not cover it."""
    return LANGUAGES.get(PurePosixPath(path).suffix.lower())


_MINIFIED_NAME = re.compile(
    r"[.-]min\.(js|mjs|cjs)$|\.bundle(\.min)?\.(js|mjs|cjs)$"
    # a content hash in the name, as webpack and friends write it: `chunk.582.db2ae9e968256e8d.js`
    r"|[.-](?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\.(js|mjs|cjs)$",
    re.IGNORECASE,
)
# a bundler's import or export clause renaming many bindings to one or two letters
# (`import { A as e, S as t, T as n, ... } from "./chunk-KS7C4IRE.js"`: Rollup and Vite output)
_CLAUSE = re.compile(r"^\s*(?:import|export)\s*\{([^}]*)\}", re.MULTILINE)
_MANGLED = re.compile(r"[\w$]+\s+as\s+[A-Za-z_$][\w$]?\s*(?=,|$)")
_MINIFIED_AVERAGE = 110  # GitHub Linguist's test for minified JS: mean line length
_MINIFIED_LONGEST = 500  # ... and, here, at least one line this long (a hand-written file rarely has one)


def third_party_build(path: str, text: str) -> str | None:
    """Why a JavaScript file is a minified or bundled build of someone's library, else None.

    Such a file is a release artifact (tinymce.min.js, bootstrap.bundle.js): reviewing its
    lines as the change's own code gave 67 findings in 25 django-oscar releases, none of
    them in code the project wrote. By name (`.min.js`, `-min.js`, `.bundle.js`, a content
    hash) or by shape (long average and maximum line length, as Linguist decides "minified";
    import clauses that rename many bindings to one or two letters, as bundlers write them).
    """
    if language_of(path) not in ("javascript", "typescript"):
        return None
    if _MINIFIED_NAME.search(path):
        return "a minified or bundled build (by its name)"
    lines = text.splitlines() or [""]
    if len(text) / len(lines) > _MINIFIED_AVERAGE and max(map(len, lines)) >= _MINIFIED_LONGEST:
        return "minified code (by its line lengths)"
    if any(len(_MANGLED.findall(m.group(1))) >= 5 for m in _CLAUSE.finditer(text, 0, 200_000)):
        return "a bundler's output (by its mangled import names)"
    return None


# The markers code generators write at the top of what they produce: Go's convention
# (`// Code generated ... DO NOT EDIT.`), `@generated` (Meta's tools, Relay, Buck), protoc's
# "Generated by the protocol buffer compiler. DO NOT EDIT!", and "auto-generated ... do not edit".
# A Django migration's "# Generated by Django 4.2" has no "do not edit": it is reviewed code.
_GENERATED = re.compile(
    r"Code generated .{0,200}DO NOT EDIT|@generated\b|"
    r"(?is:(auto-?generated|automatically generated|generated by)\b.{0,200}\b(do not|don't) edit)|"
    r"(?is:\b(do not|don't) edit\b.{0,80}\b(auto-?generated|generated)\b)",
)
_GENERATED_HEAD = 2_000  # characters: the marker sits in the file's opening comment


def generator_marker(path: str, text: str) -> tuple[int, int] | None:
    """The first and last line (1-based) of the generator's marker atop a code file, if it has one."""
    if language_of(path) is None:
        return None
    found = _GENERATED.search(text, 0, _GENERATED_HEAD)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, text.count("\n", 0, found.end()) + 1
