"""Slash commands in comment bodies: `/guard recheck`, `/guard signoff auth`, ... (pure).

A command counts only at the start of a line, outside block quotes and code (fenced or
indented), so quoting someone's `/guard signoff` never repeats it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

PREFIX = "/guard"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMAND = re.compile(r"^ {0,3}/guard(?:\s+(?P<verb>\S+))?(?:\s+(?P<rest>.*?))?\s*$")
_ALL_GATES = ("auth", "payments", "dates", "security", "policy")


class Verb(enum.StrEnum):
    """The closed set of commands."""

    RECHECK = "recheck"
    HELP = "help"
    SIGNOFF = "signoff"
    REVOKE = "revoke"
    EXPLAIN = "explain"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Command:
    """One parsed command; `gates` for signoff/revoke, `argument` for explain, `note` free text."""

    verb: Verb
    line: str
    gates: tuple[str, ...] = ()
    argument: str = ""
    note: str = ""
    problem: str = ""  # why the command is malformed, for the reply
    everything: bool = False  # `all`: every gate that is open


HELP_TEXT = """\
**Constraint Guard commands** (at the start of a line in a PR comment):

- `/guard recheck`: review the pull request again
- `/guard signoff <gate>[,<gate>...]|all [note]`: sign off gates you are authorized for
- `/guard revoke <gate>[,<gate>...]`: withdraw your sign-off
- `/guard explain <rule-id>`: what a rule catches and how to fix it
- `/guard help`: this message

Gates: `auth`, `payments`, `dates`, `security`, `policy`."""


def command_lines(body: str) -> list[str]:
    """Lines that may carry a command: not quoted, not inside fenced or indented code."""
    lines: list[str] = []
    fence: str | None = None
    for raw in body.replace("\r\n", "\n").split("\n"):
        m = _FENCE.match(raw)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if raw.startswith(("    ", "\t")) or raw.lstrip().startswith(">"):
            continue
        lines.append(raw)
    return lines


def _gates(text: str) -> tuple[tuple[str, ...], str, str]:
    """(gates, note, problem) from `auth,payments note...` or `all note...`."""
    head, _, note = text.partition(" ")
    names = tuple(dict.fromkeys(g.strip().lower() for g in head.split(",") if g.strip()))
    if not names:
        return (), "", "name the gate(s), e.g. `/guard signoff auth`"
    if names == ("all",):
        return ("all",), note.strip(), ""
    unknown = [g for g in names if g not in _ALL_GATES]
    if unknown:
        return names, note.strip(), f"unknown gate {', '.join(map(repr, unknown))} (gates: {', '.join(_ALL_GATES)})"
    return names, note.strip(), ""


def parse(body: str) -> list[Command]:
    """Every command in a comment body, in order."""
    commands: list[Command] = []
    for line in command_lines(body):
        m = _COMMAND.match(line)
        if m is None:
            continue
        verb_text = (m.group("verb") or "").lower()
        rest = (m.group("rest") or "").strip()
        try:
            verb = Verb(verb_text)
        except ValueError:
            verb = Verb.UNKNOWN
        if verb is Verb.UNKNOWN and not verb_text:
            verb = Verb.HELP
        stripped = line.strip()
        if verb in (Verb.SIGNOFF, Verb.REVOKE):
            gates, note, problem = _gates(rest)
            everything = gates == ("all",)
            commands.append(Command(verb, stripped, gates=_ALL_GATES if everything else gates, note=note,
                                    problem=problem, everything=everything))
        elif verb is Verb.EXPLAIN:
            arg = rest.split(" ", 1)[0] if rest else ""
            commands.append(Command(verb, stripped, argument=arg, problem="" if arg else "name a rule id"))
        else:
            commands.append(Command(verb, stripped, argument=verb_text if verb is Verb.UNKNOWN else ""))
    return commands
