"""Unified git diffs parsed into files, hunks and numbered lines (pure, no I/O)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cached_property

from unidiff.errors import UnidiffParseError
from unidiff.patch import PatchedFile, PatchSet


class DiffError(ValueError):
    """A diff that cannot be parsed; `line` is the 1-based line where parsing broke."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"malformed diff at line {line}: {message}")
        self.line = line
        self.reason = message


class FileStatus(enum.StrEnum):
    """What the change did to a file."""

    ADDED = "added"
    DELETED = "deleted"
    MODIFIED = "modified"
    RENAMED = "renamed"
    COPIED = "copied"


@dataclass(frozen=True, slots=True)
class Line:
    """One diff line: `+` added, `-` removed, ` ` context; numbers in old and new file."""

    kind: str
    old_no: int | None
    new_no: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Hunk:
    """A contiguous block of changes with its header ranges."""

    old_start: int
    old_len: int
    new_start: int
    new_len: int
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class FileChange:
    """One file of a change; `path` is the new path (the old one for deletions)."""

    path: str
    old_path: str | None
    status: FileStatus
    hunks: tuple[Hunk, ...] = ()
    binary: bool = False
    old_mode: str | None = None
    new_mode: str | None = None
    problem: str | None = None  # why the file's content could not be analysed (reported as an unscanned skip)

    @cached_property
    def added(self) -> dict[int, str]:
        """New-file line number -> text of every added (or modified) line."""
        return {
            ln.new_no: ln.text
            for h in self.hunks
            for ln in h.lines
            if ln.kind == "+" and ln.new_no is not None
        }

    @property
    def removed_count(self) -> int:
        return sum(1 for h in self.hunks for ln in h.lines if ln.kind == "-")

    @property
    def mode_only(self) -> bool:
        return not self.hunks and not self.binary and self.old_mode != self.new_mode


@dataclass(frozen=True)
class Diff:
    """A whole change: the files it touches, in diff order."""

    files: tuple[FileChange, ...] = ()

    @property
    def added_lines(self) -> int:
        return sum(len(f.added) for f in self.files)

    @property
    def removed_lines(self) -> int:
        return sum(f.removed_count for f in self.files)

    @cached_property
    def _by_path(self) -> dict[str, FileChange]:
        return {f.path: f for f in self.files}

    def file(self, path: str) -> FileChange | None:
        return self._by_path.get(path)


_HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_MODE = re.compile(r"^(old|new|deleted file|new file) mode (\d+)", re.M)
_QUOTED_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


def parse_diff(data: str | bytes) -> Diff:
    """Parse a unified git diff; raise DiffError naming the line on malformed input.

    Bytes are decoded as UTF-8 with replacement so a non-UTF-8 file never crashes the
    review; CRLF line endings are accepted.
    """
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    if not text.strip():
        return Diff()
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    problem = _locate_problem(lines)
    if problem is not None:
        raise DiffError(*problem)
    try:
        patch = PatchSet(text)
    except UnidiffParseError as exc:
        raise DiffError(1, str(exc)) from exc
    if not len(patch) and _looks_like_garbage(lines):
        raise DiffError(1, "no file header (`diff --git` or `---`/`+++`) found")
    return Diff(tuple(_file_change(pf) for pf in patch))


def _file_change(pf: PatchedFile) -> FileChange:
    info = str(pf.patch_info or "")
    source = _strip_prefix(_unquote(pf.source_file), "a/")
    target = _strip_prefix(_unquote(pf.target_file), "b/")
    if "\ncopy from " in "\n" + info:
        status = FileStatus.COPIED
    elif pf.is_added_file:
        status = FileStatus.ADDED
    elif pf.is_removed_file:
        status = FileStatus.DELETED
    elif pf.is_rename:
        status = FileStatus.RENAMED
    else:
        status = FileStatus.MODIFIED
    path = source if status is FileStatus.DELETED else target
    modes = {m.group(1): m.group(2) for m in _MODE.finditer(info)}
    old_mode = modes.get("old") or modes.get("deleted file")
    new_mode = modes.get("new") or modes.get("new file")
    hunks = tuple(
        Hunk(
            old_start=h.source_start,
            old_len=h.source_length,
            new_start=h.target_start,
            new_len=h.target_length,
            lines=tuple(
                Line(ln.line_type, ln.source_line_no, ln.target_line_no, ln.value.rstrip("\r\n"))
                for ln in h
                if ln.line_type in "+- "
            ),
        )
        for h in pf
    )
    return FileChange(
        path=path,
        old_path=None if status is FileStatus.ADDED else source,
        status=status,
        hunks=hunks,
        binary=bool(pf.is_binary_file),
        old_mode=old_mode,
        new_mode=new_mode,
    )


def _strip_prefix(path: str, prefix: str) -> str:
    if path == "/dev/null":
        return path
    return path[len(prefix):] if path.startswith(prefix) else path


def _unquote(path: str) -> str:
    """Undo git's C-style quoting of unusual file names ("a/na\\303\\257ve.py")."""
    if not (len(path) >= 2 and path.startswith('"') and path.endswith('"')):
        return path
    raw = path[1:-1]
    out = bytearray()
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            if nxt in "01234567" and i + 3 < len(raw) + 1 and raw[i + 1:i + 4].isdigit():
                out.append(int(raw[i + 1:i + 4], 8) & 0xFF)
                i += 4
                continue
            out += _QUOTED_ESCAPES.get(nxt, nxt).encode()
            i += 2
            continue
        out += ch.encode()
        i += 1
    return out.decode("utf-8", errors="replace")


def _looks_like_garbage(lines: list[str]) -> bool:
    """Non-empty input that unidiff read as zero files is not a diff at all."""
    return any(ln.strip() for ln in lines)


def _locate_problem(lines: list[str]) -> tuple[int, str] | None:
    """Walk hunks the way a parser must, returning (line, reason) where they break.

    unidiff's errors do not say where; users need the line to fix a hand-made diff.
    """
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.startswith("@@"):
            i += 1
            continue
        m = _HUNK_HEADER.match(line)
        if m is None:
            return i + 1, f"bad hunk header {line[:80]!r}"
        old_left = int(m.group(2)) if m.group(2) is not None else 1
        new_left = int(m.group(4)) if m.group(4) is not None else 1
        header_line = i + 1
        i += 1
        while old_left > 0 or new_left > 0:
            if i >= n or (i == n - 1 and lines[i] == ""):
                return min(i, n), (
                    f"hunk starting at line {header_line} is shorter than its header says "
                    f"({old_left} old and {new_left} new lines missing)"
                )
            body = lines[i]
            tag = body[:1]
            if tag == " " or body == "":
                old_left -= 1
                new_left -= 1
            elif tag == "-":
                old_left -= 1
            elif tag == "+":
                new_left -= 1
            elif tag == "\\":
                pass
            else:
                return i + 1, (
                    f"expected a diff line (' ', '+', '-') inside the hunk starting at line "
                    f"{header_line}, got {body[:80]!r}"
                )
            if old_left < 0 or new_left < 0:
                return i + 1, f"hunk starting at line {header_line} is longer than its header says"
            i += 1
        # a "\ No newline" marker may follow the last counted line
        while i < n and lines[i].startswith("\\"):
            i += 1
        if i < n and lines[i][:1] in ("+", "-", " ") and not lines[i].startswith(("+++ ", "--- ")):
            return i + 1, f"hunk starting at line {header_line} is longer than its header says"
    return None
