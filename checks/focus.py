"""The part of a changed file the rule engine needs: definitions the change does not touch, blanked.

semgrep's open-source engine judges each function on its own (its taint analysis does not
cross function boundaries) and a review keeps only the findings on added lines, so a
function, method or class that no added or removed line falls in can add no finding.
Scanning it anyway makes a review's cost grow with the size of the files it touches, not
with the size of the change: a ten-line fix in a 3,000-line module paid for 3,000 lines.

`focus` blanks such definitions, keeping every line (so line numbers, and the columns of
what remains, are unchanged), and keeps everything else: imports, module-level statements,
class headers and fields, and every definition the change touches, whole. What it cannot
read with certainty it leaves as written: a Python file that does not parse, a C-like file
whose brackets do not balance or whose strings do not close, a definition that shares a
line with other code, a block whose header it does not recognise (an `if`, an object
literal, a handler passed to a call). The scan falls back to the file as written if the
engine cannot parse a focused file (checks/semgrep.py). Nothing here runs the code.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, field

from checks.diff import FileChange
from checks.paths import language_of

# ----------------------------------------------------------------------------- public


def touched_lines(change: FileChange) -> frozenset[int]:
    """Head-side lines a change touches: every added line, and the lines on both sides of a removal."""
    touched: set[int] = set(change.added)
    for hunk in change.hunks:
        previous: int | None = None
        removal = False
        for line in hunk.lines:
            if line.kind == "-":
                removal = True
                if previous is not None:
                    touched.add(previous)
                continue
            if line.new_no is not None:
                if removal:
                    touched.add(line.new_no)
                    removal = False
                previous = line.new_no
        if removal:  # a removal at the hunk's (and maybe the file's) end
            touched.add(hunk.new_start + max(hunk.new_len - 1, 0))
    return frozenset(touched)


def focus(path: str, text: str, touched: Set[int]) -> str:
    """`text` with every definition no `touched` line falls in blanked (same line count)."""
    language = language_of(path)
    if language is None or not text:
        return text
    lines = _split_lines(text)
    if language == "python":
        cuts = _python_cuts(lines, touched)
    elif language in _CLIKE:
        cuts = _clike_cuts(text, lines, language, touched)
    else:
        return text
    if not cuts:
        return text
    return _blank(lines, cuts)


# ----------------------------------------------------------------------------- shared


@dataclass(frozen=True, slots=True)
class _Cut:
    """Blank lines first..last (1-based, inclusive); `stub` goes on the first one (Python's `pass`)."""

    first: int
    last: int
    stub: str = ""


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _split_lines(text: str) -> list[str]:
    """Lines with their endings, split where Python's parser and semgrep both break lines."""
    return _LINE.findall(text)


def _blank(lines: list[str], cuts: Iterable[_Cut]) -> str:
    out = list(lines)
    for cut in cuts:
        for n in range(cut.first, cut.last + 1):
            line = out[n - 1]
            ending = line[len(line.rstrip("\r\n")):]
            out[n - 1] = (cut.stub if n == cut.first else "") + ending
    return "".join(out)


def _touches(touched: Set[int], first: int, last: int) -> bool:
    if len(touched) > last - first:
        return any(n in touched for n in range(first, last + 1))
    return any(first <= n <= last for n in touched)


# ----------------------------------------------------------------------------- Python


def _python_cuts(lines: list[str], touched: Set[int]) -> list[_Cut]:
    try:
        tree = ast.parse("".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    cuts: list[_Cut] = []

    def visit(body: list[ast.stmt], in_class: bool) -> None:
        for node in body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            last = node.end_lineno or node.lineno
            if _touches(touched, first, last):
                if isinstance(node, ast.ClassDef):
                    visit(node.body, True)
                continue
            # a compound statement always starts and ends its own lines in Python; a class
            # body must keep a statement, so a member leaves `pass` at its own indentation
            head = lines[first - 1]
            indent = head[: len(head) - len(head.lstrip(" \t"))]
            cuts.append(_Cut(first, last, indent + "pass" if in_class else ""))

    visit(tree.body, False)
    return cuts


# ----------------------------------------------------------------------------- C-like

_CLIKE = frozenset({"javascript", "typescript", "go", "java", "rust"})

# characters the scanner must look at; everything else is skipped by the regex engine
_INTERESTING = re.compile(r"//|/\*|[\"'`{}()\[\];/]")
# a `/` after one of these (or at the start) begins a JS regular expression literal, not a division
_REGEX_AFTER_CHAR = frozenset("(,=:[!&|?{};+-*%<>~^")
_REGEX_AFTER_WORD = frozenset(
    {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "instanceof", "yield",
     "await"}
)
_RUST_CHAR = re.compile(r"'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'\n])'")


@dataclass(slots=True)
class _Block:
    open: int  # offset of `{`
    boundary: int  # where the statement holding this `{` begins at the earliest (after the last `;` or `}`)
    parent: int  # index of the enclosing block, -1 at top level
    direct: bool  # not inside parentheses or brackets of its enclosing block
    close: int = -1
    children: list[int] = field(default_factory=list)


class _Unreadable(Exception):
    """The scanner lost track (an unclosed string, unbalanced brackets): leave the file alone."""


@dataclass(frozen=True, slots=True)
class _Call:
    """A top-level parenthesised group (a call's arguments), and where its statement may begin."""

    boundary: int
    open: int
    close: int


def _scan(text: str, language: str) -> tuple[list[_Block], list[_Call], str]:
    """Every `{...}` block of the file, its top-level `(...)` groups, and a skeleton: the text
    with comments and literals blanked."""
    js = language in ("javascript", "typescript")
    skel = list(text)
    blocks: list[_Block] = []
    stack: list[tuple[str, int]] = []  # open brackets: ("{", block index) or ("(" / "[", -1)
    boundaries: list[int] = [0]  # per open `{` (and the top level): where the next statement begins
    last_sig = ""  # the last significant code character (for JS regex literals)
    calls: list[_Call] = []
    opened: tuple[int, int] | None = None  # (boundary, offset) of the top-level `(` now open
    n = len(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if skel[k] not in "\r\n":
                skel[k] = " "

    i = 0
    while True:
        m = _INTERESTING.search(text, i)
        if m is None:
            break
        i = m.start()
        tok = m.group()
        if tok == "//":
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
            continue
        if tok == "/*":
            end = _block_comment_end(text, i, nested=language == "rust")
            blank(i, end)
            i = end
            continue
        if tok == "/":
            if js and _starts_regex(text, i, last_sig):
                pattern_end = _regex_end(text, i)
                if pattern_end is not None:
                    blank(i + 1, pattern_end - 1)
                    last_sig = "/"
                    i = pattern_end
                    continue
            if js and _ambiguous_division(text, i):
                raise _Unreadable
            last_sig = "/"
            i += 1
            continue
        if tok in "\"'`":
            literal_end = _literal_end(text, i, tok, language)
            if literal_end is None:  # a Rust lifetime (`'a`), not a literal
                i += 1
                continue
            end = literal_end
            if tok == "`" and js and text[end - 2:end] == "${":
                blank(i + 1, end - 2)
                stack.append(("${", -1))
                boundaries.append(end)
                i = end
                last_sig = "{"
                continue
            blank(i + 1, end - 1)
            last_sig = tok
            i = end
            continue
        # structure
        if tok == "{":
            parent_kind, parent = stack[-1] if stack else ("{", -1)
            direct = parent_kind == "{"
            blocks.append(_Block(i, boundaries[-1] if direct else i, parent if direct else -1, direct))
            if direct and parent >= 0:
                blocks[parent].children.append(len(blocks) - 1)
            stack.append(("{", len(blocks) - 1))
            boundaries.append(i + 1)
        elif tok in "([":
            if tok == "(" and not stack:
                opened = (boundaries[-1], i)
            stack.append((tok, -1))
        elif tok == "}":
            if not stack or stack[-1][0] not in ("{", "${"):
                raise _Unreadable
            kind, index = stack.pop()
            boundaries.pop()
            if kind == "${":  # back inside the template literal
                end = _template_rest(text, i + 1)
                blank(i + 1, end - 2 if text[end - 2:end] == "${" else end - 1)
                if text[end - 2:end] == "${":
                    stack.append(("${", -1))
                    boundaries.append(end)
                    last_sig = "{"
                else:
                    last_sig = "`"
                i = end
                continue
            blocks[index].close = i
            if stack and stack[-1][0] == "{" or not stack:
                boundaries[-1] = i + 1
        elif tok in ")]":
            if not stack or stack[-1][0] != ("(" if tok == ")" else "["):
                raise _Unreadable
            stack.pop()
            if not stack and opened is not None and tok == ")":
                calls.append(_Call(opened[0], opened[1], i))
                opened = None
        elif tok == ";" and (not stack or stack[-1][0] == "{"):
            boundaries[-1] = i + 1
        last_sig = tok
        i += 1
    if stack:
        raise _Unreadable
    return blocks, calls, "".join(skel)


def _block_comment_end(text: str, start: int, *, nested: bool) -> int:
    if not nested:
        end = text.find("*/", start + 2)
        if end < 0:
            raise _Unreadable
        return end + 2
    depth, k = 0, start
    while k < len(text):
        if text.startswith("/*", k):
            depth += 1
            k += 2
        elif text.startswith("*/", k):
            depth -= 1
            k += 2
            if depth == 0:
                return k
        else:
            k += 1
    raise _Unreadable


def _starts_regex(text: str, i: int, last_sig: str) -> bool:
    k = i - 1
    while k >= 0 and text[k] in " \t\r\n":
        k -= 1
    if k < 0:
        return True
    prev = text[k]
    if prev.isalnum() or prev in "_$":
        j = k
        while j >= 0 and (text[j].isalnum() or text[j] in "_$"):
            j -= 1
        return text[j + 1:k + 1] in _REGEX_AFTER_WORD
    return prev in _REGEX_AFTER_CHAR and last_sig != "/"


def _ambiguous_division(text: str, i: int) -> bool:
    """A `/` read as division with another `/` and a brace later on its line: if JS reads a
    regular expression there instead (`if (ok) /}/.test(s)`), our view of the blocks would
    not be the engine's, and a change could use that to have code around its lines blanked."""
    end = text.find("\n", i)
    rest = text[i + 1:end if end >= 0 else len(text)]
    return "/" in rest and ("{" in rest or "}" in rest)


def _regex_end(text: str, start: int) -> int | None:
    """The offset after a JS regex literal's closing `/` (and flags), or None if the line ends first."""
    k, in_class = start + 1, False
    while k < len(text):
        c = text[k]
        if c == "\n":
            return None
        if c == "\\":
            k += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            k += 1
            while k < len(text) and text[k].isalpha():
                k += 1
            return k
        k += 1
    return None


def _string_end(text: str, start: int, quote: str) -> int:
    """The offset after the quote that closes the literal opened at `start` (backslashes escape)."""
    k = start + 1
    while True:
        k = text.find(quote, k)
        if k < 0:
            raise _Unreadable
        j = k - 1
        while j > start and text[j] == "\\":
            j -= 1
        if (k - 1 - j) % 2 == 0:
            return k + 1
        k += 1


def _template_rest(text: str, start: int) -> int:
    """From inside a JS template literal: the offset after its closing backtick, or after a
    `${` (the expression's code then continues in the scanner's main loop)."""
    k, n = start, len(text)
    while k < n:
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == "`":
            return k + 1
        if c == "$" and k + 1 < n and text[k + 1] == "{":
            return k + 2
        k += 1
    raise _Unreadable


def _raw_string_hashes(text: str, i: int) -> int | None:
    """For a Rust `"` at `i`: the number of `#` of the raw string (`r#"`, `br"`) it opens, else None."""
    k = i - 1
    while k >= 0 and text[k] == "#":
        k -= 1
    if k < 0 or text[k] != "r":
        return None
    word = k - 1 if k >= 1 and text[k - 1] == "b" else k
    if word >= 1 and (text[word - 1].isalnum() or text[word - 1] == "_"):
        return None
    return i - 1 - k


def _literal_end(text: str, i: int, quote: str, language: str) -> int | None:
    """The offset after the literal opened at `i`; None when the quote opens none (a Rust lifetime)."""
    if language == "rust":
        if quote == "'":
            char = _RUST_CHAR.match(text, i)
            return char.end() if char else None
        if quote == '"':
            hashes = _raw_string_hashes(text, i)
            if hashes is None:
                return _string_end(text, i, '"')  # Rust strings may span lines
            closing = '"' + "#" * hashes
            end = text.find(closing, i + 1)
            if end < 0:
                raise _Unreadable
            return end + len(closing)
        return None
    if quote == "`":
        if language in ("javascript", "typescript"):
            return _template_rest(text, i + 1)
        if language == "go":
            end = text.find("`", i + 1)
            if end < 0:
                raise _Unreadable
            return end + 1
        return None  # a stray backtick in Java: not a literal
    if language == "java" and text.startswith('"""', i):
        end = text.find('"""', i + 3)
        while end > 0 and text[end - 1] == "\\":
            end = text.find('"""', end + 1)
        if end < 0:
            raise _Unreadable
        return end + 3
    end = _string_end(text, i, quote)
    if "\n" in text[i:end]:
        raise _Unreadable  # a one-line literal that runs over lines: we misread something
    return end


# Header shapes, matched on the skeleton after nested () and [] groups are collapsed and
# whitespace is squeezed: `@Get() async find() : Promise<X>` is what a decorated method reads as.
_DECORATORS = r"(?:(?:@[\w$.]+(?:\s*\(\))?|#!?\[\])\s*)*"
_JS_KEYWORDS = frozenset({"if", "for", "while", "switch", "catch", "with", "function", "return", "do", "else", "try",
                          "finally", "new", "typeof", "await", "yield"})
_JAVA_KEYWORDS = frozenset({"if", "for", "while", "switch", "catch", "synchronized", "do", "else", "try", "finally",
                            "new", "return", "throw"})

# a JS function as a value: `async function name() : T`, `async () =>`, `x =>`
_JS_FUNCTION = (r"(?:async\s+)?(?:function\b\s*\*?\s*[\w$]*\s*(?:<[^{}]*>)?\s*\(\)\s*(?::[^{}]*)?|"
                r"(?:<[^{}]*>\s*)?(?:\(\)|[\w$]+)\s*(?::[^{}]*?)?=>)")

_DEFINITION = {
    "javascript": [
        re.compile(_DECORATORS + r"(?:export\s+(?:default\s+)?)?(?:declare\s+)?(?:async\s+)?function\b\s*\*?\s*"
                   r"[\w$]*\s*(?:<[^{}]*>)?\s*\(\)\s*(?::[^{}]*)?"),
        re.compile(_DECORATORS + r"(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::[^={}]*)?=\s*(?:async\s+)?"
                   r"(?:function\b\s*\*?\s*[\w$]*\s*\(\)\s*(?::[^{}]*)?|(?:<[^{}]*>\s*)?(?:\(\)|[\w$]+)\s*"
                   r"(?::[^{}]*?)?=>)"),
        # CommonJS and prototypes: `exports.load = function`, `res.send = function send(body)`
        re.compile(_DECORATORS + r"[\w$]+(?:\.[\w$]+)+\s*=\s*" + _JS_FUNCTION),
    ],
    "go": [re.compile(r"func\s*(?:\(\)\s*)?[\w]+\s*(?:\[\]\s*)?\(\)[^{}=]*")],
    "java": [],
    "rust": [
        re.compile(_DECORATORS + r"(?:pub(?:\s*\(\))?\s+)?(?:default\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?"
                   r"(?:extern\s+(?:\"\s*\"\s+)?)?fn\s+\w+\s*(?:<[^{}]*>)?\s*\(\)\s*(?:->[^{}]*)?"),
    ],
}
_DEFINITION["typescript"] = _DEFINITION["javascript"]

_MEMBER = {
    "javascript": [
        re.compile(_DECORATORS + r"(?:(?:public|private|protected|static|async|readonly|override|abstract|get|set)\s+)*"
                   r"\*?\s*(?P<name>#?[\w$]+|\[\])\s*\??\s*(?:<[^{}]*>)?\s*\(\)\s*(?::[^{}]*)?"),
        re.compile(_DECORATORS + r"(?:(?:public|private|protected|static|readonly|override)\s+)*(?P<name>#?[\w$]+)\s*"
                   r"(?::[^={}]*)?=\s*(?:async\s+)?(?:\(\)|[\w$]+)\s*(?::[^{}]*?)?=>"),
    ],
    "java": [
        re.compile(_DECORATORS + r"(?:(?:public|protected|private|static|final|abstract|synchronized|native|default|"
                   r"strictfp)\s+)*(?:<[^{}]*>\s*)?(?:[\w$.]+(?:\s*<[^{}]*>)?(?:\s*\[\])*\s+)?(?P<name>[\w$]+)\s*\(\)\s*"
                   r"(?:\[\]\s*)*(?:throws\s+[\w$.,\s<>]+)?"),
    ],
    "go": [],
}
_MEMBER["typescript"] = _MEMBER["javascript"]
_MEMBER["rust"] = _DEFINITION["rust"]

_CONTAINER = {
    "javascript": re.compile(_DECORATORS + r"(?:export\s+(?:default\s+)?)?(?:declare\s+)?(?:abstract\s+)?"
                             r"(?:class\b[^{}=]*|(?:namespace|module)\s+[\w$.]+)"),
    "java": re.compile(_DECORATORS + r"(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)"
                       r"\s+)*(?:class|interface|@interface|record)\s+[\w$]+[^{}=;]*"),
    "rust": re.compile(_DECORATORS + r"(?:pub(?:\s*\(\))?\s+)?(?:unsafe\s+)?(?:(?:impl|trait)\b[^{}=;]*|mod\s+\w+)"),
    "go": None,
}
_CONTAINER["typescript"] = _CONTAINER["javascript"]

# JS objects whose members are functions, at the top level: `module.exports = {`, `export default {`,
# `const handlers = {`; their members are separated by commas
_OBJECT = re.compile(r"export\s+default|(?:(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::[^={}]*)?=\s*)?"
                     r"(?:[\w$]+(?:\.[\w$]+)*\s*=\s*)*(?<==)")
_OBJECT_MEMBER = [
    _MEMBER["javascript"][0],  # `load(req) {`, `async find() {`, `get size() {`
    re.compile(r"(?P<name>[\w$]+|\"\s*\"|'\s*')\s*:\s*" + _JS_FUNCTION),  # `load: async (req) => {`
]

# a top-level statement that is one call: `app.get`, `router.post`, `await app.register`
_CALL = re.compile(r"(?:await\s+)?[\w$]+(?:\.[\w$]+)*")
# what, first on the next line, would continue a statement the line before ended
_CONTINUES = frozenset(".?([,+-*/%=&|^:<>")

_GROUP = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SPACE = re.compile(r"\s+")
# what the kept text before a definition may end with: the end of a statement, never an
# operator or keyword that would join the next line to it (`export default`, `=`, `+`)
_JOINS_NEXT = re.compile(r"(?:[=+\-*/%&|^!<>?:,.(\[{]|\b(?:export|default|return|async|const|let|var|new|await|"
                         r"yield|typeof|extends|implements|throws|static|public|private|protected))\s*\Z")


def _collapse(header: str) -> str:
    """`f(a, (b)) [x[1]]` -> `f() []`: nested groups emptied, inside out, whitespace squeezed."""
    prev = None
    while prev != header:  # placeholders, so an emptied group does not stop its parent from matching
        prev, header = header, _GROUP.sub(lambda g: "\x01" if g.group()[0] == "(" else "\x02", header)
    return _SPACE.sub(" ", header.replace("\x01", "()").replace("\x02", "[]")).strip()


def _clike_cuts(text: str, lines: list[str], language: str, touched: Set[int]) -> list[_Cut]:
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return []  # lone CR line ends: our line count and the engine's may differ
    try:
        blocks, calls, skel = _scan(text, language)
    except (_Unreadable, RecursionError):
        return []
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line))

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    cuts: list[_Cut] = []

    def header_start(block: _Block | _Call, shapes: list[re.Pattern[str]], commas: bool = False) -> int | None:
        """The first line of the definition this block ends, if its header is one of `shapes`
        (`commas`: an object's member, which the one before ends with a comma)."""
        first_line = line_of(block.boundary)
        open_line = line_of(block.open)
        for number in range(first_line, open_line + 1):
            begin = starts[number - 1]
            if begin < block.boundary:
                if skel[begin:block.boundary].strip():
                    continue  # the boundary line holds other code before this point
                begin = block.boundary
            header = _collapse(skel[begin:block.open])
            if not header:
                continue
            if not any((found := shape.fullmatch(header)) and _named(found, language) for shape in shapes):
                continue
            before = skel[block.boundary:begin].strip()
            if commas and before.endswith(","):
                return number
            # code kept before the definition must end its statement, or blanking would join them
            return None if before and _JOINS_NEXT.search(before) else number
        return None

    def ends_its_line(block: _Block | _Call, commas: bool) -> bool:
        line = line_of(block.close)
        rest = skel[block.close + 1:starts[line - 1] + len(lines[line - 1])]
        return rest.strip() in (("", ";", ",") if commas else ("", ";"))

    def visit(indices: list[int], kind: str) -> None:
        """Cut the untouched definitions among these blocks; `kind` is where they stand:
        "top" (the file), "class" (a class, impl or namespace body) or "object" (a JS object)."""
        container = _CONTAINER[language] if kind != "object" else None
        objects = kind == "top" and language in ("javascript", "typescript")
        shapes = {"top": _DEFINITION[language], "class": _MEMBER[language], "object": _OBJECT_MEMBER}[kind]
        for index in indices:
            block = blocks[index]
            if not block.direct or block.close < 0:
                continue
            inner = None
            first = header_start(block, [container]) if container is not None else None
            if first is not None:
                inner = "class"
            elif objects and (first := header_start(block, [_OBJECT])) is not None:
                inner = "object"
            else:
                first = header_start(block, shapes, commas=kind == "object")
            if first is None:
                continue
            last = line_of(block.close)
            if _touches(touched, first, last):
                if inner is not None:
                    visit(block.children, inner)
                continue
            if ends_its_line(block, kind == "object"):
                cuts.append(_Cut(first, last))

    visit([k for k, b in enumerate(blocks) if b.parent == -1 and b.direct], "top")
    if language in ("javascript", "typescript"):
        # `app.get("/x", async (req, res) => {...})`: a route registered by a top-level call
        opens = [b.open for b in blocks]  # in file order
        for call in calls:
            k = bisect.bisect_right(opens, call.open)
            if k >= len(opens) or opens[k] > call.close:
                continue  # no function body among its arguments: nothing there to scan
            first = header_start(call, [_CALL])
            if first is None or _touches(touched, first, line_of(call.close)) or not ends_its_line(call, False):
                continue
            after = skel[call.close + 1:].lstrip()
            if after[:1] and after[0] in _CONTINUES:
                continue  # the statement goes on (`.catch(...)` on the next line)
            cuts.append(_Cut(first, line_of(call.close)))
    return cuts


def _named(found: re.Match[str], language: str) -> bool:
    """A member shape must not be a control statement (`if () {` reads like a method `if()`)."""
    name = found.groupdict().get("name")
    if name is None:
        return True
    keywords = _JAVA_KEYWORDS if language == "java" else _JS_KEYWORDS
    return name not in keywords
