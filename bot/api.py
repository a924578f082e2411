"""The one typed door to GitHub: a pinned REST version, lenient models, one paginator.

Every REST call goes through `Api`: it sends `X-GitHub-Api-Version` pinned to the version
the App was written against (never whatever githubkit's schema package floats to), parses
answers into bot/ghmodels.py's small models (unknown fields ignored), and follows GitHub's
`Link: rel="next"` pages. An answer without a field we need raises `UnexpectedResponse`:
retried like an outage, then named on the check run, never a crash that leaves no check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from githubkit.response import Response
from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.github import AppClient, Client, Transient

API_VERSION = "2022-11-28"
PER_PAGE = 100
_HEADERS = {"X-GitHub-Api-Version": API_VERSION, "Accept": "application/vnd.github+json"}

M = TypeVar("M", bound=BaseModel)


class UnexpectedResponse(Transient):
    """GitHub answered in a shape we cannot read (a field we need is missing or mistyped)."""


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "the body"
    return f"{where}: {first['msg'].lower()}"


def parse(model: type[M], data: Any, what: str) -> M:
    """`data` as `model`, or UnexpectedResponse naming the operation and the field (pure)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise UnexpectedResponse(f"GitHub's answer to {what} could not be read ({_problem(exc)})") from None


def parse_list(model: type[M], data: Any, what: str) -> list[M]:
    try:
        return TypeAdapter(list[model]).validate_python(data)  # type: ignore[valid-type]
    except ValidationError as exc:
        raise UnexpectedResponse(f"GitHub's answer to {what} could not be read ({_problem(exc)})") from None


def next_link(header: str | None) -> str | None:
    """The `rel="next"` URL of a `Link` header, if any (pure)."""
    for part in (header or "").split(","):
        url, _, rest = part.strip().partition(";")
        if 'rel="next"' in rest.replace(" ", ""):
            return url.strip().removeprefix("<").removesuffix(">")
    return None


def dig(data: Any, *path: str | int) -> Any:
    """`data[p0][p1]...` of a GraphQL answer, or UnexpectedResponse naming the missing step."""
    here = data
    for i, step in enumerate(path):
        try:
            here = here[step]
        except (KeyError, IndexError, TypeError):
            shown = ".".join(str(s) for s in path[: i + 1])
            raise UnexpectedResponse(f"GitHub's GraphQL answer has no {shown}") from None
        if here is None and i < len(path) - 1:
            shown = ".".join(str(s) for s in path[: i + 1])
            raise UnexpectedResponse(f"GitHub's GraphQL answer has null at {shown}")
    return here


class Api:
    """GitHub's REST and GraphQL APIs for one githubkit client (App or installation)."""

    def __init__(self, gh: Client | AppClient) -> None:
        self.gh = gh

    def _send(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
              body: Any | None = None, headers: Mapping[str, str] | None = None) -> Response[Any]:
        return self.gh.request(method, path, params=dict(params or {}) or None, json=body,
                               headers={**_HEADERS, **(headers or {})})

    def get(self, model: type[M], path: str, **params: Any) -> M:
        return parse(model, self._send("GET", path, params=params).json(), f"GET {path}")

    def pages(self, model: type[M], path: str, *, key: str | None = None, limit: int | None = None,
              **params: Any) -> Iterator[M]:
        """Every item of a listing, page after page by the `Link` header (wrapped in `key`, as
        check runs and installation repositories are), at most `limit`."""
        url: str | None = path
        query: Mapping[str, Any] | None = {"per_page": PER_PAGE, **params}
        seen = 0
        while url is not None:
            resp = self._send("GET", url, params=query)
            data = resp.json()
            if key is not None:
                data = data.get(key) if isinstance(data, dict) else None
            for item in parse_list(model, data, f"GET {path}"):
                if limit is not None and seen >= limit:
                    return
                seen += 1
                yield item
            url, query = next_link(resp.headers.get("link")), None  # the next URL carries its query
        return

    def post(self, path: str, body: Any | None = None) -> Any:
        resp = self._send("POST", path, body=body)
        return resp.json() if resp.content else None

    def post_model(self, model: type[M], path: str, body: Any) -> M:
        return parse(model, self.post(path, body), f"POST {path}")

    def patch(self, path: str, body: Any) -> Any:
        return self._send("PATCH", path, body=body).json()

    def graphql(self, query: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        return dict(self.gh.graphql(query, dict(variables)) or {})
