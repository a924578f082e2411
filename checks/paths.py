"""Path globs (with `**`) and languages by file name."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

from wcmatch import glob as wcglob

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


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    """True when the repo-relative POSIX `path` matches any glob in `patterns`."""
    regex = _translated(patterns)
    return regex is not None and regex.fullmatch(path) is not None


def first_match(path: str, patterns: tuple[str, ...]) -> str | None:
    """The first glob that matches `path`, for the reason shown to reviewers."""
    for pattern in patterns:
        if matches(path, (pattern,)):
            return pattern
    return None


def language_of(path: str) -> str | None:
    """The semgrep language of a file, or None when our rules do not cover it."""
    return LANGUAGES.get(PurePosixPath(path).suffix.lower())
