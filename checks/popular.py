"""Popular package names per registry, and whether a new name is a near miss of one (pure).

The lists live in `policies/popular-packages.json` (their sources are stated in the file).
A near miss is one edit away (Damerau-Levenshtein: insert, delete, substitute or swap two
neighbours), or the same words with other separators, case or order (`dateutil-python`
for `python-dateutil`, `github.com/Sirupsen/logrus` for `github.com/sirupsen/logrus`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache

from checks.manifests import Ecosystem, name_key
from checks.paths import policies_dir

MIN_EDIT_LENGTH = 5  # shorter names are one edit from too many real ones (`six`, `sip`, `six2`)
_SEPARATORS = re.compile(r"[-_.:/]+")


@lru_cache(maxsize=1)
def popular() -> Mapping[Ecosystem, tuple[str, ...]]:
    """The committed popular names of each ecosystem."""
    data = json.loads((policies_dir() / "popular-packages.json").read_text(encoding="utf-8"))
    return {e: tuple(data.get(e.value, ())) for e in Ecosystem}


@lru_cache(maxsize=8)
def _keys(ecosystem: Ecosystem) -> frozenset[str]:
    return frozenset(name_key(ecosystem, n) for n in popular()[ecosystem])


def one_edit(a: str, b: str) -> bool:
    """True when `a` and `b` differ by exactly one insertion, deletion, substitution or
    transposition of neighbouring characters (optimal string alignment distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


def _words(name: str) -> list[str]:
    return [w for w in _SEPARATORS.split(name.lower()) if w]


def near_miss(ecosystem: Ecosystem, name: str) -> str | None:
    """The popular name that `name` nearly spells, or None (also None for popular names)."""
    key = name_key(ecosystem, name)
    if key in _keys(ecosystem):
        return None
    for candidate in popular()[ecosystem]:
        other = name_key(ecosystem, candidate)
        if _same_words(key, other):
            return candidate  # separators, case or word order differ
        if len(key) >= MIN_EDIT_LENGTH and one_edit(key, other):
            return candidate
    return None


def same_words(ecosystem: Ecosystem, name: str, other: str) -> bool:
    """True when two names differ only in separators, case or word order (`Sirupsen/logrus`)."""
    return _same_words(name_key(ecosystem, name), name_key(ecosystem, other))


def _same_words(a: str, b: str) -> bool:
    words, other_words = _words(a), _words(b)
    return "".join(words) == "".join(other_words) or sorted(words) == sorted(other_words)
