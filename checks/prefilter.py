"""Which taint rules cannot fire on a change, decided from the words their sources and sinks need.

A taint finding needs a source and a sink matched in the same file. Each pattern names words
any code it matches must contain: identifiers in the pattern (`request.args` needs both), or
the names a `metavariable-regex` allows (`$REQ` with `^(req|request)$` needs `req` or
`request`). When no changed file of a rule's languages could hold a match of one of its
sources and one of its sinks, the rule cannot report anything, and the review leaves it out
of the engine's run: its patterns are not even prepared. semgrep's own prefilter does this
per file, but it does not read `metavariable-regex`, so a shared source like `$REQ.json()`
only asks for `json`, which most modules that call `fetch` contain; preparing and running
the request-taint rules on them was half the engine's work on a typical change.

Sound by construction, and conservative wherever it cannot be sure: a pattern with no
identifier of its own, a regex it cannot read (flags, classes, optional parts), `pattern-regex`
and anything unrecognised "need nothing", which keeps the rule. Words are searched as plain
substrings of the whole file (strings and comments included), so an alias
(`from flask import request as r`) or a key in quotes (`req["query"]`) still counts, because
the import or the key spells the word.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from functools import lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]  # the parser `re` itself uses
from typing import Any

# A rule's sources read as a tree of what a file must contain: a word, all of several
# (a pattern's identifiers, the parts of `patterns`), or one of several (`pattern-either`,
# a regex's alternatives). ANY: nothing certain, so every file may match.
Need = tuple[Any, ...] | list[Any]
ANY: Need = ("any",)

# Words that are syntax, not names: a pattern's `function` or `def` may match code spelled
# another way (an arrow function), so they never count as needed.
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(
    "function async await return new const let var class extends typeof instanceof void delete "
    "in of if else for while do switch case default break continue try catch finally throw "
    "yield import export from as static public private protected final abstract synchronized "
    "interface implements package func go defer chan map struct type range select fn impl "
    "pub mut ref use mod crate trait where move unsafe dyn match loop true false null nil "
    "None True False undefined".split()
)
_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`(?:\\.|[^`\\])*`', re.S)
_METAVARIABLE = re.compile(r"\$(?:\.\.\.)?[A-Z_][A-Z0-9_]*")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_POSITIVE = ("pattern", "pattern-inside")
_FORMULAS = ("pattern", "pattern-inside", "patterns", "pattern-either", "pattern-regex")


def _all(parts: list[Need]) -> Need:
    kept = tuple(dict.fromkeys(p for p in parts if p != ANY))
    return ANY if not kept else kept[0] if len(kept) == 1 else ("all", kept)


def _one(parts: list[Need]) -> Need:
    if not parts or ANY in parts:
        return ANY
    kept = tuple(dict.fromkeys(parts))
    return kept[0] if len(kept) == 1 else ("one", kept)


def _word(word: str) -> Need:
    return ("word", word)


def pattern_need(text: str) -> Need:
    """A semgrep pattern: every identifier in it that is not syntax (strings and
    metavariables aside) is spelt in any code it matches."""
    bare = _METAVARIABLE.sub(" ", _STRING.sub(" ", text))
    return _all([_word(w) for w in dict.fromkeys(_IDENTIFIER.findall(bare)) if w not in _KEYWORDS])


@lru_cache(maxsize=4096)
def regex_need(regex: str) -> Need:
    """What any text `regex` matches contains (ANY when unsure)."""
    try:
        parsed = sre_parse.parse(regex)
    except (re.error, RecursionError, OverflowError):
        return ANY
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return ANY
    return _sequence_need(list(parsed))


def _sequence_need(items: list[tuple[Any, Any]]) -> Need:
    """Each part of a sequence matches; runs of literal characters are one word."""
    parts: list[Need] = []
    run = ""
    for op, arg in [*items, (None, None)]:
        if op is sre_parse.LITERAL:
            run += chr(arg)
            continue
        if run:
            parts.append(_word(run))
            run = ""
        if op is not None:
            parts.append(_item_need(op, arg))
    return _all(parts)


def _item_need(op: Any, arg: Any) -> Need:
    if op is sre_parse.SUBPATTERN:
        _, add_flags, _, inner = arg
        return ANY if add_flags & re.IGNORECASE else _sequence_need(list(inner))
    if op is sre_parse.BRANCH:
        return _one([_sequence_need(list(branch)) for branch in arg[1]])
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, _, inner = arg
        return _sequence_need(list(inner)) if low >= 1 else ANY
    return ANY  # classes, any character, anchors, backreferences, look-arounds: nothing certain


def formula_need(node: Any) -> Need:
    """A semgrep formula: a source entry, `patterns`, `pattern-either`, a pattern."""
    if isinstance(node, str):
        return pattern_need(node)
    if not isinstance(node, Mapping):
        return ANY
    if "pattern-either" in node:
        return _one([formula_need(alt) for alt in node["pattern-either"]])
    if "patterns" in node:
        return _all([_conjunct_need(part) for part in node["patterns"]])
    for key in _POSITIVE:
        if key in node:
            return formula_need(node[key])
    return ANY  # pattern-regex and anything this module does not know


def _conjunct_need(part: Any) -> Need:
    """A conjunct of `patterns`: positive patterns and metavariable-regex constrain the
    match; negations, focus and metavariable-pattern add nothing certain."""
    if not isinstance(part, Mapping):
        return ANY
    mvr = part.get("metavariable-regex")
    if isinstance(mvr, Mapping) and isinstance(mvr.get("regex"), str):
        return regex_need(mvr["regex"])
    if any(key in part for key in _FORMULAS) and not any(k.startswith("pattern-not") for k in part):
        return formula_need(part)
    return ANY


def rule_need(source: Mapping[str, Any]) -> Need:
    """What a file must contain for a taint rule to report anything in it (ANY for other rules):
    what one of its sources needs, and what one of its sinks needs (a finding is a source's
    data reaching a sink in that file)."""
    sources, sinks = source.get("pattern-sources"), source.get("pattern-sinks")
    if source.get("mode") != "taint" or not isinstance(sources, list) or not isinstance(sinks, list):
        return ANY
    return _all([_one([formula_need(entry) for entry in sources]), _one([formula_need(entry) for entry in sinks])])


def needs_nothing(need: Need) -> bool:
    """Whether `need` lets every file through (also for a need read back from JSON, as a list)."""
    return bool(need[0] == "any")


def satisfied(need: Need, text: str, seen: dict[str, bool] | None = None) -> bool:
    """Whether `text` contains what `need` asks (`seen` caches word look-ups for one text).
    A need read back from JSON (lists where tuples were) is read the same way."""
    kind = need[0]
    if kind == "any":
        return True
    if kind == "word":
        found = None if seen is None else seen.get(need[1])
        if found is None:
            found = need[1] in text
            if seen is not None:
                seen[need[1]] = found
        return found
    parts = need[1]
    if kind == "all":
        return all(satisfied(p, text, seen) for p in parts)
    return any(satisfied(p, text, seen) for p in parts)

