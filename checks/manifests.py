"""The dependencies a change adds to its manifests, each on the line that added it (pure).

A dependency counts as added when its name is on an added line of the head and was not
declared in the base of any manifest of the same ecosystem that the change touches (so a
version bump, a re-ordering or a move from `requirements.txt` to `pyproject.toml` is not a
new dependency). Entries that do not come from the public registry (paths, URLs, git,
workspace members, the project's own modules) are left out: they cannot be squatted there.
"""

from __future__ import annotations

import bisect
import enum
import json
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from xml.parsers import expat

from checks.diff import FileChange, FileStatus
from checks.model import Skip
from checks.snapshot import Snapshot


class Ecosystem(enum.StrEnum):
    """A public registry that dependency names are looked up in."""

    PYPI = "pypi"
    NPM = "npm"
    GO = "go"
    CRATES = "crates"
    MAVEN = "maven"

    @property
    def label(self) -> str:
        """The registry's name as a user knows it."""
        return {
            "pypi": "PyPI", "npm": "npm", "go": "the Go module proxy", "crates": "crates.io",
            "maven": "Maven Central",
        }[self.value]

    @property
    def noun(self) -> str:
        """What one of its entries is called."""
        return {
            "pypi": "PyPI package", "npm": "npm package", "go": "Go module", "crates": "crate",
            "maven": "Maven artifact",
        }[self.value]


_PEP503 = re.compile(r"[-_.]+")


def name_key(ecosystem: Ecosystem, name: str) -> str:
    """The name as the registry compares it: PyPI folds case and separators, crates.io
    folds case and `-`/`_`; npm, Go and Maven names are exact."""
    if ecosystem is Ecosystem.PYPI:
        return _PEP503.sub("-", name).lower()
    if ecosystem is Ecosystem.CRATES:
        return name.lower().replace("_", "-")
    return name


@dataclass(frozen=True)
class Dependency:
    """A dependency name a change adds, where it was added (lines `line`..`end_line`)."""

    ecosystem: Ecosystem
    name: str
    path: str
    line: int
    end_line: int

    @property
    def key(self) -> str:
        return name_key(self.ecosystem, self.name)


class ManifestError(ValueError):
    """A manifest that cannot be read (bad TOML, JSON or XML); reported as a skip."""


@dataclass(frozen=True)
class _Entry:
    """A declared dependency: its registry name and every (start, end) line span naming it."""

    name: str
    spans: tuple[tuple[int, int], ...]


_Parser = Callable[[str], list[_Entry]]


# --- requirements*.txt ---------------------------------------------------------------------

_COMMENT = re.compile(r"(^|\s)#.*$")
_TRAILING_OPTION = re.compile(r"\s+--?[A-Za-z].*$")  # `pkg==1 --hash=sha256:...`
_LOCAL = re.compile(r"^(\.{0,2}/|~|[A-Za-z][A-Za-z0-9+.-]*://|\$\{)|\.(whl|zip|tar\.gz|tgz|tar\.bz2)$")


def _requirement_name(spec: str) -> str | None:
    """The PyPI name of a PEP 508 string, or None for URLs, paths and what is not one."""
    spec = spec.strip()
    if not spec or _LOCAL.search(spec):
        return None
    # imported here: packaging costs ~20 ms of start-up that a change without manifests skips
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        req = Requirement(spec)
    except InvalidRequirement:
        return None
    return None if req.url else req.name


def _requirements(text: str) -> list[_Entry]:
    entries: list[_Entry] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        start, logical = i, lines[i]
        while logical.endswith("\\") and i + 1 < len(lines):  # continuation lines
            i += 1
            logical = logical[:-1] + " " + lines[i]
        i += 1
        logical = _COMMENT.sub("", logical).strip()
        if not logical or logical.startswith("-"):  # -r/-c includes, -e, --index-url, ...
            continue
        name = _requirement_name(_TRAILING_OPTION.sub("", logical))
        if name:
            entries.append(_Entry(name, ((start + 1, i),)))
    return entries


# --- TOML: pyproject.toml and Cargo.toml ---------------------------------------------------

_TOML_HEADER = re.compile(r"^\s*\[\[?\s*(?P<name>[^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_PART = re.compile(r"\s*(\"(?:[^\"\\]|\\.)*\"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)")


def _toml_table(header: str) -> tuple[str, ...]:
    parts: list[str] = []
    pos = 0
    while pos < len(header):
        m = _TOML_PART.match(header, pos)
        if not m or m.end() == pos:
            return tuple(parts)
        parts.append(m.group(1).strip("\"'"))
        pos = m.end()
    return tuple(parts)


class _TomlLines:
    """Which table each line of a TOML text is in, to point at a declared key or string."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.table: list[tuple[str, ...]] = []
        current: tuple[str, ...] = ()
        for line in self.lines:
            m = _TOML_HEADER.match(line)
            if m:
                current = _toml_table(m.group("name"))
            self.table.append(current)

    def key(self, table: tuple[str, ...], key: str) -> tuple[tuple[int, int], ...]:
        """Spans declaring `key` in `table`: `key = ...`, `key.version = ...`, `[table.key]`."""
        assignment = re.compile(rf"^\s*([\"']?){re.escape(key)}\1\s*[=.]")
        spans = []
        for n, line in enumerate(self.lines):
            if self.table[n] == table and assignment.match(line) and not _TOML_HEADER.match(line):
                spans.append((n + 1, n + 1))
            elif self.table[n] == (*table, key) and (n == 0 or self.table[n - 1] != self.table[n]):
                end = n
                while end + 1 < len(self.lines) and self.table[end + 1] == self.table[n]:
                    end += 1
                spans.append((n + 1, end + 1))
        return tuple(spans)

    def string(self, table_prefix: tuple[str, ...], value: str) -> tuple[tuple[int, int], ...]:
        """Lines holding the string literal `value` in a table starting with `table_prefix`."""
        quoted = (f'"{value}"', f"'{value}'")
        return tuple(
            (n + 1, n + 1)
            for n, line in enumerate(self.lines)
            if self.table[n][: len(table_prefix)] == table_prefix and any(q in line for q in quoted)
        )


def _load_toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"not valid TOML ({exc})") from exc


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _pep508_entries(loc: _TomlLines, prefix: tuple[str, ...], specs: Iterable[Any], own: str) -> list[_Entry]:
    out = []
    for spec in specs:
        if not isinstance(spec, str):
            continue  # PEP 735 `{include-group = "..."}`
        name = _requirement_name(spec)
        if name and name_key(Ecosystem.PYPI, name) != own:  # `myproj[extra]`: a self-reference
            out.append(_Entry(name, loc.string(prefix, spec)))
    return out


_NOT_FROM_INDEX = ("path", "git", "url", "file", "develop")


def _pyproject(text: str) -> list[_Entry]:
    data = _load_toml(text)
    loc = _TomlLines(text)
    project = _dict(data.get("project"))
    own = name_key(Ecosystem.PYPI, str(project.get("name", "")))
    entries = _pep508_entries(loc, ("project",), project.get("dependencies") or [], own)
    for group in _dict(project.get("optional-dependencies")).values():
        entries += _pep508_entries(loc, ("project",), group or [], own)
    entries += _pep508_entries(loc, ("build-system",), _dict(data.get("build-system")).get("requires") or [], own)
    for group in _dict(data.get("dependency-groups")).values():
        entries += _pep508_entries(loc, ("dependency-groups",), group or [], own)
    poetry = _dict(_dict(data.get("tool")).get("poetry"))
    sources = {str(s.get("name")): s for s in poetry.get("source") or [] if isinstance(s, dict)}
    tables: list[tuple[tuple[str, ...], dict[str, Any]]] = [
        (("tool", "poetry", "dependencies"), _dict(poetry.get("dependencies"))),
        (("tool", "poetry", "dev-dependencies"), _dict(poetry.get("dev-dependencies"))),
    ]
    for gname, group in _dict(poetry.get("group")).items():
        tables.append((("tool", "poetry", "group", gname, "dependencies"), _dict(_dict(group).get("dependencies"))))
    for table, deps in tables:
        for name, spec in deps.items():
            if name_key(Ecosystem.PYPI, name) in ("python", own):
                continue
            variants = spec if isinstance(spec, list) else [spec]
            tables_of = [v for v in variants if isinstance(v, dict)]
            if any(k in v for v in tables_of for k in _NOT_FROM_INDEX):
                continue
            # a dependency pinned to a non-PyPI source (a private index) is not looked up on PyPI
            if any(v.get("source") in sources and v.get("source") != "pypi" for v in tables_of):
                continue
            entries.append(_Entry(name, loc.key(table, name)))
    return entries


_CARGO_KINDS = ("dependencies", "dev-dependencies", "build-dependencies")


def _cargo(text: str) -> list[_Entry]:
    data = _load_toml(text)
    loc = _TomlLines(text)
    tables: list[tuple[tuple[str, ...], dict[str, Any]]] = []
    for kind in _CARGO_KINDS:
        tables.append(((kind,), _dict(data.get(kind))))
    tables.append((("workspace", "dependencies"), _dict(_dict(data.get("workspace")).get("dependencies"))))
    for target, body in _dict(data.get("target")).items():
        for kind in _CARGO_KINDS:
            tables.append((("target", target, kind), _dict(_dict(body).get(kind))))
    entries = []
    for table, deps in tables:
        for key, spec in deps.items():
            name = key
            if isinstance(spec, dict):
                # path/git deps and alternative registries are not on crates.io; `workspace =
                # true` inherits the entry declared (and checked) in the workspace root
                if any(k in spec for k in ("path", "git", "registry", "registry-index", "workspace")):
                    continue
                name = str(spec.get("package", key))
            elif not isinstance(spec, str):
                continue
            entries.append(_Entry(name, loc.key(table, key)))
    return entries


# --- package.json ----------------------------------------------------------------------------

_NPM_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
_NPM_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
_NPM_LOCAL = re.compile(r"^(file:|link:|git\+|git:|github:|gitlab:|bitbucket:|gist:|workspace:|portal:|patch:|exec:"
                        r"|https?:|\.{0,2}/|~)|/")


def _json_key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Line (1-based) of every object key, by its key path, from a tolerant token scan."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: dict[tuple[str, ...], int] = {}
    stack: list[tuple[str, str | None]] = []  # (container "{"/"[", key it sits under)
    pending: str | None = None  # last string seen where a key may stand
    pending_at = 0
    last_key: str | None = None
    for m in _NPM_TOKEN.finditer(text):
        tok = m.group(0)
        if tok in "{[":
            stack.append((tok, last_key))
            last_key = pending = None
        elif tok in "}]":
            if stack:
                stack.pop()
            last_key = pending = None
        elif tok == ":":
            if pending is not None and stack and stack[-1][0] == "{":
                path = tuple(k for _, k in stack[1:] if k is not None) + (pending,)
                found.setdefault(path, bisect.bisect_right(starts, pending_at))
                last_key = pending
            pending = None
        elif tok == ",":
            last_key = pending = None
        elif tok.startswith('"'):
            try:
                pending, pending_at = json.loads(tok), m.start()
            except ValueError:
                pending = None
    return found


def _npm_alias(spec: str) -> str | None:
    """`npm:real-name@^1.2` -> `real-name` (an alias installs another package)."""
    target = spec.removeprefix("npm:")
    at = target.rfind("@")
    return target[:at] if at > 0 else target


def _package_json(text: str) -> list[_Entry]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ManifestError(f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        return []
    lines = _json_key_lines(text)
    own = str(data.get("name") or "")
    own_scope = own.split("/", 1)[0] + "/" if own.startswith("@") and "/" in own else None
    entries = []
    for section in _NPM_SECTIONS:
        for key, spec in _dict(data.get(section)).items():
            spec = spec if isinstance(spec, str) else ""
            name: str | None = key
            if spec.startswith("npm:"):
                name = _npm_alias(spec)
            elif _NPM_LOCAL.search(spec):
                continue
            if not name or (own_scope and name.startswith(own_scope)):  # a workspace sibling
                continue
            line = lines.get((section, key))
            entries.append(_Entry(name, ((line, line),) if line else ()))
    return entries


# --- go.mod -----------------------------------------------------------------------------------

_GO_DIRECTIVE = re.compile(r"^\s*(module|go|toolchain|require|replace|exclude|retract|godebug|tool|ignore)\b\s*(.*)$")
_GO_REQUIRE = re.compile(r"^\s*(?P<mod>\"[^\"]+\"|[^\s\"(]+)\s+(?P<ver>v\S+)\s*(?P<comment>//.*)?$")


def _go_mod(text: str) -> list[_Entry]:
    requires: list[_Entry] = []
    local_replaced: set[str] = set()
    own = ""
    block: str | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if block is not None and line.startswith(")"):
            block = None
            continue
        directive = _GO_DIRECTIVE.match(raw) if block is None else None
        body = raw
        kind = block
        if directive:
            kind, body = directive.group(1), directive.group(2)
            if body.strip() == "(":
                block = kind
                continue
            if kind == "module":
                own = body.strip().strip('"')
        if kind == "replace" and "=>" in body:
            old, new = (s.split() for s in body.split("=>", 1))
            if old and new and new[0].startswith(("./", "../", "/")):
                local_replaced.add(old[0].strip('"'))
            continue
        if kind not in ("require", None):
            continue
        m = _GO_REQUIRE.match(body)
        # `// indirect` entries were resolved by the go tool from a real module's requirements
        if not m or "indirect" in (m.group("comment") or ""):
            continue
        module = m.group("mod").strip('"')
        first = module.split("/", 1)[0]
        if "." not in first:  # `example/foo`: not fetchable from any proxy, so a replaced module
            continue
        requires.append(_Entry(module, ((n, n),)))
    return [e for e in requires if e.name not in local_replaced and not (own and e.name.startswith(own + "/"))]


# --- pom.xml ----------------------------------------------------------------------------------


def _pom(text: str) -> list[_Entry]:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[str] = []
    current: list[dict[str, Any]] = []  # open <dependency>/<plugin> records
    found: list[dict[str, Any]] = []
    own_groups: set[str] = set()
    chars: list[str] = []

    def refuse_doctype(*_: object) -> None:
        # a POM never needs a DTD; refusing one rules out entity expansion attacks (XXE)
        raise ManifestError("has a DOCTYPE declaration: not parsed")

    def start(tag: str, _attrs: dict[str, str]) -> None:
        tag = tag.rsplit(":", 1)[-1]
        stack.append(tag)
        chars.clear()
        if tag in ("dependency", "plugin", "extension"):
            current.append({"kind": tag, "start": parser.CurrentLineNumber, "depth": len(stack)})

    def end(tag: str) -> None:
        tag = tag.rsplit(":", 1)[-1]
        value = "".join(chars).strip()
        chars.clear()
        if current and len(stack) == current[-1]["depth"] + 1 and tag in ("groupId", "artifactId", "scope"):
            current[-1][tag] = value
        if tag == "groupId" and stack[:-1] in (["project"], ["project", "parent"]):
            own_groups.add(value)
        if current and len(stack) == current[-1]["depth"] and tag == current[-1]["kind"]:
            record = current.pop()
            record["end"] = parser.CurrentLineNumber
            found.append(record)
        stack.pop()

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars.append
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise ManifestError(f"not valid XML ({exc})") from exc
    entries = []
    for r in found:
        group = r.get("groupId") or ("org.apache.maven.plugins" if r["kind"] == "plugin" else "")
        artifact = r.get("artifactId", "")
        if not group or not artifact or "${" in group + artifact or r.get("scope") == "system":
            continue
        if group in own_groups:  # a module of this same project
            continue
        entries.append(_Entry(f"{group}:{artifact}", ((r["start"], r["end"]),)))
    return entries


# --- build.gradle / build.gradle.kts ----------------------------------------------------------

_GRADLE_CONF = (r"(?:implementation|api|compile|runtime|compileOnly|runtimeOnly|annotationProcessor|kapt|ksp|"
                r"classpath|developmentOnly|testFixturesApi|lintChecks|[a-z]\w*(?:Implementation|Api|CompileOnly|"
                r"RuntimeOnly|AnnotationProcessor|Compile|Runtime))")
_GRADLE_STRING = re.compile(
    rf"\b{_GRADLE_CONF}\s*\(?\s*(?:(?:platform|enforcedPlatform|testFixtures)\s*\(\s*)?"
    r"(['\"])(?P<g>[^'\"\s:$]+):(?P<a>[^'\"\s:$]+)(?::[^'\"]*)?\1"
)
_GRADLE_MAP = re.compile(
    rf"\b{_GRADLE_CONF}\s*\(?\s*group\s*[:=]\s*(['\"])(?P<g>[^'\"\s$]+)\1\s*,\s*"
    r"name\s*[:=]\s*(['\"])(?P<a>[^'\"\s$]+)\3"
)
_GRADLE_GROUP = re.compile(r"^\s*group\s*=\s*['\"]([^'\"]+)['\"]", re.M)


def _gradle(text: str) -> list[_Entry]:
    own = set(_GRADLE_GROUP.findall(text))
    entries = []
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("//", "*", "/*")):
            continue
        for pattern in (_GRADLE_STRING, _GRADLE_MAP):
            for m in pattern.finditer(line):
                if m.group("g") not in own:
                    entries.append(_Entry(f"{m.group('g')}:{m.group('a')}", ((n, n),)))
    return entries


# --- which file is which manifest -----------------------------------------------------------

_KINDS: tuple[tuple[Callable[[PurePosixPath], bool], Ecosystem, _Parser, bool], ...] = (
    # (matches, ecosystem, parser, works on a partial text known only from hunks)
    (lambda p: p.suffix == ".txt" and ("requirements" in p.name or p.parent.name == "requirements"),
     Ecosystem.PYPI, _requirements, True),
    (lambda p: p.name == "pyproject.toml", Ecosystem.PYPI, _pyproject, False),
    (lambda p: p.name == "package.json" and "node_modules" not in p.parts, Ecosystem.NPM, _package_json, False),
    (lambda p: p.name == "go.mod", Ecosystem.GO, _go_mod, True),
    (lambda p: p.name == "Cargo.toml", Ecosystem.CRATES, _cargo, False),
    (lambda p: p.name == "pom.xml", Ecosystem.MAVEN, _pom, False),
    (lambda p: p.name in ("build.gradle", "build.gradle.kts"), Ecosystem.MAVEN, _gradle, True),
)


def manifest_kind(path: str) -> tuple[Ecosystem, _Parser, bool] | None:
    """The ecosystem and parser of a dependency manifest path, or None for other files."""
    p = PurePosixPath(path)
    for matches, ecosystem, parser, partial_ok in _KINDS:
        if matches(p):
            return ecosystem, parser, partial_ok
    return None


def declared(path: str, text: str) -> list[tuple[str, int]]:
    """Every registry dependency a manifest declares, as (name, first line); for tests and tools."""
    kind = manifest_kind(path)
    if kind is None:
        return []
    return [(e.name, e.spans[0][0] if e.spans else 0) for e in kind[1](text)]


def _base_lines(change: FileChange, head: list[str]) -> list[str]:
    """The base text rebuilt from the head and the hunks (context and removed lines)."""
    if change.status is FileStatus.ADDED:
        return []
    out: list[str] = []
    pos = 1  # next head line not yet copied
    for h in change.hunks:
        first = h.new_start if h.new_len else h.new_start + 1
        out += head[pos - 1:first - 1]
        out += [ln.text for ln in h.lines if ln.kind in " -"]
        pos = first + h.new_len
    out += head[pos - 1:]
    return out


def _sparse(change: FileChange, side: str) -> list[str]:
    """A text known only through its hunks: known lines in place, the others blank."""
    known: dict[int, str] = {}
    for h in change.hunks:
        for ln in h.lines:
            no = ln.new_no if side == "new" else ln.old_no
            if no is not None and ln.kind in (" +" if side == "new" else " -"):
                known[no] = ln.text
    return [known.get(n, "") for n in range(1, max(known, default=0) + 1)]


@dataclass(frozen=True)
class _Parsed:
    path: str
    ecosystem: Ecosystem
    head: list[_Entry]
    base: list[_Entry]
    change: FileChange


def touches_manifests(snapshot: Snapshot) -> bool:
    """Whether the change edits a dependency manifest (only then are registries asked)."""
    return any(manifest_kind(change.path) is not None for change in snapshot.diff.files)


def added_dependencies(snapshot: Snapshot) -> tuple[list[Dependency], list[Skip]]:
    """Dependencies the change adds, each on the first added line that names it, and the
    manifests that could not be read (skips, so nothing passes silently)."""
    parsed: list[_Parsed] = []
    skips: list[Skip] = []
    for change in snapshot.diff.files:
        kind = manifest_kind(change.path)
        if kind is None or change.binary:
            continue
        ecosystem, parser, partial_ok = kind
        if change.status is FileStatus.DELETED:  # its names still count as already present
            parsed.append(_Parsed(change.path, ecosystem, [], _safe(parser, _sparse(change, "old")), change))
            continue
        text = snapshot.texts.get(change.path)
        if text is not None:
            head_lines = text.splitlines()
            base_lines = _base_lines(change, head_lines)
        elif change.status is FileStatus.ADDED or partial_ok:
            head_lines, base_lines = _sparse(change, "new"), _sparse(change, "old")
        else:
            if change.added:
                why = "only hunks known (not the whole file): added dependencies not verified"
                skips.append(Skip(change.path, why))
            continue
        try:
            head = parser("\n".join(head_lines))
            base = parser("\n".join(base_lines)) if base_lines else []
        except ManifestError as exc:
            if change.added:
                skips.append(Skip(change.path, f"manifest {exc}: added dependencies not verified"))
            continue
        parsed.append(_Parsed(change.path, ecosystem, head, base, change))
    return _added(parsed), skips


def _safe(parser: _Parser, lines: list[str]) -> list[_Entry]:
    try:
        return parser("\n".join(lines))
    except ManifestError:
        return []


def _added(parsed: list[_Parsed]) -> list[Dependency]:
    before: dict[Ecosystem, set[str]] = {}
    for p in parsed:
        before.setdefault(p.ecosystem, set()).update(name_key(p.ecosystem, e.name) for e in p.base)
    out: list[Dependency] = []
    for p in parsed:
        seen: set[str] = set()
        added = p.change.added
        for entry in p.head:
            key = name_key(p.ecosystem, entry.name)
            if key in before[p.ecosystem] or key in seen:
                continue
            span = next(((s, e) for s, e in entry.spans if any(n in added for n in range(s, e + 1))), None)
            if span is None:
                continue  # named only on lines the change did not touch
            seen.add(key)
            line = next(n for n in range(span[0], span[1] + 1) if n in added)
            out.append(Dependency(p.ecosystem, entry.name, p.path, line, line))
    return out


# --- version bumps --------------------------------------------------------------------------

# what a version specifier is made of: numbers, dots, operators, wildcards and a `v` prefix
_VERSION = re.compile(r"(?<![\w-])v?\d[\w.+-]*|[\^~<>=!*]+")


def _unversioned(text: str) -> str:
    return _VERSION.sub("", text).strip().rstrip(",")


def version_bumps(change: FileChange) -> tuple[frozenset[int], frozenset[int]]:
    """(new line numbers, old line numbers) of a manifest's changed lines that only change a
    version: the same line with every version token taken out was both removed and added in
    one hunk (a trailing comma aside). Bumping `cookie-session` from 2.1.0 to 2.1.1 is not a
    change to session handling; adding `express-session` is, and stays out of this set."""
    if manifest_kind(change.path) is None:
        return frozenset(), frozenset()
    new: set[int] = set()
    old: set[int] = set()
    for h in change.hunks:
        added = {_unversioned(ln.text): ln.new_no for ln in h.lines if ln.kind == "+" and ln.new_no is not None}
        removed = {_unversioned(ln.text): ln.old_no for ln in h.lines if ln.kind == "-" and ln.old_no is not None}
        for key in added.keys() & removed.keys() - {""}:
            new.add(added[key])
            old.add(removed[key])
    return frozenset(new), frozenset(old)
