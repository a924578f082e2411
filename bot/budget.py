"""The write budget an installation's content-creating requests share across all jobs.

GitHub's secondary limits punish bursts of content creation (80 a minute, 500 an hour);
every check run, review and comment the App creates takes a token from the store first.
"""

from __future__ import annotations

import time

from bot.github import Transient
from bot.store import Store


class WriteBudget:
    """Tokens per installation: short waits are slept, long ones become a retried job."""

    def __init__(self, store: Store, installation_id: int, per_minute: int, per_hour: int,
                 inline_wait: float) -> None:
        self.store = store
        self.key = f"install:{installation_id}"
        self.per_minute = per_minute
        self.per_hour = per_hour
        self.inline_wait = inline_wait

    def take(self) -> None:
        while True:
            wait = self.store.take_write(self.key, self.per_minute, self.per_hour)
            if wait <= 0:
                return
            if wait > self.inline_wait:
                raise Transient("write budget for this installation is used up", wait)
            time.sleep(wait)
