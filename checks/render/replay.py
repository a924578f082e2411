"""A replay of past merged changes, summarised: what the gates would have asked of a team.

Pure: the reports of each replayed change in, one summary (the JSON shape) out, rendered
as a terminal table, JSON, or one self-contained HTML page with inline SVG charts.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

from checks.model import GateId, Report
from checks.render.common import plural

FORMATS = ("text", "json", "html")
TOP = 10  # rows of each "most" list
TOP_PATHS = 5  # paths listed per gate


@dataclass(frozen=True)
class ReplayedChange:
    """One merged change, reviewed against its first parent as `check` would have."""

    sha: str
    parent: str
    date: str  # committer date, ISO 8601
    subject: str
    report: Report
    seconds: float  # wall time: reading the change from git and reviewing it
    config_problem: str | None = None  # the config at the parent was invalid: defaults were used


def _percent(n: int, total: int) -> float:
    return round(100 * n / total, 1) if total else 0.0


def _p90(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)] if ordered else 0.0


def _reasons(report: Report) -> int:
    return sum(len(g.reasons) + g.more_reasons for g in report.gates)


def summarize(changes: Sequence[ReplayedChange], *, repo: str = "", base_branch: str = "",
              selection: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the replay reports, as JSON-ready data (the `--format json` shape)."""
    total = len(changes)
    opened: Counter[str] = Counter()
    paths: dict[str, Counter[str]] = {g.value: Counter() for g in GateId}
    items: Counter[tuple[str, str]] = Counter()
    rule_findings: Counter[str] = Counter()
    rule_changes: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    per_change: list[dict[str, Any]] = []
    for c in changes:
        r = c.report
        verdicts[r.verdict.value] += 1
        for g in r.gates:
            opened[g.id.value] += 1
            paths[g.id.value].update({reason.path for reason in g.reasons})
            items.update({(g.id.value, item.text) for item in g.checklist if item.relevant})
        by_rule = Counter(f.rule_id for f in r.findings)
        rule_findings.update(by_rule)
        rule_changes.update(set(by_rule))
        per_change.append({
            "sha": c.sha,
            "parent": c.parent,
            "date": c.date,
            "subject": c.subject,
            "verdict": r.verdict.value,
            "gates": [g.id.value for g in r.gates],
            "reasons": _reasons(r),
            "findings": dict(sorted(by_rule.items())),
            "files": r.stats.files,
            "seconds": round(c.seconds, 3),
            "agent_written": bool(r.agents and r.agents.commits),
            "errors": list(r.errors) + ([c.config_problem] if c.config_problem else []),
        })
    seconds = [c.seconds for c in changes]
    findings_total = sum(rule_findings.values())
    return {
        "version": 1,
        "repo": repo,
        "base_branch": base_branch,
        "selection": selection or {},
        "changes": total,
        "first": per_change[0]["sha"] if per_change else None,
        "last": per_change[-1]["sha"] if per_change else None,
        "verdicts": {v: verdicts[v] for v in ("pass", "signoff_required", "error")},
        "no_gate": sum(1 for c in changes if not c.report.gates),
        "agent_written": sum(1 for p in per_change if p["agent_written"]),
        "gates": {
            gate: {
                "opened": opened[gate],
                "percent": _percent(opened[gate], total),
                "top_paths": [{"path": p, "changes": n} for p, n in paths[gate].most_common(TOP_PATHS)],
            }
            for gate in paths
        },
        "checklist": [
            {"gate": gate, "item": text, "changes": n} for (gate, text), n in items.most_common(TOP)
        ],
        "findings": {
            "total": findings_total,
            "per_change": round(findings_total / total, 2) if total else 0.0,
            "by_rule": [
                {"rule_id": rule, "findings": n, "changes": rule_changes[rule]}
                for rule, n in sorted(rule_findings.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        },
        "review_seconds": {
            "median": round(median(seconds), 3) if seconds else 0.0,
            "p90": round(_p90(seconds), 3),
            "max": round(max(seconds), 3) if seconds else 0.0,
            "total": round(sum(seconds), 3),
        },
        "most_reasons": [
            {k: p[k] for k in ("sha", "date", "subject", "reasons", "gates")}
            for p in sorted(per_change, key=lambda p: -int(p["reasons"]))[:TOP] if p["reasons"]
        ],
        "per_change": per_change,
    }


def render_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _headline(s: dict[str, Any]) -> str:
    if not s["changes"]:
        return f"Replay of {s['base_branch']}: no merged changes in the range"
    first, last = s["per_change"][0], s["per_change"][-1]
    return (f"Replay of {s['base_branch']}: {plural(s['changes'], 'merged change')} "
            f"({first['sha'][:7]} {first['date'][:10]} .. {last['sha'][:7]} {last['date'][:10]})")


def render_text(s: dict[str, Any]) -> str:
    """A terminal report: gate rates first, then what fired most, then time and outliers."""
    out = [_headline(s)]
    total = s["changes"]
    if not total:
        return out[0] + "\n"
    v = s["verdicts"]
    out.append(f"Verdicts: {v['pass']} pass, {v['signoff_required']} sign-off required, {v['error']} error; "
               f"no gate on {s['no_gate']} ({_percent(s['no_gate'], total)}%); "
               f"agent-written: {s['agent_written']}")
    out += ["", f"{'gate':<10} {'opened':>6} {'rate':>6}  top paths (changes)"]
    for gate, g in s["gates"].items():
        top = ", ".join(f"{p['path']} ({p['changes']})" for p in g["top_paths"]) or "-"
        out.append(f"{gate:<10} {g['opened']:>6} {g['percent']:>5.1f}%  {top}")
    if s["checklist"]:
        out += ["", "Checklist items that fired most (changes):"]
        out += [f"  {c['changes']:>4}  {c['gate']:<9} {_clip(c['item'], 100)}" for c in s["checklist"]]
    f = s["findings"]
    out += ["", f"Findings: {f['total']} ({f['per_change']} per change)"]
    if f["by_rule"]:
        out.append(f"  {'findings':>8} {'changes':>7}  rule")
        out += [f"  {r['findings']:>8} {r['changes']:>7}  {r['rule_id']}" for r in f["by_rule"][:TOP * 2]]
    t = s["review_seconds"]
    out += ["", f"Review time per change: median {t['median']:.2f} s, p90 {t['p90']:.2f} s, max {t['max']:.2f} s "
                f"(total {t['total']:.1f} s)"]
    if s["most_reasons"]:
        out += ["", "Changes with the most reasons:"]
        out += [f"  {m['sha'][:7]}  {m['date'][:10]}  {m['reasons']:>4}  {','.join(m['gates']):<28} {m['subject'][:60]}"
                for m in s["most_reasons"]]
    errors = [(p["sha"], e) for p in s["per_change"] for e in p["errors"]]
    if errors:
        out += ["", f"Errors ({len(errors)}):"] + [f"  {sha[:7]}  {e.splitlines()[0]}" for sha, e in errors]
    return "\n".join(out) + "\n"


_COLORS = {"auth": "#d1495b", "payments": "#edae49", "dates": "#00798c", "security": "#30638e", "policy": "#6a4c93"}


def _svg_rates(s: dict[str, Any]) -> str:
    """A bar per gate: the share of changes it would have opened on."""
    width, bar_h, gap, left = 560, 22, 10, 90
    gates = list(s["gates"].items())
    height = len(gates) * (bar_h + gap) + 30
    rows = []
    for i, (gate, g) in enumerate(gates):
        y = 10 + i * (bar_h + gap)
        w = (width - left - 120) * g["percent"] / 100
        rows.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{gate}</text>'
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{_COLORS.get(gate, "#888")}">'
            f'<title>{gate}: {g["opened"]} of {s["changes"]} changes</title></rect>'
            f'<text x="{left + w + 6:.1f}" y="{y + 15}">{g["percent"]:.1f}% ({g["opened"]})</text>'
        )
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="gate rates">{"".join(rows)}</svg>')


def _svg_timeline(s: dict[str, Any]) -> str:
    """Gates opened per change over time: one column per change (oldest left), one row per gate."""
    changes = s["per_change"]
    gates = list(s["gates"])
    cell = max(3, min(16, 900 // max(1, len(changes))))
    left, top = 90, 10
    width = left + cell * len(changes) + 10
    height = top + len(gates) * (cell + 4) + 10
    parts = []
    for r, gate in enumerate(gates):
        y = top + r * (cell + 4)
        parts.append(f'<text x="{left - 8}" y="{y + cell - 2}" text-anchor="end">{gate}</text>')
        for i, ch in enumerate(changes):
            opened = gate in ch["gates"]
            fill = _COLORS.get(gate, "#888") if opened else "#eee"
            tip = html.escape(f"{ch['sha'][:7]} {ch['date'][:10]} {ch['subject'][:80]}: "
                              f"{gate} {'opened' if opened else 'closed'}")
            parts.append(f'<rect x="{left + i * cell}" y="{y}" width="{cell - 1}" height="{cell}" fill="{fill}">'
                         f'<title>{tip}</title></rect>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="gates opened per change">{"".join(parts)}</svg>')


def _svg_rules(s: dict[str, Any]) -> str:
    """Findings per rule, most first."""
    rules = s["findings"]["by_rule"][:15]
    if not rules:
        return "<p>No findings.</p>"
    width, bar_h, gap, left = 760, 16, 6, 300
    most = max(r["findings"] for r in rules)
    height = len(rules) * (bar_h + gap) + 20
    rows = []
    for i, r in enumerate(rules):
        y = 6 + i * (bar_h + gap)
        w = (width - left - 80) * r["findings"] / most
        name = html.escape(r["rule_id"])
        rows.append(
            f'<text x="{left - 8}" y="{y + 12}" text-anchor="end">{name}</text>'
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#30638e">'
            f'<title>{name}: {r["findings"]} findings in {r["changes"]} changes</title></rect>'
            f'<text x="{left + w + 6:.1f}" y="{y + 12}">{r["findings"]}</text>'
        )
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="findings per rule">{"".join(rows)}</svg>')


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}svg{font:12px system-ui,sans-serif;overflow:visible}
table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:3px 10px;text-align:left;
vertical-align:top}th{background:#f6f6f6}.muted{color:#777}"""


def render_html(s: dict[str, Any]) -> str:
    """One self-contained page: no external assets and no script, so it opens anywhere."""
    e = html.escape
    parts = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Constraint Guard replay: {e(s['base_branch'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(_headline(s))}</h1>",
        f'<p class="muted">{e(s["repo"])}</p>',
    ]
    if s["changes"]:
        t, v = s["review_seconds"], s["verdicts"]
        parts += [
            f"<p>{v['pass']} pass, {v['signoff_required']} sign-off required, {v['error']} error; no gate on "
            f"{s['no_gate']} changes; {s['agent_written']} agent-written. Review time per change: median "
            f"{t['median']:.2f} s, p90 {t['p90']:.2f} s, max {t['max']:.2f} s.</p>",
            "<h2>How often each gate would have opened</h2>", _svg_rates(s),
            _table(["gate", "opened", "rate", "top paths (changes)"], [
                (gate, g["opened"], f"{g['percent']:.1f}%",
                 ", ".join(f"{p['path']} ({p['changes']})" for p in g["top_paths"]) or "-")
                for gate, g in s["gates"].items()
            ]),
            "<h2>Gates opened per change, oldest first</h2>", _svg_timeline(s),
            "<h2>Findings per rule</h2>", _svg_rules(s),
            "<h2>Checklist items that fired most</h2>",
            _table(["changes", "gate", "item"], [(c["changes"], c["gate"], c["item"]) for c in s["checklist"]]),
            "<h2>Changes with the most reasons</h2>",
            _table(["change", "date", "reasons", "gates", "subject"], [
                (m["sha"][:7], m["date"][:10], m["reasons"], ", ".join(m["gates"]), m["subject"])
                for m in s["most_reasons"]
            ]),
            "<h2>Every change</h2>",
            _table(["change", "date", "verdict", "gates", "findings", "seconds", "subject"], [
                (p["sha"][:7], p["date"][:10], p["verdict"], ", ".join(p["gates"]) or "-",
                 sum(p["findings"].values()), f"{p['seconds']:.2f}", p["subject"])
                for p in s["per_change"]
            ]),
        ]
    parts.append("</body></html>\n")
    return "\n".join(parts)


def render(summary: dict[str, Any], fmt: str) -> str:
    """The summary in one of FORMATS."""
    if fmt == "json":
        return render_json(summary)
    if fmt == "html":
        return render_html(summary)
    if fmt == "text":
        return render_text(summary)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
