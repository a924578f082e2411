"""Sign-off on a pull request: act on a new `/guard signoff|revoke` command, then derive every
gate's sign-off state from GitHub (the App's acknowledgments, the commands' current text).

The App's database plays no part: wipe it and the next evaluation reaches the same verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot import commands
from bot import ghmodels as gm
from bot.authority import Authority, CodeOwners, pull_contributors
from bot.pull import Pull, PullInfo
from bot.store import Store
from bot.summary import Conversation
from checks.decide import decide
from checks.markers import command_reply
from checks.model import Gate, Report
from checks.signoff import (
    Ack,
    Action,
    CommandState,
    apply,
    body_hash,
    decide_command,
    evaluate,
    parse_acks,
    who_may,
)
from checks.signoff import Source as SourceKind


@dataclass(frozen=True)
class Source:
    """The comment or approving review a command came from, as GitHub shows it now."""

    kind: SourceKind
    id: int
    author: str
    author_type: str
    body: str


class _LazyAuthority:
    """Authority whose commit list is fetched only if someone actually needs checking."""

    def __init__(self, make: Callable[[], Authority]) -> None:
        self._make = make
        self._real: Authority | None = None

    def __call__(self, login: str, gate: Gate) -> tuple[bool, str]:
        if self._real is None:
            self._real = self._make()
        return self._real(login, gate)


class SignoffRun:
    """One evaluation of sign-offs for one pull request at its current head."""

    def __init__(self, ctx: Pull, conversation: Conversation, store: Store, pull: PullInfo,
                 codeowners: str | None, cache_seconds: float = 60.0) -> None:
        self.ctx = ctx
        self.conversation = conversation
        self.owner = ctx.owner
        self.number = ctx.number
        self.pull = pull
        self.authority = _LazyAuthority(lambda: Authority(
            ctx.repo, store, pull.author, pull_contributors(ctx), CodeOwners.parse(codeowners), cache_seconds))

    # -- GitHub's view ---------------------------------------------------------------------------------
    def _own(self) -> list[gm.IssueComment]:
        return list(self.conversation.own())

    def source(self, comment_id: int | None, review_id: int | None) -> Source | None:
        if comment_id is not None:
            c = next((c for c in self.ctx.comments() if c.id == comment_id), None)
            if c is None or c.user is None:
                return None
            return Source("comment", c.id, c.user.login, str(c.user.type), c.body or "")
        if review_id is not None:
            r = next((r for r in self.ctx.reviews() if r.id == review_id), None)
            if r is None or r.user is None or str(r.state).upper() != "APPROVED":
                return None
            return Source("review", r.id, r.user.login, str(r.user.type), r.body or "")
        return None

    # -- acting on a new command -------------------------------------------------------------------------
    def handle(self, src: Source, report: Report) -> None:
        """Authorize and acknowledge the signoff/revoke lines of `src`, once (re-deliveries see the reply)."""
        cmds = [c for c in commands.parse(src.body) if c.verb in (commands.Verb.SIGNOFF, commands.Verb.REVOKE)]
        if not cmds:
            return
        marker = command_reply(src.kind, src.id)
        if any(marker in (c.body or "") for c in self._own()):
            return  # already acknowledged: a redelivered webhook changes nothing
        gates = {g.id.value: g for g in report.gates}
        lines: list[str] = []
        acks: list[Ack] = []
        for cmd in cmds:
            action: Action = "signoff" if cmd.verb is commands.Verb.SIGNOFF else "revoke"
            if cmd.problem:
                lines.append(f"- `{_tick(cmd.line)}`: {cmd.problem}")
                continue
            if src.author_type == "Bot" or src.author.lower().endswith("[bot]"):
                lines.append(f"- Not signed off: @{src.author} is a bot.")
                continue
            requested = [g for g in cmd.gates if g in gates] if cmd.everything else list(cmd.gates)
            outcome = decide_command(action, requested, src.author, gates, self.authority)
            if outcome.signed:
                acks.append(Ack(src.id, src.kind, src.author, "signoff", outcome.signed, self.pull.head_sha,
                                body_hash(src.body)))
                for name, fp in outcome.signed.items():
                    lines.append(f"- ✅ `{name}` signed off by @{src.author} at {self.pull.head_sha[:7]} "
                                 f"(fingerprint `{fp}`).")
            if outcome.revoked:
                acks.append(Ack(src.id, src.kind, src.author, "revoke", {g: "" for g in outcome.revoked},
                                self.pull.head_sha, body_hash(src.body)))
                lines.append(f"- ↩️ @{src.author} withdrew their sign-off of {_names(outcome.revoked)}.")
            for name, why in outcome.refused.items():
                gate = gates.get(name)
                may = f" May sign off: {who_may(gate.signoff, self.owner)}." if gate is not None else ""
                lines.append(f"- ❌ `{name}` not signed off: {why}.{may}")
            if cmd.everything and not requested:
                lines.append("- No gate is open on this pull request.")
        text = "\n".join([marker, *(a.marker() for a in acks), "**Constraint Guard sign-off**", "", *lines])
        self.conversation.reply(text, marker)

    # -- deriving the state ------------------------------------------------------------------------------
    def evaluate(self, report: Report) -> Report:
        """The report with each gate's valid, stale and void sign-offs, and the verdict they give."""
        acks = [a for c in self._own() for a in parse_acks(c.body or "", c.id)]
        states: dict[tuple[str, int], CommandState] = {
            ("comment", c.id): CommandState(body_hash(c.body or "")) for c in self.ctx.comments()
        }
        if any(a.source == "review" for a in acks):
            for r in self.ctx.reviews():
                states[("review", int(r.id))] = CommandState(body_hash(r.body or ""),
                                                            dismissed=str(r.state).upper() == "DISMISSED")
        state = evaluate(report.gates, acks, states, self.authority)
        gates = apply(report.gates, state)
        return replace(report, gates=tuple(gates), verdict=decide(gates, report.errors))


def _tick(text: str) -> str:
    return text.replace("`", "'")[:80]


def _names(gates: Sequence[str]) -> str:
    return ", ".join(f"`{g}`" for g in gates)
