"""The pull request's conversation: the one summary comment, replies, and acknowledgements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from githubkit.exception import RequestFailed

from bot import ghmodels as gm
from bot.budget import WriteBudget
from bot.identity import is_own
from bot.pull import Pull
from bot.store import Store
from checks.markers import SUMMARY_MARKER
from checks.render.publishing import clip

MONTH = 30 * 24 * 3600


class Conversation:
    """Writes one pull request's issue comments."""

    def __init__(self, pull: Pull, store: Store, budget: WriteBudget, bot_login: str,
                 app_id: int | None) -> None:
        self.pull = pull
        self.store = store
        self.budget = budget
        self.bot_login = bot_login
        self.app_id = app_id

    def own(self, comments: Iterable[gm.IssueComment] | None = None) -> Iterator[gm.IssueComment]:
        """The App's own comments (a marker counts only there)."""
        return (c for c in (self.pull.comments() if comments is None else comments)
                if is_own(c, self.bot_login, self.app_id))

    def _find_summary(self, fresh: bool = False) -> int | None:
        return next((c.id for c in self.own(self.pull.comments(fresh)) if SUMMARY_MARKER in (c.body or "")), None)

    def upsert_summary(self, body: str) -> int:
        """Edit the PR's one summary comment in place, or create it the first time."""
        key = self.pull.repo.summary_key(self.pull.number)
        body = clip(body)
        cached = self.store.get(key)
        comment_id = int(cached) if cached else self._find_summary()
        if comment_id is not None:
            try:
                self.pull.repo.update_comment(comment_id, body)
                self.store.put(key, str(comment_id), MONTH)
                return comment_id
            except RequestFailed as exc:
                if exc.response.status_code != 404:
                    raise
                self.store.delete(key)  # deleted by a human: find again or recreate
                comment_id = self._find_summary(fresh=True)
                if comment_id is not None:
                    self.pull.repo.update_comment(comment_id, body)
                    self.store.put(key, str(comment_id), MONTH)
                    return comment_id
        self.budget.take()
        created = self.pull.comment(body)
        self.store.put(key, str(created.id), MONTH)
        return created.id

    def react(self, comment_id: int, content: str = "eyes") -> None:
        """Acknowledge a command; a comment deleted meanwhile does not stop the work it asked for."""
        self.budget.take()
        try:
            self.pull.repo.react(comment_id, content)
        except RequestFailed as exc:
            if exc.response.status_code not in (403, 404, 410, 422):
                raise

    def reply(self, body: str, marker: str) -> gm.IssueComment | None:
        """Reply once per command: a marker lets a retried job see its reply is already there.

        Returns the created comment, or None when the reply already existed."""
        if any(marker in (c.body or "") for c in self.own()):
            return None
        self.budget.take()
        text = body if body.startswith(marker) else f"{marker}\n{body}"
        return self.pull.comment(clip(text))
