"""`/guard explain <rule-id>`: what a rule catches, its CWE and how to fix it (pure)."""

from __future__ import annotations

from checks import registries, secrets, tscheck, typecheck
from checks.semgrep import load_rules

BUILTIN: dict[str, tuple[str, str | None, str]] = {
    secrets.RULE_ID: ("A credential in a provider's format (private key, AWS, GitHub, Slack, Stripe, Google, "
                      "OpenAI/Anthropic, Twilio) or a secret-named assignment in a config file.", "CWE-798",
                      "Revoke and rotate the credential; read it from the environment or a secret manager."),
    "cg-suppression-invalid": ("A `guard: ignore` comment without a reason, which suppresses nothing.", None,
                               "Add the reason after the rule id."),
    typecheck.ARGUMENT: ("A call passes a keyword the function (from the standard library or a typed library) "
                         "does not accept: a hallucinated API that raises TypeError.",
                         typecheck.CWE[typecheck.ARGUMENT], typecheck.FIX[typecheck.ARGUMENT]),
    typecheck.ARITY: ("A call passes more or fewer arguments than the function's signature takes.",
                      typecheck.CWE[typecheck.ARITY], typecheck.FIX[typecheck.ARITY]),
    typecheck.IMPORT: ("An import of a name the module does not define: a hallucinated API that fails on import.",
                       typecheck.CWE[typecheck.IMPORT], typecheck.FIX[typecheck.IMPORT]),
    tscheck.ARGUMENT: ("An object literal passed to a standard JS/DOM function (fetch, new URL, Intl, ...) names an "
                       "option that function does not take: a hallucinated API, silently ignored at run time.",
                       tscheck.CWE[tscheck.ARGUMENT], tscheck.FIX[tscheck.ARGUMENT]),
    tscheck.ARITY: ("A call of a standard JS/DOM function passes more or fewer arguments than its signature takes.",
                    tscheck.CWE[tscheck.ARITY], tscheck.FIX[tscheck.ARITY]),
    **registries.EXPLAIN,
}


def explain_rule(rule_id: str) -> str:
    """Markdown for one rule, or a short note naming the rule id that is unknown."""
    shown = rule_id.replace("`", "'")[:80]
    rule = load_rules().get(rule_id)
    if rule is not None:
        message, cwe, fix = rule.message, rule.cwe, rule.fix or ""
    elif rule_id in BUILTIN:
        message, cwe, fix = BUILTIN[rule_id]
    else:
        return f"No rule `{shown}` is known to Constraint Guard. The rule id is shown in each finding."
    lines = [f"**`{shown}`**" + (f" ({cwe})" if cwe else ""), "", message]
    if fix:
        lines += ["", f"**Fix:** {fix.strip()}"]
    return "\n".join(lines)
