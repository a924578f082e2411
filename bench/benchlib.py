"""What every benchmark shares: the repository on sys.path (so `tests.*` and the project import
from a script run as `python bench/NAME.py`), where it ran, git, and writing its results."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def machine_info(**extra: Any) -> dict[str, Any]:
    """CPU count, Python, platform, the commit measured and the load average at the start."""
    info: dict[str, Any] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                            "platform": platform.platform(), **extra}
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                        check=False, timeout=10).stdout.strip() or None
    except OSError:
        info["commit"] = None
    try:
        info["loadavg_at_start"] = os.getloadavg()
    except OSError:
        pass
    return info


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; its stdout (raises on failure)."""
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def history_arguments(description: str, specs: list[str], out: Path | None) -> argparse.ArgumentParser:
    """The options of a benchmark over release histories built by bench/release_history.py."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--specs", nargs="+", default=specs, metavar="REGISTRY:NAME")
    ap.add_argument("--last", type=int, default=25)
    ap.add_argument("--histories", type=Path, default=Path.home() / ".cache" / "cg-histories")
    ap.add_argument("--out", type=Path, default=out)
    return ap


def write_report(path: Path | str, report: dict[str, Any]) -> Path:
    """The results as indented JSON (folders made as needed)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    return out
