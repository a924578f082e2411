"""pytest glue: a fresh double per test, and githubkit's process-wide caches cleared around it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.github_double.server import GitHubDouble


def reset_githubkit_caches() -> None:
    """Forget tokens/JWTs/HTTP responses githubkit cached process-wide (its default MemCacheStrategy).

    githubkit caches installation tokens in a module-global store keyed by app id and
    installation id, so a token minted by one double would otherwise be sent to the next.
    """
    try:
        from githubkit.cache import DEFAULT_CACHE_STRATEGY
    except ImportError:  # pragma: no cover
        return
    for attr in ("_cache", "_hishel_storage", "_hishel_async_storage"):
        if hasattr(DEFAULT_CACHE_STRATEGY, attr):
            setattr(DEFAULT_CACHE_STRATEGY, attr, None)


def github_double_fixture(**kwargs: Any) -> Iterator[GitHubDouble]:
    """Generator for a pytest fixture: ``github = pytest.fixture(github_double_fixture)``."""
    reset_githubkit_caches()
    double = GitHubDouble(**kwargs)
    with double:
        yield double
    reset_githubkit_caches()
    if double.internal_errors:
        raise AssertionError(f"GitHub double crashed while serving: {double.internal_errors!r}")
