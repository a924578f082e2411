"""What a review looks at: the parsed change plus the full head texts we could obtain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from checks.diff import Diff
from checks.model import Finding


@dataclass(frozen=True)
class Snapshot:
    """A change as analysis receives it; the App builds it from GitHub, the CLI from git.

    `texts` maps a changed path to its full text at the head. A path missing from it is
    known only through its hunks: it still gets the content-pattern gates, not a scan.
    """

    diff: Diff
    texts: Mapping[str, str] = field(default_factory=dict)

    def lines_of(self, path: str) -> list[str] | None:
        text = self.texts.get(path)
        return None if text is None else text.splitlines()


class Check(Protocol):
    """A project check: findings on the snapshot (filtering to changed lines happens later)."""

    def __call__(self, snapshot: Snapshot) -> Iterable[Finding]: ...
