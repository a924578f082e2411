"""Which string literals hold prose: words for people, not values for the program.

A gate's line triggers read code (checks/code.py). A label, message or sentence inside a
string literal is text for a person even on a code line: rich's demo printing "Even the
price of a coffee can brighten my day!" or a table column "Source Currency" changes no
money logic, yet opened payments when string contents were read as code. Identifier-like
strings stay code ("currency", "unit_amount", "/api/payments"): they are keys, names and
paths the program uses. So do queries, format specs and anything with code punctuation.
Placeholders (`{amount}`, `${user.password}`) are code and are never blanked.
"""

from __future__ import annotations

import re

# A word for a person: letters (any script), inner apostrophes or hyphens, sentence
# punctuation around it. Digits, underscores, dots and slashes make a token a value instead.
_WORD = re.compile(r"[(\"'“‘¿¡]*[^\W\d_]+(?:['’-][^\W\d_]+)*[.,!?:;…)\"'”’]*")
_PLACEHOLDER = re.compile(r"\$?\{[^{}\n]*\}")  # f-string, str.format, JS template, Rust format!
_PRINTF = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")  # %s, %d, %.2f (not %(name)s)
_ESCAPE = re.compile(r"\\(?:[abfnrtv\\'\"0]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_QUERY_VERB = frozenset({"select", "insert", "update", "delete", "with", "create", "alter", "drop", "upsert",
                         "merge", "replace", "truncate"})
_QUERY_CLAUSE = frozenset({"from", "where", "set", "into", "values", "join", "table", "by"})
_PREFIX = re.compile(r"[A-Za-z]*")
_QUOTES = ('"""', "'''", '"', "'", "`")


def is_prose(body: str) -> bool:
    """Whether a literal's text (escape sequences and placeholders allowed) reads as words for a person.

    Three or more words, or two with a capital (a label such as "Source Currency"), and no
    token that is a value: `name price` (a field list) and `price desc` stay code, and so
    does a query such as `SELECT price FROM items`.
    """
    text = _PRINTF.sub(" ", _PLACEHOLDER.sub(" ", _ESCAPE.sub(" ", body)))
    words: list[str] = []
    for token in text.split():
        if _WORD.fullmatch(token):
            words.append(token.strip("(\"'“‘¿¡.,!?:;…)”’"))
        elif any(c.isascii() and c.isalnum() for c in token) or "_" in token:
            return False  # a value: digits, identifiers, paths, markup, `%(name)s`
        # else an emoji, a dash or other symbol: neither a word nor a value
    if len(words) < 2 or (len(words) == 2 and not any(w[:1].isupper() for w in words)):
        return False
    lowered = [w.lower() for w in words]
    return not (lowered[0] in _QUERY_VERB and _QUERY_CLAUSE.intersection(lowered[1:]))


def prose_spans(literal: str) -> list[tuple[int, int]]:
    """The (start, end) offsets in `literal` (prefix and quotes included) to blank when it is prose.

    Everything between the quotes except placeholders: `f"Total due: {order.total}"` keeps
    `{order.total}`. An empty list when the literal is not prose or not a whole literal.
    """
    prefix = _PREFIX.match(literal)
    start = prefix.end() if prefix else 0
    quote = next((q for q in _QUOTES if literal.startswith(q, start)), None)
    if quote is None or not literal.endswith(quote) or len(literal) < start + 2 * len(quote):
        return []
    lo, hi = start + len(quote), len(literal) - len(quote)
    body = literal[lo:hi]
    if not is_prose(body):
        return []
    spans: list[tuple[int, int]] = []
    at = 0
    for ph in _PLACEHOLDER.finditer(body):
        if ph.start() > at:
            spans.append((lo + at, lo + ph.start()))
        at = ph.end()
    if at < len(body):
        spans.append((lo + at, hi))
    return spans


def blank_prose(literal: str) -> str:
    """`literal` with its prose (if any) replaced by spaces, keeping its length."""
    spans = prose_spans(literal)
    if not spans:
        return literal
    cells = list(literal)
    for a, b in spans:
        for i in range(a, b):
            if cells[i] != "\n":
                cells[i] = " "
    return "".join(cells)
