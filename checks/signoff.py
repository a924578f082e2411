"""Sign-off state, derived from the App's own acknowledgment markers on every run (pure).

Nothing about a sign-off is stored anywhere but in GitHub: each acknowledged command gets
a reply from the App carrying a machine-readable marker (gate fingerprints, signer, head
SHA, the command's id and a hash of its text). A marker counts only in a comment the App
wrote; the command it acknowledges must still exist, unedited (and an approving review
must not be dismissed); the fingerprint must be the gate's current one; and the signer
must still be authorized now.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from checks.markers import ACK_MARKER, ACK_RE
from checks.model import Gate, GateId, SignoffRule

Source = Literal["comment", "review"]
Action = Literal["signoff", "revoke"]


def body_hash(text: str) -> str:
    """Hash of a command's text, so an edit after acknowledgment is detected."""
    return hashlib.sha256(text.replace("\r\n", "\n").strip().encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Ack:
    """One acknowledged command, as its marker records it."""

    command_id: int
    source: Source
    signer: str
    action: Action
    gates: Mapping[str, str]  # gate id -> fingerprint signed (revoke: "")
    sha: str
    text_hash: str
    order: int = 0  # the ack comment's id: later acks win

    def marker(self) -> str:
        data = {"v": 1, "cmd": self.command_id, "src": self.source, "signer": self.signer,
                "action": self.action, "gates": dict(self.gates), "sha": self.sha, "hash": self.text_hash}
        raw = base64.urlsafe_b64encode(json.dumps(data, sort_keys=True).encode()).decode()
        return ACK_MARKER.format(raw)


def parse_acks(body: str, order: int) -> list[Ack]:
    """Acks in one comment body (the caller has checked the App wrote it)."""
    found = []
    for m in ACK_RE.finditer(body):
        try:
            data = json.loads(base64.urlsafe_b64decode(m.group(1)))
            found.append(Ack(int(data["cmd"]), data["src"], str(data["signer"]), data["action"],
                             {str(k): str(v) for k, v in dict(data["gates"]).items()}, str(data["sha"]),
                             str(data["hash"]), order))
        except (ValueError, KeyError, TypeError, binascii.Error):
            continue  # not ours or damaged: never trusted
    return found


@dataclass(frozen=True)
class CommandState:
    """What GitHub says now about the comment or review an ack points at."""

    text_hash: str
    dismissed: bool = False


@dataclass(frozen=True)
class Signature:
    login: str
    sha: str


@dataclass(frozen=True)
class GateSignoff:
    """One gate's sign-off picture for reviewers."""

    gate: GateId
    rule: SignoffRule
    valid: tuple[Signature, ...] = ()
    stale: tuple[Signature, ...] = ()  # signed an earlier version of the gated hunks
    void: tuple[tuple[str, str], ...] = ()  # (login, why it no longer counts)

    @property
    def missing(self) -> int:
        return max(0, self.rule.count - len(self.valid))


Eligibility = Callable[[str, Gate], tuple[bool, str]]


def evaluate(gates: Sequence[Gate], acks: Iterable[Ack], commands: Mapping[tuple[str, int], CommandState],
             eligible: Eligibility) -> dict[GateId, GateSignoff]:
    """Each gate's valid, stale and void sign-offs, from acks and the commands' current state."""
    current: dict[str, dict[str, tuple[str, str]]] = {}  # gate -> signer -> (fingerprint, sha)
    void: dict[str, list[tuple[str, str]]] = {}
    for ack in sorted(acks, key=lambda a: a.order):
        state = commands.get((ack.source, ack.command_id))
        if state is None:  # the command was deleted: its sign-off goes with it
            for g in ack.gates:
                current.get(g, {}).pop(ack.signer, None)
            continue
        if state.text_hash != ack.text_hash or state.dismissed:
            why = "the review was dismissed" if state.dismissed else "the command was edited after it was acknowledged"
            for g in ack.gates:
                if current.get(g, {}).pop(ack.signer, None) is not None or ack.action == "signoff":
                    void.setdefault(g, []).append((ack.signer, why))
            continue
        for g, fp in ack.gates.items():
            if ack.action == "signoff":
                current.setdefault(g, {})[ack.signer] = (fp, ack.sha)
            else:
                current.get(g, {}).pop(ack.signer, None)
    out: dict[GateId, GateSignoff] = {}
    for gate in gates:
        valid, stale, lost = [], [], list(void.get(gate.id.value, []))
        for login, (fp, sha) in current.get(gate.id.value, {}).items():
            if fp != gate.fingerprint:
                stale.append(Signature(login, sha))
                continue
            ok, why = eligible(login, gate)
            if ok:
                valid.append(Signature(login, sha))
            else:
                lost.append((login, f"no longer authorized: {why}"))
        out[gate.id] = GateSignoff(gate.id, gate.signoff, tuple(valid), tuple(stale), tuple(dict.fromkeys(lost)))
    return out


def apply(gates: Sequence[Gate], state: Mapping[GateId, GateSignoff]) -> list[Gate]:
    """Gates with who signed (and at which commit), who is stale and what is void."""
    out = []
    for g in gates:
        s = state.get(g.id)
        if s is None:
            out.append(g)
            continue
        out.append(replace(
            g,
            signed_off_by=tuple(v.login for v in s.valid),
            signed_at=tuple(v.sha for v in s.valid),
            stale=tuple((v.login, v.sha) for v in s.stale),
            void=s.void,
        ))
    return out


def who_may(rule: SignoffRule, org: str) -> str:
    """Human description of who may sign off, for replies and the summary."""
    names = [f"@{t if '/' in t else f'{org}/{t}'}" for t in rule.teams] + [f"@{u}" for u in rule.users]
    if rule.codeowners:
        names.append("code owners of the gated files")
    base = " or ".join(names) if names else "anyone"
    return f"{base} with {rule.min_permission} permission or more" + (f" ({rule.count} people)" if rule.count > 1
                                                                      else "")


@dataclass
class CommandOutcome:
    """What one signoff/revoke command achieved, gate by gate, for the reply."""

    signed: dict[str, str] = field(default_factory=dict)  # gate -> fingerprint
    revoked: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # gate -> why


def decide_command(action: Action, requested: Sequence[str], signer: str, gates: Mapping[str, Gate],
                   eligible: Eligibility) -> CommandOutcome:
    """Which requested gates this signer can sign off (or revoke) now, and why not the others."""
    outcome = CommandOutcome()
    for name in requested:
        gate = gates.get(name)
        if gate is None:
            outcome.refused[name] = "this gate is not open on this pull request"
            continue
        if action == "revoke":
            outcome.revoked.append(name)
            continue
        ok, why = eligible(signer, gate)
        if ok:
            outcome.signed[name] = gate.fingerprint
        else:
            outcome.refused[name] = why
    return outcome
