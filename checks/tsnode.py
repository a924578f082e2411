"""The TypeScript checker's node process: where its pieces live, and starting it early.

Only the standard library (and checks/process.py), so that a caller can start node before it
imports the rest of the review: most of a TypeScript check is node deserialising the
compiler's start-up snapshot (about 0.25 s of CPU here), which it can do on an idle core
while Python still loads.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

from checks.process import kill_group

DRIVER = Path(__file__).with_name("tsdriver.js")
EXTENSIONS = frozenset({".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"})


def wants(path: str) -> bool:
    """A file the TypeScript checker reads."""
    return PurePosixPath(path).suffix.lower() in EXTENSIONS


def node_home() -> Path:
    """Where scripts/bootstrap.sh installs typescript and its start-up snapshot (`.venv/node`)."""
    return Path(sys.prefix) / "node"


def typescript_dir() -> Path:
    """The typescript package: $CONSTRAINT_GUARD_TSC (a package folder), else our pinned install."""
    override = os.environ.get("CONSTRAINT_GUARD_TSC")
    return Path(override) if override else node_home() / "node_modules" / "typescript"


def snapshot_blob(tsdir: Path) -> Path | None:
    """The start-up snapshot bootstrap.sh built for our install and this driver, if it is current
    (the driver also refuses a snapshot built for another typescript folder, and node one built by
    another node version: then the compiler is loaded the slow way).

    The driver is compared by content (the hash bootstrap.sh recorded), not by time: a checkout
    that rewrites the same driver must not leave every review on the slow path.
    """
    blob = node_home() / "tsdriver.blob"
    try:
        built_for = (node_home() / "tsdriver.sha256").read_text(encoding="ascii").strip()
        fresh = (built_for == hashlib.sha256(DRIVER.read_bytes()).hexdigest()
                 and blob.stat().st_mtime >= (tsdir / "package.json").stat().st_mtime)
    except OSError:
        return None
    return blob if fresh else None


def private_env(private: str) -> dict[str, str]:
    """node's whole environment: nothing of ours (no tokens), a private home and temp dir."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": private, "TMPDIR": private, "LANG": "C.UTF-8"}


class Early:
    """A node process started from the snapshot before its request exists; it waits on stdin.

    `take()` hands it over once (to checks/tscheck.py); `close()` kills it if nobody took it,
    so a change without JS/TS files costs only the CPU it used on an idle core.
    """

    def __init__(self, proc: subprocess.Popen[bytes], private: tempfile.TemporaryDirectory[str], tsdir: Path) -> None:
        self._proc: subprocess.Popen[bytes] | None = proc
        self._private = private
        self.tsdir = tsdir

    @classmethod
    def start(cls) -> Early | None:
        """Start node on the snapshot now, if there is a current one; else None (no early start)."""
        node = shutil.which("node")
        tsdir = typescript_dir()
        blob = snapshot_blob(tsdir)
        if node is None or blob is None:
            return None
        private = tempfile.TemporaryDirectory(prefix="cg-tsc-")
        try:
            proc = subprocess.Popen([node, "--snapshot-blob", str(blob)], cwd=private.name,
                                    env=private_env(private.name), stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        except OSError:
            private.cleanup()
            return None
        return cls(proc, private, tsdir)

    def take(self, tsdir: Path) -> subprocess.Popen[bytes] | None:
        """The waiting process, once, if it was started for this typescript and is still alive."""
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        if tsdir.resolve() != self.tsdir.resolve() or proc.poll() is not None:
            kill_group(proc)
            return None
        return proc

    def close(self) -> None:
        if self._proc is not None:
            kill_group(self._proc)
            self._proc = None
        self._private.cleanup()

    def __enter__(self) -> Early:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
