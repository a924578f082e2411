"""A whole review: choose scan targets, scan once, then analyze and decide.

`analyze` is pure (plain data in, Report out); `review` only adds the one semgrep run.
The CLI, the App and the tests all go through these two functions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from checks import secrets, semgrep, suppress
from checks.config import RepoConfig
from checks.decide import decide
from checks.gates import ChangedLines, gate_of, open_gates
from checks.manifests import touches_manifests
from checks.model import Finding, GateId, Report, Severity, Skip, Stats
from checks.policy import PolicyPack
from checks.snapshot import Check, Snapshot
from checks.targets import plan_scan

if TYPE_CHECKING:
    from checks.registries import Cache

BUILTIN_CHECKS: tuple[Check, ...] = (secrets.scan,)

Scanner = Callable[..., semgrep.ScanResult]


def _on_changed_lines(findings: Iterable[Finding], snapshot: Snapshot) -> list[Finding]:
    """Keep findings touching an added line, pointed at that line; drop the rest."""
    kept = []
    for f in findings:
        change = snapshot.diff.file(f.path)
        if change is None:
            continue
        added = change.added
        line = next((n for n in range(f.line, max(f.line, f.end_line) + 1) if n in added), None)
        if line is None:
            continue
        kept.append(f if line == f.line else replace(f, line=line, end_line=max(line, f.end_line)))
    return kept


def _configured(findings: Iterable[Finding], config: RepoConfig) -> list[Finding]:
    disabled = set(config.rules.disable)
    out = []
    for f in findings:
        if f.rule_id in disabled:
            continue
        sev = config.rules.severity.get(f.rule_id)
        out.append(replace(f, severity=sev) if sev is not None else f)
    return out


def _suppressions(snapshot: Snapshot) -> tuple[list[suppress.Suppression], list[Finding]]:
    sups: list[suppress.Suppression] = []
    invalid: list[Finding] = []
    for change in snapshot.diff.files:
        found = suppress.suppressions_in(change, snapshot.lines_of(change.path))
        sups += found
        invalid += [
            Finding(
                rule_id="cg-suppression-invalid",
                severity=Severity.WARNING,
                path=s.path,
                line=s.line,
                end_line=s.line,
                message=(
                    f"`guard: ignore {s.rule_id}` has no reason, so it suppresses nothing. "
                    f"Fix: say why, e.g. `guard: ignore {s.rule_id} input is a constant`."
                ),
                fix="Add the reason after the rule id.",
                snippet=f"guard: ignore {s.rule_id}",
            )
            for s in found
            if s.added_by_change and not s.reason
        ]
    return sups, invalid


@dataclass(frozen=True, slots=True)
class Groundwork:
    """The part of analysis no engine's result changes, so a review does it while they run."""

    findings: tuple[Finding, ...]  # the project checks' (secrets) and invalid suppressions'
    suppressions: tuple[suppress.Suppression, ...]
    lines: ChangedLines  # changed lines read as code, every line trigger already run


def prepare(snapshot: Snapshot, packs: Mapping[GateId, PolicyPack], config: RepoConfig,
            checks: Sequence[Check] = BUILTIN_CHECKS) -> Groundwork:
    """Pure: project checks, suppressions and the gates' line triggers over one change."""
    raw: list[Finding] = [f for check in checks for f in check(snapshot)]
    sups, invalid = _suppressions(snapshot)
    lines = ChangedLines(snapshot.diff, snapshot.texts)
    lines.warm(packs.values(), config)
    return Groundwork(tuple(raw + invalid), tuple(sups), lines)


def analyze(
    snapshot: Snapshot,
    packs: Mapping[GateId, PolicyPack],
    config: RepoConfig,
    scan: semgrep.ScanResult,
    *,
    skips: Sequence[Skip] = (),
    errors: Sequence[str] = (),
    checks: Sequence[Check] = BUILTIN_CHECKS,
    signed: Mapping[GateId, tuple[str, ...]] | None = None,
    seconds: float = 0.0,
    groundwork: Groundwork | None = None,
) -> Report:
    """Pure: scan results + project checks -> findings on changed lines, gates, verdict.

    `groundwork` is `prepare(snapshot, packs, config, checks)` done ahead; without it, it is done here.
    """
    ground = groundwork if groundwork is not None else prepare(snapshot, packs, config, checks)
    raw = list(scan.findings) + list(ground.findings)
    findings = _on_changed_lines(_configured(raw, config), snapshot)
    findings = suppress.apply(findings, list(ground.suppressions))
    findings = [replace(f, gate=gate_of(f, packs)) for f in findings]
    findings.sort(key=lambda f: (f.path, f.line, -f.severity.rank, f.rule_id))
    all_skips = tuple(skips) + tuple(scan.skips)
    gates = open_gates(snapshot.diff, findings, all_skips, packs, config, signed, texts=snapshot.texts,
                       lines=ground.lines)
    diff = snapshot.diff
    stats = Stats(
        files=len(diff.files),
        added_lines=diff.added_lines,
        removed_lines=diff.removed_lines,
        scanned_files=scan.scanned,
        seconds=round(seconds, 3),
    )
    return Report(
        verdict=decide(gates, errors),
        gates=tuple(gates),
        findings=tuple(f for f in findings if f.reported),
        stats=stats,
        skips=all_skips,
        errors=tuple(errors),
        suppressed=tuple(f for f in findings if not f.reported),
    )


def review(
    snapshot: Snapshot,
    packs: Mapping[GateId, PolicyPack],
    config: RepoConfig,
    *,
    scanner: Scanner = semgrep.scan,
    typechecker: Scanner | None = None,
    tschecker: Scanner | None = None,
    dependencies: Callable[..., semgrep.ScanResult] | None = None,
    registry_cache: Cache | None = None,
    signed: Mapping[GateId, tuple[str, ...]] | None = None,
) -> Report:
    """Select targets, run the engines once each (if anything needs them), then analyze.

    semgrep, the type checkers (ty for Python, the TypeScript compiler for JS/TS) and the
    registry look-ups of newly added dependencies run side by side. A semgrep failure becomes
    the `error` verdict (the other checks still report); a type checker that cannot run is a
    stated skip, since the member-list rules still cover its ground. The `None` defaults are
    the real engines, imported only when the change needs them: a docs-only review then
    starts without loading any of them.
    """
    started = time.monotonic()
    plan = plan_scan(snapshot, config)
    targets, skips, budget, languages = plan.targets, list(plan.skips), plan.timeout_seconds, plan.languages
    errors: list[str] = []
    result = semgrep.ScanResult()
    disabled = set(config.rules.disable)
    # each engine left as None does not run
    if "python" in languages:
        from checks import typecheck

        typechecker = None if set(typecheck.RULE_IDS) <= disabled else typechecker or typecheck.check
    else:
        typechecker = None
    if languages & {"javascript", "typescript"}:
        from checks import tscheck

        tschecker = None if set(tscheck.RULE_IDS) <= disabled else tschecker or tscheck.check
    else:
        tschecker = None
    if config.registries.enabled and touches_manifests(snapshot):
        from checks import registries

        dependencies = None if set(registries.RULE_IDS) <= disabled else dependencies or registries.check_dependencies
    else:
        dependencies = None
    # every engine is its own process or network wait: run them side by side, and read the
    # change for the gates meanwhile
    with ThreadPoolExecutor(max_workers=4) as pool:
        scanned, launched = plan.submit(pool, scanner) if targets else (None, None)  # first: the longest engine
        typed = pool.submit(typechecker, targets, timeout_seconds=budget) if typechecker else None
        ts_typed = pool.submit(tschecker, targets, timeout_seconds=budget) if tschecker else None
        deps = pool.submit(dependencies, snapshot, config.registries, cache=registry_cache) if dependencies else None
        # the scan's own set-up (focusing, taint copies) gets the GIL to itself until semgrep
        # runs; the gates' reading then takes the time the engines spend in their processes
        if launched is not None:
            launched.wait()
        groundwork = prepare(snapshot, packs, config)
        if scanned is not None:
            try:
                result = scanned.result()
            except semgrep.ScanError as exc:
                errors.append(f"security scan failed: {exc}")
        if typed is not None:
            result = typecheck.merge(result, typed.result())
        if ts_typed is not None:
            result = tscheck.merge(result, ts_typed.result())
        if deps is not None:
            found = deps.result()
            result = replace(result, findings=result.findings + found.findings, skips=result.skips + found.skips)
    return analyze(
        snapshot,
        packs,
        config,
        result,
        skips=skips,
        errors=errors,
        signed=signed,
        seconds=time.monotonic() - started,
        groundwork=groundwork,
    )
