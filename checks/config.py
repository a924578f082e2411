"""A repository's `.github/constraint-guard.yml`, validated, and merged over the packs."""

from __future__ import annotations

import difflib
import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from checks.model import GateId, Severity, SignoffRule
from checks.policy import PolicyError, PolicyPack, Signoff
from checks.targets import MAX_FILE_BYTES, SCAN_TIMEOUT_SECONDS

if TYPE_CHECKING:
    from checks import yamldoc

MAX_PROBLEMS = 50  # a pathological file (a list of 10,000 wrong items) still fits a terminal


def glob_problem(pattern: str) -> str | None:
    """Why `pattern` is not a usable path glob, or None. The glob engine reads an unclosed
    `[` or `{` as a literal, so a typo would silently match nothing."""
    if not pattern:
        return "an empty glob matches nothing"
    if pattern.startswith("/"):
        return "globs are relative to the repository root (drop the leading '/')"
    i, braces = 0, []
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = i + 1
            j += pattern[j:j + 1] in ("!", "^")
            j += pattern[j:j + 1] == "]"
            close = pattern.find("]", j)
            if close < 0:
                return f"the '[' at column {i + 1} is never closed (write '[[]' for a literal '[')"
            i = close + 1
            continue
        if c == "{":
            braces.append(i)
        elif c == "}" and braces:
            braces.pop()
        i += 1
    if braces:
        return f"the '{{' at column {braces[0] + 1} is never closed"
    return None


def _checked_glob(pattern: str) -> str:
    problem = glob_problem(pattern)
    if problem:
        raise ValueError(f"expected a path glob, got {pattern!r}: {problem}")
    return pattern


Glob = Annotated[str, AfterValidator(_checked_glob)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GateConfig(_Strict):
    """Per-gate settings of a repository."""

    enabled: bool = True
    paths: tuple[Glob, ...] = ()  # extra path globs that open the gate
    exclude: tuple[Glob, ...] = ()  # extra globs that never open it
    signoff: Signoff | None = None  # replaces the pack's default sign-off requirement


class RulesConfig(_Strict):
    """Rule selection: disable rules or change their severity."""

    disable: tuple[str, ...] = ()
    severity: dict[str, Severity] = {}


class PathsConfig(_Strict):
    """Files left out of the scan entirely (reported as skips, never silently)."""

    ignore: tuple[Glob, ...] = ()


class ReviewConfig(_Strict):
    """How the App behaves on a pull request."""

    drafts: bool = False
    max_inline_comments: int = Field(default=30, ge=0, le=500)


class LimitsConfig(_Strict):
    """Bounds that keep one review from stalling the rest."""

    max_file_bytes: int = Field(default=MAX_FILE_BYTES, ge=1_000, le=50_000_000)
    scan_timeout_seconds: int = Field(default=SCAN_TIMEOUT_SECONDS, ge=5, le=3_600)


def _checked_url(url: str) -> str:
    if not url.startswith(("https://", "http://")) or len(url) < 10:
        raise ValueError(f"expected an http(s) base URL such as https://pypi.org, got {url!r}")
    return url.rstrip("/")


BaseUrl = Annotated[str, AfterValidator(_checked_url)]


class RegistriesConfig(_Strict):
    """Where new dependency names are looked up (mirrors for GHES and closed networks)."""

    enabled: bool = True
    pypi: BaseUrl = "https://pypi.org"  # serves /pypi/<name>/json
    npm: BaseUrl = "https://registry.npmjs.org"
    go: BaseUrl = "https://proxy.golang.org"  # a GOPROXY
    crates: BaseUrl = "https://crates.io"  # serves /api/v1/crates/<name>
    maven: BaseUrl = "https://search.maven.org"  # serves /solrsearch/select
    timeout_seconds: float = Field(default=3, gt=0, le=60)  # per request
    ignore: tuple[str, ...] = ()  # globs of private names never looked up (`@acme/*`, `com.acme:*`)


class AgentIdentity(_Strict):
    """An identity whose commits count as agent-written: an email, a name, or both (globs)."""

    email: str | None = None  # e.g. "bot@agents.acme.dev" or "*@agents.acme.dev"
    name: str | None = None  # e.g. "acme-coder[bot]"

    @model_validator(mode="after")
    def _something(self) -> AgentIdentity:
        if not self.email and not self.name:
            raise ValueError("expected an email, a name or both (globs allowed), got neither")
        return self


class AgentsConfig(_Strict):
    """Agent-written changes: who else counts as an agent, and what such a change needs.

    Without `count` or `always`, agent-written commits are reported and nothing else changes.
    """

    detect: tuple[AgentIdentity, ...] = ()  # beyond the known agents of checks/agents.py
    count: int | None = Field(default=None, ge=1, le=10)  # sign-offs every open gate then needs
    always: tuple[GateId, ...] = ()  # gates that open on every agent-written change


class RepoConfig(_Strict):
    """Version 1 of the repository configuration."""

    version: Literal[1] = 1
    gates: dict[GateId, GateConfig] = {}
    rules: RulesConfig = RulesConfig()
    paths: PathsConfig = PathsConfig()
    review: ReviewConfig = ReviewConfig()
    limits: LimitsConfig = LimitsConfig()
    registries: RegistriesConfig = RegistriesConfig()
    agents: AgentsConfig = AgentsConfig()

    def gate(self, gate: GateId) -> GateConfig:
        return self.gates.get(gate, GateConfig())

    def signoff_for(self, pack: PolicyPack) -> SignoffRule:
        """The repo's override if any, else the pack's default."""
        chosen = self.gate(pack.id).signoff or pack.signoff
        return SignoffRule(
            teams=tuple(chosen.teams),
            users=tuple(chosen.users),
            min_permission=chosen.min_permission,
            count=chosen.count,
            codeowners=chosen.codeowners,
        )


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a config: where (file, line, key) and what was expected."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(PolicyError):
    """Every problem of a config file, one per line (a PolicyError naming the first)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0]
        super().__init__(first.file, first.key, first.message)
        shown = [str(p) for p in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"{first.file}: ... and {len(problems) - MAX_PROBLEMS} more problems")
        self.problems = tuple(problems)
        self.args = ("\n".join(shown),)


_LIST_OF = {
    "paths": "a list of globs",
    "exclude": "a list of globs",
    "ignore": "a list of globs",
    "disable": "a list of rule ids",
    "teams": "a list of team names",
    "users": "a list of user logins",
    "detect": "a list of identities ({email, name})",
    "always": "a list of gate ids",
}


def _got(value: Any) -> str:
    """A value as a user would name what they wrote."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _shown(value: Any) -> str:
    """The value itself when short and plain, else its kind."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _got(value)


def _model_at(path: Sequence[str | int]) -> type[BaseModel] | None:
    """The config model that sits at a key path, to list the keys allowed there."""
    tp: Any = RepoConfig
    for part in path:
        tp = _unoptional(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return None
            tp = field.annotation
        elif get_origin(tp) in (dict, tuple):
            tp = get_args(tp)[-1] if get_origin(tp) is dict else get_args(tp)[0]
        else:
            return None
    tp = _unoptional(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _unoptional(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _keys(model: type[BaseModel]) -> str:
    return ", ".join(model.model_fields)


def _message(err: dict[str, Any], path: tuple[str | int, ...]) -> str:
    """pydantic's error as what was wrong and what is expected."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    last = str(path[-1]) if path else ""
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        allowed = list(model.model_fields) if model else []
        close = difflib.get_close_matches(last, allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown key{hint}; expected one of {', '.join(allowed)}" if allowed else f"unknown key{hint}"
    if kind == "missing":
        return "required key is missing"
    if kind in ("tuple_type", "list_type"):
        noun = _LIST_OF.get(last, "a list")
        hint = f" (for one, write [{value!r}])" if isinstance(value, str) else ""
        return f"expected {noun}, got {_got(value)}{hint}"
    if kind in ("model_type", "dict_type"):
        model = _model_at(path)
        keys = f" ({_keys(model)})" if model else ""
        return f"expected a mapping{keys}, got {_got(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {_shown(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_shown(value)}"
    if kind == "string_type":
        return f"expected a string, got {_got(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = "at least" if kind == "greater_than_equal" else "at most"
        limit = ctx.get("ge", ctx.get("le"))
        got = f"{value:,}" if isinstance(value, int) else _shown(value)
        return f"expected a number {bound} {limit:,}, got {got}" if isinstance(limit, int) else str(err["msg"])
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        return f"expected {'one of ' if ' or ' in expected else ''}{expected}, got {_shown(value)}"
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return f"{err['msg']} (got {_shown(value)})"


def _key_name(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if part else '""'
            out += f".{name}" if out else name
    return out


def _problem(file: str, doc: yamldoc.Document, err: dict[str, Any]) -> Problem:
    loc = tuple(err["loc"])
    on_key = "[key]" in loc or err["type"] == "extra_forbidden"
    path = tuple(p for p in loc if p != "[key]")
    return Problem(file, doc.line_of(path, key=on_key), _key_name(path), _message(err, path))


def parse_config(file: str, text: str) -> RepoConfig:
    """Validate a repository config's YAML text; an empty file means all defaults.
    ConfigError lists every problem, each with its line and key."""
    from checks import yamldoc  # YAML loads only for a config there is: most reviews have none

    try:
        doc = yamldoc.load(text)
    except yamldoc.YamlSyntaxError as exc:
        raise ConfigError([Problem(file, None, "", str(exc))]) from exc
    if doc.data is None:
        return RepoConfig()
    if not isinstance(doc.data, dict):
        expected = f"expected a mapping at the top level ({_keys(RepoConfig)}), got {_got(doc.data)}"
        raise ConfigError([Problem(file, doc.line_of(()), "", expected)])
    problems = [
        Problem(file, node.start_mark.line + 1, _key_name(doc.path_of(node)),
                "repeated key (the later one would silently replace the earlier)")
        for node in doc.repeated
    ]
    config: RepoConfig | None = None
    try:
        config = RepoConfig.model_validate(doc.data)
    except ValidationError as exc:
        problems += [_problem(file, doc, dict(e)) for e in exc.errors()]
    if problems or config is None:
        raise ConfigError(sorted(problems, key=lambda p: p.line or 0))
    return config
