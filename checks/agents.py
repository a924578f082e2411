"""Agent-written changes: which commits a coding agent wrote, and what the config asks of them.

Pure: commits (as git or GitHub describe them) in, `Agents` out; `apply_policy` then raises
the sign-off count of a report's gates or opens the gates the config names. Evidence is what
the tools themselves write: `Co-authored-by:` trailers, the bot account a commit is authored
by, and `Generated with ...` lines. A commit that carries none of them is not flagged: this
reports what commits say, it does not guess who typed the code.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from checks.config import AgentIdentity, AgentsConfig, RepoConfig
from checks.decide import decide
from checks.diff import Diff
from checks.gates import normalize
from checks.model import AgentCommit, Agents, ChecklistItem, Commit, Gate, GateId, Reason, Report
from checks.policy import PolicyPack


@dataclass(frozen=True)
class KnownAgent:
    """How one coding agent marks its commits."""

    name: str
    emails: tuple[str, ...] = ()  # exact, lower case (co-author or author email)
    logins: tuple[str, ...] = ()  # GitHub accounts (lower case), also read from noreply emails
    names: tuple[str, ...] = ()  # globs on an author/committer/co-author name, lower case
    generated: tuple[str, ...] = ()  # tool names in a "Generated with/by ..." line, lower case
    source: str = ""


# What each tool writes, with where it is documented (or, for bot accounts, the login GitHub
# shows on the commits it authors). Extend a repository's list with `agents.detect`.
KNOWN_AGENTS: tuple[KnownAgent, ...] = (
    KnownAgent(
        "Claude Code", emails=("noreply@anthropic.com",), logins=("claude[bot]",),
        generated=("claude code", "claude"),
        source="https://docs.anthropic.com/en/docs/claude-code/settings (attribution / includeCoAuthoredBy: "
               "'Co-Authored-By: Claude <noreply@anthropic.com>', '🤖 Generated with [Claude Code]'); "
               "claude[bot] from anthropics/claude-code-action",
    ),
    KnownAgent(
        "GitHub Copilot", emails=("copilot@github.com",), logins=("copilot", "copilot-swe-agent[bot]"),
        generated=("github copilot", "copilot"),
        source="https://docs.github.com/en/copilot/concepts/agents/coding-agent/about-coding-agent "
               "(commits by copilot-swe-agent[bot], co-authored 'Copilot <...+Copilot@users.noreply.github.com>'); "
               "VS Code's 'Co-authored-by: Copilot <copilot@github.com>'",
    ),
    KnownAgent(
        "Cursor", emails=("cursoragent@cursor.com",), logins=("cursor[bot]",), names=("cursor agent",),
        generated=("cursor",),
        source="https://docs.cursor.com/en/background-agent (commit attribution: "
               "'Co-authored-by: Cursor Agent <cursoragent@cursor.com>')",
    ),
    KnownAgent(
        "Devin", logins=("devin-ai-integration[bot]",), generated=("devin",),
        source="https://docs.devin.ai (pull requests and commits by devin-ai-integration[bot])",
    ),
    KnownAgent(
        "OpenAI Codex", logins=("chatgpt-codex-connector[bot]",), generated=("openai codex", "codex"),
        source="https://developers.openai.com/codex/cloud (the ChatGPT Codex connector GitHub App)",
    ),
    KnownAgent(
        "Aider", emails=("noreply@aider.chat",), names=("* (aider)", "aider (*)", "aider"), generated=("aider",),
        source="https://aider.chat/docs/git.html#commit-attribution (author/committer name '... (aider)', "
               "--attribute-co-authored-by 'Co-authored-by: aider (<model>) <noreply@aider.chat>')",
    ),
    KnownAgent(
        "Google Jules", logins=("google-labs-jules[bot]",), generated=("jules",),
        source="https://jules.google/docs (pull requests by google-labs-jules[bot])",
    ),
    KnownAgent(
        "Amazon Q Developer", logins=("amazon-q-developer[bot]",), generated=("amazon q developer", "amazon q"),
        source="https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/amazon-q-for-github.html "
               "(the Amazon Q Developer GitHub App)",
    ),
    KnownAgent(
        "Sweep", logins=("sweep-ai[bot]",), generated=("sweep",),
        source="https://docs.sweep.dev (pull requests by sweep-ai[bot])",
    ),
    KnownAgent(
        "OpenHands", emails=("openhands@all-hands.dev",), logins=("openhands-agent",), generated=("openhands",),
        source="https://docs.all-hands.dev (commits co-authored 'openhands <openhands@all-hands.dev>')",
    ),
)

_CO_AUTHOR = re.compile(r"^\s*co-authored-by:\s*(?P<name>.*?)\s*<(?P<email>[^<>]*)>\s*$", re.I | re.M)
_GENERATED = re.compile(r"^\W*generated\s+(?:with|by|using)\s+\[?(?P<tool>[^\]\(\n]+?)\]?\s*(?:\(|$)", re.I | re.M)
_NOREPLY = re.compile(r"^(?:\d+\+)?(?P<login>[^@]+)@users\.noreply\.github\.com$")
MAX_EVIDENCE = 200  # characters of a matched line kept as evidence


@dataclass(frozen=True)
class _Person:
    role: str  # author, committer, co-authored-by
    name: str
    email: str

    def shown(self) -> str:
        if self.role == "co-authored-by":
            return f"Co-authored-by: {self.name} <{self.email}>"[:MAX_EVIDENCE]
        return f"{self.role} {self.name} <{self.email}>"[:MAX_EVIDENCE]


def _people(commit: Commit) -> list[_Person]:
    people = [
        _Person("author", commit.author_name, commit.author_email),
        _Person("committer", commit.committer_name, commit.committer_email),
    ]
    people += [_Person("co-authored-by", m["name"], m["email"]) for m in _CO_AUTHOR.finditer(commit.message)]
    return people


def _known(person: _Person, agent: KnownAgent) -> bool:
    email, name = person.email.strip().lower(), person.name.strip().lower()
    if email and email in agent.emails:
        return True
    login = m["login"] if (m := _NOREPLY.match(email)) else None
    if login is not None and login in agent.logins:
        return True
    # a display name alone is trusted only when it is a bot account's login (humans cannot
    # register '[bot]' logins) or a tool-specific pattern such as aider's "Name (aider)"
    if name and name.endswith("[bot]") and name in agent.logins:
        return True
    return any(fnmatchcase(name, pattern) for pattern in agent.names)


def _configured(person: _Person, identity: AgentIdentity) -> bool:
    checks = [(identity.email, person.email), (identity.name, person.name)]
    return all(fnmatchcase(value.strip().lower(), want.lower()) for want, value in checks if want)


def _identity_label(identity: AgentIdentity) -> str:
    return identity.name or identity.email or "agent"


def _generated_by(tool: str) -> KnownAgent | None:
    tool = tool.strip().lower()
    for agent in KNOWN_AGENTS:
        if any(re.search(rf"\b{re.escape(token)}\b", tool) for token in agent.generated):
            return agent
    return None


def detect_commit(commit: Commit, extra: Sequence[AgentIdentity] = ()) -> AgentCommit | None:
    """The evidence that a coding agent wrote `commit`, or None."""
    agents: dict[str, None] = {}
    evidence: dict[str, None] = {}
    kinds: dict[str, None] = {}
    for person in _people(commit):
        if person.role == "committer" and person.email.lower() == "noreply@github.com":
            continue  # GitHub's web-flow committer: whoever pressed the button
        for agent in KNOWN_AGENTS:
            if _known(person, agent):
                agents[agent.name] = evidence[person.shown()] = kinds[person.role] = None
        for i, identity in enumerate(extra):
            if _configured(person, identity):
                agents[_identity_label(identity)] = kinds["config"] = None
                evidence[f"agents.detect[{i}]: {person.shown()}"] = None
    for m in _GENERATED.finditer(commit.message):
        tool = _generated_by(m["tool"])
        if tool is not None:
            agents[tool.name] = kinds["generated-line"] = None
            evidence[m.group(0).strip()[:MAX_EVIDENCE]] = None
    if not agents:
        return None
    return AgentCommit(commit.sha, tuple(agents), tuple(evidence), tuple(kinds))


def detect(commits: Iterable[Commit], config: AgentsConfig | None = None) -> Agents:
    """Which of `commits` a coding agent wrote (known agents plus the config's `detect`)."""
    extra = config.detect if config is not None else ()
    seen = list(commits)
    found = tuple(c for c in (detect_commit(commit, extra) for commit in seen) if c is not None)
    return Agents(checked=len(seen), commits=found)


def reason_text(agents: Agents, shown: int = 5) -> str:
    """`agent-written change (commits abc1234, def5678)`: the reason a gate opened for it."""
    shas = [c.sha[:7] for c in agents.commits]
    more = f" and {len(shas) - shown} more" if len(shas) > shown else ""
    return f"agent-written change (commits {', '.join(shas[:shown])}{more})"


def _whole_change_fingerprint(diff: Diff) -> str:
    """A gate opened for the whole change binds its sign-off to every changed line."""
    parts = sorted(
        f"{f.path}\n" + "\n".join(f"{ln.kind}{normalize(ln.text)}" for h in f.hunks for ln in h.lines if ln.kind != " ")
        for f in diff.files
    )
    return hashlib.sha256("\n\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def apply_policy(
    report: Report, agents: Agents, config: RepoConfig, packs: Mapping[GateId, PolicyPack], diff: Diff,
) -> Report:
    """The report with `agents` attached and, if commits were agent-written, the config's rules:
    every gate needs `count` signers, and the gates in `always` open. The verdict follows."""
    policy = config.agents
    if not agents.commits or not diff.files or (policy.count is None and not policy.always):
        return replace(report, agents=agents)
    gates = {g.id: g for g in report.gates}
    reason = Reason(diff.files[0].path, None, reason_text(agents))
    opened: list[GateId] = []
    for gate_id in policy.always:
        pack = packs.get(gate_id)
        if pack is None or not config.gate(gate_id).enabled:
            continue
        opened.append(gate_id)
        if gate_id in gates:
            gate = gates[gate_id]
            gates[gate_id] = replace(gate, reasons=(reason, *gate.reasons))
        else:
            gates[gate_id] = Gate(
                id=gate_id, title=pack.title, summary=pack.summary, reasons=(reason,),
                checklist=tuple(ChecklistItem(e.id, e.text, False) for e in pack.checklist),
                fingerprint=_whole_change_fingerprint(diff), signoff=config.signoff_for(pack),
            )
    if policy.count is not None:
        gates = {
            k: replace(g, signoff=replace(g.signoff, count=max(g.signoff.count, policy.count)))
            for k, g in gates.items()
        }
    order = list(packs) + [g for g in gates if g not in packs]
    ordered = tuple(gates[g] for g in order if g in gates)
    applied = replace(agents, count=policy.count, always=tuple(opened))
    return replace(report, gates=ordered, verdict=decide(ordered, report.errors), agents=applied)
