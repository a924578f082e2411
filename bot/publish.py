"""Publishing a review without noise: one check run, new inline comments only, one summary.

Three small writers share one write budget: bot/checkrun.py (the check run),
bot/inline.py (inline comments and their threads) and bot/summary.py (the summary comment,
replies and reactions). What they write is planned on plain data in
checks/render/publishing.py; each re-derives what already exists from GitHub (hidden
markers, checks/markers.py) so a re-run, a retry or a restart never posts the same thing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.budget import WriteBudget
from bot.checkrun import CheckRuns
from bot.inline import InlineComments
from bot.pull import Pull, Repo
from bot.settings import Settings
from bot.store import Store
from bot.summary import Conversation


def budget_for(store: Store, installation_id: int, settings: Settings) -> WriteBudget:
    return WriteBudget(store, installation_id, settings.writes_per_minute, settings.writes_per_hour,
                       settings.inline_wait_seconds)


def check_runs(repo: Repo, store: Store, installation_id: int, settings: Settings) -> CheckRuns:
    return CheckRuns(repo, store, budget_for(store, installation_id, settings), settings.app_id)


@dataclass(frozen=True)
class Publisher:
    """The writers of one pull request's review."""

    checks: CheckRuns
    inline: InlineComments
    conversation: Conversation


def publisher(pull: Pull, store: Store, installation_id: int, settings: Settings) -> Publisher:
    budget = budget_for(store, installation_id, settings)
    return Publisher(CheckRuns(pull.repo, store, budget, settings.app_id),
                     InlineComments(pull, budget, settings.bot_login),
                     Conversation(pull, store, budget, settings.bot_login, settings.app_id))
