"""`guard: ignore <rule-id> <reason>` comments, honoured only when the base already had them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checks.diff import FileChange
from checks.model import Finding, SuppressionState

# Inside any comment syntax: `# guard: ignore py-sql-string-build reviewed, input is a constant`
_MARKER = re.compile(r"guard:\s*ignore\s+(?P<rule>[A-Za-z0-9_.-]+)(?:[ \t]+(?P<reason>\S.*?))?\s*(?:\*/|-->)?\s*$")


@dataclass(frozen=True)
class Suppression:
    """One suppression comment: where it is, what it silences, and whether the change added it."""

    path: str
    line: int
    rule_id: str
    reason: str
    added_by_change: bool


def parse_marker(text: str) -> tuple[str, str] | None:
    """(rule id, reason) of a suppression comment on this line, or None; reason may be ''."""
    m = _MARKER.search(text)
    if m is None:
        return None
    return m.group("rule"), (m.group("reason") or "").strip()


def suppressions_in(change: FileChange, lines: list[str] | None) -> list[Suppression]:
    """All suppression comments in a file: from its full text when known, else the diff's lines.

    A comment line the change added cannot grant itself a pass; any other line of the head
    was already in the base, so it is honoured.
    """
    added = change.added
    numbered: dict[int, str] = {}
    if lines is not None:
        numbered = {i + 1: t for i, t in enumerate(lines) if "guard:" in t}
    else:
        for hunk in change.hunks:
            for ln in hunk.lines:
                if ln.new_no is not None and "guard:" in ln.text:
                    numbered[ln.new_no] = ln.text
    found = []
    for no, text in numbered.items():
        marker = parse_marker(text)
        if marker is None:
            continue
        rule, reason = marker
        found.append(Suppression(change.path, no, rule, reason, no in added))
    return found


def apply(findings: list[Finding], sups: list[Suppression]) -> list[Finding]:
    """Mark each finding honoured, in-change, or untouched by the suppressions around it.

    A suppression applies to its own line and the line just below (a comment above the code).
    One without a reason never applies: the reason is the audit trail.
    """
    by_place: dict[tuple[str, int, str], Suppression] = {}
    for s in sups:
        if not s.reason:
            continue
        for target in (s.line, s.line + 1):
            key = (s.path, target, s.rule_id)
            # an honoured (base) suppression wins over one the change added
            current = by_place.get(key)
            if current is None or current.added_by_change:
                by_place[key] = s
    out = []
    for f in findings:
        hit = by_place.get((f.path, f.line, f.rule_id))
        if hit is None:
            out.append(f)
        elif hit.added_by_change:
            out.append(replace(f, suppression=SuppressionState.IN_CHANGE, suppression_reason=hit.reason))
        else:
            out.append(replace(f, suppression=SuppressionState.HONOURED, suppression_reason=hit.reason))
    return out
