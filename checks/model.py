"""Plain data shared by every step of a review: findings, gates, skips and the report."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    """How bad a finding is; `error` opens the security gate."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def from_semgrep(cls, value: str) -> Severity:
        mapped = {"ERROR": cls.ERROR, "WARNING": cls.WARNING, "INFO": cls.INFO}
        return mapped.get(value.upper(), cls.WARNING)


class GateId(enum.StrEnum):
    """The closed set of sensitive areas a change can touch."""

    AUTH = "auth"
    PAYMENTS = "payments"
    DATES = "dates"
    SECURITY = "security"
    POLICY = "policy"


class Verdict(enum.StrEnum):
    """Outcome of a review; maps onto the check run's conclusion."""

    PASS = "pass"
    SIGNOFF_REQUIRED = "signoff_required"
    ERROR = "error"


class SuppressionState(enum.StrEnum):
    """Whether a finding was silenced, and by whom."""

    NONE = "none"
    HONOURED = "honoured"  # the suppression already existed in the base
    IN_CHANGE = "in_change"  # the change added it: reported anyway


@dataclass(frozen=True)
class Finding:
    """One problem on one changed line, whatever check found it."""

    rule_id: str
    severity: Severity
    path: str
    line: int
    end_line: int
    message: str
    cwe: str | None = None
    fix: str | None = None
    snippet: str = ""  # the matched code, used for stable fingerprints
    gate: GateId | None = None
    suppression: SuppressionState = SuppressionState.NONE
    suppression_reason: str = ""

    @property
    def reported(self) -> bool:
        """A finding hidden by an honoured suppression is counted, not reported."""
        return self.suppression is not SuppressionState.HONOURED

    @classmethod
    def on_line(cls, rule_id: str, severity: Severity, path: str, line: int, text: str, message: str, *,
                cwe: str | None = None, fix: str | None = None) -> Finding:
        """A finding on one line of `text` (the file's head text), that line being its snippet."""
        lines = text.splitlines()
        snippet = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        return cls(rule_id, severity, path, line, line, message, cwe=cwe, fix=fix, snippet=snippet)


@dataclass(frozen=True)
class Reason:
    """Why a gate opened: a changed line (or a whole file) that matched a trigger."""

    path: str
    line: int | None
    why: str
    text: str = ""  # normalised content that opened the gate, for the fingerprint


@dataclass(frozen=True)
class ChecklistItem:
    """One review question; `relevant` when this change makes it apply."""

    id: str
    text: str
    relevant: bool


@dataclass(frozen=True)
class SignoffRule:
    """Who may sign off a gate."""

    teams: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    min_permission: str = "write"
    count: int = 1
    codeowners: bool = False


@dataclass(frozen=True)
class Gate:
    """An open gate: the area, why it opened and what the reviewer should check."""

    id: GateId
    title: str
    summary: str
    reasons: tuple[Reason, ...]
    checklist: tuple[ChecklistItem, ...]
    fingerprint: str
    signoff: SignoffRule
    signed_off_by: tuple[str, ...] = ()
    signed_at: tuple[str, ...] = ()  # head SHA of each valid sign-off, in signed_off_by order
    stale: tuple[tuple[str, str], ...] = ()  # (login, sha) who signed earlier hunks, changed since
    void: tuple[tuple[str, str], ...] = ()  # (login, why) sign-offs that no longer count
    more_reasons: int = 0  # distinct reasons beyond those listed in `reasons`

    @property
    def open(self) -> bool:
        return len(set(self.signed_off_by)) < self.signoff.count

    @property
    def missing(self) -> int:
        return max(0, self.signoff.count - len(set(self.signed_off_by)))


@dataclass(frozen=True)
class Skip:
    """A file or step not analysed, reported so nothing is dropped silently."""

    path: str | None
    reason: str
    unscanned: bool = False  # True: a file in scope went unanalysed, so a human must look


@dataclass(frozen=True)
class Stats:
    """Size of the change and of the scan."""

    files: int = 0
    added_lines: int = 0
    removed_lines: int = 0
    scanned_files: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class AgentCommit:
    """A commit of the change written with a coding agent, and the evidence for it."""

    sha: str
    agents: tuple[str, ...]  # "Claude Code", "GitHub Copilot", or the config's identity
    evidence: tuple[str, ...]  # what matched: "Co-authored-by: Claude <noreply@anthropic.com>", ...
    kinds: tuple[str, ...]  # co-authored-by, author, committer, generated-line, config


@dataclass(frozen=True)
class Agents:
    """Which commits of a change were agent-written (None on a Report: commits unknown)."""

    checked: int  # commits looked at
    commits: tuple[AgentCommit, ...] = ()
    count: int | None = None  # the config's sign-off count applied to the change's gates
    always: tuple[GateId, ...] = ()  # gates the config opened because of them

    @property
    def detected_by(self) -> tuple[str, ...]:
        """Every kind of evidence seen, in a fixed order."""
        order = ("co-authored-by", "author", "committer", "generated-line", "config")
        seen = {k for c in self.commits for k in c.kinds}
        return tuple(k for k in order if k in seen)


@dataclass(frozen=True)
class Report:
    """Everything a review concluded; every output format renders this."""

    verdict: Verdict
    gates: tuple[Gate, ...]
    findings: tuple[Finding, ...]
    stats: Stats
    skips: tuple[Skip, ...] = ()
    errors: tuple[str, ...] = ()
    suppressed: tuple[Finding, ...] = field(default=())
    agents: Agents | None = None  # None: the commits were not known (a diff file)

    @property
    def suppression_counts(self) -> dict[str, int]:
        """Honoured suppressions and ones the change added itself."""
        in_change = sum(1 for f in self.findings if f.suppression is SuppressionState.IN_CHANGE)
        return {"honoured": len(self.suppressed), "in_change": in_change}


@dataclass(frozen=True)
class Commit:
    """One commit as git log or GitHub's `pulls/{n}/commits` describe it."""

    sha: str
    author_name: str = ""
    author_email: str = ""
    committer_name: str = ""
    committer_email: str = ""
    message: str = ""
