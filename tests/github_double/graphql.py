"""The double's GraphQL endpoint: GitHub's checks first, then a small parser and executor."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tests.github_double.graphql_cost import QueryCost
from tests.github_double.graphql_schema import check_request
from tests.github_double.model import (
    _MISSING,
    GRAPHQL_TEXT_BYTES,
    WEB,
    Pull,
    Repo,
    Thread,
    Token,
    _as_text,
    _node_id,
    blob_sha,
    fake_sha,
    iso,
    utf8_prefix,
)
from tests.github_double.routing import HTTPError, route

if TYPE_CHECKING:
    from tests.github_double.server import GitHubDouble


class GraphQLEndpoint:
    """POST /graphql (mixed into GitHubDouble)."""

    @route("POST", "/graphql")
    def r_graphql(self, ctx: Token, body: Any, **_: Any) -> Any:
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            raise HTTPError(400, "Problems parsing JSON", doc="https://docs.github.com/graphql")
        variables = body.get("variables") or {}
        if isinstance(variables, str):  # some clients send the variables as a JSON text
            try:
                variables = json.loads(variables or "{}")
            except ValueError:
                variables = None
        if not isinstance(variables, dict):
            raise HTTPError(400, "Problems parsing JSON", doc="https://docs.github.com/graphql")
        return 200, GraphQLExecutor(self, ctx).run(body["query"], variables, body.get("operationName")), {}


class GraphQLSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


@dataclasses.dataclass
class GField:
    alias: str
    name: str
    args: dict[str, Any]
    selections: list[Any] | None
    line: int
    column: int


@dataclasses.dataclass
class GInline:
    type_condition: str | None
    selections: list[Any]


@dataclasses.dataclass
class GSpread:
    name: str


@dataclasses.dataclass
class GVar:
    name: str


@dataclasses.dataclass
class GEnum:
    name: str


_TOKEN_RE = re.compile(
    r'(?P<ws>[\s,\ufeff]+|#[^\n]*)|(?P<block>"""(?:[^"\\]|\\.|"(?!""))*""")|(?P<str>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<name>[_A-Za-z][_0-9A-Za-z]*)|(?P<spread>\.\.\.)"
    r"|(?P<punct>[!$&()\:=@\[\]{}|])"
)


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens: list[tuple[str, str, int, int]] = []
        pos = 0
        while pos < len(source):
            m = _TOKEN_RE.match(source, pos)
            if not m:
                line = source.count("\n", 0, pos) + 1
                raise GraphQLSyntaxError(
                    f"Parse error on \"{source[pos]}\"", line, pos - source.rfind("\n", 0, pos)
                )
            kind = m.lastgroup or ""
            if kind != "ws":
                line = source.count("\n", 0, pos) + 1
                self.tokens.append((kind, m.group(), line, pos - source.rfind("\n", 0, pos)))
            pos = m.end()
        self.i = 0

    def peek(self, value: str | None = None, kind: str | None = None) -> bool:
        if self.i >= len(self.tokens):
            return False
        k, v, _, _ = self.tokens[self.i]
        return (value is None or v == value) and (kind is None or k == kind)

    def take(self, value: str | None = None, kind: str | None = None) -> tuple[str, str, int, int]:
        if not self.peek(value, kind):
            if self.i >= len(self.tokens):
                last = self.tokens[-1] if self.tokens else ("", "", 1, 1)
                raise GraphQLSyntaxError("Unexpected end of document", last[2], last[3])
            tok = self.tokens[self.i]
            raise GraphQLSyntaxError(f"Parse error on \"{tok[1]}\" ({tok[0].upper()})", tok[2], tok[3])
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def document(self) -> tuple[list[dict[str, Any]], dict[str, GInline]]:
        ops: list[dict[str, Any]] = []
        frags: dict[str, GInline] = {}
        while self.i < len(self.tokens):
            if self.peek("{"):
                ops.append({"type": "query", "name": None, "vars": {}, "selections": self.selection_set()})
            elif self.peek("fragment"):
                self.take()
                name = self.take(kind="name")[1]
                self.take("on")
                cond = self.take(kind="name")[1]
                self.directives()
                frags[name] = GInline(cond, self.selection_set())
            else:
                op = self.take(kind="name")[1]
                if op not in ("query", "mutation", "subscription"):
                    tok = self.tokens[self.i - 1]
                    raise GraphQLSyntaxError(f"Parse error on \"{op}\" (IDENTIFIER)", tok[2], tok[3])
                name = self.take(kind="name")[1] if self.peek(kind="name") else None
                variables: dict[str, Any] = {}
                if self.peek("("):
                    self.take("(")
                    while not self.peek(")"):
                        self.take("$")
                        vname = self.take(kind="name")[1]
                        self.take(":")
                        vtype = self.type_ref()
                        default = _MISSING
                        if self.peek("="):
                            self.take("=")
                            default = self.value(const=True)
                        variables[vname] = (vtype, default)
                    self.take(")")
                self.directives()
                ops.append({"type": op, "name": name, "vars": variables, "selections": self.selection_set()})
        if not ops:
            raise GraphQLSyntaxError("Unexpected end of document", 1, 1)
        return ops, frags

    def type_ref(self) -> str:
        if self.peek("["):
            self.take("[")
            inner = self.type_ref()
            self.take("]")
            out = f"[{inner}]"
        else:
            out = self.take(kind="name")[1]
        if self.peek("!"):
            self.take("!")
            out += "!"
        return out

    def directives(self) -> None:
        while self.peek("@"):
            self.take("@")
            self.take(kind="name")
            if self.peek("("):
                self.arguments()

    def selection_set(self) -> list[Any]:
        self.take("{")
        out: list[Any] = []
        while not self.peek("}"):
            if self.peek("..."):
                self.take("...")
                if self.peek("on"):
                    self.take("on")
                    cond = self.take(kind="name")[1]
                    self.directives()
                    out.append(GInline(cond, self.selection_set()))
                elif self.peek("{") or self.peek("@"):
                    self.directives()
                    out.append(GInline(None, self.selection_set()))
                else:
                    out.append(GSpread(self.take(kind="name")[1]))
                    self.directives()
                continue
            _, name, line, col = self.take(kind="name")
            alias = name
            if self.peek(":"):
                self.take(":")
                name = self.take(kind="name")[1]
            args = self.arguments() if self.peek("(") else {}
            self.directives()
            sels = self.selection_set() if self.peek("{") else None
            out.append(GField(alias, name, args, sels, line, col))
        self.take("}")
        if not out:
            tok = self.tokens[self.i - 1]
            raise GraphQLSyntaxError("Parse error on \"}\" (RCURLY)", tok[2], tok[3])
        return out

    def arguments(self) -> dict[str, Any]:
        self.take("(")
        args: dict[str, Any] = {}
        while not self.peek(")"):
            name = self.take(kind="name")[1]
            self.take(":")
            args[name] = self.value()
        self.take(")")
        return args

    def value(self, const: bool = False) -> Any:
        if self.peek("$") and not const:
            self.take("$")
            return GVar(self.take(kind="name")[1])
        if self.peek("["):
            self.take("[")
            items = []
            while not self.peek("]"):
                items.append(self.value(const))
            self.take("]")
            return items
        if self.peek("{"):
            self.take("{")
            obj = {}
            while not self.peek("}"):
                key = self.take(kind="name")[1]
                self.take(":")
                obj[key] = self.value(const)
            self.take("}")
            return obj
        kind, text, _, _ = self.take()
        if kind == "str":
            return json.loads(text)
        if kind == "block":
            return text[3:-3].replace('\\"""', '"""')
        if kind == "num":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "name":
            literals = {"true": True, "false": False, "null": None}
            return literals[text] if text in literals else GEnum(text)
        raise GraphQLSyntaxError(f"Parse error on \"{text}\"", 1, 1)


# field -> (return type, required args, optional args). "[T]" = list. Scalars are lowercase-free names below.
_SCALARS = {"String", "Int", "Boolean", "ID", "URI", "DateTime", "GitObjectID", "Float", "HTML"}
_INTERFACES = {
    "GitObject": {"Blob", "Commit", "Tree"},
    "Actor": {"User", "Bot", "Organization"},
    "RepositoryOwner": {"User", "Organization"},
    "Node": {"Blob", "Commit", "Tree", "User", "Bot", "Organization", "Repository", "PullRequest",
             "PullRequestReviewThread", "PullRequestReviewComment"},
}
_CONN = {"first": False, "after": False, "last": False, "before": False}
_ACTOR_FIELDS = {
    "login": ("String", {}), "url": ("URI", {}), "avatarUrl": ("URI", {"size": False}), "id": ("ID", {}),
    "databaseId": ("Int", {}), "resourcePath": ("URI", {}),
}
_GIT_FIELDS = {
    "id": ("ID", {}), "oid": ("GitObjectID", {}), "abbreviatedOid": ("String", {}), "commitUrl": ("URI", {}),
    "commitResourcePath": ("URI", {}), "repository": ("Repository", {}),
}
_SCHEMA: dict[str, dict[str, tuple[str, dict[str, bool]]]] = {
    "Query": {
        "repository": ("Repository", {"owner": True, "name": True, "followRenames": False}),
        "rateLimit": ("RateLimit", {"dryRun": False}),
        "viewer": ("User", {}),
        "node": ("Node", {"id": True}),
        "nodes": ("[Node]", {"ids": True}),
    },
    "Mutation": {
        "resolveReviewThread": ("ResolveReviewThreadPayload", {"input": True}),
        "unresolveReviewThread": ("UnresolveReviewThreadPayload", {"input": True}),
    },
    "ResolveReviewThreadPayload": {"clientMutationId": ("String", {}), "thread": ("PullRequestReviewThread", {})},
    "UnresolveReviewThreadPayload": {"clientMutationId": ("String", {}), "thread": ("PullRequestReviewThread", {})},
    "RateLimit": {"limit": ("Int", {}), "cost": ("Int", {}), "remaining": ("Int", {}), "resetAt": ("DateTime", {}),
                  "used": ("Int", {}), "nodeCount": ("Int", {})},
    "Repository": {
        "id": ("ID", {}), "databaseId": ("Int", {}), "name": ("String", {}), "nameWithOwner": ("String", {}),
        "isPrivate": ("Boolean", {}), "url": ("URI", {}), "owner": ("RepositoryOwner", {}),
        "defaultBranchRef": ("Ref", {}), "ref": ("Ref", {"qualifiedName": True}),
        "object": ("GitObject", {"expression": False, "oid": False}),
        "pullRequest": ("PullRequest", {"number": True}),
        "mergeQueue": ("MergeQueue", {"branch": False}),
    },
    "MergeQueue": {
        "id": ("ID", {}), "url": ("URI", {}), "resourcePath": ("URI", {}),
        "nextEntryEstimatedTimeToMerge": ("Int", {}), "entries": ("MergeQueueEntryConnection", dict(_CONN)),
    },
    "MergeQueueEntryConnection": {
        "nodes": ("[MergeQueueEntry]", {}), "edges": ("[MergeQueueEntryEdge]", {}),
        "pageInfo": ("PageInfo", {}), "totalCount": ("Int", {}),
    },
    "MergeQueueEntryEdge": {"cursor": ("String", {}), "node": ("MergeQueueEntry", {})},
    "MergeQueueEntry": {
        "id": ("ID", {}), "position": ("Int", {}), "state": ("MergeQueueEntryState", {}),
        "headCommit": ("Commit", {}), "baseCommit": ("Commit", {}), "pullRequest": ("PullRequest", {}),
        "enqueuedAt": ("DateTime", {}), "enqueuer": ("Actor", {}), "jump": ("Boolean", {}), "solo": ("Boolean", {}),
        "estimatedTimeToMerge": ("Int", {}),
    },
    "Ref": {"id": ("ID", {}), "name": ("String", {}), "prefix": ("String", {}), "target": ("GitObject", {})},
    "Blob": {**_GIT_FIELDS, "text": ("String", {}), "isBinary": ("Boolean", {}), "byteSize": ("Int", {}),
             "isTruncated": ("Boolean", {})},
    "Tree": {**_GIT_FIELDS},
    "Commit": {**_GIT_FIELDS, "message": ("String", {}), "url": ("URI", {})},
    "User": {**_ACTOR_FIELDS, "name": ("String", {})},
    "Bot": {**_ACTOR_FIELDS},
    "Organization": {**_ACTOR_FIELDS, "name": ("String", {})},
    "PullRequest": {
        "id": ("ID", {}), "databaseId": ("Int", {}), "number": ("Int", {}), "title": ("String", {}),
        "url": ("URI", {}), "state": ("PullRequestState", {}), "isDraft": ("Boolean", {}),
        "headRefOid": ("GitObjectID", {}), "headRefName": ("String", {}), "baseRefName": ("String", {}),
        "baseRefOid": ("GitObjectID", {}), "author": ("Actor", {}),
        "reviewThreads": ("PullRequestReviewThreadConnection", dict(_CONN)),
        "mergeQueueEntry": ("MergeQueueEntry", {}), "isInMergeQueue": ("Boolean", {}),
    },
    "PullRequestReviewThreadConnection": {
        "nodes": ("[PullRequestReviewThread]", {}), "edges": ("[PullRequestReviewThreadEdge]", {}),
        "pageInfo": ("PageInfo", {}), "totalCount": ("Int", {}),
    },
    "PullRequestReviewThreadEdge": {"cursor": ("String", {}), "node": ("PullRequestReviewThread", {})},
    "PullRequestReviewCommentConnection": {
        "nodes": ("[PullRequestReviewComment]", {}), "edges": ("[PullRequestReviewCommentEdge]", {}),
        "pageInfo": ("PageInfo", {}), "totalCount": ("Int", {}),
    },
    "PullRequestReviewCommentEdge": {"cursor": ("String", {}), "node": ("PullRequestReviewComment", {})},
    "PageInfo": {"hasNextPage": ("Boolean", {}), "hasPreviousPage": ("Boolean", {}),
                 "startCursor": ("String", {}), "endCursor": ("String", {})},
    "PullRequestReviewThread": {
        "id": ("ID", {}), "isResolved": ("Boolean", {}), "isOutdated": ("Boolean", {}),
        "isCollapsed": ("Boolean", {}), "path": ("String", {}), "line": ("Int", {}), "originalLine": ("Int", {}),
        "startLine": ("Int", {}), "diffSide": ("DiffSide", {}),
        "subjectType": ("PullRequestReviewThreadSubjectType", {}),
        "resolvedBy": ("User", {}), "viewerCanResolve": ("Boolean", {}), "viewerCanUnresolve": ("Boolean", {}),
        "comments": ("PullRequestReviewCommentConnection", {**_CONN, "skip": False}),
        "pullRequest": ("PullRequest", {}),
    },
    "PullRequestReviewComment": {
        "id": ("ID", {}), "databaseId": ("Int", {}), "fullDatabaseId": ("String", {}), "body": ("String", {}),
        "path": ("String", {}), "url": ("URI", {}), "createdAt": ("DateTime", {}), "updatedAt": ("DateTime", {}),
        "author": ("Actor", {}), "line": ("Int", {}), "originalLine": ("Int", {}), "outdated": ("Boolean", {}),
        "diffHunk": ("String", {}), "pullRequest": ("PullRequest", {}), "viewerDidAuthor": ("Boolean", {}),
    },
}
_ENUMS = {"PullRequestState", "DiffSide", "PullRequestReviewThreadSubjectType", "MergeQueueEntryState"}


class _GQLFieldError(Exception):
    def __init__(self, type_: str, message: str) -> None:
        super().__init__(message)
        self.type = type_


class GraphQLExecutor:
    """Executes one GraphQL document against a GitHubDouble (validate, then resolve)."""

    def __init__(self, gh: GitHubDouble, ctx: Token | None) -> None:
        self.gh = gh
        self.ctx = ctx
        self.errors: list[dict[str, Any]] = []
        self.frags: dict[str, GInline] = {}
        self.variables: dict[str, Any] = {}
        self.node_count = 0
        self.cost = QueryCost()

    # -- entry
    def run(self, query: str, variables: dict[str, Any], operation_name: str | None) -> dict[str, Any]:
        try:
            ops, self.frags = _Parser(query).document()
        except GraphQLSyntaxError as err:
            return {"errors": [{"message": str(err), "locations": [{"line": err.line, "column": err.column}]}]}
        verdict = check_request(query, variables, operation_name)  # what GitHub refuses before executing
        if verdict.errors:
            return {"errors": verdict.errors}
        if operation_name:
            ops = [o for o in ops if o["name"] == operation_name]
            if not ops:
                return {"errors": [{"message": f"No operation named \"{operation_name}\""}]}
        elif len(ops) > 1:
            return {"errors": [{"message": "An operation name is required"}]}
        op = ops[0]
        root = "Mutation" if op["type"] == "mutation" else "Query"
        self.variables = verdict.variables  # coerced, defaults applied
        self.cost = verdict.cost
        self.gh._charge_query(self.ctx, verdict.cost.points)
        self._unimplemented(root, op["selections"], [f"{op['type']} {op['name']}" if op["name"] else op["type"]])
        if self.errors:
            return {"errors": self.errors}
        data = self._resolve_selections(root, None, op["selections"], [])
        out: dict[str, Any] = {"data": data}
        if self.errors:
            out["errors"] = self.errors
        return out

    # -- the double's own gaps
    def _fields_of(self, type_name: str) -> dict[str, tuple[str, dict[str, bool]]]:
        if type_name in _INTERFACES:
            common: dict[str, tuple[str, dict[str, bool]]] | None = None
            for t in _INTERFACES[type_name]:
                f = _SCHEMA.get(t, {})
                common = dict(f) if common is None else {k: v for k, v in common.items() if k in f}
            if type_name == "Node":
                return {"id": ("ID", {})}
            return common or {}
        return _SCHEMA.get(type_name, {})

    def _unimplemented(self, type_name: str, selections: list[Any], path: list[Any]) -> None:
        """Fields and arguments GitHub has (the document passed GitHub's checks) that the double does
        not serve: an error in the answer, and an internal error the test fixture raises."""
        fields = self._fields_of(type_name)
        for sel in selections:
            if isinstance(sel, GSpread):
                sel = self.frags[sel.name]
            if isinstance(sel, GInline):
                cond = sel.type_condition or type_name
                if cond in _SCHEMA or cond in _INTERFACES:
                    self._unimplemented(cond, sel.selections, [*path, f"... on {cond}"])
                continue  # a type the double never resolves to: the fragment never applies, as on GitHub
            here = [*path, sel.alias]
            if sel.name == "__typename":
                continue
            missing = None
            if sel.name not in fields:
                missing = f"field '{sel.name}' on type '{type_name}'"
            elif unknown := [a for a in sel.args if a not in fields[sel.name][1]]:
                missing = f"argument '{unknown[0]}' of field '{type_name}.{sel.name}'"
            if missing is not None:
                message = f"The GitHub double does not implement {missing} (GitHub does)"
                self.errors.append({"path": here, "locations": [{"line": sel.line, "column": sel.column}],
                                    "extensions": {"code": "doubleNotImplemented"}, "message": message})
                self.gh.internal_errors.append(NotImplementedError(message))
            elif sel.selections:
                self._unimplemented(fields[sel.name][0].strip("[]!"), sel.selections, here)

    # -- execution
    def _arg(self, value: Any) -> Any:
        if isinstance(value, GVar):
            return self.variables.get(value.name)
        if isinstance(value, GEnum):
            return value.name
        if isinstance(value, list):
            return [self._arg(v) for v in value]
        if isinstance(value, dict):
            return {k: self._arg(v) for k, v in value.items()}
        return value

    def _resolve_selections(self, type_name: str, obj: Any, selections: list[Any], path: list[Any]) -> dict:
        out: dict[str, Any] = {}
        for sel in selections:
            if isinstance(sel, GSpread):
                sel = self.frags[sel.name]
            if isinstance(sel, GInline):
                cond = sel.type_condition or type_name
                if type_name == cond or type_name in _INTERFACES.get(cond, set()):
                    _merge(out, self._resolve_selections(type_name, obj, sel.selections, path))
                continue
            here = [*path, sel.alias]
            if sel.name == "__typename":
                out[sel.alias] = type_name
                continue
            rtype, _ = _SCHEMA[type_name][sel.name]
            args = {k: self._arg(v) for k, v in sel.args.items()}
            try:
                value = getattr(self, f"f_{type_name}_{sel.name}", None)
                value = value(obj, args) if value else self._default_field(type_name, obj, sel.name)
            except _GQLFieldError as err:
                self.errors.append({
                    "type": err.type, "path": here, "locations": [{"line": sel.line, "column": sel.column}],
                    "message": str(err),
                })
                out[sel.alias] = None
                continue
            out[sel.alias] = self._complete(rtype.strip("!"), value, sel, here)
        return out

    def _complete(self, rtype: str, value: Any, sel: GField, path: list[Any]) -> Any:
        if value is None:
            return None
        if rtype.startswith("["):
            inner = rtype[1:-1].strip("!")
            return [self._complete(inner, v, sel, [*path, i]) for i, v in enumerate(value)]
        if rtype in _SCALARS or rtype in _ENUMS:
            return value
        concrete, obj = value if rtype in _INTERFACES else (rtype, value)
        self.node_count += 1
        return self._resolve_selections(concrete, obj, sel.selections or [], path)

    def _default_field(self, type_name: str, obj: Any, name: str) -> Any:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        raise _GQLFieldError("INTERNAL", f"double cannot resolve {type_name}.{name}")

    # -- helpers
    def _gitobj(self, repo: Repo, sha: str, path: str | None) -> Any:
        api_oid = sha
        if path is None:
            return ("Commit", {"id": _node_id("C", int(sha[:12], 16) if re.fullmatch(r"[0-9a-f]{12,}", sha) else 1),
                               "oid": api_oid, "abbreviatedOid": api_oid[:7], "message": "", "repo": repo,
                               "url": f"{WEB}/{repo.full_name}/commit/{sha}"})
        data = self.gh._lookup(sha, path)
        if data is None:
            # a directory?
            prefix = path.rstrip("/") + "/"
            if path == "" or self._has_prefix(sha, prefix):
                oid = fake_sha(sha, path, "tree")
                return ("Tree", {"id": _node_id("T", int(oid[:12], 16)), "oid": oid, "abbreviatedOid": oid[:7],
                                 "repo": repo, "commit": sha})
            return None
        text = _as_text(data)
        oid = blob_sha(data)  # the git blob id: what GET .../git/blobs/{sha} takes
        truncated = text is not None and len(data) > GRAPHQL_TEXT_BYTES
        if truncated:
            text = utf8_prefix(data, GRAPHQL_TEXT_BYTES).decode()
        return ("Blob", {
            "id": _node_id("B", int(oid[:12], 16)), "oid": oid, "abbreviatedOid": oid[:7], "text": text,
            "isBinary": text is None, "byteSize": len(data), "isTruncated": truncated, "repo": repo, "commit": sha,
        })

    def _has_prefix(self, sha: str | None, prefix: str) -> bool:
        seen: set[str] = set()
        deleted: set[str] = set()
        while sha and sha in self.gh.trees and sha not in seen:
            seen.add(sha)
            for p, v in self.gh.trees[sha].files.items():
                if p.startswith(prefix) and p not in deleted:
                    if v is not None:
                        return True
                    deleted.add(p)
            sha = self.gh.trees[sha].parent
        return False

    def _actor_obj(self, login: str) -> Any:
        u = self.gh._ensure_user(login)
        kind = {"Bot": "Bot", "Organization": "Organization"}.get(u.type, "User")
        shown = login[:-5] if kind == "Bot" and login.endswith("[bot]") else login
        return (kind, {"login": shown, "url": f"{WEB}/{'apps/' + shown if kind == 'Bot' else shown}",
                       "avatarUrl": f"https://avatars.githubusercontent.com/u/{u.id}?v=4",
                       "id": _node_id({"Bot": "BOT", "Organization": "O"}.get(kind, "U"), u.id), "databaseId": u.id,
                       "resourcePath": f"/{shown}", "name": None})

    def _connection(self, items: list[Any], args: dict[str, Any], field: str) -> dict[str, Any]:
        first, last = args.get("first"), args.get("last")
        if first is None and last is None:
            raise _GQLFieldError(
                "MISSING_PAGINATION_BOUNDARIES",
                f"You must provide a `first` or `last` value to properly paginate the `{field}` connection.",
            )
        for key, n in (("first", first), ("last", last)):
            if n is not None and (not isinstance(n, int) or n < 0 or n > 100):
                raise _GQLFieldError(
                    "EXCESSIVE_PAGINATION",
                    f"Requesting {n} records on the `{field}` connection exceeds the `{key}` limit of 100 records.",
                )
        idx = list(range(len(items)))

        def decode(cursor: Any) -> int:
            try:
                return int(base64.b64decode(str(cursor)).decode().split(":")[-1])
            except (ValueError, UnicodeDecodeError) as err:
                raise _GQLFieldError("INVALID_CURSOR_ARGUMENTS", f"`{cursor}` does not appear to be a valid cursor."
                                     ) from err

        if args.get("after") is not None:
            a = decode(args["after"])
            idx = [i for i in idx if i > a]
        if args.get("before") is not None:
            b = decode(args["before"])
            idx = [i for i in idx if i < b]
        window = idx
        if first is not None:
            window = window[:first]
        if last is not None:
            window = window[-last:] if last else []
        skip = args.get("skip") or 0
        window = window[skip:]

        def cursor(i: int) -> str:
            return base64.b64encode(f"cursor:v2:{i}".encode()).decode()

        return {
            "nodes": [items[i] for i in window],
            "edges": [{"cursor": cursor(i), "node": items[i]} for i in window],
            "pageInfo": {
                "hasNextPage": bool(window) and window[-1] < idx[-1] if idx else False,
                "hasPreviousPage": bool(window) and window[0] > idx[0] if idx else False,
                "startCursor": cursor(window[0]) if window else None,
                "endCursor": cursor(window[-1]) if window else None,
            },
            "totalCount": len(items),
        }

    def _thread_obj(self, t: Thread) -> dict[str, Any]:
        gh = self.gh
        first = gh._review_comments[t.comment_ids[0]]
        pull = gh.pulls[(t.repo, t.number)]
        outdated = first["commit_id"] != pull.head_sha and _patch_of(pull, first["commit_id"], first["path"]) != (
            _patch_of(pull, pull.head_sha, first["path"])
        )
        return {
            "_thread": t, "id": t.id, "isResolved": t.is_resolved, "isOutdated": outdated, "isCollapsed": t.is_resolved,
            "path": first["path"], "line": None if outdated else first["line"], "originalLine": first["original_line"],
            "startLine": first["start_line"], "diffSide": first["side"], "subjectType": "LINE",
            "viewerCanResolve": not t.is_resolved, "viewerCanUnresolve": t.is_resolved, "_pull": pull,
        }

    def _comment_obj(self, cid: int) -> dict[str, Any]:
        c = self.gh._review_comments[cid]
        loc = self.gh._review_comment_loc[cid]
        pull = self.gh.pulls[loc]
        return {
            "_c": c, "id": c["node_id"], "databaseId": c["id"], "fullDatabaseId": str(c["id"]), "body": c["body"],
            "path": c["path"], "url": c["html_url"], "createdAt": c["created_at"], "updatedAt": c["updated_at"],
            "line": c["line"], "originalLine": c["original_line"], "outdated": c["commit_id"] != pull.head_sha,
            "diffHunk": c["diff_hunk"], "_pull": pull,
            # whether the token's own account wrote it: GitHub's exact "is this mine?"
            "viewerDidAuthor": c["user"]["login"] == self.gh._actor(self.ctx),
        }

    def _pull_obj(self, p: Pull) -> dict[str, Any]:
        return {
            "_pull": p, "id": _node_id("PR", p.id), "databaseId": p.id, "number": p.number, "title": p.title,
            "url": f"{WEB}/{p.repo.full_name}/pull/{p.number}", "state": p.state.upper(), "isDraft": p.draft,
            "headRefOid": p.head_sha, "headRefName": p.head_ref, "baseRefName": p.base_ref, "baseRefOid": p.base_sha,
        }

    def _visible(self, repo: Repo) -> bool:
        try:
            self.gh._repo_for(self.ctx, repo.owner, repo.name)
        except HTTPError:
            return False
        return True

    # -- resolvers
    def f_Query_repository(self, _: Any, args: dict[str, Any]) -> Any:
        owner, name = args.get("owner"), args.get("name")
        r = self.gh.repos.get(f"{owner}/{name}")
        if r is None or not self._visible(r):
            raise _GQLFieldError("NOT_FOUND", f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        return {"_repo": r, "id": _node_id("R", r.id), "databaseId": r.id, "name": r.name,
                "nameWithOwner": r.full_name, "isPrivate": r.private, "url": f"{WEB}/{r.full_name}"}

    def f_Query_rateLimit(self, _: Any, args: dict[str, Any]) -> Any:
        b = self.gh.rate["graphql"]
        return {"limit": b["limit"], "cost": self.cost.points, "remaining": max(0, b["limit"] - b["used"]),
                "resetAt": iso(datetime.fromtimestamp(b["reset"], UTC)), "used": b["used"],
                "nodeCount": self.cost.nodes}

    def f_Query_viewer(self, _: Any, args: dict[str, Any]) -> Any:
        return self._actor_obj(self.gh._actor(self.ctx))[1]

    def _node_by_id(self, nid: Any) -> Any:
        t = self.gh._threads.get(str(nid))
        if t is not None and self._visible(self.gh.repos[t.repo]):
            return ("PullRequestReviewThread", self._thread_obj(t))
        for cid, c in self.gh._review_comments.items():
            if c["node_id"] == nid:
                return ("PullRequestReviewComment", self._comment_obj(cid))
        raise _GQLFieldError("NOT_FOUND", f"Could not resolve to a node with the global id of '{nid}'")

    def f_Query_node(self, _: Any, args: dict[str, Any]) -> Any:
        return self._node_by_id(args["id"])

    def f_Query_nodes(self, _: Any, args: dict[str, Any]) -> Any:
        return [self._node_by_id(i) for i in args["ids"] or []]

    def f_Repository_owner(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._actor_obj(repo["_repo"].owner)

    def f_Repository_defaultBranchRef(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r = repo["_repo"]
        return {"id": _node_id("REF", r.id), "name": r.default_branch, "prefix": "refs/heads/", "_repo": r,
                "_sha": r.branches[r.default_branch]}

    def f_Repository_ref(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r = repo["_repo"]
        name = str(args["qualifiedName"]).removeprefix("refs/heads/")
        if name not in r.branches:
            return None
        return {"id": _node_id("REF", r.id + len(name)), "name": name, "prefix": "refs/heads/", "_repo": r,
                "_sha": r.branches[name]}

    def f_Ref_target(self, ref: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._gitobj(ref["_repo"], ref["_sha"], None)

    def f_Repository_object(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r: Repo = repo["_repo"]
        if args.get("oid"):
            sha = self.gh._resolve(r, args["oid"])
            return self._gitobj(r, sha, None) if sha else None
        expr = args.get("expression")
        if not isinstance(expr, str):
            return None
        rev, sep, path = expr.partition(":")
        sha = self.gh._resolve(r, rev or r.default_branch)
        if sha is None:
            return None
        return self._gitobj(r, sha, path if sep else None)

    def f_Repository_pullRequest(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r = repo["_repo"]
        p = self.gh.pulls.get((r.full_name, args["number"]))
        if p is None:
            raise _GQLFieldError("NOT_FOUND",
                                 f"Could not resolve to a PullRequest with the number of {args['number']}.")
        return self._pull_obj(p)

    def f_Repository_mergeQueue(self, repo: dict[str, Any], args: dict[str, Any]) -> Any:
        r: Repo = repo["_repo"]
        branch = str(args.get("branch") or r.default_branch).removeprefix("refs/heads/")
        if (r.full_name, branch) not in self.gh.merge_queues:
            return None  # GitHub: null where the branch has no merge queue
        return {"_repo": r, "_branch": branch, "id": _node_id("MQ", int(fake_sha(r.full_name, branch)[:12], 16)),
                "url": f"{WEB}/{r.full_name}/queue/{branch}", "resourcePath": f"/{r.full_name}/queue/{branch}",
                "nextEntryEstimatedTimeToMerge": None}

    def _mq_entries(self, r: Repo, branch: str) -> list[dict[str, Any]]:
        out = []
        for i, e in enumerate(self.gh.merge_queues.get((r.full_name, branch), [])):
            nid = _node_id("MQE", int(fake_sha(r.full_name, branch, e["number"])[:12], 16))
            out.append({
                "_entry": e, "_repo": r, "id": nid,
                "position": i + 1, "state": e["state"], "enqueuedAt": e["enqueued_at"], "jump": False,
                "solo": False, "estimatedTimeToMerge": None,
            })
        return out

    def f_MergeQueue_entries(self, mq: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._connection(self._mq_entries(mq["_repo"], mq["_branch"]), args, "entries")

    def f_MergeQueueEntry_headCommit(self, e: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._gitobj(e["_repo"], e["_entry"]["head_sha"], None)[1]

    def f_MergeQueueEntry_baseCommit(self, e: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._gitobj(e["_repo"], e["_entry"]["base_sha"], None)[1]

    def f_MergeQueueEntry_pullRequest(self, e: dict[str, Any], args: dict[str, Any]) -> Any:
        p = self.gh.pulls.get((e["_repo"].full_name, e["_entry"]["number"]))
        return None if p is None else self._pull_obj(p)

    def f_MergeQueueEntry_enqueuer(self, e: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._actor_obj(e["_entry"]["enqueuer"])

    def f_PullRequest_mergeQueueEntry(self, pr: dict[str, Any], args: dict[str, Any]) -> Any:
        p: Pull = pr["_pull"]
        return next((e for e in self._mq_entries(p.repo, p.base_ref) if e["_entry"]["number"] == p.number), None)

    def f_PullRequest_isInMergeQueue(self, pr: dict[str, Any], args: dict[str, Any]) -> Any:
        return self.f_PullRequest_mergeQueueEntry(pr, args) is not None

    def f_Blob_repository(self, obj: dict[str, Any], args: dict[str, Any]) -> Any:
        return self.f_Query_repository(None, {"owner": obj["repo"].owner, "name": obj["repo"].name})

    f_Tree_repository = f_Blob_repository
    f_Commit_repository = f_Blob_repository

    def f_Blob_commitUrl(self, obj: dict[str, Any], args: dict[str, Any]) -> Any:
        return f"{WEB}/{obj['repo'].full_name}/commit/{obj.get('commit', obj['oid'])}"

    f_Tree_commitUrl = f_Blob_commitUrl
    f_Commit_commitUrl = f_Blob_commitUrl

    def f_Blob_commitResourcePath(self, obj: dict[str, Any], args: dict[str, Any]) -> Any:
        return f"/{obj['repo'].full_name}/commit/{obj.get('commit', obj['oid'])}"

    f_Tree_commitResourcePath = f_Blob_commitResourcePath
    f_Commit_commitResourcePath = f_Blob_commitResourcePath

    def f_PullRequest_author(self, pr: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._actor_obj(pr["_pull"].author)

    def f_PullRequest_reviewThreads(self, pr: dict[str, Any], args: dict[str, Any]) -> Any:
        p: Pull = pr["_pull"]
        threads = [self._thread_obj(t) for t in self.gh._threads.values() if (t.repo, t.number) == (
            p.repo.full_name, p.number)]
        return self._connection(threads, args, "reviewThreads")

    def f_PullRequestReviewThread_comments(self, t: dict[str, Any], args: dict[str, Any]) -> Any:
        items = [self._comment_obj(c) for c in t["_thread"].comment_ids]
        return self._connection(items, args, "comments")

    def f_PullRequestReviewThread_resolvedBy(self, t: dict[str, Any], args: dict[str, Any]) -> Any:
        login = t["_thread"].resolved_by
        return None if login is None else self._actor_obj(login)[1]

    def f_PullRequestReviewThread_pullRequest(self, t: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._pull_obj(t["_pull"])

    def f_PullRequestReviewComment_author(self, c: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._actor_obj(c["_c"]["user"]["login"])

    def f_PullRequestReviewComment_pullRequest(self, c: dict[str, Any], args: dict[str, Any]) -> Any:
        return self._pull_obj(c["_pull"])

    def _set_resolved(self, args: dict[str, Any], resolved: bool) -> Any:
        data = args.get("input") or {}
        tid = data.get("threadId")
        t = self.gh._threads.get(str(tid))
        if t is None or not self._visible(self.gh.repos[t.repo]):
            raise _GQLFieldError("NOT_FOUND", f"Could not resolve to a node with the global id of '{tid}'")
        if self.ctx is not None and self.ctx.kind == "installation":
            inst = self.gh.installations.get(self.ctx.installation_id or -1)
            if inst is None or inst.permissions.get("pull_requests") != "write":
                raise _GQLFieldError("FORBIDDEN", "Resource not accessible by integration")
        t.is_resolved = resolved
        t.resolved_by = self.gh._actor(self.ctx) if resolved else None
        return {"clientMutationId": data.get("clientMutationId"), "thread": self._thread_obj(t)}

    def f_Mutation_resolveReviewThread(self, _: Any, args: dict[str, Any]) -> Any:
        return self._set_resolved(args, True)

    def f_Mutation_unresolveReviewThread(self, _: Any, args: dict[str, Any]) -> Any:
        return self._set_resolved(args, False)


def _patch_of(pull: Pull, sha: str, path: str) -> str | None:
    v = pull.version(sha)
    spec = v.files.get(path) if v else None
    return spec.patch if spec else None


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    for k, v in new.items():
        if k in into and isinstance(into[k], dict) and isinstance(v, dict):
            _merge(into[k], v)
        else:
            into[k] = v
