"""The double as an HTTP server: lifecycle, authentication, rate limits, caching, dispatch."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import secrets
import socket
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

import uvicorn
from starlette.requests import Request
from starlette.responses import Response

from tests.github_double.faults import FaultInjection, _abort_connection, _default_error, _is_mutation
from tests.github_double.graphql import GraphQLEndpoint
from tests.github_double.model import (
    API_VERSION,
    API_VERSIONS,
    DOCS,
    Pull,
    Repo,
    Token,
    iso,
    quote_path,
)
from tests.github_double.render import Renderer
from tests.github_double.rest import RestResources
from tests.github_double.routing import _ROUTES, HTTPError, not_found, unprocessable
from tests.github_double.state import DoubleState


class GitHubDouble(DoubleState, FaultInjection, Renderer, RestResources, GraphQLEndpoint):
    """In-memory GitHub + the HTTP server that exposes it. See the package docstring."""

    def __init__(self, **settings: Any) -> None:
        """`settings` are DoubleState's (app_id, app_slug, app_public_key, token_ttl, ...)."""
        super().__init__(**settings)
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._handlers = {name: getattr(self, name) for _, _, name, _, _ in _ROUTES}

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """Base URL to use as GITHUB_API_URL (GraphQL is POST {url}/graphql)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> GitHubDouble:
        """Serve in a background thread; returns once the socket accepts connections."""
        if self._thread is not None:
            return self
        config = uvicorn.Config(
            self.app,
            log_level="error",
            lifespan="off",
            ws="none",
            http="h11",
            interface="asgi3",
            proxy_headers=False,
            access_log=False,
            timeout_graceful_shutdown=1,
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name="github-double", daemon=True
        )
        self._thread.start()
        deadline = time.time() + 10
        while not self._server.started:
            if time.time() > deadline or not self._thread.is_alive():
                raise RuntimeError("GitHub double failed to start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop the server and release the port."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(10)
            if self._thread.is_alive():
                self._server.force_exit = True
                self._thread.join(5)
        self._server = None
        self._thread = None
        self._sock.close()

    def __enter__(self) -> GitHubDouble:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ ASGI plumbing

    def _rate_headers(self, resource: str) -> dict[str, str]:
        bucket = self.rate[resource]
        if time.time() >= bucket["reset"]:
            bucket["used"] = 0
            bucket["reset"] = int(time.time()) + 3600
        return {
            "X-RateLimit-Limit": str(bucket["limit"]),
            "X-RateLimit-Remaining": str(max(0, bucket["limit"] - bucket["used"])),
            "X-RateLimit-Reset": str(bucket["reset"]),
            "X-RateLimit-Used": str(bucket["used"]),
            "X-RateLimit-Resource": resource,
        }

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The ASGI application (a plain ASGI callable built on starlette's Request/Response)."""
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        raw = await request.body()
        method = request.method.upper()
        path = scope["path"]  # already percent-decoded by the server
        body: Any = None
        bad_json = False
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                bad_json = True
        version = request.headers.get("x-github-api-version", API_VERSION)
        if version not in API_VERSIONS:  # refused before anything else, faults included
            self._record(method, path, request, body, 400)
            refusal = {
                "message": f"Unsupported 'X-GitHub-Api-Version' header value: '{version}'. "
                f"Supported versions: {', '.join(API_VERSIONS)}.",
                "documentation_url": "https://docs.github.com/rest/about-the-rest-api/api-versions",
                "status": "400",
            }
            await self._respond(scope, receive, send, 400, json.dumps(refusal), {})
            return
        selected = {"X-GitHub-Api-Version-Selected": version}
        fault = self._take_fault(method, path, body)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.reset:
                self._record(method, path, request, body, 0, fault=True)
                _abort_connection(send)
                return
            if fault.status is not None:
                fbody = fault.body if fault.body is not None else _default_error(fault.status)
                headers = {**self._rate_headers("graphql" if path == "/graphql" else "core"), **selected,
                           **fault.headers}
                payload = fbody if isinstance(fbody, (bytes, str)) else json.dumps(fbody)
                self._record(method, path, request, body, fault.status, fault=True)
                await self._respond(scope, receive, send, fault.status, payload, headers)
                return
        with self._lock:
            try:
                if bad_json:
                    raise HTTPError(400, "Problems parsing JSON")
                status, out, headers = self._dispatch(method, path, request, body)
            except HTTPError as err:
                status, out, headers = err.status, err.body, err.headers
            except Exception as err:  # a bug in the double: answer 500 and keep it for the fixture to raise
                self.internal_errors.append(err)
                status, out, headers = 500, {"message": f"double error: {err!r}"}, {}
            resource = "graphql" if path == "/graphql" else "core"
            headers = {**self._rate_headers(resource), **selected, **headers}
            self._record(method, path, request, body, status)
        payload = b"" if out is None else json.dumps(out)
        await self._respond(scope, receive, send, status, payload, headers, cacheable=method == "GET")

    async def _respond(
        self, scope: Any, receive: Any, send: Any, status: int, payload: Any, headers: dict[str, str],
        cacheable: bool = False,
    ) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        hdrs = {
            "X-GitHub-Request-Id": f"{secrets.token_hex(2).upper()}:{secrets.token_hex(3).upper()}",
            "X-GitHub-Media-Type": "github.v3; format=json",
            "Vary": "Accept, Authorization, Cookie, X-GitHub-OTP",
            **headers,
        }
        if data and status != 204:
            hdrs.setdefault("Content-Type", "application/json; charset=utf-8")
        if cacheable and status == 200:
            etag = 'W/"' + hashlib.sha256(data).hexdigest() + '"'
            hdrs["ETag"] = etag
            if self.cache_control:
                hdrs["Cache-Control"] = self.cache_control
            else:
                hdrs["Cache-Control"] = "no-store"
            inm = Request(scope).headers.get("if-none-match")
            if inm and etag in [t.strip() for t in inm.split(",")]:
                status, data = 304, b""
        else:
            hdrs.setdefault("Cache-Control", "no-cache")
        if status == 204:
            data = b""
        await Response(data, status_code=status, headers=hdrs)(scope, receive, send)

    def _record(self, method: str, path: str, request: Request, body: Any, status: int, fault: bool = False) -> None:
        entry = {
            "method": method,
            "path": path,
            "query": dict(request.query_params),
            "status": status,
            "time": time.time(),
            "fault": fault,
            "auth": _auth_kind(request.headers.get("authorization")),
            "api_version": request.headers.get("x-github-api-version"),
        }
        with self._lock:
            self.calls.append(entry)
            is_query = path == "/graphql" and not _is_mutation(body)
            if method in {"POST", "PATCH", "PUT", "DELETE"} and not is_query:
                self.writes.append({**entry, "json": body})

    def _dispatch(self, method: str, path: str, request: Request, body: Any) -> tuple[int, Any, dict[str, str]]:
        for m, rx, name, auth, perm in _ROUTES:
            match = rx.match(path) if m == method else None
            if not match:
                continue
            params = match.groupdict()
            ctx = self._authenticate(request, auth, path)
            if perm is not None:
                self._require(ctx, *perm)
            if ctx is not None and ctx.kind == "installation":
                self._consume_rate("graphql" if path == "/graphql" else "core", ctx)
            query = dict(parse_qsl(request.url.query, keep_blank_values=True))
            return self._handlers[name](ctx=ctx, body=body, query=query, request=request, **params)
        raise HTTPError(404, "Not Found")

    def _consume_rate(self, resource: str, ctx: Token) -> None:
        self._rate_headers(resource)  # roll the window if due
        bucket = self.rate[resource]
        if bucket["used"] >= bucket["limit"]:
            raise HTTPError(
                403,
                f"API rate limit exceeded for installation ID {ctx.installation_id}. If you reach out to GitHub "
                "Support for help, please include the request ID 0000:0000:0000:0000:0000 and timestamp "
                f"{iso()} UTC.",
                doc="https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            )
        bucket["used"] += 1

    def _charge_query(self, ctx: Token | None, points: int) -> None:
        """Charge a GraphQL query its computed cost (graphql_cost.py), of which arrival took 1 point.
        Only installation tokens are metered here, as in ``_dispatch``."""
        if ctx is not None and ctx.kind == "installation":
            self.rate["graphql"]["used"] += points - 1

    def _authenticate(self, request: Request, auth: str, path: str) -> Token | None:
        header = request.headers.get("authorization", "")
        scheme, _, cred = header.partition(" ")
        cred = cred.strip()
        if auth == "none":
            return None
        if auth == "jwt":
            if scheme.lower() != "bearer" or not cred:
                raise HTTPError(
                    401,
                    "A JSON web token could not be decoded",
                    doc="https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app"
                    if "access_tokens" in path
                    else DOCS,
                )
            self._check_jwt(cred)
            return None
        if scheme.lower() not in {"token", "bearer"} or not cred:
            raise HTTPError(401, "Requires authentication", doc="https://docs.github.com/rest")
        tok = self.tokens.get(cred)
        if tok is None or tok.expires_at <= time.time():
            raise HTTPError(401, "Bad credentials", doc="https://docs.github.com/rest")
        return tok

    def _check_jwt(self, token: str) -> None:
        parts = token.split(".")
        if len(parts) != 3 or not all(parts[:2]):
            raise HTTPError(401, "A JSON web token could not be decoded")
        try:
            header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
            claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        except ValueError as err:
            raise HTTPError(401, "A JSON web token could not be decoded") from err
        if header.get("alg") != "RS256":
            raise HTTPError(401, "A JSON web token could not be decoded")
        if self.app_public_key is not None:
            import jwt  # PyJWT, a githubkit[auth-app] dependency

            try:
                jwt.decode(token, self.app_public_key, algorithms=["RS256"], options={"verify_exp": False,
                           "verify_iat": False, "verify_nbf": False, "verify_aud": False})
            except jwt.PyJWTError as err:
                raise HTTPError(401, "A JSON web token could not be decoded") from err
        now = time.time()
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, (int, float)) or exp <= now:
            raise HTTPError(
                401,
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which "
                "the assertion expires",
            )
        if not isinstance(iat, (int, float)) or iat > now + 60:
            raise HTTPError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the "
                            "assertion was issued")
        if exp - iat > 600 + 60:
            raise HTTPError(401, "'Expiration time' claim ('exp') is too far in the future")
        if str(claims.get("iss")) not in {str(self.app_id), f"Iv23li{self.app_id:014d}"}:
            raise HTTPError(401, "'Issuer' claim ('iss') must be an Integer")

    def _require(self, ctx: Token | None, permission: str, level: str) -> None:
        if ctx is None or ctx.kind != "installation":
            return
        inst = self.installations.get(ctx.installation_id or -1)
        have = inst.permissions.get(permission) if inst else None
        if have is None or (level == "write" and have not in ("write", "admin")):
            raise HTTPError(403, "Resource not accessible by integration", doc=DOCS)

    def _repo_for(self, ctx: Token | None, owner: str, repo: str) -> Repo:
        r = self.repos.get(f"{owner}/{repo}")
        if r is None:
            # GitHub is case-insensitive on owner/repo
            r = next((x for k, x in self.repos.items() if k.lower() == f"{owner}/{repo}".lower()), None)
        if r is None:
            raise not_found()
        if ctx is not None and ctx.kind == "installation":
            inst = self.installations.get(ctx.installation_id or -1)
            if inst is None or inst.account.lower() != r.owner.lower():
                raise not_found()
            if inst.repositories is not None and r.name not in inst.repositories:
                raise not_found()
        elif ctx is not None and ctx.kind == "user" and r.private:
            if self.permissions.get((r.full_name, ctx.login or ""), "none") == "none" and ctx.login != r.owner:
                raise not_found()
        return r

    def _pull_for(self, ctx: Token | None, owner: str, repo: str, number: str) -> Pull:
        r = self._repo_for(ctx, owner, repo)
        try:
            p = self.pulls.get((r.full_name, int(number)))
        except ValueError:
            p = None
        if p is None:
            raise not_found()
        return p

    def _actor(self, ctx: Token | None) -> str:
        if ctx is None:
            return self.bot_login
        return ctx.login if ctx.kind == "user" and ctx.login else self.bot_login

    def _paginate(
        self,
        request: Request,
        items: list[Any],
        default: int = 30,
        cap: int | None = None,
        render: Callable[[Any], Any] | None = None,
    ) -> tuple[list[Any], dict[str, str]]:
        query = dict(parse_qsl(request.url.query))
        try:
            per_page = max(1, min(100, int(query.get("per_page", default))))
            page = max(1, int(query.get("page", 1)))
        except ValueError as err:
            raise unprocessable("Invalid pagination") from err
        if cap is not None:
            items = items[:cap]
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        if render is not None:
            chunk = [render(x) for x in chunk]
        links = []

        def link(n: int, rel: str) -> str:
            q = {**query, "per_page": str(per_page), "page": str(n)}
            return f'<{self.url}{quote_path(request.url.path)}?{urlencode(q)}>; rel="{rel}"'

        if page > 1:
            links.append(link(page - 1, "prev"))
        if page < last:
            links.append(link(page + 1, "next"))
            links.append(link(last, "last"))
        if page > 1:
            links.append(link(1, "first"))
        return chunk, ({"Link": ", ".join(links)} if links else {})


def _auth_kind(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, cred = header.partition(" ")
    cred = cred.strip()
    if scheme.lower() == "bearer" and cred.count(".") == 2:
        return "jwt"
    if cred.startswith("ghs_"):
        return "installation"
    if cred.startswith("ghu_"):
        return "user"
    return "other"
