"""SARIF 2.1.0, uploadable to GitHub code scanning: findings as results, gates as reviews.

What code scanning needs to treat the log well: every security rule has a
`security-severity` (a CVSS-like score as a string, which GitHub turns into critical, high,
medium or low), every result a `region` and `partialFingerprints` (so an alert survives its
lines moving), one result per gate rather than one per reason, and no result twice.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from checks.gates import normalize
from checks.model import Finding, Gate, Report, Severity
from checks.render.common import Compared, agents_dict, checklist_for, plural

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# security-severity by CWE: the scores CodeQL's queries carry for the same weakness (derived
# from the CVSS scores of CVEs with that CWE), so alerts from both tools rank alike. A CWE
# not listed is no security weakness (money rounding, obsolete or made-up APIs, leaks): such
# rules are tagged `correctness` and get no security-severity.
SECURITY_SEVERITY: dict[str, float] = {
    "CWE-78": 9.8, "CWE-90": 9.8, "CWE-502": 9.8, "CWE-643": 9.8, "CWE-798": 9.8,
    "CWE-94": 9.3, "CWE-95": 9.3, "CWE-1336": 9.3, "CWE-611": 9.1, "CWE-918": 9.1,
    "CWE-89": 8.8, "CWE-943": 8.8, "CWE-352": 8.8, "CWE-501": 8.8, "CWE-916": 8.1,
    "CWE-117": 7.8, "CWE-330": 7.8, "CWE-338": 7.8,
    "CWE-22": 7.5, "CWE-295": 7.5, "CWE-319": 7.5, "CWE-326": 7.5, "CWE-327": 7.5, "CWE-328": 7.5,
    "CWE-347": 7.5, "CWE-489": 7.5, "CWE-532": 7.5, "CWE-942": 7.5, "CWE-377": 7.0,
    "CWE-200": 6.5, "CWE-79": 6.1, "CWE-113": 6.1, "CWE-601": 6.1, "CWE-209": 5.4,
    "CWE-614": 5.0, "CWE-1004": 5.0,
}
# the score never claims more than the rule's own severity: medium at most for a warning
_CAP = {Severity.ERROR: 10.0, Severity.WARNING: 6.9, Severity.INFO: 3.9}
# a rule whose metadata says security but names no CWE scores by its severity
_DEFAULT = {Severity.ERROR: 8.8, Severity.WARNING: 5.5, Severity.INFO: 2.0}
_NOT_SECURITY = {"hallucinated-api", "money", "error-handling", "resource-leak", "time", "performance"}


def _tool_version() -> str:
    try:
        return version("constraint-guard")
    except PackageNotFoundError:
        return "0+unknown"


def security_severity(cwe: str | None, severity: Severity, category: str | None = None) -> str | None:
    """The score GitHub ranks a security alert by ("8.8"), or None for a non-security rule."""
    if cwe in SECURITY_SEVERITY:
        score = SECURITY_SEVERITY[cwe]
    elif cwe is None and category is not None and category not in _NOT_SECURITY:
        score = _DEFAULT[severity]
    else:
        return None
    return f"{min(score, _CAP[severity]):.1f}"


def _rule(rule_id: str, sample: Finding | None) -> dict[str, Any]:
    from checks.semgrep import load_rules  # only SARIF needs the rules' metadata: no cost elsewhere

    known = load_rules().get(rule_id)
    message = known.message if known else (sample.message if sample else rule_id)
    fix = (known.fix if known else None) or (sample.fix if sample else None)
    cwe = (known.cwe if known else None) or (sample.cwe if sample else None)
    severity = known.severity if known else (sample.severity if sample else Severity.WARNING)
    score = security_severity(cwe, severity, known.category if known else None)
    tags = ["security"] if score is not None else ["correctness"]
    if cwe:
        tags += [cwe, f"external/cwe/{cwe.lower()}"]
    properties: dict[str, Any] = {"tags": tags}
    if score is not None:
        properties["security-severity"] = score
    rule: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": message.split(". ")[0][:200]},
        "fullDescription": {"text": message},
        "defaultConfiguration": {"level": _LEVEL[severity]},
        "properties": properties,
    }
    if fix:
        rule["help"] = {"text": fix}
    return rule


def _gate_rule(g: Gate) -> dict[str, Any]:
    return {
        "id": f"gate/{g.id.value}",
        "shortDescription": {"text": f"{g.title}: needs a human sign-off"},
        "fullDescription": {"text": g.summary},
        "help": {"text": "\n".join(f"- [ ] {c.text}" for c in checklist_for(g))},
        "defaultConfiguration": {"level": "none"},
        "properties": {"tags": ["review"]},
    }


def _location(path: str, line: int | None, end_line: int | None = None) -> dict[str, Any]:
    # a reason about a whole file (added, deleted, unscanned) has no line: point at its first,
    # since code scanning places every alert on a region
    start = line or 1
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": start, "endLine": max(start, end_line or start)},
        }
    }


def fingerprint(rule_id: str, path: str, code: str) -> str:
    """Rule + path + the matched code without whitespace, not the line: a finding that moves
    keeps its alert. The same hash as the App's inline-comment markers (bot/publish.py)."""
    return hashlib.sha256(f"{rule_id}\n{path}\n{normalize(code)}".encode()).hexdigest()[:16]


def _fingerprints(key: str, seen: dict[str, int]) -> dict[str, str]:
    # the same code twice in one file is two alerts: number the occurrences, as GitHub does
    seen[key] = seen.get(key, 0) + 1
    return {"constraintGuard/v1": key, "primaryLocationLineHash": f"{key}:{seen[key]}"}


def _gate_message(g: Gate) -> str:
    first = g.reasons[0] if g.reasons else None
    more = max(0, len(g.reasons) - 1) + g.more_reasons
    text = f"{g.title}: {first.why}" if first else g.title
    if more:
        where = sorted({r.path for r in g.reasons[1:]})
        listed = ", ".join(where[:5]) + (", ..." if len(where) > 5 else "")
        text += f" (and {plural(more, 'more reason')}{': ' + listed if listed else ''})"
    return text + ". Needs a human sign-off."


def _finding_results(report: Report, index: dict[str, int], seen: dict[str, int]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    emitted: set[tuple[str, str, int, int, str]] = set()
    for f in report.findings:
        identity = (f.rule_id, f.path, f.line, f.end_line, f.message)
        if identity in emitted:
            continue  # one problem reported twice (two engines, two overlapping matches) is one alert
        emitted.add(identity)
        result: dict[str, Any] = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [_location(f.path, f.line, f.end_line)],
            "partialFingerprints": _fingerprints(fingerprint(f.rule_id, f.path, f.snippet or f.message), seen),
        }
        if f.suppression.value == "in_change":
            result["suppressions"] = [{"kind": "inSource", "status": "rejected",
                                       "justification": f.suppression_reason or "added by this change"}]
        results.append(result)
    return results


def _gate_result(g: Gate, index: dict[str, int], seen: dict[str, int]) -> dict[str, Any]:
    """One result per gate, at its first reason: a reviewer signs off a gate, not each reason."""
    rule_id = f"gate/{g.id.value}"
    first = g.reasons[0] if g.reasons else None
    path = first.path if first else ""
    code = (first.text or first.why) if first else g.fingerprint
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "kind": "review",
        "level": "none",
        "message": {"text": _gate_message(g)},
        "partialFingerprints": _fingerprints(fingerprint(rule_id, path, code), seen),
        "properties": {"reasons": len(g.reasons) + g.more_reasons, "fingerprint": g.fingerprint},
    }
    if path:
        result["locations"] = [_location(path, first.line if first else None)]
    return result


def _properties(report: Report, compared: Compared | None) -> dict[str, Any]:
    # versionControlProvenance needs a repositoryUri a local check does not have: the compared
    # revisions go in the run's property bag instead, shaped like the JSON report's.
    props: dict[str, Any] = {"verdict": report.verdict.value}
    if compared is not None and compared.base is not None and compared.head is not None:
        props["base"] = compared.base.as_dict()
        props["head"] = compared.head.as_dict()
    if report.agents is not None:
        props["agents"] = agents_dict(report.agents)
    return props


def as_dict(report: Report, compared: Compared | None = None) -> dict[str, Any]:
    """The report as a SARIF log with one run."""
    samples: dict[str, Finding] = {}
    for f in report.findings:
        samples.setdefault(f.rule_id, f)
    gates = list({g.id: g for g in report.gates}.values())
    rules = [_rule(rid, samples.get(rid)) for rid in sorted(samples)] + [_gate_rule(g) for g in gates]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    seen: dict[str, int] = {}
    results = _finding_results(report, index, seen) + [_gate_result(g, index, seen) for g in gates]
    notifications = [
        {"level": "warning", "message": {"text": f"{s.path or '-'}: {s.reason}"}} for s in report.skips
    ] + [{"level": "error", "message": {"text": e}} for e in report.errors]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "Constraint Guard",
                        "version": _tool_version(),
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
                "properties": _properties(report, compared),
            }
        ],
    }


def render(report: Report, compared: Compared | None = None) -> str:
    return json.dumps(as_dict(report, compared), indent=2, ensure_ascii=False) + "\n"
