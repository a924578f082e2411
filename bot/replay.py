"""Replay before enforcing: review the last merged changes of a branch as `check` would have.

The I/O edge of `constraint-guard replay`: walks the branch's first-parent history (each
merged change against its own first parent), reads each change and its base's config with
bot/localgit.py, and runs one review per change. Aggregation and rendering are pure
(checks/render/replay.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from bot.localgit import git, read_change, read_commits, resolve, toplevel
from checks import agents
from checks.config import ConfigError, RepoConfig, parse_config
from checks.model import GateId
from checks.policy import PolicyError, PolicyPack
from checks.render.replay import ReplayedChange
from checks.review import review
from checks.snapshot import Snapshot


@dataclass(frozen=True)
class MergedChange:
    """One commit of the first-parent history, and the parent it is judged against."""

    sha: str
    parent: str
    date: str
    subject: str


def merged_changes(repo: Path, branch: str, *, last: int | None = None,
                   since: datetime | None = None) -> list[MergedChange]:
    """The branch's merged changes, oldest first: the last `last`, or those since `since`.

    Root commits have no parent to be judged against and are left out.
    """
    tip = resolve(repo, branch)
    args = ["log", "--first-parent", "--min-parents=1", "--no-color", "--format=%H%x00%P%x00%cI%x00%s%x1e"]
    if last is not None:
        args.append(f"--max-count={last}")
    if since is not None:
        args.append(f"--since={since.isoformat()}")
    out = git(repo, *args, tip, "--").decode("utf-8", "replace")
    changes = []
    for record in out.split("\x1e"):
        fields = record.strip("\n").split("\0")
        if len(fields) < 4:
            continue
        sha, parents, date, subject = fields[:4]
        changes.append(MergedChange(sha, parents.split()[0], date, subject))
    return changes[::-1]


def replay_one(repo: Path, change: MergedChange, packs: Mapping[GateId, PolicyPack],
               config: RepoConfig | None = None) -> ReplayedChange:
    """Review one merged change against its first parent, with the config of that parent
    (or `config`, a candidate tried on every change)."""
    started = time.monotonic()
    local = read_change(repo, change.parent, change.sha)
    problem = None
    if config is None:
        config = RepoConfig()
    elif local.config_text is not None:
        local = replace(local, config_text=None)  # the candidate replaces whatever the base had
    if local.config_text is not None:
        try:
            config = parse_config(f"{change.parent[:7]}:{local.config_path}", local.config_text)
        except (ConfigError, PolicyError) as exc:
            # `check` would stop here; a replay notes it and reviews with the defaults
            problem = f"invalid config, defaults used: {str(exc).splitlines()[0]}"
    snapshot = Snapshot(local.diff, local.texts)
    report = review(snapshot, packs, config)
    found = agents.detect(read_commits(repo, change.parent, change.sha), config.agents)
    report = agents.apply_policy(report, found, config, packs, snapshot.diff)
    return ReplayedChange(change.sha, change.parent, change.date, change.subject, report,
                          time.monotonic() - started, problem)


def replay(repo: Path, changes: list[MergedChange], packs: Mapping[GateId, PolicyPack], *,
           config: RepoConfig | None = None, jobs: int = 1,
           progress: Callable[[int, int, MergedChange], None] | None = None) -> list[ReplayedChange]:
    """One review per change, `jobs` at a time (each review is mostly semgrep's own process)."""
    root = toplevel(repo)
    if jobs <= 1:
        results = []
        for i, change in enumerate(changes):
            if progress is not None:
                progress(i + 1, len(changes), change)
            results.append(replay_one(root, change, packs, config))
        return results
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(replay_one, root, change, packs, config) for change in changes]
        out = []
        for i, (change, future) in enumerate(zip(changes, futures, strict=True)):
            out.append(future.result())
            if progress is not None:
                progress(i + 1, len(changes), change)
        return out

