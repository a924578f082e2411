"""Inline review comments: each new finding once, on its line; threads of fixed findings resolved.

What was posted before is read back from GitHub (the finding marker in the first comment of
each review thread the App started), so nothing is posted twice across retries and pushes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from githubkit.exception import RequestFailed

from bot.budget import WriteBudget
from bot.identity import is_own_actor
from bot.pull import Pull
from checks.diff import Diff
from checks.markers import FINDING_RE
from checks.model import Report
from checks.render.publishing import PublishStats, Thread, finding_fingerprint, plan_comments, threads_to_resolve


class InlineComments:
    """Writes one pull request's inline comments."""

    def __init__(self, pull: Pull, budget: WriteBudget, bot_login: str) -> None:
        self.pull = pull
        self.budget = budget
        self.bot_login = bot_login

    def threads(self) -> list[Thread]:
        """The App's own threads, by the finding each was opened for (a marker counts only there):
        GitHub says the viewer (this App's installation token) wrote the first comment, and its
        author is the App's bot account."""
        found: list[Thread] = []
        for head in self.pull.threads():
            m = FINDING_RE.search(head.body)
            if m and head.by_viewer and is_own_actor(head.author, self.bot_login):
                found.append(Thread(head.id, m.group(1), head.resolved))
        return found

    def sync(self, head_sha: str, report: Report, diff: Diff, cap: int) -> PublishStats:
        """Post new findings in one review; resolve threads whose finding disappeared."""
        stats = PublishStats()
        threads = self.threads()
        plan = plan_comments(report, diff, {t.fingerprint for t in threads}, cap)
        if plan.over_cap:
            stats.notes.append(f"{plan.over_cap} findings were not posted inline (cap {cap}); see the check run.")
        if plan.comments:
            self.budget.take()
            try:
                self.pull.create_review({"commit_id": head_sha, "event": "COMMENT", "comments": list(plan.comments)})
                stats.posted = len(plan.comments)
            except RequestFailed as exc:
                if exc.response.status_code != 422:
                    raise
                # one bad line sinks the whole review on GitHub: post the rest one by one
                stats.posted, stats.failed_comments = self._one_by_one(head_sha, plan.comments)
                if stats.failed_comments:
                    stats.notes.append(f"{stats.failed_comments} inline comments were refused by GitHub (422).")
        current = {finding_fingerprint(f) for f in report.findings}
        for thread_id in threads_to_resolve(threads, current):
            self.pull.repo.resolve_thread(thread_id)
            stats.resolved += 1
        return stats

    def _one_by_one(self, head_sha: str, comments: Sequence[dict[str, Any]]) -> tuple[int, int]:
        posted = failed = 0
        for c in comments:
            self.budget.take()
            try:
                self.pull.create_review_comment({"commit_id": head_sha, "path": c["path"], "line": c["line"],
                                                 "side": "RIGHT", "body": c["body"]})
                posted += 1
            except RequestFailed as exc:
                if exc.response.status_code != 422:
                    raise
                failed += 1
        return posted, failed
