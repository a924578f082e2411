"""Policy packs (one YAML per gate) loaded and validated into typed models."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from checks.cachedir import cache_dir
from checks.model import GateId, Severity
from checks.paths import policies_dir

Permission = Literal["read", "triage", "write", "maintain", "admin"]
PERMISSION_RANK: dict[str, int] = {"read": 0, "triage": 1, "write": 2, "maintain": 3, "admin": 4}


class PolicyError(ValueError):
    """A policy or config file that does not validate: names the file, key and expectation."""

    def __init__(self, file: str, key: str, expected: str) -> None:
        super().__init__(f"{file}: {key}: {expected}" if key else f"{file}: {expected}")
        self.file = file
        self.key = key
        self.expected = expected


def _compile(pattern: str, info: ValidationInfo) -> str:
    if isinstance(info.context, Mapping) and info.context.get(PATTERNS_CHECKED):
        return pattern  # these very files compiled before (see load_packs)
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"a valid regular expression ({exc})") from exc
    return pattern


PATTERNS_CHECKED = "patterns_checked"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LineTrigger(_Strict):
    """A regular expression on added lines, with the reason shown to reviewers.

    `why` is a verb phrase about the line ("handles a password"): reviewers read it as is
    for an added line and as "removes a line that handles a password" for a removed one.
    `alone: false` marks weak evidence (a word with other common meanings: a rate limit's
    `amount`, a JSON encoder's `Decimal`): its lines open the gate only when the same file's
    change also matches the pack's paths or another of its line triggers; alone they only
    bind the sign-off's fingerprint. `exclude` names files where the word means something
    else (a lexer's `resetTokenStart` is a lexical token): there the trigger only binds it too.
    """

    pattern: str
    why: str
    alone: bool = True
    exclude: tuple[str, ...] = ()

    @field_validator("pattern")
    @classmethod
    def _pattern_regex(cls, v: str, info: ValidationInfo) -> str:
        return _compile(v, info)


class Triggers(_Strict):
    """What opens a gate.

    `exclude_sets` names shared lists in `policies/excludes.yml` (tests, docs, vendored and
    generated files: what is not the product's own code); loading puts their globs in front
    of the pack's own `exclude`, so every other reader sees one flat list.
    """

    paths: tuple[str, ...] = ()
    exclude_sets: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    lines: tuple[LineTrigger, ...] = ()
    rules: tuple[str, ...] = ()
    severity: Severity | None = None


class Signoff(_Strict):
    """Who may sign off a gate, by default."""

    teams: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    min_permission: Permission = "write"
    count: int = Field(default=1, ge=1, le=10)
    codeowners: bool = False


class When(_Strict):
    """When a checklist item applies to a change; any matching part makes it relevant."""

    lines: str | None = None
    paths: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()

    @field_validator("lines")
    @classmethod
    def _lines_regex(cls, v: str | None, info: ValidationInfo) -> str | None:
        return None if v is None else _compile(v, info)


class ChecklistEntry(_Strict):
    """One review question of a pack."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=10)
    when: When


class PolicyPack(_Strict):
    """One gate's policy: triggers, default sign-off, checklist."""

    id: GateId
    title: str
    summary: str
    triggers: Triggers
    signoff: Signoff = Signoff()
    checklist: tuple[ChecklistEntry, ...]


def _describe(err: dict[str, Any]) -> tuple[str, str]:
    key = ".".join(str(p) for p in err["loc"])
    msg = str(err["msg"])
    if err["type"] == "extra_forbidden":
        msg = "unknown key (not allowed here)"
    elif err["type"] == "missing":
        msg = "required key is missing"
    elif "input" in err and not isinstance(err["input"], (dict, list)):
        msg = f"{msg} (got {err['input']!r})"
    return key, msg


def validation_error(file: str, exc: ValidationError) -> PolicyError:
    """Turn pydantic's error into ours: the first problem, with its key path."""
    errors = exc.errors()
    key, msg = _describe(dict(errors[0]))
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return PolicyError(file, key, msg + more)


def load_yaml(file: str, text: str) -> Any:
    """Parse YAML text, reporting syntax errors with the file and line."""
    import yaml  # loaded only when a pack or config is read from its text (see load_packs)

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, C-accelerated when available
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError(file, where, f"valid YAML ({problem})") from exc


def parse_pack(file: str, text: str, shared: Mapping[str, tuple[str, ...]] | None = None, *,
               patterns_checked: bool = False) -> PolicyPack:
    """Validate one policy pack's YAML text; `shared` holds the exclude sets it may name.

    `patterns_checked` skips compiling its regular expressions: only for text known to compile.
    """
    return pack_from(file, load_yaml(file, text), shared, patterns_checked=patterns_checked)


def pack_from(file: str, data: Any, shared: Mapping[str, tuple[str, ...]] | None = None, *,
              patterns_checked: bool = False) -> PolicyPack:
    """Validate one policy pack's parsed YAML (see `parse_pack`)."""
    if not isinstance(data, dict):
        raise PolicyError(file, "", "a mapping with id, title, summary, triggers, checklist")
    try:
        pack = PolicyPack.model_validate(data, context={PATTERNS_CHECKED: patterns_checked})
    except ValidationError as exc:
        raise validation_error(file, exc) from exc
    stem = Path(file).stem
    if stem in {g.value for g in GateId} and stem != pack.id.value:
        raise PolicyError(file, "id", f"the file's gate {stem!r} (got {pack.id.value!r})")
    if pack.triggers.exclude_sets:
        known = shared or {}
        unknown = [name for name in pack.triggers.exclude_sets if name not in known]
        if unknown:
            names = ", ".join(sorted(known)) or "none: no excludes.yml beside the pack"
            raise PolicyError(file, "triggers.exclude_sets",
                              f"names of lists in excludes.yml ({names}), got {', '.join(unknown)}")
        globs = tuple(g for name in pack.triggers.exclude_sets for g in known[name])
        triggers = pack.triggers.model_copy(update={"exclude": globs + pack.triggers.exclude})
        pack = pack.model_copy(update={"triggers": triggers})
    for key, values in (("checklist", [c.id for c in pack.checklist]),
                        ("triggers.paths", list(pack.triggers.paths)),
                        ("triggers.exclude", list(pack.triggers.exclude))):
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            what = "item ids" if key == "checklist" else "globs"
            raise PolicyError(file, key, f"unique {what} (repeated: {', '.join(dupes)})")
    return pack


def parse_exclude_sets(file: str, text: str) -> dict[str, tuple[str, ...]]:
    """Validate `excludes.yml`: named lists of globs that packs share through `exclude_sets`."""
    return exclude_sets_from(file, load_yaml(file, text))


def exclude_sets_from(file: str, data: Any) -> dict[str, tuple[str, ...]]:
    """Validate `excludes.yml`'s parsed YAML (see `parse_exclude_sets`)."""
    if not isinstance(data, dict) or not data:
        raise PolicyError(file, "", "a mapping of list names to lists of globs")
    sets: dict[str, tuple[str, ...]] = {}
    for name, globs in data.items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            raise PolicyError(file, str(name), "a list name of lowercase letters, digits and dashes")
        if not isinstance(globs, list) or not globs or not all(isinstance(g, str) and g for g in globs):
            raise PolicyError(file, name, "a non-empty list of globs")
        dupes = sorted({g for g in globs if globs.count(g) > 1})
        if dupes:
            raise PolicyError(file, name, f"unique globs (repeated: {', '.join(dupes)})")
        sets[name] = tuple(globs)
    return sets


def load_packs(directory: Path | None = None) -> dict[GateId, PolicyPack]:
    """Load every gate's pack; each gate must have exactly one.

    A CLI run pays for reading the packs every time: importing and running the YAML parser
    (about 0.02 s) and compiling their ~90 regular expressions (the gates compile only the
    ones they read). So once a set of pack texts has validated under this Python, the cache
    dir keeps their parsed documents as JSON, named by a hash of the texts, and later loads
    validate those instead, skipping the YAML parser and the patterns' compilation (every
    other check still runs). It is only a copy: any problem reading it falls back to the YAML.
    """
    folder = directory or policies_dir()
    excludes = folder / "excludes.yml"
    shared_text = excludes.read_text(encoding="utf-8") if excludes.is_file() else None
    texts: dict[GateId, tuple[Path, str]] = {}
    for gate in GateId:
        path = folder / f"{gate.value}.yml"
        if not path.is_file():
            raise PolicyError(str(path), "", f"a policy pack for gate {gate.value!r}")
        texts[gate] = (path, path.read_text(encoding="utf-8"))
    digest = hashlib.sha256(sys.version.encode() + b"\0" + (shared_text or "").encode())
    for _, text in texts.values():
        digest.update(b"\0" + text.encode())
    cache = cache_dir() / f"packs-{digest.hexdigest()[:24]}.json"
    parsed = _cached_documents(cache, texts)
    checked = parsed is not None
    if parsed is None:
        parsed = {"excludes": load_yaml(str(excludes), shared_text) if shared_text is not None else None,
                  **{gate.value: load_yaml(str(path), text) for gate, (path, text) in texts.items()}}
    shared = exclude_sets_from(str(excludes), parsed["excludes"]) if shared_text is not None else {}
    packs = {gate: pack_from(str(path), parsed[gate.value], shared, patterns_checked=checked)
             for gate, (path, _) in texts.items()}
    if not checked:
        _keep_documents(cache, parsed)
    return packs


def _cached_documents(cache: Path, texts: Mapping[GateId, tuple[Path, str]]) -> dict[str, Any] | None:
    try:
        parsed = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(parsed, dict) or not {"excludes", *(g.value for g in texts)} <= parsed.keys():
        return None
    return parsed


def _keep_documents(cache: Path, parsed: dict[str, Any]) -> None:
    """Write the validated packs' documents, if JSON holds them exactly (YAML also has dates
    and non-string keys, which JSON would turn into something else)."""
    try:
        text = json.dumps(parsed)
        if json.loads(text) != parsed:
            return
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(cache)  # atomic: a concurrent reader sees no file or the whole one
    except (OSError, TypeError, ValueError):
        pass  # only a copy of work done: without it the next load parses and compiles again
