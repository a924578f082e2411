"""What a review publishes, decided on plain data: the check run's title, summary clip and
annotations, the inline comments to post and the review threads to resolve.

The App's publishers (bot/checkrun.py, bot/inline.py, bot/summary.py) send these; nothing
here talks to GitHub.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from checks.diff import Diff
from checks.gates import normalize
from checks.markers import FINDING_MARKER
from checks.model import Finding, Report, Severity, Verdict
from checks.signoff import who_may

MAX_OUTPUT = 65_535
ANNOTATION_BATCH = 50
_LEVEL = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.INFO: "notice"}


def check_name(base_ref: str) -> str:
    """One name per base branch: a pass earned against one base never satisfies another's rule."""
    return f"Constraint Guard ({base_ref})"


def finding_fingerprint(f: Finding) -> str:
    """Rule + path + the code it matched, not the line: a shifted line is the same finding."""
    return hashlib.sha256(f"{f.rule_id}\n{f.path}\n{normalize(f.snippet)}".encode()).hexdigest()[:16]


def clip(text: str, limit: int = MAX_OUTPUT) -> str:
    """Cut `text` to GitHub's limit, which counts UTF-8 bytes, not characters.

    Cuts on a character boundary, so the note always fits and no character is split.
    """
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    note = "\n\n… (cut to GitHub's 65,535-byte limit; the full report is in the summary comment)"
    room = limit - len(note.encode("utf-8"))
    return data[:room].decode("utf-8", errors="ignore") + note


def title_for(report: Report, org: str = "") -> str:
    """The check's one-line title: what is signed and what still awaits whom."""
    if report.verdict is Verdict.ERROR:
        return "Review could not complete: " + (report.errors[0] if report.errors else "unknown error")[:200]
    waiting = [g for g in report.gates if g.open]
    if not report.gates:
        n = len(report.findings)
        return "No gated area touched" + (f" ({n} finding{'s' if n != 1 else ''})" if n else "")
    if not waiting:
        if len(report.gates) == 1:
            return f"The {report.gates[0].id.value} gate is signed off"
        return f"All {len(report.gates)} gates signed off"
    signed = len(report.gates) - len(waiting)
    first = waiting[0]
    awaits = f"{first.id.value} awaits {who_may(first.signoff, org)}"
    more = f" (+{len(waiting) - 1} more)" if len(waiting) > 1 else ""
    return f"{signed} of {len(report.gates)} gates signed off: {awaits}{more}"


@dataclass(frozen=True)
class Annotations:
    """Annotations to send, and how many the cap left out."""

    items: tuple[dict[str, Any], ...]
    left_out: int


def annotations_for(report: Report, cap: int) -> Annotations:
    """Findings first (by severity), then the lines that opened gates; at most `cap`."""
    items: list[dict[str, Any]] = []
    for f in sorted(report.findings, key=lambda f: -f.severity.rank):
        items.append({
            "path": f.path, "start_line": f.line, "end_line": max(f.line, f.end_line),
            "annotation_level": _LEVEL[f.severity], "title": f.rule_id + (f" ({f.cwe})" if f.cwe else ""),
            "message": f.message[:64_000],
        })
    for g in report.gates:
        for r in g.reasons:
            if r.line:
                items.append({"path": r.path, "start_line": r.line, "end_line": r.line, "annotation_level": "notice",
                              "title": f"{g.id.value} gate", "message": r.why[:64_000]})
    return Annotations(tuple(items[:cap]), max(0, len(items) - cap))


def diff_lines(diff: Diff) -> dict[str, set[int]]:
    """Right-side lines a review comment may sit on: added and context lines of the hunks."""
    out: dict[str, set[int]] = {}
    for f in diff.files:
        out[f.path] = {ln.new_no for h in f.hunks for ln in h.lines if ln.new_no is not None}
    return out


def comment_body(f: Finding, fingerprint: str) -> str:
    cwe = f", {f.cwe}" if f.cwe else ""
    text = f.message.replace("@", "@\u200b")
    extra = " (suppressed in this change: not honoured)" if f.suppression.value == "in_change" else ""
    return f"{FINDING_MARKER.format(fingerprint)}\n**`{f.rule_id}`** ({f.severity.value}{cwe}){extra}: {text}"


@dataclass(frozen=True)
class PlannedComments:
    """Inline comments to post now, and what was held back."""

    comments: tuple[dict[str, Any], ...]
    already_posted: int
    not_on_diff: int
    over_cap: int


def plan_comments(report: Report, diff: Diff, existing: set[str], cap: int) -> PlannedComments:
    """New findings on diff lines, each once, at most `cap`; known fingerprints are skipped."""
    lines = diff_lines(diff)
    comments: list[dict[str, Any]] = []
    seen: set[str] = set()
    already = off_diff = over = 0
    for f in report.findings:
        fp = finding_fingerprint(f)
        if fp in seen:
            continue
        seen.add(fp)
        if fp in existing:
            already += 1
        elif f.line not in lines.get(f.path, set()):
            off_diff += 1
        elif len(comments) >= cap:
            over += 1
        else:
            comments.append({"path": f.path, "line": f.line, "side": "RIGHT", "body": comment_body(f, fp)})
    return PlannedComments(tuple(comments), already, off_diff, over)


@dataclass(frozen=True)
class Thread:
    """One review thread the App started, by its finding's fingerprint."""

    id: str
    fingerprint: str
    resolved: bool


def threads_to_resolve(threads: Iterable[Thread], current: set[str]) -> list[str]:
    """Open threads whose finding is gone from the latest review."""
    return [t.id for t in threads if not t.resolved and t.fingerprint not in current]


@dataclass
class PublishStats:
    """What a publish did, for the summary and the logs."""

    posted: int = 0
    resolved: int = 0
    failed_comments: int = 0
    annotations_left_out: int = 0
    notes: list[str] = field(default_factory=list)
