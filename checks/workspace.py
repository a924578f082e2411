"""A private temporary directory holding changed files under sanitized relative paths.

File names come from pull requests, so they are hostile input: `../`, absolute paths,
NUL bytes, newlines and very long names must never write outside the directory.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from types import TracebackType

_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f\\:*?\"<>|]")
_MAX_COMPONENT = 100  # UTF-8 bytes per name (NAME_MAX is 255 bytes); keeps every path far below PATH_MAX
_MAX_DEPTH = 20


def _cut(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding fits in `limit` bytes."""
    return text.encode("utf-8", errors="replace")[:limit].decode("utf-8", errors="ignore")


def sanitize(path: str) -> str:
    """A safe relative POSIX path for `path`: no `..`, no root, no control characters.

    The extension is kept so semgrep still knows the language.
    """
    normalized = unicodedata.normalize("NFC", path.replace("\\", "/"))
    normalized = normalized.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates -> "?"
    parts = []
    for part in normalized.split("/"):
        part = _UNSAFE_CHARS.sub("_", part).strip()
        if part in ("", ".", ".."):
            continue
        if part.startswith("."):
            part = "_" + part[1:] if part.strip(".") == "" else part
        if len(part.encode("utf-8", errors="replace")) > _MAX_COMPONENT:  # NAME_MAX counts bytes
            stem, dot, ext = part.rpartition(".")
            keep_ext = dot and 0 < len(ext) <= 10 and ext.isascii()
            part = (_cut(stem, _MAX_COMPONENT - 11) + "." + ext) if keep_ext else _cut(part, _MAX_COMPONENT)
        parts.append(part)
    parts = parts[-_MAX_DEPTH:]
    return "/".join(parts) or "_unnamed"


class Workspace:
    """Temp dir (mode 0700) mapping sanitized paths back to the PR's original paths."""

    def __init__(self, prefix: str = "cg-scan-") -> None:
        self.root = Path(tempfile.mkdtemp(prefix=prefix)).resolve()
        os.chmod(self.root, 0o700)
        self.original: dict[str, str] = {}  # sanitized relative path -> PR path

    def write(self, path: str, text: str, folder: str = "") -> Path:
        """Write one file; a second file that sanitizes to the same name gets its own folder.

        `folder` (a name sanitize() never produces, such as one with a colon) keeps a second
        copy of a PR file apart from the PR's own paths; it still maps back to `path`.
        """
        prefix = f"{folder}/" if folder else ""
        rel = prefix + sanitize(path)
        n = 1
        while rel in self.original:
            rel = f"{prefix}_dup{n}/{sanitize(path)}"
            n += 1
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root):  # belt and braces: sanitize() already ensures it
            raise ValueError(f"refusing to write outside the workspace: {path!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(target, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as fh:
            fh.write(text)
        self.original[rel] = path
        return target

    def original_path(self, scanned: str) -> str | None:
        """The PR path of a file semgrep reported (absolute or relative to the root)."""
        p = Path(scanned)
        if p.is_absolute():
            try:
                p = p.resolve().relative_to(self.root)
            except ValueError:
                return None
        return self.original.get(p.as_posix())

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
