"""Which rules, and which parts of a rule, cannot fire on a change, decided from the words they need.

A taint finding needs a source and a sink matched in the same file. Each pattern names words
any code it matches must contain: identifiers in the pattern (`request.args` needs both), or
the names a `metavariable-regex` allows (`$REQ` with `^(req|request)$` needs `req` or
`request`). When no changed file of a rule's languages could hold a match of one of its
sources and one of its sinks (for a search rule: of its formula), the rule cannot report
anything, and the review leaves it out of the engine's run: its patterns are not even
prepared. semgrep's own prefilter does this per file, but it does not read
`metavariable-regex`, so a shared source like `$REQ.json()` only asks for `json`, which most
modules that call `fetch` contain; preparing and running the request-taint rules on them was
half the engine's work on a typical change.

The same reading applies inside a rule. A rule's alternatives (a search rule's top-level
`pattern-either`; a taint rule's sources, sinks, sanitizers and propagators) each need their
own words, and an alternative no changed file holds cannot match anywhere in the change, so
the engine's copy of the rule leaves it out (`narrow`). The member-list rules are built that
way: one alternative per standard-library type, most of which a change never names. semgrep
prepares every alternative it is given; on the typical change 24 rules with 51 alternatives
reach it instead of 65 rules with 418, and its CPU drops by about a third.

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
from collections.abc import Iterable, Mapping
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


# A rule's lists of alternatives. The rule reports nothing without a match of one entry of each
# REQUIRED list it has; an OPTIONAL entry (a sanitizer, a propagator) that matches nothing changes nothing.
REQUIRED = ("pattern-either", "pattern-sources", "pattern-sinks")
OPTIONAL = ("pattern-sanitizers", "pattern-propagators")
_TAINT_LISTS = ("pattern-sources", "pattern-sinks", *OPTIONAL)
# languages whose "code" is any text: their patterns' words are not what a prefilter can read
_TEXT_LANGUAGES = frozenset({"generic", "regex", "none"})


def rule_need(source: Mapping[str, Any]) -> Need:
    """What a file must contain for a rule to report anything in it. A taint rule: what one of
    its sources needs and what one of its sinks needs (a finding is a source's data reaching a
    sink in that file). A search rule: what its formula needs."""
    if _TEXT_LANGUAGES & set(source.get("languages") or ()):
        return ANY
    if source.get("mode") != "taint":
        return formula_need(source) if source.get("mode", "search") == "search" else ANY
    sources, sinks = source.get("pattern-sources"), source.get("pattern-sinks")
    if not isinstance(sources, list) or not isinstance(sinks, list):
        return ANY
    return _all([_one([formula_need(entry) for entry in sources]), _one([formula_need(entry) for entry in sinks])])


def part_needs(source: Mapping[str, Any]) -> dict[str, list[Need]]:
    """Each list of alternatives in a rule (REQUIRED and OPTIONAL) as its entries' needs, in
    order; a list none of whose entries needs anything is left out (it never narrows)."""
    if _TEXT_LANGUAGES & set(source.get("languages") or ()):
        return {}
    mode = source.get("mode", "search")
    keys = _TAINT_LISTS if mode == "taint" else ("pattern-either",) if mode == "search" else ()
    parts = {}
    for key in keys:
        entries = source.get(key)
        if isinstance(entries, list):
            needs = [formula_need(entry) for entry in entries]
            if not all(needs_nothing(n) for n in needs):
                parts[key] = needs
    return parts


def narrow(source: dict[str, Any], parts: Mapping[str, list[Need]], texts: Texts) -> dict[str, Any] | None:
    """`source` without the alternatives (of `parts`, from `part_needs`) that none of `texts`
    holds what they need: a copy, or `source` itself when every alternative stays; None when a
    REQUIRED list loses every entry, since the rule then cannot report anything in these texts."""
    narrowed = source
    for key, needs in parts.items():
        entries = source[key]
        kept = [entry for entry, need in zip(entries, needs, strict=True) if texts.held(need)]
        if len(kept) == len(entries):
            continue
        if not kept and key in REQUIRED:
            return None
        if narrowed is source:
            narrowed = dict(source)
        if kept:
            narrowed[key] = kept
        else:
            del narrowed[key]
    return narrowed


def needs_nothing(need: Need) -> bool:
    """Whether `need` lets every file through (also for a need read back from JSON, as a list)."""
    return bool(need[0] == "any")


class Texts:
    """Some texts (one language's changed files), asked which of them hold what a need asks.

    Each word is looked for once per text, and a need is read once for all the texts: as a bit
    mask of the texts holding it (a word: those containing it; "all": the AND of its parts;
    "one": the OR). A review asks about a thousand alternatives over a few dozen files, so
    this is what keeps the prefilter at a few milliseconds.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = list(texts)
        self._every = (1 << len(self._texts)) - 1
        self._words: dict[str, int] = {}

    def held(self, need: Need) -> bool:
        """Whether one of the texts holds what `need` asks (a need read back from JSON, with
        lists where tuples were, reads the same)."""
        return self._mask(need) != 0

    def _mask(self, need: Need) -> int:
        kind = need[0]
        if kind == "any":
            return self._every
        if kind == "word":
            mask = self._words.get(need[1])
            if mask is None:
                mask = self._words[need[1]] = sum(1 << i for i, text in enumerate(self._texts) if need[1] in text)
            return mask
        if kind == "all":
            mask = self._every
            for part in need[1]:
                mask &= self._mask(part)
                if not mask:
                    break
            return mask
        mask = 0
        for part in need[1]:
            mask |= self._mask(part)
            if mask == self._every:
                break
        return mask


def satisfied(need: Need, text: str) -> bool:
    """Whether `text` holds what `need` asks."""
    return Texts([text]).held(need)
