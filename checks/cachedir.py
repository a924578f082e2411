"""Where Constraint Guard keeps what it can always rebuild (parsed rules, checked packs, look-ups)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/constraint-guard`, else `~/.cache/constraint-guard` (not created here)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "constraint-guard"
