"""Hard-coded credentials in any changed file, by the formats providers actually issue."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator

from checks.model import Finding, Severity
from checks.paths import language_of
from checks.snapshot import Snapshot

RULE_ID = "cg-secret-token"

# Formats with a provider prefix: near-zero false positives, any file type.
_TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private key", re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----")),
    ("AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b")),
    ("Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}\b")),
    ("Stripe live key", re.compile(r"\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    ("OpenAI/Anthropic API key", re.compile(r"\bsk-(?:ant-|proj-)?[A-Za-z0-9_\-]{32,}\b")),
    ("Twilio key", re.compile(r"\bSK[0-9a-f]{32}\b")),
)

# `name: value` assignments in config-like files (.env, YAML, JSON, properties, ...), where
# no semgrep rule looks; code files are covered by the per-language semgrep rules.
_ASSIGNED = re.compile(
    r"""(?ix)
    (?P<name>[A-Za-z0-9_.-]*(?:api[_.-]?key|secret|token|passw(?:or)?d|private[_.-]?key|access[_.-]?key)[A-Za-z0-9_.-]*)
    ["']?\s*[:=]\s*["']?
    (?P<value>[^\s"'`]{16,})
    """
)
_PLACEHOLDER = re.compile(r"(?i)(x{4,}|changeme|example|dummy|placeholder|your[_-]|<|\$\{|\{\{|redacted|test)")


def _entropy(value: str) -> float:
    counts = {c: value.count(c) for c in set(value)}
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _masked_digest(value: str) -> str:
    # the secret itself never leaves this function: only a short digest identifies it
    return hashlib.sha256(value.encode()).hexdigest()[:12]


def scan(snapshot: Snapshot) -> Iterator[Finding]:
    """Findings for credentials on added lines; the message never repeats the secret."""
    for change in snapshot.diff.files:
        config_like = language_of(change.path) is None
        for line_no, text in change.added.items():
            kind, value = _match(text, config_like)
            if kind is None:
                continue
            yield Finding(
                rule_id=RULE_ID,
                severity=Severity.ERROR,
                path=change.path,
                line=line_no,
                end_line=line_no,
                message=(
                    f"A {kind} is committed in the code. Anyone with read access to the "
                    "repository (and its history) can use it. Fix: revoke and rotate it now, "
                    "then load it from the environment or a secret manager."
                ),
                cwe="CWE-798",
                fix="Revoke and rotate the credential; read it from the environment or a secret manager.",
                snippet=f"secret:{_masked_digest(value)}",
            )


def _match(text: str, config_like: bool) -> tuple[str | None, str]:
    for kind, pattern in _TOKENS:
        m = pattern.search(text)
        if m:
            return kind, m.group(0)
    if config_like:
        m = _ASSIGNED.search(text)
        if m:
            value = m.group("value")
            if not _PLACEHOLDER.search(value) and _entropy(value) >= 3.5:
                return f"credential ({m.group('name')})", value
    return None, ""
