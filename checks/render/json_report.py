"""The stable JSON contract, version 1 (see DESIGN.md); additions only, never changes."""

from __future__ import annotations

import json
from typing import Any

from checks.model import Report
from checks.render.common import Compared, agents_dict, checklist_for, singled_out


def as_dict(report: Report, compared: Compared | None = None) -> dict[str, Any]:
    """The report as version-1 JSON data; `base`/`head` are null when not reviewing git revisions."""
    counts = report.suppression_counts
    base = compared.base if compared else None
    head = compared.head if compared else None
    return {
        "version": 1,
        "verdict": report.verdict.value,
        "base": base.as_dict() if base else None,
        "head": head.as_dict() if head else None,
        "gates": [
            {
                "id": g.id.value,
                "title": g.title,
                "reasons": [{"path": r.path, "line": r.line, "why": r.why} for r in g.reasons],
                "reasons_omitted": g.more_reasons,
                "checklist": [c.text for c in checklist_for(g)],
                # false: no item fits the changed lines, so `checklist` is the whole pack's list
                "checklist_matched": singled_out(g),
                "fingerprint": g.fingerprint,
                "signed_off_by": list(g.signed_off_by),
            }
            for g in report.gates
        ],
        "findings": [
            {
                "rule_id": f.rule_id,
                "severity": f.severity.value,
                "path": f.path,
                "line": f.line,
                "end_line": f.end_line,
                "message": f.message,
                "cwe": f.cwe,
                "gate": f.gate.value if f.gate else None,
                **({"fix": f.fix} if f.fix else {}),
                **({"suppressed_in_change": True} if f.suppression.value == "in_change" else {}),
            }
            for f in report.findings
        ],
        "stats": {
            "files": report.stats.files,
            "added_lines": report.stats.added_lines,
            "removed_lines": report.stats.removed_lines,
            "scanned_files": report.stats.scanned_files,
            "seconds": report.stats.seconds,
            "suppressed": counts["honoured"],
            "suppressed_in_change": counts["in_change"],
            "skipped_files": len({s.path for s in report.skips if s.path}),
        },
        "skips": [{"path": s.path, "reason": s.reason} for s in report.skips],
        "errors": list(report.errors),
        "agents": agents_dict(report.agents),
    }


def render(report: Report, compared: Compared | None = None) -> str:
    return json.dumps(as_dict(report, compared), indent=2, ensure_ascii=False) + "\n"
