"""What a review hands semgrep: the files it scans (and why the others are not), the rules of
their languages, and the lines the change touches in each.

Kept free of pydantic and of the engines on purpose: the CLI plans a scan with the defaults
and starts semgrep as soon as it has read a change (checks/prescan.py), while the rest of the
review is still loading; the review then plans again, with its config, and the two plans are
compared rather than trusted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checks import semgrep
from checks.model import Skip
from checks.paths import generator_marker, language_of, matches, third_party_build
from checks.snapshot import Snapshot

if TYPE_CHECKING:
    from checks.config import RepoConfig

# The config's defaults (checks/config.py reads them from here), so a plan made before the
# config module loads is the plan the review makes for a repository without a config.
MAX_FILE_BYTES = 1_000_000
SCAN_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class ScanPlan:
    """One review's semgrep run, before it starts. `touched`: PR path -> head lines the change
    touches (checks/focus.py scans the rest of each file focused)."""

    targets: Mapping[str, str] = field(default_factory=dict)
    skips: tuple[Skip, ...] = ()
    rules: tuple[semgrep.Rule, ...] = ()
    touched: Mapping[str, frozenset[int]] = field(default_factory=dict)
    timeout_seconds: float = SCAN_TIMEOUT_SECONDS

    @property
    def languages(self) -> set[str]:
        return _languages(self.targets)

    def submit(self, pool: Executor, scanner: Callable[..., semgrep.ScanResult]) -> tuple[
            Future[semgrep.ScanResult], threading.Event]:
        """Run `scanner` on this plan in `pool`. The event is set once the engine process runs
        (or the scanner ended without saying so): until then the scanner's set-up is the
        review's critical path, and a caller holds its other Python work back for it."""
        launched = threading.Event()
        future = pool.submit(scanner, self.targets, list(self.rules), timeout_seconds=self.timeout_seconds,
                             touched=self.touched, launched=launched.set)
        future.add_done_callback(lambda _: launched.set())
        return future, launched

    def same_scan(self, targets: Mapping[str, str], rules: Sequence[semgrep.Rule], timeout_seconds: float,
                  touched: Mapping[str, frozenset[int]] | None) -> bool:
        """Whether a scan asked for with these arguments is the one this plan describes."""
        return (
            dict(targets) == dict(self.targets)
            and [r.id for r in rules] == [r.id for r in self.rules]
            and timeout_seconds == self.timeout_seconds
            and dict(touched or {}) == dict(self.touched)
        )


def plan_scan(snapshot: Snapshot, config: RepoConfig | None = None) -> ScanPlan:
    """The scan a review of `snapshot` runs under `config` (None: the defaults, no config file)."""
    ignore = config.paths.ignore if config is not None else ()
    max_file_bytes = config.limits.max_file_bytes if config is not None else MAX_FILE_BYTES
    budget = config.limits.scan_timeout_seconds if config is not None else SCAN_TIMEOUT_SECONDS
    disabled = set(config.rules.disable) if config is not None else set()
    targets, skips = select_targets(snapshot, ignore, max_file_bytes)
    if not targets:
        return ScanPlan(skips=tuple(skips), timeout_seconds=budget)
    from checks.focus import touched_lines  # not loaded by a review with nothing to scan

    rules = semgrep.rules_for(semgrep.load_rules().values(), _languages(targets))
    touched = {p: touched_lines(c) for p in targets if (c := snapshot.diff.file(p)) is not None}
    return ScanPlan(targets, tuple(skips), tuple(r for r in rules if r.id not in disabled), touched, budget)


def _languages(paths: Iterable[str]) -> set[str]:
    return {lang for path in paths if (lang := language_of(path)) is not None}


def select_targets(snapshot: Snapshot, ignore: tuple[str, ...] = (),
                   max_file_bytes: int = MAX_FILE_BYTES) -> tuple[dict[str, str], list[Skip]]:
    """Files semgrep should scan (full head text known, a covered language, under the size cap).

    Everything left out for a reason a user would care about becomes a Skip.
    """
    targets: dict[str, str] = {}
    skips: list[Skip] = []
    for change in snapshot.diff.files:
        if change.status.value == "deleted" or not change.added and not change.binary and not change.problem:
            continue
        if matches(change.path, ignore):
            skips.append(Skip(change.path, "ignored by the config's paths.ignore"))
            continue
        if change.problem:
            skips.append(Skip(change.path, change.problem, True))
            continue
        if change.binary:
            skips.append(Skip(change.path, "binary file: not scanned"))
            continue
        if language_of(change.path) is None:
            continue  # no semgrep language: content-pattern gates and secret checks still run
        text = snapshot.texts.get(change.path)
        if text is None:
            skips.append(Skip(change.path, "only hunks known (not the whole file): pattern checks only"))
            continue
        build = third_party_build(change.path, text)
        if build is not None:
            # the secret checks still read it; the rules and type checkers are for the project's own code
            skips.append(Skip(change.path, f"{build}: not scanned by the security rules"))
            continue
        size = len(text.encode("utf-8", errors="replace"))
        if size > max_file_bytes:
            # still unscanned (a marker is only a comment); say how to take a generated file out
            hint = (" (generated code: list it in paths.ignore, or raise limits.max_file_bytes)"
                    if generator_marker(change.path, text) else "")
            over = f"not scanned: {size:,} bytes is over the {max_file_bytes:,}-byte limit{hint}"
            skips.append(Skip(change.path, over, True))
            continue
        targets[change.path] = text
    return targets, skips
