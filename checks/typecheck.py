"""The type checker of a review: ty over the changed Python files, kept to hallucinated APIs.

An I/O edge like checks/semgrep.py: the changed `.py` files go into a private workspace, `ty`
runs once over them with its bundled typeshed standard library and the stub packages this
project pins (types-requests, ...), and only the diagnostics that mean "this API does not
exist or is called wrongly" on a type known from the stdlib or a stub become Findings.

Never used: the reviewed repository's config (we write our own `ty.toml` outside the
workspace and pass it explicitly), its dependencies (the checker's environment holds our stub
packages only), its suppression comments (neutralised before writing). Reviewed code is only
parsed (`ast`), never imported or executed. Member lists for "did you mean" come from the
stub files on disk and from the standard library of this interpreter.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import importlib
import inspect
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from checks.model import Finding, Severity, Skip
from checks.process import kill_group
from checks.semgrep import ScanResult, merge_oracle
from checks.workspace import Workspace

MEMBER = "py-nonexistent-member"
ARGUMENT = "py-unknown-argument"
ARITY = "py-wrong-arity"
IMPORT = "py-nonexistent-import"
RULE_IDS = (MEMBER, ARGUMENT, ARITY, IMPORT)
CWE = {MEMBER: "CWE-477", IMPORT: "CWE-477", ARGUMENT: "CWE-628", ARITY: "CWE-628"}
FIX = {
    MEMBER: "Use a member the type really has (see its documentation or stub); the suggested one is the closest.",
    IMPORT: "Import a name the module really defines, or import the module and use a real member.",
    ARGUMENT: "Use a parameter name the function really accepts; the suggested one is the closest.",
    ARITY: "Pass the arguments the function's signature takes.",
}
UNAVAILABLE = "type checker unavailable: hallucinated-API check ran on member lists only"

# the newest Python: code written for it must not be flagged for using new APIs
PYTHON_VERSION = "3.14"
_RULES = (
    "missing-attribute",
    "missing-module-member",
    "unknown-argument",
    "too-many-positional-arguments",
    "missing-argument",
    "no-matching-overload",
)
# `# type: ignore` / `# ty: ignore` / `# pyright: ignore` added by a change must not silence the check
# that judges it; replaced by text of the same length so lines and columns stay put
_IGNORE_COMMENT = re.compile(r"#(\s*)(type|ty|pyright|pyrefly)(\s*):(\s*)ignore")
_HEADER = re.compile(r"^(error|warning|info)\[([\w-]+)\]: (.*)$")
_LOCATION = re.compile(r"^\s*-->\s*(.+):(\d+):(\d+)\s*$")
_OBJECT = re.compile(r"^(?:Object of type|Class) `(.+)` has no attribute `([^`]+)`$")
_MODULE = re.compile(r"^Module `([\w.]+)` has no member `([^`]+)`$")
_UNKNOWN_ARG = re.compile(
    r"^Argument `(\w+)` does not match any known parameter of (?:function|bound method) `([\w.]+)`"
)
_CALLEE = re.compile(r"(?:function|bound method) `([\w.]+)`")
_DUNDER = re.compile(r"(^|\.)(__\w+__|object\.\w+)$")
_PARAM = re.compile(r"(?:\(|, )(\*{0,2})(\w+)\s*:")
# stdlib modules with side effects on import: never introspected for suggestions
_NO_IMPORT = frozenset({"antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo", "__hello__", "__phello__"})


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic of ty's `full` output: where, what, and the `info:` notes under it."""

    rule: str
    message: str
    path: str
    line: int
    column: int
    notes: tuple[tuple[str, str | None, int], ...] = field(default=())  # (info text, location path, line)


def ty_command() -> str | None:
    """The ty executable: $CONSTRAINT_GUARD_TY, else the one beside our interpreter, else PATH."""
    override = os.environ.get("CONSTRAINT_GUARD_TY")
    if override:
        return override if Path(override).exists() or shutil.which(override) else None
    beside = Path(sys.executable).parent / "ty"
    if beside.exists():
        return str(beside)
    return shutil.which("ty")


def check(targets: Mapping[str, str], *, timeout_seconds: float = 60.0) -> ScanResult:
    """Run ty once over the Python files of `targets` (PR path -> text): hallucinated APIs only.

    A missing or crashing checker is one Skip (the semgrep member-list rule still runs), never
    an error verdict and never a silent pass.
    """
    sources = {p: t for p, t in targets.items() if p.endswith(".py")}
    if not sources:
        return ScanResult()
    started = time.monotonic()
    exe = ty_command()
    if exe is None:
        return ScanResult(skips=(Skip(None, f"{UNAVAILABLE} (ty is not installed)"),))
    with Workspace() as ws, tempfile.TemporaryDirectory(prefix="cg-ty-") as private:
        for path, text in sources.items():
            ws.write(path, _IGNORE_COMMENT.sub(_blank_ignore, text))
        config = _write_config(Path(private))
        cmd = [exe, "check", "--config-file", str(config), "--project", str(ws.root),
               "--output-format", "full", "--color", "never", "--no-progress", "--exit-zero",
               *sorted(ws.original)]  # named explicitly: no default excludes, no .gitignore
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": private, "XDG_CONFIG_HOME": private,
               "XDG_CACHE_HOME": private, "TMPDIR": private, "LANG": "C.UTF-8"}
        try:
            proc = subprocess.Popen(cmd, cwd=ws.root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            return ScanResult(skips=(Skip(None, f"{UNAVAILABLE} (ty could not start: {exc})"),))
        try:
            out, err = proc.communicate(timeout=timeout_seconds)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            reason = f"{UNAVAILABLE} (ty timed out after {timeout_seconds:g} s)"
            return ScanResult(skips=(Skip(None, reason),), seconds=time.monotonic() - started)
        if proc.returncode != 0:
            tail = " | ".join(err.decode("utf-8", "replace").strip().splitlines()[-2:]) or "no message"
            reason = f"{UNAVAILABLE} (ty exited with code {proc.returncode}: {tail[:300]})"
            return ScanResult(skips=(Skip(None, reason),), seconds=time.monotonic() - started)
        diagnostics = list(parse_full_output(out.decode("utf-8", "replace")))
        findings = hallucinations(diagnostics, ws, sources)
    return ScanResult(tuple(findings), (), len(sources), time.monotonic() - started)


def merge(semgrep: ScanResult, typecheck: ScanResult) -> ScanResult:
    """Both engines' results, never the same line twice (see checks.semgrep.merge_oracle)."""
    return merge_oracle(semgrep, typecheck, MEMBER)


def _blank_ignore(m: re.Match[str]) -> str:
    return "#" + "_" * (len(m.group(0)) - 1)


def _write_config(private: Path) -> Path:
    """Our ty.toml and a checker environment holding only our stub packages (no project deps)."""
    site = private / "env" / "lib" / f"python{PYTHON_VERSION}" / "site-packages"
    site.mkdir(parents=True)
    (private / "env" / "pyvenv.cfg").write_text(f"home = {private}\nversion = {PYTHON_VERSION}.0\n", encoding="utf-8")
    for package in stub_packages():
        (site / package.name).symlink_to(package, target_is_directory=True)
    rules = "\n".join(f'{rule} = "error"' for rule in _RULES)
    config = private / "ty.toml"
    config.write_text(
        "[environment]\n"
        f'python = "{private / "env"}"\n'
        f'python-version = "{PYTHON_VERSION}"\n'
        'python-platform = "all"\n'  # platform-specific APIs (msvcrt, os.getuid) all exist
        "\n[analysis]\nrespect-type-ignore-comments = false\n"
        f'\n[rules]\nall = "ignore"\n{rules}\n',
        encoding="utf-8",
    )
    return config


@lru_cache(maxsize=1)
def stub_packages() -> tuple[Path, ...]:
    """The stub packages installed beside us (`requests-stubs`, ...) and the typed runtime
    packages those stubs import (urllib3): what the checker may know beyond the stdlib."""
    site = Path(sysconfig.get_paths()["purelib"])
    found = sorted(p for p in site.glob("*-stubs") if p.is_dir())
    found += [site / "urllib3"] if (site / "urllib3" / "py.typed").exists() else []
    return tuple(found)


def _stub_modules() -> frozenset[str]:
    return frozenset(p.name.removesuffix("-stubs") for p in stub_packages())



def parse_full_output(text: str) -> Iterator[Diagnostic]:
    """ty's `--output-format full` into Diagnostics (the only format that carries the notes
    saying where a callee is defined and which overloads exist)."""
    current: dict[str, object] | None = None
    notes: list[tuple[str, str | None, int]] = []
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header and header.group(1) != "info":
            if current is not None:
                yield Diagnostic(notes=tuple(notes), **current)  # type: ignore[arg-type]
            current, notes = {"rule": header.group(2), "message": header.group(3)}, []
            continue
        if current is None:
            continue
        if line.startswith("info:"):
            notes.append((line[5:].strip(), None, 0))
            continue
        loc = _LOCATION.match(line)
        if loc:
            if "path" not in current:
                current.update(path=loc.group(1), line=int(loc.group(2)), column=int(loc.group(3)))
            elif notes and notes[-1][1] is None:
                notes[-1] = (notes[-1][0], loc.group(1), int(loc.group(2)))
    if current is not None and "path" in current:
        yield Diagnostic(notes=tuple(notes), **current)  # type: ignore[arg-type]


def hallucinations(diagnostics: Iterable[Diagnostic], ws: Workspace, sources: Mapping[str, str]) -> list[Finding]:
    """Pure apart from introspecting the stdlib: the diagnostics that name a nonexistent API on a
    stdlib or stub type, as Findings on the PR's paths, one per line and rule."""
    project = _project_names(sources)
    findings: dict[tuple[str, int, str], Finding] = {}
    for d in diagnostics:
        path = ws.original_path(d.path)
        if path is None:
            continue
        text = sources[path]
        for f in _classify(d, path, text, project, ws.root):
            findings.setdefault((f.path, f.line, f.rule_id), f)
    return sorted(findings.values(), key=lambda f: (f.path, f.line, f.rule_id))


@dataclass(frozen=True)
class _Project:
    """Names the reviewed code defines itself: errors on them are type errors, not hallucinations."""

    classes: frozenset[str]
    modules: frozenset[str]
    # classes with a base class: its metaclass may turn class attributes into other objects
    # (graphene.Enum, Django's TextChoices: `NAME = "name", "Name"` makes `Kind.NAME.label`)
    derived: frozenset[str] = frozenset()
    trees: Mapping[str, ast.Module] = field(default_factory=dict)


def _project_names(sources: Mapping[str, str]) -> _Project:
    classes: set[str] = set()
    derived: set[str] = set()
    modules: set[str] = set()
    trees: dict[str, ast.Module] = {}
    for path, text in sources.items():
        parts = path.replace("\\", "/").split("/")
        modules.update(p.removesuffix(".py") for p in parts if p)
        try:
            tree = trees[path] = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                classes.add(node.name)
                if any(not (isinstance(b, ast.Name) and b.id == "object") for b in node.bases) or node.keywords:
                    derived.add(node.name)
        for node in tree.body:  # module-level NamedTuple("X", ...), type("X", ...), aliases
            if isinstance(node, ast.Assign):
                classes.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                classes.add(node.target.id)
            elif type(node).__name__ == "TypeAlias":  # `type X = ...` (3.12+)
                classes.add(getattr(getattr(node, "name", None), "id", ""))
    return _Project(frozenset(classes), frozenset(modules), frozenset(derived), trees)


def _on_class_attribute(project: _Project, path: str, line: int, missing: str) -> bool:
    """Whether `missing` is read, on `line`, from a class attribute of a derived project class
    (`SortField.NAME.name`): what the checker infers from `NAME = [...]` is not what a
    metaclass it cannot see makes of it."""
    tree = project.trees.get(path)
    if tree is None:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == missing and node.lineno <= line <= (node.end_lineno or 0):
            receiver = node.value
            if (isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name)
                    and receiver.value.id in project.derived):
                return True
    return False


def _known_module(module: str, project: _Project) -> bool:
    top = module.split(".", 1)[0]
    return top not in project.modules and (top in sys.stdlib_module_names or top in _stub_modules())


def _defined_outside(notes: tuple[tuple[str, str | None, int], ...], root: Path) -> bool:
    """The callee is defined outside the reviewed code: in ty's vendored typeshed (`stdlib/...`)
    or in the checker's environment, which holds our stub packages only."""
    paths = [Path(p) for _, p, _ in notes if p]
    return bool(paths) and not any(
        p.resolve().is_relative_to(root) if p.is_absolute() else (root / p).is_file() for p in paths
    )


def _finding(rule: str, path: str, line: int, text: str, message: str) -> Finding:
    return Finding.on_line(rule, Severity.WARNING, path, line, text, message, cwe=CWE[rule], fix=FIX[rule])


def _classify(d: Diagnostic, path: str, text: str, project: _Project, root: Path) -> list[Finding]:
    if d.rule in ("missing-attribute", "missing-module-member"):
        return _member(d, path, text, project)
    if d.rule in ("unknown-argument", "too-many-positional-arguments", "missing-argument"):
        callee = _CALLEE.search(d.message) or re.search(r"`([\w.]+)`", d.message)
        if not _defined_outside(d.notes, root) or (callee and _DUNDER.search(callee.group(1))):
            return []  # `super().__init__(x)` resolved to object.__init__: an unknown MRO, not a hallucination
        if d.rule != "unknown-argument":
            return [_finding(ARITY, path, d.line, text, f"{d.message}: a call with the wrong number of arguments "
                             "raises TypeError (this signature is the library's real one).")]
        m = _UNKNOWN_ARG.match(d.message)
        if not m:
            return []
        return [_unknown_keyword(path, d.line, text, m.group(2), m.group(1), _params_at(d.notes), hint=None)]
    if d.rule == "no-matching-overload" and _defined_outside(d.notes, root):
        return _overload(d, path, text)
    return []


def _member(d: Diagnostic, path: str, text: str, project: _Project) -> list[Finding]:
    module = _MODULE.match(d.message)
    if module:
        name, missing = module.groups()
        if not _known_module(name, project) or missing.startswith("_"):
            return []  # private names are left out of stubs on purpose
        runtime = _stdlib_module(name)
        if runtime is not None and hasattr(runtime, missing):
            return []  # exists at run time, the stub just omits it
        real = _module_members(name)
        hint = _suggest(missing, real)
        is_import = d.rule == "missing-module-member" or _is_from_import(text, d.line)
        what = f"module `{name}` has no member `{missing}`"
        if is_import:
            return [_finding(IMPORT, path, d.line, text, f"`from {name} import {missing}` fails: {what}{hint} "
                             "(ImportError at import time: a typical hallucinated API).")]
        return [_finding(MEMBER, path, d.line, text, f"{_cap(what)}{hint} (AttributeError at run time: "
                         "a typical hallucinated API).")]
    obj = _OBJECT.match(d.message)
    if not obj:
        return []  # e.g. "Unresolved attribute `x` on type ...": assigning a new attribute, not calling one
    type_text, missing = obj.groups()
    base = _base_type(type_text)
    if base is None or base in project.classes or _on_class_attribute(project, path, d.line, missing):
        return []
    members = _class_members(base, text)
    if members is None or missing.startswith("_") or missing in members:
        return []  # not a type we know; a private name; or it exists at run time and the stub omits it
    hint = _suggest(missing, members)
    return [_finding(MEMBER, path, d.line, text, f"`{base}` has no member `{missing}`{hint} (AttributeError at "
                     "run time: a typical hallucinated API).")]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _base_type(type_text: str) -> str | None:
    """`dict[str, str]` -> `dict`, `Literal["x"]` -> `str`; None for what we must not judge
    (unions, callables, Unknown/Any, `object`, None)."""
    if any(bad in type_text for bad in ("Unknown", "Any", "@Todo", "|", "->", "(", "def ", "&", "~")):
        return None
    if type_text.startswith("Literal["):
        inner = type_text[8:]
        kinds = (("True", "bool"), ("False", "bool"), ('"', "str"), ("'", "str"), ("b'", "bytes"), ('b"', "bytes"))
        found = next((kind for prefix, kind in kinds if inner.startswith(prefix)), None)
        return found or ("int" if inner[:1].isdigit() or inner[:1] == "-" else None)
    base = type_text.split("[", 1)[0].strip()
    if base.startswith("type") or not base.isidentifier() or base in ("object", "None", "NoneType"):
        return None
    return base


def _is_from_import(text: str, line: int) -> bool:
    lines = text.splitlines()
    return 0 < line <= len(lines) and lines[line - 1].lstrip().startswith("from ")


def _suggest(missing: str, members: Mapping[str, bool]) -> str:
    """"; did you mean `json()`?": a member the wrong name starts with, else the closest by difflib."""
    names = [n for n in members if not n.startswith("_") or missing.startswith("_")]
    parts = missing.split("_")
    best = next((p for k in range(len(parts) - 1, 0, -1) if (p := "_".join(parts[:k])) in members), None)
    if best is None:
        close = difflib.get_close_matches(missing, names, n=1, cutoff=0.6)
        best = close[0] if close else None
    if best is None and len(parts) > 1:  # total_hours -> total_seconds, to_iso -> isoformat
        same_head = sorted(n for n in names if len(parts[0]) > 2 and n.startswith(parts[0] + "_"))
        has_tail = sorted(
            (n for n in names if len(parts[-1]) > 2 and parts[-1] in n),
            key=lambda n: (not n.startswith(parts[-1]), -difflib.SequenceMatcher(None, missing, n).ratio()),
        )
        best = next(iter(same_head or has_tail), None)
    if best is None:
        return ""
    return f"; did you mean `{best}()`?" if members[best] else f"; did you mean `{best}`?"


# ---- what real members a type has: stub files on disk, else this interpreter's stdlib -----------


def _module_members(module: str) -> dict[str, bool]:
    stub = _stub_module_names(module)
    if stub is not None:
        return stub
    runtime = _stdlib_module(module)
    return {} if runtime is None else {n: callable(getattr(runtime, n, None)) for n in dir(runtime)}


def _stdlib_module(module: str) -> object | None:
    if module.split(".", 1)[0] not in sys.stdlib_module_names or module.split(".", 1)[0] in _NO_IMPORT:
        return None
    try:
        return sys.modules.get(module) or importlib.import_module(module)
    except Exception:  # noqa: BLE001 - a stdlib module missing on this platform just gives no suggestion
        return None


def _class_members(name: str, text: str) -> dict[str, bool] | None:
    """Members (name -> callable) of the stdlib or stub class `name`, None if neither knows it."""
    stub = _stub_class(name)
    if stub is not None:
        return stub
    cls = getattr(builtins, name, None)
    if not isinstance(cls, type):
        cls = _stdlib_class(name, _imported_modules(text))
    if cls is None:
        return None
    return {n: callable(getattr(cls, n, None)) for n in dir(cls)}


def _imported_modules(text: str) -> list[str]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def _stdlib_class(name: str, modules: Iterable[str]) -> type | None:
    for module in modules:
        found = getattr(_stdlib_module(module), name, None)
        if isinstance(found, type):
            return found
    stdlib = {m.lstrip("_") for m in sys.stdlib_module_names} | {"builtins"}
    for key, loaded in list(sys.modules.items()):  # e.g. `HASH` lives in `_hashlib`, reached through hashlib
        if key.split(".")[0].lstrip("_") not in stdlib:
            continue  # third-party modules may import lazily on getattr
        found = getattr(loaded, name, None)
        if isinstance(found, type) and str(getattr(found, "__module__", "_")).split(".")[0].lstrip("_") in stdlib:
            return found
    return None


@lru_cache(maxsize=1)
def _stub_index() -> dict[str, list[ast.ClassDef]]:
    """Every class defined in our stub packages, by name (parsed, not imported)."""
    index: dict[str, list[ast.ClassDef]] = {}
    for package in stub_packages():
        for pyi in sorted(package.rglob("*.pyi")):
            try:
                tree = ast.parse(pyi.read_text(encoding="utf-8"))
            except (SyntaxError, OSError, UnicodeDecodeError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    index.setdefault(node.name, []).append(node)
    return index


def _stub_class(name: str, depth: int = 0) -> dict[str, bool] | None:
    classes = _stub_index().get(name)
    if not classes or depth > 5:
        return None
    members: dict[str, bool] = {}
    for cls in classes:
        for base in cls.bases:
            base_name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
            members.update(_stub_class(base_name, depth + 1) or {})
        for node in cls.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                is_property = any(
                    (isinstance(dec, ast.Name) and dec.id in ("property", "cached_property"))
                    or (isinstance(dec, ast.Attribute) and dec.attr in ("setter", "getter"))
                    for dec in node.decorator_list
                )
                members[node.name] = not is_property
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                members[node.target.id] = False
            elif isinstance(node, ast.Assign):
                members.update({t.id: False for t in node.targets if isinstance(t, ast.Name)})
    return members


def _stub_module_names(module: str) -> dict[str, bool] | None:
    top, _, rest = module.partition(".")
    package = next((p for p in stub_packages() if p.name.removesuffix("-stubs") == top), None)
    if package is None:
        return None
    base = package.joinpath(*rest.split(".")) if rest else package
    for candidate in (base / "__init__.pyi", base.with_suffix(".pyi")):
        if candidate.is_file():
            tree = ast.parse(candidate.read_text(encoding="utf-8"))
            names: dict[str, bool] = {}
            for node in tree.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    names[node.name] = True
                elif isinstance(node, ast.ImportFrom | ast.Import):
                    names.update({(a.asname or a.name).split(".")[0]: True for a in node.names})
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    names[node.target.id] = False
                elif isinstance(node, ast.Assign):
                    names.update({t.id: False for t in node.targets if isinstance(t, ast.Name)})
            return names
    return None


# ---- keyword arguments --------------------------------------------------------------------------


def _params_at(notes: tuple[tuple[str, str | None, int], ...]) -> list[str]:
    """Parameter names of the callee, read from its stub file when that is on disk."""
    for _, where, line in notes:
        stub = Path(where or "")
        if stub.suffix != ".pyi" or not stub.is_absolute() or not stub.is_file():
            continue
        try:
            tree = ast.parse(stub.read_text(encoding="utf-8"))
        except (SyntaxError, OSError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.lineno == line:
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                return [a.arg for a in args if a.arg not in ("self", "cls")]
    return []


def _unknown_keyword(path: str, line: int, text: str, callee: str, keyword: str, params: list[str],
                     *, hint: str | None) -> Finding:
    if hint is None:
        params = params or _runtime_params(text, line, callee)
        close = difflib.get_close_matches(keyword, params, n=1, cutoff=0.5)
        hint = f"; did you mean `{close[0]}=`?" if close else ""
    return _finding(ARGUMENT, path, line, text, f"`{callee}()` has no parameter `{keyword}`{hint} (TypeError at "
                    "run time: a typical hallucinated API).")


def _runtime_params(text: str, line: int, callee: str) -> list[str]:
    """Parameters of a stdlib function called as `module.function(...)` on `line`."""
    for call in _calls_on(text, line):
        chain = _dotted(call.func)
        if chain and chain[-1] == callee.rsplit(".", 1)[-1] and len(chain) > 1:
            target = _stdlib_module(".".join(chain[:-1]))
            fn = getattr(target, chain[-1], None)
            try:
                return list(inspect.signature(fn).parameters) if callable(fn) else []
            except (TypeError, ValueError):
                return []
    return []


def _dotted(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return inner + [node.attr] if inner else []
    return []


def _calls_on(text: str, line: int) -> list[ast.Call]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.lineno <= line <= (n.end_lineno or n.lineno)]


def _overload(d: Diagnostic, path: str, text: str) -> list[Finding]:
    """No overload matches: report only a keyword that *no* overload accepts (else it is a type error)."""
    signatures = [note for note, _, _ in d.notes if note.startswith("(")]
    if not signatures or any("**" in m.group(1) for s in signatures for m in _PARAM.finditer(s)):
        return []
    params = {m.group(2) for s in signatures for m in _PARAM.finditer(s)}
    callee_match = _CALLEE.search(d.message)
    callee = callee_match.group(1) if callee_match else "function"
    calls = [c for c in _calls_on(text, d.line) if c.lineno == d.line and c.col_offset + 1 == d.column]
    calls = calls or [c for c in _calls_on(text, d.line) if c.lineno == d.line]
    found: list[Finding] = []
    for call in calls[:1]:
        for kw in call.keywords:
            if kw.arg is not None and kw.arg not in params:
                close = difflib.get_close_matches(kw.arg, sorted(params), n=1, cutoff=0.5)
                hint = f"; did you mean `{close[0]}=`?" if close else ""
                f = _unknown_keyword(path, kw.lineno, text, callee, kw.arg, [], hint=hint)
                found.append(replace(f, line=kw.lineno, end_line=kw.lineno))
    return found
