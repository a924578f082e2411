"""Gate detection and fingerprints, on plain data (no semgrep)."""

from __future__ import annotations

from checks.config import RepoConfig, parse_config
from checks.diff import parse_diff
from checks.model import Finding, GateId, Severity, Skip
from checks.policy import load_packs
from checks.review import analyze
from checks.semgrep import ScanResult
from checks.snapshot import Snapshot

PACKS = load_packs()


def _diff(path: str, removed: list[str], added: list[str], start: int = 10, context: str = "pass") -> str:
    old_len, new_len = len(removed) + 1, len(added) + 1
    body = "".join(f"-{r}\n" for r in removed) + "".join(f"+{a}\n" for a in added) + f" {context}\n"
    return (
        f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n"
        f"@@ -{start},{old_len} +{start},{new_len} @@\n{body}"
    )


def _gates(diff_text: str, findings: tuple[Finding, ...] = (), config: RepoConfig | None = None,
           skips: tuple[Skip, ...] = ()) -> dict[str, object]:
    report = analyze(Snapshot(parse_diff(diff_text)), PACKS, config or RepoConfig(),
                     ScanResult(findings=findings), skips=skips)
    return {g.id.value: g for g in report.gates}


def test_path_glob_opens_the_auth_gate() -> None:
    gates = _gates(_diff("src/auth/tokens.py", [], ["x = 1"]))
    assert "auth" in gates


def test_removing_a_guard_line_opens_the_gate_too() -> None:
    gates = _gates(_diff("app/views.py", ["@login_required"], []))
    assert "auth" in gates
    reason = gates["auth"].reasons[0]  # type: ignore[attr-defined]
    assert reason.why.startswith("removes a line that")


def test_tests_and_docs_never_open_domain_gates() -> None:
    text = _diff("tests/auth/test_login.py", [], ["password = 'hunter2'"]) + _diff(
        "docs/payments.md", [], ["refund the amount"])
    assert _gates(text) == {}


def test_fingerprint_ignores_whitespace_and_line_shifts_but_not_edits() -> None:
    a = _gates(_diff("src/auth/login.py", [], ["check(password)"], start=10))["auth"]
    shifted = _gates(_diff("src/auth/login.py", [], ["check( password )"], start=40))["auth"]
    edited = _gates(_diff("src/auth/login.py", [], ["check(password, strict=False)"], start=10))["auth"]
    assert a.fingerprint == shifted.fingerprint  # type: ignore[attr-defined]
    assert a.fingerprint != edited.fingerprint  # type: ignore[attr-defined]


def test_fingerprint_binds_only_to_the_hunks_that_opened_the_gate() -> None:
    gated = _diff("src/auth/login.py", [], ["check(password)"])
    one = _gates(gated + _diff("README.md", [], ["hello"]))["auth"]
    other = _gates(gated + _diff("README.md", [], ["hello world, edited"]))["auth"]
    assert one.fingerprint == other.fingerprint  # type: ignore[attr-defined]


def test_error_finding_opens_security_warning_does_not() -> None:
    text = _diff("app/x.py", [], ["a = 1", "b = 2"], start=1)
    err = Finding("py-eval-input", Severity.ERROR, "app/x.py", 1, 1, "eval. Fix: no", snippet="a = 1")
    warn = Finding("py-nonexistent-member", Severity.WARNING, "app/x.py", 2, 2, "no such member. Fix: x")
    assert "security" in _gates(text, (err,))
    assert "security" not in _gates(text, (warn,))


def test_a_finding_on_an_untouched_line_is_dropped() -> None:
    text = _diff("app/x.py", [], ["a = 1"], start=1)
    old = Finding("py-eval-input", Severity.ERROR, "app/x.py", 2, 2, "eval. Fix: no")
    report = analyze(Snapshot(parse_diff(text)), PACKS, RepoConfig(), ScanResult(findings=(old,)))
    assert report.findings == () and report.gates == ()


def test_unscanned_file_opens_security_a_partial_parse_does_not() -> None:
    text = _diff("app/x.py", [], ["a = 1"], start=1)
    assert "security" in _gates(text, skips=(Skip("app/x.py", "timed out", unscanned=True),))
    assert "security" not in _gates(text, skips=(Skip("app/x.py", "parsed partially"),))


def test_config_can_disable_a_gate_and_add_paths() -> None:
    cfg = parse_config("c.yml", "gates: {auth: {enabled: false}, payments: {paths: ['ledger/**']}}")
    gates = _gates(_diff("src/auth/login.py", [], ["x = 1"]) + _diff("ledger/book.py", [], ["y = 2"]), config=cfg)
    assert "auth" not in gates and "payments" in gates


def test_config_severity_override_and_disable() -> None:
    text = _diff("app/x.py", [], ["a = 1"], start=1)
    warn = Finding("py-nonexistent-member", Severity.WARNING, "app/x.py", 1, 1, "m. Fix: x")
    cfg = parse_config("c.yml", "rules: {severity: {py-nonexistent-member: error}}")
    assert "security" in _gates(text, (warn,), config=cfg)
    off = parse_config("c.yml", "rules: {disable: [py-nonexistent-member]}")
    report = analyze(Snapshot(parse_diff(text)), PACKS, off, ScanResult(findings=(warn,)))
    assert report.findings == ()


def test_checklist_highlights_only_relevant_items() -> None:
    gate = _gates(_diff("billing/charge.py", [], ["amount = float(request.form['amount'])"]))["payments"]
    relevant = [c.id for c in gate.checklist if c.relevant]  # type: ignore[attr-defined]
    assert "payments-decimal-not-float" in relevant
    assert len(relevant) < len(gate.checklist)  # type: ignore[attr-defined]


def test_policy_gate_opens_on_config_edit() -> None:
    gates = _gates(_diff(".github/constraint-guard.yml", ["  count: 2"], ["  count: 1"]))
    assert set(gates) == {"policy"}
    assert gates["policy"].signoff.min_permission == "admin"  # type: ignore[attr-defined]


def test_gate_ids_are_the_closed_set() -> None:
    assert {g.value for g in GateId} == {"auth", "payments", "dates", "security", "policy"}
