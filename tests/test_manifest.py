"""app.yml asks for exactly what the server handles, with the least permissions."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.events import HANDLED

MANIFEST = yaml.safe_load((Path(__file__).resolve().parent.parent / "app.yml").read_text())
ALWAYS_SENT = {"installation"}  # GitHub sends these to every App without a subscription


def test_every_handled_event_is_subscribed_and_every_subscription_is_handled() -> None:
    subscribed = set(MANIFEST["default_events"])
    assert subscribed == set(HANDLED) - ALWAYS_SENT


def test_permissions_are_the_least_needed() -> None:
    assert MANIFEST["default_permissions"] == {
        "checks": "write", "pull_requests": "write", "contents": "read",
        "issues": "write", "metadata": "read", "members": "read", "merge_queues": "read",
    }


def test_webhook_is_active() -> None:
    assert MANIFEST["hook_attributes"]["active"] is True and MANIFEST["hook_attributes"]["url"].endswith("/webhook")
