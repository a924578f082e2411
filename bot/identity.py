"""Is this comment the App's own? Only there does a hidden marker count.

By account type and the App's identity, never by login alone: a human can register a login
that equals the App's slug, but not a `Bot` account, and GitHub stamps every comment an App
writes with `performed_via_github_app` (its id is ours, or it is another App's comment).
"""

from __future__ import annotations

from typing import Any

from bot import ghmodels as gm


def is_own(comment: gm.IssueComment | gm.Review, bot_login: str, app_id: int | None) -> bool:
    """A REST comment or review the App wrote: its bot account, and (when GitHub names the App
    that wrote it) this App's id."""
    user = comment.user
    if user is None or user.type != "Bot" or user.login != bot_login:
        return False
    via = getattr(comment, "performed_via_github_app", None)
    return via is None or app_id is None or via.id == app_id


def is_own_actor(author: Any, bot_login: str) -> bool:
    """A GraphQL comment author is this App: GraphQL shows a bot's login without "[bot]",
    so only its `Bot` type tells it from a human who registered the App's slug as a login."""
    if not isinstance(author, dict):
        return False
    return author.get("__typename") == "Bot" and f"{author.get('login', '')}[bot]" == bot_login
