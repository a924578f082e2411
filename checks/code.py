"""Which part of a changed line is code: comments and docstrings blanked, imports and types marked.

Gate triggers read code, not prose: a comment that mentions a password, a docstring about
expiry, or an import that gains a name changes no behaviour, so none of them opens a gate
on its own. Python goes through its own tokenizer; the C-like languages (JS/TS, Go, Java,
Rust) through a small scanner that knows their comments and string literals, so that a
`//` inside "https://..." is not a comment. When only hunks are known, each side of a hunk
is scanned as a fragment, with a second try that starts inside a comment or docstring when
the first one ends in one (or closes one that never opened).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from checks.diff import FileChange, Hunk
from checks.paths import language_of
from checks.prose import blank_prose


@dataclass(frozen=True, slots=True)
class CodeLine:
    """A line's code (comments and docstrings replaced by spaces) and whether it only declares."""

    code: str
    declaration: bool = False  # an import, a re-export or a type-only declaration

    @property
    def behaves(self) -> bool:
        """True when the line holds code that can change what the program does."""
        return not self.declaration and bool(self.code.strip())


@dataclass(frozen=True, slots=True)
class _Scan:
    code: list[str]
    open_at_end: str | None  # the block comment or string quote still open after the last line
    closed_unopened: bool  # a `*/` seen outside any comment: the fragment began inside one
    opened_at: tuple[int, int] | None = None  # (row, column) where the still-open string began


# ----------------------------------------------------------------------------- C-like scanner

_RUST_CHAR = re.compile(r"'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'\n])'")
_RUST_RAW = re.compile(r'b?r(#*)"')


def _scan_clike(lines: Sequence[str], language: str, start: str | None = None) -> _Scan:
    """Blank `//` and `/* */` comments and the prose inside one-line string literals (checks/prose.py).

    Other string literals are code: they are skipped over, so a `//` inside one is not a comment.
    """
    nested = language == "rust"
    multiline_quotes = {"javascript": "`", "typescript": "`", "go": "`"}.get(language, "")
    out: list[str] = []
    state = start  # None (code), "/*", or the closing delimiter of an open multi-line string
    depth = 1 if start == "/*" else 0
    closed_unopened = False
    for line in lines:
        buf = list(line)
        i, n = 0, len(line)
        opened: int | None = None  # where a multi-line quote opened on this line
        while i < n:
            if state == "/*":
                if line.startswith("*/", i):
                    depth -= 1
                    buf[i] = buf[i + 1] = " "
                    i += 2
                    if depth == 0:
                        state = None
                    continue
                if nested and line.startswith("/*", i):
                    depth += 1
                    buf[i] = buf[i + 1] = " "
                    i += 2
                    continue
                buf[i] = " "
                i += 1
                continue
            if state is not None:  # inside a multi-line string: find its end
                end = line.find(state, i)
                while end > 0 and state in "`\"" and _escaped(line, end):
                    end = line.find(state, end + 1)
                if end < 0:
                    break
                if opened is not None:  # a template literal or raw string opened and closed on this line
                    buf[opened:end + 1] = blank_prose(line[opened:end + 1])
                    opened = None
                i = end + len(state)
                state = None
                continue
            ch = line[i]
            if line.startswith("//", i):
                buf[i:] = " " * (n - i)
                break
            if line.startswith("/*", i):
                state, depth = "/*", 1
                buf[i] = buf[i + 1] = " "
                i += 2
                continue
            if line.startswith("*/", i):
                closed_unopened = True
                i += 2
                continue
            if nested and ch in "rb" and (raw := _RUST_RAW.match(line, i)) and not _word_before(line, i):
                state = '"' + raw.group(1)
                i = raw.end()
                continue
            if ch == "'" and nested:
                char = _RUST_CHAR.match(line, i)
                i = char.end() if char else i + 1  # otherwise a lifetime: `'a`
                continue
            if language == "java" and line.startswith('"""', i):
                state = '"""'
                i += 3
                continue
            if ch in multiline_quotes:
                state = ch
                opened = i
                i += 1
                continue
            if ch in "\"'" or (ch == "`" and not multiline_quotes):
                end = i + 1
                while end < n and (line[end] != ch or _escaped(line, end)):
                    end += 1
                if end >= n and nested and ch == '"':  # Rust strings may span lines
                    state = '"'
                    break
                if end < n:
                    buf[i:end + 1] = blank_prose(line[i:end + 1])
                i = end + 1
                continue
            i += 1
        out.append("".join(buf))
    return _Scan(out, state, closed_unopened)


def _escaped(line: str, at: int) -> bool:
    slashes = 0
    while at - slashes - 1 >= 0 and line[at - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _word_before(line: str, at: int) -> bool:
    return at > 0 and (line[at - 1].isalnum() or line[at - 1] == "_")


# ----------------------------------------------------------------------------- Python

def _python_tokens(lines: Sequence[str]) -> list[str] | None:
    """Comments, string-only statements (docstrings) and prose in strings blanked, by Python's own tokenizer."""
    out = [list(line) for line in lines]
    text = "\n".join(lines) + "\n"

    def blank(start: tuple[int, int], end: tuple[int, int]) -> None:
        for row in range(start[0], end[0] + 1):
            cells = out[row - 1] if row - 1 < len(out) else []
            lo = start[1] if row == start[0] else 0
            hi = end[1] if row == end[0] else len(cells)
            cells[lo:hi] = " " * (min(hi, len(cells)) - lo)

    def source(start: tuple[int, int], end: tuple[int, int]) -> str:
        if start[0] == end[0]:
            return lines[start[0] - 1][start[1]:end[1]]
        middle = list(lines[start[0]:end[0] - 1])
        return "\n".join([lines[start[0] - 1][start[1]:], *middle, lines[end[0] - 1][:end[1]]])

    def unprose(start: tuple[int, int], end: tuple[int, int]) -> None:
        row, col = start
        for ch in blank_prose(source(start, end)):
            if ch == "\n":
                row, col = row + 1, 0
                continue
            if row - 1 < len(out) and col < len(out[row - 1]):
                out[row - 1][col] = ch
            col += 1

    statement: list[tokenize.TokenInfo] = []
    literals: list[tuple[tuple[int, int], tuple[int, int]]] = []  # string literals of this statement
    fstring_at: list[tuple[int, int]] = []  # open f-strings (Python 3.12+ tokenizes their parts)
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                blank(tok.start, tok.end)
            elif tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if statement and all(t.type == tokenize.STRING for t in statement):
                    for t in statement:
                        blank(t.start, t.end)
                else:
                    for start, end in literals:
                        unprose(start, end)
                statement, literals = [], []
            elif tok.type not in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
                statement.append(tok)
                if tok.type == tokenize.STRING:
                    literals.append((tok.start, tok.end))
                elif tok.type == _FSTRING_START:
                    fstring_at.append(tok.start)
                elif tok.type == _FSTRING_END and fstring_at:
                    start = fstring_at.pop()
                    if not fstring_at:
                        literals.append((start, tok.end))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return ["".join(cells) for cells in out]


_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
_FSTRING_END = getattr(tokenize, "FSTRING_END", -1)


_TRIPLE = re.compile(r"'''|\"\"\"")


def _scan_python(lines: Sequence[str], start: str | None = None) -> _Scan:
    """Fallback for fragments the tokenizer refuses: `#` comments, strings and docstrings."""
    out = [list(line) for line in lines]
    state = start  # an open triple quote, or None
    opened_at: tuple[int, int] | None = (0, 0) if start else None
    opens_statement = start is not None  # a fragment that starts inside a string: assume a docstring
    depth = 0
    for row, line in enumerate(lines):
        i, n = 0, len(line)
        continuation = row > 0 and (depth > 0 or lines[row - 1].rstrip().endswith("\\"))
        while i < n:
            if state is not None:
                end = line.find(state, i)
                while end > 0 and _escaped(line, end):
                    end = line.find(state, end + 1)
                if end < 0:
                    break
                i = end + 3
                state = None
                if opens_statement and opened_at is not None and not line[i:].split("#", 1)[0].strip():
                    _blank_span(out, opened_at, (row, i))
                continue
            ch = line[i]
            if ch == "#":
                out[row][i:] = " " * (n - i)
                break
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth = max(0, depth - 1)
            triple = _TRIPLE.match(line, i)
            if triple:
                state = triple.group(0)
                opened_at = (row, i)
                opens_statement = not continuation and not line[:i].strip(" \trRbBuUfF")
                i += 3
                continue
            if ch in "\"'":
                end = i + 1
                while end < n and (line[end] != ch or _escaped(line, end)):
                    end += 1
                whole = not continuation and not line[:i].strip(" \trRbBuUfF")
                if whole and not line[end + 1:].split("#", 1)[0].strip():
                    _blank_span(out, (row, i), (row, end + 1))
                elif end < n:
                    at = i
                    while at > 0 and line[at - 1] in "rRbBuUfF" and not _word_before(line, at - 1):
                        at -= 1
                    out[row][at:end + 1] = blank_prose(line[at:end + 1])
                i = end + 1
                continue
            i += 1
    if state is not None and opens_statement and opened_at is not None:  # a docstring running past the end
        _blank_span(out, opened_at, (len(lines) - 1, len(lines[-1])))
    return _Scan(["".join(cells) for cells in out], state, False, opened_at)


def _closes_docstring(lines: Sequence[str], at: tuple[int, int]) -> bool:
    """Whether an unmatched triple quote ends a docstring begun above the fragment.

    Text before the quote means it closes one, text after it that it opens one; a bare
    quote opens one right after a `def ...:` or `class ...:` line (or at the top of the
    fragment), and closes one otherwise.
    """
    row, col = at
    line = lines[row]
    if line[col + 3:].strip():
        return False
    if line[:col].strip(" \trRbBuUfF"):
        return True
    previous = next((ln for ln in reversed(lines[:row]) if ln.strip()), None)
    return previous is not None and not previous.rstrip().endswith(":")


def _blank_span(out: list[list[str]], start: tuple[int, int], end: tuple[int, int]) -> None:
    for row in range(start[0], end[0] + 1):
        lo = start[1] if row == start[0] else 0
        hi = end[1] if row == end[0] else len(out[row])
        out[row][lo:hi] = " " * (hi - lo)


# ----------------------------------------------------------------------------- declarations

_PY_DECL = re.compile(
    r"^\s*(import\s|from\s+\S+\s+import\b|type\s+\w+\s*(\[.*\])?\s*=|\w+\s*:\s*(typing\.)?TypeAlias\b)"
)
_JS_DECL = re.compile(
    r"^\s*(import\b(?!\s*\()|export\s+(\*|\{[^}]*\}\s*from\b|type\b|interface\b|declare\b)|export\s*\{\s*$|"
    r"(export\s+)?(declare\s+)?(interface|type)\s+\w+)"
)
_GO_DECL = re.compile(r"^\s*(import\b|package\s)")
# C, C++, C#, Kotlin, Swift, Scala, Dart, Objective-C, PHP: not scanned by our rules, but their
# comments are `//` and `/* */` too, so a licence header ("governing permissions") opens nothing
_C_FAMILY = frozenset({".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".cs", ".kt", ".kts", ".swift",
                       ".scala", ".dart", ".m", ".mm", ".php"})
_C_DECL = re.compile(r"^\s*(#\s*(include|import)\b|(using|import|package)\s|use\s+[\w\\]+\s*;)")
_JAVA_DECL = re.compile(r"^\s*(import|package)\s")
_RUST_DECL = re.compile(r"^\s*(pub(\([\w:\s]+\))?\s+)?(use\s|type\s+\w+.*=|mod\s+\w+\s*;|extern\s+crate\s)")
_DOC_LINE = re.compile(r"^\s*\*(\s|/|$)")  # ` * text` inside a block comment
_DECLARATIONS = {
    "python": _PY_DECL,
    "javascript": _JS_DECL,
    "typescript": _JS_DECL,
    "go": _GO_DECL,
    "java": _JAVA_DECL,
    "rust": _RUST_DECL,
    "c": _C_DECL,
}


def _declarations(language: str, code: Sequence[str]) -> list[bool]:
    """Lines of import, re-export and type-only statements, continuation lines included.

    A statement that opens brackets (`from x import (`, `import {`, `use a::{`, Go's
    `import (`, a TypeScript `interface X {`) lasts until they close again.
    """
    pattern = _DECLARATIONS[language]
    marks: list[bool] = []
    depth = 0
    inside = False
    for line in code:
        if not inside and depth == 0:
            inside = bool(pattern.match(line))
        marks.append(inside)
        for ch in line:
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth = max(0, depth - 1)
        if depth == 0:
            stripped = line.rstrip()
            continues = stripped.endswith("\\") if language == "python" else (
                language == "typescript" and stripped.endswith(("=", "|", "&", ",")))
            ends_rust = language != "rust" or stripped.endswith(";") or not stripped
            if not continues and ends_rust:
                inside = False
    return marks


# ----------------------------------------------------------------------------- entry points

def code_of(language: str, lines: Sequence[str], fragment: bool = False) -> list[CodeLine]:
    """Each line's code, for a whole file (`fragment=False`) or one side of a hunk."""
    if language == "python":
        tokens = None if fragment else _python_tokens(lines)
        if tokens is not None:
            code = tokens
        else:
            scan = _scan_python(lines)
            if scan.open_at_end and scan.opened_at and _closes_docstring(lines, scan.opened_at):
                retry = _scan_python(lines, scan.open_at_end)  # the fragment began inside a docstring
                scan = retry if retry.open_at_end is None else scan
            code = scan.code
    else:
        cscan = _scan_clike(lines, language)
        if fragment and cscan.closed_unopened:
            cscan = _scan_clike(lines, language, "/*")
        code = cscan.code
        if fragment:  # a doc-comment line (` * ...`) whose `/*` is outside the hunk
            code = ["" if _DOC_LINE.match(raw) and c == raw else c for raw, c in zip(lines, code, strict=True)]
    marks = _declarations(language, code)
    return [CodeLine(c, d) for c, d in zip(code, marks, strict=True)]


Side = dict[int, CodeLine]  # line number on that side -> its code


def changed_code(change: FileChange, head_text: str | None = None) -> tuple[Side, Side] | None:
    """(added lines by new number, removed lines by old number) as code, or None for non-code files.

    With the whole head text, both sides are scanned whole (the base side rebuilt from the
    head and the hunks); without it, each hunk side is scanned as a fragment.
    """
    language = language_of(change.path) or ("c" if PurePosixPath(change.path).suffix.lower() in _C_FAMILY else None)
    if language is None or not change.hunks:
        return None
    if head_text is not None:
        whole = _whole_file(change, language, head_text)
        if whole is not None:
            return whole
    added: Side = {}
    removed: Side = {}
    for h in change.hunks:
        _fragment(h, language, "+", added)
        _fragment(h, language, "-", removed)
    return added, removed


def _fragment(h: Hunk, language: str, kind: str, into: Side) -> None:
    side = [ln for ln in h.lines if ln.kind in (" ", kind)]
    number: Callable[[int], int | None] = (
        (lambda i: side[i].new_no) if kind == "+" else (lambda i: side[i].old_no)
    )
    for i, line in enumerate(code_of(language, [ln.text for ln in side], fragment=True)):
        no = number(i)
        if side[i].kind == kind and no is not None:
            into[no] = line


def _whole_file(change: FileChange, language: str, head_text: str) -> tuple[Side, Side] | None:
    new = head_text.splitlines()
    old: list[str] = []
    at = 0  # next head line (0-based) not yet copied
    for h in change.hunks:
        start = h.new_start if h.new_len == 0 else h.new_start - 1
        if start < at or start > len(new):
            return None
        old += new[at:start]
        old += [ln.text for ln in h.lines if ln.kind in " -"]
        at = start + h.new_len
    old += new[at:]
    added_lines = {ln.new_no: ln.text for h in change.hunks for ln in h.lines if ln.kind == "+" and ln.new_no}
    removed_lines = {ln.old_no: ln.text for h in change.hunks for ln in h.lines if ln.kind == "-" and ln.old_no}
    if any(n > len(new) or new[n - 1] != t for n, t in added_lines.items()) or any(
        n > len(old) or old[n - 1] != t for n, t in removed_lines.items()
    ):
        return None  # the text is not the head this diff describes: trust the hunks alone
    new_code = code_of(language, new) if added_lines else []
    old_code = code_of(language, old) if removed_lines else []
    return ({n: new_code[n - 1] for n in added_lines}, {n: old_code[n - 1] for n in removed_lines})


# ----------------------------------------------------------------------------- reformatting

_TRAILING_COMMA = re.compile(r",(?=[)\]}])")


def _shape(codes: Sequence[str], language: str) -> str:
    """Code with layout removed: whitespace, line breaks, trailing commas, quote style, and
    JavaScript's optional semicolons.

    Where indentation is syntax (Python), a line that starts a statement (outside brackets)
    keeps its indentation, so a dedent that moves code out of an `if` is never layout.
    """
    indent_matters = language == "python"
    out: list[str] = []
    depth = 0
    for code in codes:
        if indent_matters and depth <= 0 and code.strip():
            out.append("\n" + code[: len(code) - len(code.lstrip())])
        out.append("".join(code.split()))
        depth += sum(ch in "([{" for ch in code) - sum(ch in ")]}" for ch in code)
    shape = _TRAILING_COMMA.sub("", "".join(out)).replace("'", '"')
    return shape.replace(";", "") if language in ("javascript", "typescript") else shape


def reformatted(change: FileChange, added: Side, removed: Side) -> tuple[set[int], set[int]]:
    """(new, old) line numbers of blocks whose removed and added code differ only in layout.

    A formatter's work (black re-wrapping a call, gofmt aligning fields, prettier changing
    quotes) changes no behaviour, so such lines open no gate, as comments do not. A block is
    a run of removed and added lines with no context line inside it.
    """
    language = language_of(change.path)
    new_nos: set[int] = set()
    old_nos: set[int] = set()
    if language is None:
        return new_nos, old_nos
    for h in change.hunks:
        block: list[tuple[str, int]] = []
        for ln in (*h.lines, None):
            if ln is not None and ln.kind in "+-":
                number = ln.new_no if ln.kind == "+" else ln.old_no
                if number is not None:
                    block.append((ln.kind, number))
                continue
            olds = [n for kind, n in block if kind == "-"]
            news = [n for kind, n in block if kind == "+"]
            if olds and news and all(n in removed for n in olds) and all(n in added for n in news):
                if _shape([removed[n].code for n in olds], language) == _shape([added[n].code for n in news], language):
                    old_nos.update(olds)
                    new_nos.update(news)
            block = []
    return new_nos, old_nos
