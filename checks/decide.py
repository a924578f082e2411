"""Gates and errors in, verdict and check conclusion out (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from checks.model import Gate, Verdict

CONCLUSION: dict[Verdict, str] = {
    Verdict.PASS: "success",
    Verdict.SIGNOFF_REQUIRED: "action_required",
    Verdict.ERROR: "failure",
}


def decide(gates: Sequence[Gate], errors: Sequence[str] = ()) -> Verdict:
    """`error` if analysis could not complete (fail closed), else whether any gate is open."""
    if errors:
        return Verdict.ERROR
    if any(g.open for g in gates):
        return Verdict.SIGNOFF_REQUIRED
    return Verdict.PASS


def exit_code(verdict: Verdict) -> int:
    """CLI exit status: 0 pass, 1 sign-off required or error."""
    return 0 if verdict is Verdict.PASS else 1
