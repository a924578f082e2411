"""Every hidden marker the App writes into GitHub comments, in one place.

The App keeps no state of its own that GitHub cannot rebuild: these HTML comments are how a
re-run, a retry or a wiped database finds what it already published. A marker counts only
in a comment the App itself wrote (bot/identity.py decides that).
"""

from __future__ import annotations

import re

SUMMARY_MARKER = "<!-- constraint-guard:summary -->"  # the PR's one summary comment
FINDING_MARKER = "<!-- constraint-guard:finding:{} -->"  # an inline comment, by finding fingerprint
FINDING_RE = re.compile(r"<!-- constraint-guard:finding:([0-9a-f]{16}) -->")
ACK_MARKER = "<!-- constraint-guard:ack:{} -->"  # an acknowledged sign-off/revoke (base64 JSON)
ACK_RE = re.compile(r"<!-- constraint-guard:ack:([A-Za-z0-9_\-=]+) -->")


def command_reply(kind: str, source_id: int) -> str:
    """The App's reply to a sign-off command in a comment or review (one reply per command)."""
    return f"<!-- constraint-guard:reply:{kind}:{source_id} -->"


def help_reply(comment_id: int, what: str) -> str:
    """The App's reply to `/guard help`, `/guard explain <rule>` or an unknown command."""
    return f"<!-- constraint-guard:reply:{comment_id}:{what} -->"
