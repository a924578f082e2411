"""How the double's REST handlers are registered, and the errors they raise."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.github_double.model import DOCS


class HTTPError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[Any] | None = None,
        doc: str = DOCS,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"message": message, "documentation_url": doc}
        if errors is not None:
            self.body["errors"] = errors
        if status >= 400:
            self.body["status"] = str(status)
        self.headers = headers or {}


def not_found() -> HTTPError:
    return HTTPError(404, "Not Found")


def unprocessable(*errors: Any, message: str = "Unprocessable Entity", doc: str = DOCS) -> HTTPError:
    return HTTPError(422, message, errors=list(errors), doc=doc)


_ROUTES: list[tuple[str, re.Pattern[str], str, str, tuple[str, str] | None]] = []


def route(method: str, pattern: str, auth: str = "token", perm: tuple[str, str] | None = None) -> Callable[..., Any]:
    """Register a REST handler. ``auth`` is "token" (installation/user token), "jwt" or "none"."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        rx = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")
        if pattern.endswith("{path+}"):
            rx = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern[:-7]) + r"(?P<path>.+)$")
        _ROUTES.append((method, rx, fn.__name__, auth, perm))
        return fn

    return deco
