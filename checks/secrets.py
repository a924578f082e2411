"""Hard-coded credentials in any changed file, by the formats providers actually issue.

Beyond provider formats, a value assigned to a secret-named key in a config-like file is a
credential only when it looks like one. The tests are those of gitleaks' `generic-api-key`
(keyword plus Shannon entropy of at least 3.5) and detect-secrets' false-positive filters
(templated values, indirect references, identifiers, sequential strings), because an
ordinary key such as `token_url:` or `passwordLoginMode:` is not a leak, and a bot that
says it is gets uninstalled.
"""

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
    ["']?\s*[:=]\s*
    (?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'`,;]+))
    """
)
MIN_LENGTH = 8
MIN_ENTROPY = 3.5  # gitleaks' generic-api-key default, for values next to a secret-named key
HEX_ENTROPY = 3.0  # detect-secrets' hex threshold: a hex digest has at most 16 symbols

_PLACEHOLDER = re.compile(
    r"(?i)(x{3,}|\*{3,}|\.{3}|changeme|change[_-]me|example|dummy|placeholder|your[_-]|<[^>]*>|redacted|"
    r"replace[_-]?me|fixme|todo|sample|fake|not[_-]?a[_-]?secret|insert[_-]|test)"
)
# A value that names where the secret lives instead of being it: ${VAR}, {{ var }}, $VAR,
# %VAR%, env(...), os.environ[...], process.env.X, !Ref, vault:..., secretKeyRef.
_REFERENCE = re.compile(
    r"(?i)(\$\{|\{\{|\{%|^\$\w|^%\w+%$|^!|\benv\b|environ|process\.env|getenv|secretKeyRef|^vault:|^arn:|"
    r"^(ssm|secretsmanager|sm|awssm|gcp|azure)://|\(.*\)$)"
)
_TEMPLATED = re.compile(r"[{}$%<>]")  # `{password}`, `$PASS`, `%(pw)s`, `<pass>`: filled in elsewhere
# Characters a generated credential does not contain (gitleaks' generic rule allows only
# `[\w.=-]`; we allow the punctuation people put in passwords, but not brackets or spaces).
_NOT_TOKEN = re.compile(r"[\s()\[\]{}<>\\\"'`\x00-\x1f\x7f]")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:(?P<user>[^:@/\s]*):(?P<password>[^@/\s]+)@)?")
_PATH = re.compile(r"^(?:~|\.{1,2})?/[\w./{}:<>*-]*$")
# Words (with a short number suffix) joined by separators or case changes: a type, class,
# header or setting name. GraphQL's non-null `!` and list brackets are part of a type.
_IDENTIFIER = re.compile(r"^\[?[A-Za-z][A-Za-z0-9]*(?:[-_.:/][A-Za-z][A-Za-z0-9]*)*!?\]?!?$")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
# A URL with a password in it, in any config-like line (`DATABASE_URL=postgres://u:p@h/db`).
_DSN = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^:@/\s\"']*:[^@/\s\"']+@[^\s\"']+")
_COMMON_PASSWORDS = frozenset(
    {"password", "passwd", "pass", "secret", "admin", "root", "postgres", "mysql", "user", "guest", "default"}
)


def _entropy(value: str) -> float:
    counts = {c: value.count(c) for c in set(value)}
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _masked_digest(value: str) -> str:
    # the secret itself never leaves this function: only a short digest identifies it
    return hashlib.sha256(value.encode()).hexdigest()[:12]


def _is_identifier(value: str) -> bool:
    """A name made of words (`AwsSecretsManagerBackend`, `X-Shopify-Access-Token`, `Enum!`).

    Random tokens of letters and digits split into runs without vowels or into bare
    numbers, which a name made of words does not have.
    """
    if not _IDENTIFIER.match(value):
        return False
    for w in _WORD.findall(value):
        if w.isdigit():
            if len(w) > 2:  # `oauth2`, `v1` are names; `3141` in a token is not
                return False
        elif w.isupper():
            if len(w) > 6:  # acronyms (`AWS`, `PBKDF`) are short
                return False
        elif len(w) >= 3 and not _VOWEL.search(w):
            return False
    digits = sum(c.isdigit() for c in value)
    return digits <= 2


def _is_sequential(value: str) -> bool:
    # `abcdefgh...`, `12345678...`: detect-secrets' is_sequential_string
    low = value.lower()
    return low in "abcdefghijklmnopqrstuvwxyz0123456789" or low in "0123456789abcdefghijklmnopqrstuvwxyz"


def looks_like_secret(value: str) -> bool:
    """True when a value assigned to a secret-named key is plausibly the credential itself."""
    value = value.strip()
    url = _URL.match(value)
    if url:  # a URL is a secret only through the password embedded in it (a DSN)
        password = url.group("password") or ""
        # a word (`user:pass@`, `:bowser@` in URL-parser tests) is an example, not a credential
        return (len(password) >= 6 and not password.isalpha() and password.lower() not in _COMMON_PASSWORDS
                and not _PLACEHOLDER.search(password) and not _TEMPLATED.search(password)
                and not _NOT_TOKEN.search(password))
    if len(value) < MIN_LENGTH or _PLACEHOLDER.search(value) or _REFERENCE.search(value):
        return False
    if _NOT_TOKEN.search(value) or len(_PERCENT.findall(value)) >= 2:  # prose, code or URL-encoded test data
        return False
    if _PATH.match(value) or _is_identifier(value) or _is_sequential(value):
        return False
    if value.isdigit():  # a number (a TTL, a port, an id) is not a credential
        return False
    if re.fullmatch(r"[0-9a-fA-F]+", value):
        return len(value) >= 16 and _entropy(value) >= HEX_ENTROPY
    return _entropy(value) >= MIN_ENTROPY


def scan(snapshot: Snapshot) -> Iterator[Finding]:
    """Findings for credentials on added lines; the message never repeats the secret."""
    for change in snapshot.diff.files:
        config_like = language_of(change.path) is None and not _is_prose(change.path)
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


# A key header followed by an ellipsis or a placeholder on the same line shows where a key
# goes ("-----BEGIN PRIVATE KEY-----\n..."); a real key's body follows on the next lines.
_ELIDED = re.compile(r"\s*(?:\\+n)?\s*(?:\.{3}|…|<[^>]*>|\[\.\.\.\])")  # `\n` escaped once or more

# Documentation shows example configs (`SECRET_KEY = '192b9bdd...'` in Flask's own docs,
# seven times in 25 releases): there only provider formats count, which are live wherever
# they appear.
_PROSE = re.compile(r"(?i)\.(md|markdown|mdx|rst|adoc|asciidoc|rdoc|textile)$")


def _is_prose(path: str) -> bool:
    return bool(_PROSE.search(path))


def _match(text: str, config_like: bool) -> tuple[str | None, str]:
    for kind, pattern in _TOKENS:
        m = pattern.search(text)
        if m and not _ELIDED.match(text, m.end()):
            return kind, m.group(0)
    if config_like:
        dsn = _DSN.search(text)
        if dsn and looks_like_secret(dsn.group(0)):
            return "password in a connection URL", dsn.group(0)
        for m in _ASSIGNED.finditer(text):
            value = next(v for v in (m.group("dq"), m.group("sq"), m.group("bare"), "") if v is not None)
            if looks_like_secret(value):
                return f"credential ({m.group('name')})", value
    return None, ""
