"""A terminal report: verdict first, then gates with their checklist, then findings."""

from __future__ import annotations

from checks.model import Report, Verdict
from checks.render.common import (
    Compared,
    agents_line,
    checklist_for,
    nothing_to_review,
    plural,
    singled_out,
    suppression_line,
)

_HEADLINE = {
    Verdict.PASS: "PASS: no gate opened",
    Verdict.SIGNOFF_REQUIRED: "SIGN-OFF REQUIRED",
    Verdict.ERROR: "ERROR: the review could not complete",
}


def _where(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


def render(report: Report, compared: Compared | None = None) -> str:
    out: list[str] = []
    s = report.stats
    headline = _HEADLINE[report.verdict]
    if report.verdict is Verdict.SIGNOFF_REQUIRED:
        headline += ": " + ", ".join(g.id.value for g in report.gates if g.open)
    out.append(f"Constraint Guard  {headline}")
    empty = nothing_to_review(report, compared)
    if empty:
        out.append(empty)
    else:
        if compared is not None:
            out.append(compared.sentence())
        out.append(
            f"{plural(s.files, 'file')}, +{s.added_lines} -{s.removed_lines} lines, "
            f"{s.scanned_files} scanned in {s.seconds:.2f} s"
        )
    if (agents := agents_line(report.agents)) is not None:
        out.append(agents)
    for err in report.errors:
        # a bad config lists each problem on its own line: keep them under their error
        out.append("  error: " + "\n         ".join(err.splitlines()))
    for gate in report.gates:
        out.append("")
        state = "open" if gate.open else "signed off"
        out.append(f"[{gate.id.value}] {gate.title} ({state}, fingerprint {gate.fingerprint})")
        for r in gate.reasons[:20]:
            out.append(f"  - {_where(r.path, r.line)}  {r.why}")
        if (hidden := max(0, len(gate.reasons) - 20) + gate.more_reasons):
            out.append(f"  ... and {hidden} more")
        out.append("  Check before signing off:" if singled_out(gate)
                   else "  Check before signing off (no item matched these lines: the whole checklist):")
        for item in checklist_for(gate):
            out.append(f"    [ ] {item.text}")
    if report.findings:
        out.append("")
        out.append(f"Findings ({len(report.findings)}):")
        for f in report.findings:
            cwe = f" {f.cwe}" if f.cwe else ""
            tag = "  [suppressed in this change: not honoured]" if f.suppression.value == "in_change" else ""
            out.append(f"  {f.severity.value.upper():7} {_where(f.path, f.line)}  {f.rule_id}{cwe}{tag}")
            out.append(f"          {f.message}")
    if report.skips:
        out.append("")
        out.append(f"Skipped ({len(report.skips)}):")
        for sk in report.skips:
            out.append(f"  {sk.path or '-'}: {sk.reason}")
    out.append("")
    out.append(suppression_line(report))
    return "\n".join(out) + "\n"
