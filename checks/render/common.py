"""Small pieces every renderer shares."""

from __future__ import annotations

from dataclasses import dataclass

from checks.model import Agents, ChecklistItem, Gate, Report


@dataclass(frozen=True)
class Revision:
    """One end of the compared range: the name the user gave and the commit it meant."""

    ref: str
    sha: str | None  # None: the working tree, which is no commit

    def label(self) -> str:
        if self.sha is None:
            return self.ref
        short = self.sha[:7]
        return short if self.sha.startswith(self.ref) else f"{self.ref} ({short})"

    def as_dict(self) -> dict[str, str | None]:
        return {"ref": self.ref, "sha": self.sha}


@dataclass(frozen=True)
class Compared:
    """What a report reviewed: base and head revisions in a repository, or a diff file."""

    base: Revision | None = None
    head: Revision | None = None
    diff: str | None = None  # the diff file reviewed instead ("-": stdin)

    def label(self) -> str:
        if self.base is not None and self.head is not None:
            return f"{self.base.label()}..{self.head.label()}"
        if self.diff is not None:
            return "the diff on stdin" if self.diff == "-" else f"the diff {self.diff}"
        return "the change"

    def sentence(self) -> str:
        """The report's line naming what it reviewed."""
        if self.base is not None and self.head is not None:
            return f"Compared {self.label()}"
        return f"Reviewed {self.label()}"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """`1 file`, `2 files`: counts read as English in every format."""
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


def nothing_to_review(report: Report, compared: Compared | None) -> str | None:
    """The explicit line for an empty change, so an empty pass is not mistaken for a review."""
    if report.stats.files:
        return None
    return f"nothing to review: {(compared or Compared()).label()} has no changes"


def checklist_for(gate: Gate) -> list[ChecklistItem]:
    """The items this change makes relevant; all of them when none is singled out."""
    relevant = [c for c in gate.checklist if c.relevant]
    return relevant or list(gate.checklist)


def singled_out(gate: Gate) -> bool:
    """Whether the change points at some checklist items (else renderers show the whole list as such)."""
    return any(c.relevant for c in gate.checklist)


def suppression_line(report: Report) -> str:
    counts = report.suppression_counts
    return (
        f"Suppressions: {counts['honoured']} honoured (already in the base), "
        f"{counts['in_change']} added by this change (not honoured)"
    )


MAX_AGENT_COMMITS = 10  # listed by sha in text and markdown; JSON lists them all


def agents_line(agents: Agents | None) -> str | None:
    """`Agent-written: 2 of 3 commits: abc1234 (Claude Code), ...`, or None when none were."""
    if agents is None or not agents.commits:
        return None
    listed = ", ".join(f"{c.sha[:7]} ({', '.join(c.agents)})" for c in agents.commits[:MAX_AGENT_COMMITS])
    more = len(agents.commits) - MAX_AGENT_COMMITS
    line = (f"Agent-written: {len(agents.commits)} of {plural(agents.checked, 'commit')}: {listed}"
            + (f" and {more} more" if more > 0 else ""))
    policy = []
    if agents.count is not None:
        policy.append(f"every gate needs {plural(agents.count, 'sign-off')}")
    if agents.always:
        policy.append(f"{', '.join(g.value for g in agents.always)} opened")
    return line + (f" (config agents: {'; '.join(policy)})" if policy else "")


def agents_dict(agents: Agents | None) -> dict[str, object] | None:
    """The JSON/SARIF shape: null when the commits were not known."""
    if agents is None:
        return None
    return {
        "checked": agents.checked,
        "commits": [
            {"sha": c.sha, "agents": list(c.agents), "detected_by": list(c.kinds), "evidence": list(c.evidence)}
            for c in agents.commits
        ],
        "detected_by": list(agents.detected_by),
        "count": agents.count,
        "always": [g.value for g in agents.always],
    }
