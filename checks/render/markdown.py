"""The Markdown body the App posts as its summary comment (and the CLI can print)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from checks.markers import SUMMARY_MARKER
from checks.model import Finding, Report, Verdict
from checks.render.common import (
    Compared,
    agents_line,
    checklist_for,
    nothing_to_review,
    plural,
    singled_out,
    suppression_line,
)
from checks.signoff import who_may

Linker = Callable[[str, "int | None"], str]

_ICON = {Verdict.PASS: "✅", Verdict.SIGNOFF_REQUIRED: "🛑", Verdict.ERROR: "⚠️"}
_TITLE = {
    Verdict.PASS: "No gated area touched",
    Verdict.SIGNOFF_REQUIRED: "Sign-off required",
    Verdict.ERROR: "Review could not complete",
}
MAX_REASONS = 15
MAX_FINDINGS = 100
MAX_SKIPS = 200
# GitHub refuses comments over 65,535 characters and the App clips there; the App appends its
# notes (what the inline-comment and annotation caps left out) after this body, so long
# tables stop early enough for those notes to survive the clip.
MAX_CHARS = 60_000


def _escape(text: str) -> str:
    # user-controlled paths and messages must not break the table or ping people
    return text.replace("|", "\\|").replace("@", "@\u200b").replace("\n", " ")


def _escape_keep_at(text: str) -> str:
    """For text we wrote (team and user names from config): mentions stay real."""
    return text.replace("|", "\\|").replace("\n", " ")


def _plain(path: str, line: int | None) -> str:
    return f"`{_escape(path)}{':' + str(line) if line else ''}`"


def _finding_row(f: Finding, where: Linker) -> str:
    tag = " (suppressed in this change: not honoured)" if f.suppression.value == "in_change" else ""
    cwe = f" {f.cwe}" if f.cwe else ""
    return f"| {f.severity.value} | `{f.rule_id}`{cwe} | {where(f.path, f.line)} | {_escape(f.message)}{tag} |"


def _append_within(out: list[str], lines: Iterable[str], used: int, budget: int) -> tuple[int, int]:
    """Append lines while the text stays within `budget` characters; (lines added, chars used)."""
    added = 0
    for line in lines:
        if used + len(line) + 1 > budget:
            break
        out.append(line)
        used += len(line) + 1
        added += 1
    return added, used


def render(report: Report, link: Linker | None = None, org: str = "", compared: Compared | None = None) -> str:
    where = link or _plain
    out = [SUMMARY_MARKER, f"## {_ICON[report.verdict]} Constraint Guard: {_TITLE[report.verdict]}", ""]
    s = report.stats
    empty = nothing_to_review(report, compared)
    if empty:
        out.append(_escape(empty) + ".")
    else:
        if compared is not None:
            out += [_escape(compared.sentence()) + ".", ""]
        out.append(
            f"{plural(s.files, 'file')}, +{s.added_lines} −{s.removed_lines} lines; "
            f"{s.scanned_files} scanned; {plural(len(report.findings), 'finding')}."
        )
    if (agents := agents_line(report.agents)) is not None:
        out += ["", f"🤖 {_escape(agents)}."]
    for err in report.errors:
        first, *rest = err.splitlines() or [""]
        if not rest:
            out += ["", f"> **Error:** {_escape(first)}. Re-run with `/guard recheck` once fixed."]
        else:  # a bad config's problems, one quoted line each
            out += ["", f"> **Error:** {_escape(first)}"] + [f"> {_escape(line)}" for line in rest]
            out.append("> Re-run with `/guard recheck` once fixed.")
    for gate in report.gates:
        state = "awaiting sign-off" if gate.open else "signed off"
        out += ["", f"### `{gate.id.value}`: {_escape(gate.title)} ({state})", "", _escape(gate.summary), ""]
        out.append("**Why it opened**")
        for r in gate.reasons[:MAX_REASONS]:
            out.append(f"- {where(r.path, r.line)}: {_escape(r.why)}")
        if (hidden := max(0, len(gate.reasons) - MAX_REASONS) + gate.more_reasons):
            out.append(f"- … and {hidden} more")
        out += ["", "**Check before signing off**"]
        items = [f"- [ ] {_escape(item.text)}" for item in checklist_for(gate)]
        if singled_out(gate):
            out += items
        else:  # nothing in the change points at one item: the whole list, folded, so the comment stays short
            out += ["", f"<details><summary>No item matched these lines: the whole checklist "
                        f"({plural(len(items), 'item')})</summary>", "", *items, "", "</details>"]
        out += ["", "**Sign-off**", f"- May sign off: {_escape_keep_at(who_may(gate.signoff, org))}"]
        for login, sha in zip(gate.signed_off_by, gate.signed_at or ("",) * len(gate.signed_off_by), strict=False):
            out.append(f"- ✅ signed off by @{login}" + (f" at {sha[:7]}" if sha else ""))
        for login, sha in gate.stale:
            out.append(f"- ⚠️ signed off by @{login} at {sha[:7]}, changed since: sign off again")
        for login, why in gate.void:
            out.append(f"- ❌ sign-off by @{login} does not count: {_escape(why)}")
        if gate.open:
            out.append(f"- Still needed: {gate.missing} more (`/guard signoff {gate.id.value}`)")
        out.append(f"\n<sub>fingerprint `{gate.fingerprint}`</sub>")
    used = sum(len(line) + 1 for line in out)
    # the findings table may use the budget minus a reserve for the skipped-files list
    reserve = min(len(report.skips), 20) * 120 + 1000
    if report.findings:
        out += ["", "### Findings", "", "| | Rule | Where | What |", "|---|---|---|---|"]
        used += sum(len(line) + 1 for line in out[-5:])
        rows = (_finding_row(f, where) for f in report.findings[:MAX_FINDINGS])
        shown, used = _append_within(out, rows, used, MAX_CHARS - reserve)
        if len(report.findings) > shown:
            more = len(report.findings) - shown
            out.append(f"\n{plural(more, 'more finding')} {'is' if more == 1 else 'are'} in the check run.")
            used += len(out[-1]) + 1
    if report.skips:
        out += ["", f"<details><summary>Skipped files ({len(report.skips)})</summary>", ""]
        used += sum(len(line) + 1 for line in out[-3:])
        entries = (f"- {_plain(sk.path, None) if sk.path else '-'}: {_escape(sk.reason)}"
                   for sk in report.skips[:MAX_SKIPS])
        listed, used = _append_within(out, entries, used, MAX_CHARS - 300)
        if len(report.skips) > listed:
            out.append(f"- … and {len(report.skips) - listed} more")
        out += ["", "</details>"]
    out += ["", f"<sub>{suppression_line(report)}.</sub>", ""]
    return "\n".join(out)
