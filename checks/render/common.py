"""Small pieces every renderer shares."""

from __future__ import annotations

from checks.model import ChecklistItem, Gate, Report


def checklist_for(gate: Gate) -> list[ChecklistItem]:
    """The items this change makes relevant; all of them when none is singled out."""
    relevant = [c for c in gate.checklist if c.relevant]
    return relevant or list(gate.checklist)


def suppression_line(report: Report) -> str:
    counts = report.suppression_counts
    return (
        f"Suppressions: {counts['honoured']} honoured (already in the base), "
        f"{counts['in_change']} added by this change (not honoured)"
    )
