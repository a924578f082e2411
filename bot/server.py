"""The webhook server: verify, dedupe, enqueue, answer. No GitHub call on the request path."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.events import HANDLED, PayloadError, route
from bot.metrics import Metrics
from bot.queue import PENDING, JobQueue
from bot.settings import Settings
from bot.store import Store, claim_delivery

log = logging.getLogger("constraint_guard.server")


def signature_ok(secret: bytes, body: bytes, header: str | None) -> bool:
    """`X-Hub-Signature-256` check in constant time (pure)."""
    if not header or not header.startswith("sha256="):
        return False
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), header.encode("utf-8", errors="replace"))


class BodyTooLarge(Exception):
    pass


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _event_label(event: str) -> str:
    """The metrics label for an `X-GitHub-Event` value: unknown names share one label, so
    unauthenticated requests cannot grow the metrics without bound."""
    if not event:
        return "unknown"
    return event if event in HANDLED or event == "ping" else "other"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(settings: Settings, queue: JobQueue, store: Store, metrics: Metrics,
               ready: Callable[[], bool] = lambda: True) -> Starlette:
    """The ASGI app; `queue` and `store` are injected so tests and `serve` share one wiring."""
    secret = settings.webhook_secret.get_secret_value().encode("utf-8")

    async def webhook(request: Request) -> Response:
        event = request.headers.get("x-github-event", "")
        label = _event_label(event)
        try:
            body = await _read_limited(request, settings.max_body_bytes)
        except BodyTooLarge:
            metrics.deliveries.labels(label, "too_large").inc()
            return _error(413, f"body over the {settings.max_body_bytes}-byte limit")
        except ClientDisconnect:
            return _error(400, "client disconnected")
        if not signature_ok(secret, body, request.headers.get("x-hub-signature-256")):
            metrics.deliveries.labels(label, "bad_signature").inc()
            return _error(401, "missing or invalid X-Hub-Signature-256")
        delivery = request.headers.get("x-github-delivery", "")
        if not event or not delivery or len(delivery) > 100:
            metrics.deliveries.labels(label, "bad_headers").inc()
            return _error(400, "X-GitHub-Event and X-GitHub-Delivery headers are required")
        try:
            payload = json.loads(body)
        except RecursionError:
            metrics.deliveries.labels(label, "bad_json").inc()
            return _error(400, "body is not valid JSON (nested too deeply)")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            metrics.deliveries.labels(label, "bad_json").inc()
            return _error(400, f"body is not valid JSON ({type(exc).__name__})")
        if not isinstance(payload, dict):
            metrics.deliveries.labels(label, "bad_json").inc()
            return _error(400, "body must be a JSON object")
        try:
            outcome = route(event, payload, delivery)
        except PayloadError as exc:
            metrics.deliveries.labels(label, "bad_payload").inc()
            return _error(422, str(exc))
        except RecursionError:
            metrics.deliveries.labels(label, "bad_payload").inc()
            return _error(422, f"{event} payload nests too deeply")
        if outcome.status != "queued":
            if outcome.status == "logged":
                log.info("delivery %s: %s", delivery, outcome.detail)
            metrics.deliveries.labels(label, outcome.status).inc()
            return JSONResponse({"status": outcome.status, "detail": outcome.detail}, status_code=202)
        try:
            with store.batch():  # the dedupe claim and the ledger entries in one commit
                if not claim_delivery(store, delivery):
                    metrics.deliveries.labels(label, "duplicate").inc()
                    return JSONResponse({"status": "duplicate", "delivery": delivery}, status_code=202)
                payloads = [queue.record(job) for job in outcome.jobs]
            for payload in payloads:
                queue.push(payload)
        except Exception:  # noqa: BLE001 - the queue is down: say so, and forget the id so a redelivery works
            with contextlib.suppress(Exception):
                store.delete(f"delivery:{delivery}")
                for job in outcome.jobs:
                    queue.forget(job)
            log.exception("could not enqueue delivery %s", delivery)
            metrics.deliveries.labels(label, "queue_error").inc()
            return _error(503, "queue unavailable; redeliver later")
        metrics.deliveries.labels(label, "queued").inc()
        return JSONResponse({"status": "queued", "jobs": len(outcome.jobs)}, status_code=202)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> Response:
        problems = []
        try:
            store.ping()
            queue.depth()
        except Exception as exc:  # noqa: BLE001
            problems.append(f"queue unreachable ({type(exc).__name__})")
        if not ready():
            problems.append("credentials not loaded")
        if problems:
            return JSONResponse({"ready": False, "problems": problems}, status_code=503)
        return JSONResponse({"ready": True})

    async def metrics_endpoint(request: Request) -> Response:
        def depth() -> int:
            try:
                return queue.depth()
            except Exception:  # noqa: BLE001 - a scrape must not fail because the queue is down
                return -1
        def unfinished() -> int:
            try:
                return len(store.hgetall(PENDING))
            except Exception:  # noqa: BLE001
                return -1
        return Response(metrics.render(depth, unfinished), media_type="text/plain; version=0.0.4")

    return Starlette(routes=[
        Route("/webhook", webhook, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ])
