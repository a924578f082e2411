"""Faults the double injects on demand: error statuses, delays, resets, rate limits."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import socket
import struct
import time
from collections.abc import Callable
from typing import Any

from tests.github_double.model import DOCS


@dataclasses.dataclass
class Fault:
    """One queued fault; see ``GitHubDouble.fail``."""

    method: str
    pattern: re.Pattern[str]
    status: int | None
    times: int
    headers: dict[str, str]
    body: Any
    delay: float | None
    reset: bool
    skip: int
    when: Callable[[Any], bool] | None
    hits: int = 0

    def matches(self, method: str, path: str, body: Any) -> bool:
        if self.times <= 0 or (self.method != "*" and self.method != method):
            return False
        if not self.pattern.search(path):
            return False
        if self.when is not None:
            try:
                if not self.when(body):
                    return False
            except Exception:
                return False
        return True


class FaultInjection:
    """The test-side helpers that queue faults (mixed into GitHubDouble)."""

    def fail(
        self,
        method: str,
        path_regex: str,
        status: int | None = 502,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: Any = None,
        delay: float | None = None,
        *,
        reset: bool = False,
        skip: int = 0,
        when: Callable[[Any], bool] | None = None,
    ) -> Fault:
        """Queue a fault for requests matching ``method`` ("*" = any) and ``path_regex`` (re.search).

        The next ``times`` matching requests (after letting ``skip`` matches through) get
        ``status`` with ``body`` (default: GitHub's error JSON) and ``headers``. ``delay``
        sleeps first (with ``status=None`` the request is then served normally: a slow
        response / client timeout). ``reset=True`` drops the connection without a response.
        ``when(json_body)`` narrows the match (e.g. a GraphQL operation or a review's comments).
        """
        fault = Fault(
            method.upper(),
            re.compile(path_regex),
            status,
            times,
            dict(headers or {}),
            body,
            delay,
            reset,
            skip,
            when,
        )
        with self._lock:
            self.faults.append(fault)
        return fault

    def fail_secondary_rate_limit(self, method: str, path_regex: str, retry_after: int = 2, times: int = 1) -> Fault:
        body = {
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
            "If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222:3333:4444.",
            "documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
            "status": "403",
        }
        return self.fail(method, path_regex, 403, times, {"Retry-After": str(retry_after)}, body)

    def fail_primary_rate_limit(self, method: str, path_regex: str, reset_in: int = 2, times: int = 1) -> Fault:
        reset = int(time.time()) + reset_in
        body = {
            "message": "API rate limit exceeded for installation ID 1.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            "status": "403",
        }
        headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset), "X-RateLimit-Used": "5000"}
        return self.fail(method, path_regex, 403, times, headers, body)

    def fail_too_many_requests(self, method: str, path_regex: str, retry_after: int = 1, times: int = 1) -> Fault:
        body = {"message": "Too Many Requests", "documentation_url": DOCS, "status": "429"}
        return self.fail(method, path_regex, 429, times, {"Retry-After": str(retry_after)}, body)

    def fail_timeout(self, method: str, path_regex: str, seconds: float = 30.0, times: int = 1) -> Fault:
        return self.fail(method, path_regex, None, times, delay=seconds)

    def fail_reset(self, method: str, path_regex: str, times: int = 1) -> Fault:
        return self.fail(method, path_regex, None, times, reset=True)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def _take_fault(self, method: str, path: str, body: Any) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path, body):
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    fault.times -= 1
                    fault.hits += 1
                    return fault
        return None


def _default_error(status: int) -> dict[str, Any]:
    messages = {
        400: "Bad Request",
        401: "Bad credentials",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        422: "Unprocessable Entity",
        429: "Too Many Requests",
        500: "Server Error",
        502: "Server Error",
        503: "Service Unavailable",
        504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request "
        "and contact us if the problem persists.",
    }
    return {"message": messages.get(status, "Error"), "documentation_url": DOCS, "status": str(status)}


def _is_mutation(body: Any) -> bool:
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return False
    return bool(re.match(r"\s*(#[^\n]*\n\s*)*mutation\b", body["query"]))


def graphql_operation(name: str) -> Callable[[Any], bool]:
    """A ``when=`` predicate for ``fail`` matching a GraphQL operation by name."""

    def pred(body: Any) -> bool:
        if not isinstance(body, dict):
            return False
        if body.get("operationName") == name:
            return True
        return bool(re.search(r"\b(query|mutation)\s+" + re.escape(name) + r"\b", str(body.get("query", ""))))

    return pred


def _abort_connection(send: Any) -> None:
    """Drop the TCP connection without a response (RST where the platform allows it)."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise RuntimeError("cannot reach the transport to reset the connection")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    cycle.disconnected = True  # stop uvicorn from writing a 500 after us
    transport.abort()
