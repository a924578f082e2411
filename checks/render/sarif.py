"""SARIF 2.1.0, uploadable to GitHub code scanning: findings as results, gates as reviews."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from checks.model import Finding, Report, Severity
from checks.render.common import Compared, checklist_for
from checks.semgrep import load_rules

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _tool_version() -> str:
    try:
        return version("constraint-guard")
    except PackageNotFoundError:
        return "0+unknown"


def _rule(rule_id: str, sample: Finding | None) -> dict[str, Any]:
    known = load_rules().get(rule_id)
    message = known.message if known else (sample.message if sample else rule_id)
    fix = (known.fix if known else None) or (sample.fix if sample else None)
    cwe = (known.cwe if known else None) or (sample.cwe if sample else None)
    severity = known.severity if known else (sample.severity if sample else Severity.WARNING)
    rule: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": message.split(". ")[0][:200]},
        "fullDescription": {"text": message},
        "defaultConfiguration": {"level": _LEVEL[severity]},
        "properties": {"tags": ["security"] + ([cwe] if cwe else [])},
    }
    if fix:
        rule["help"] = {"text": fix}
    return rule


def _location(path: str, line: int | None, end_line: int | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}}
    if line:
        physical["region"] = {"startLine": line, "endLine": max(line, end_line or line)}
    return {"physicalLocation": physical}


def _fingerprint(f: Finding) -> str:
    return hashlib.sha256(f"{f.rule_id}\n{f.path}\n{f.snippet.strip()}".encode()).hexdigest()[:32]


def _properties(report: Report, compared: Compared | None) -> dict[str, Any]:
    # versionControlProvenance needs a repositoryUri a local check does not have: the compared
    # revisions go in the run's property bag instead, shaped like the JSON report's.
    props: dict[str, Any] = {"verdict": report.verdict.value}
    if compared is not None and compared.base is not None and compared.head is not None:
        props["base"] = compared.base.as_dict()
        props["head"] = compared.head.as_dict()
    return props


def as_dict(report: Report, compared: Compared | None = None) -> dict[str, Any]:
    """The report as a SARIF log with one run."""
    samples: dict[str, Finding] = {}
    for f in report.findings:
        samples.setdefault(f.rule_id, f)
    rule_ids = sorted(samples) + [f"gate/{g.id.value}" for g in report.gates]
    rules = [_rule(rid, samples.get(rid)) for rid in sorted(samples)]
    for g in report.gates:
        rules.append(
            {
                "id": f"gate/{g.id.value}",
                "shortDescription": {"text": f"{g.title}: needs a human sign-off"},
                "fullDescription": {"text": g.summary},
                "help": {"text": "\n".join(f"- [ ] {c.text}" for c in checklist_for(g))},
                "defaultConfiguration": {"level": "none"},
            }
        )
    index = {rid: i for i, rid in enumerate(rule_ids)}
    results: list[dict[str, Any]] = [
        {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [_location(f.path, f.line, f.end_line)],
            "partialFingerprints": {"constraintGuard/v1": _fingerprint(f)},
            **(
                {"suppressions": [{"kind": "inSource", "status": "rejected",
                                   "justification": f.suppression_reason or "added by this change"}]}
                if f.suppression.value == "in_change" else {}
            ),
        }
        for f in report.findings
    ]
    for g in report.gates:
        for r in g.reasons:
            results.append(
                {
                    "ruleId": f"gate/{g.id.value}",
                    "ruleIndex": index[f"gate/{g.id.value}"],
                    "kind": "review",
                    "level": "none",
                    "message": {"text": f"{g.title}: {r.why}"},
                    "locations": [_location(r.path, r.line)],
                }
            )
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
