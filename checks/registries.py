"""Registry look-ups of the dependencies a change adds: the I/O edge of the dependency check.

About one package name in five that a model suggests does not exist, and attackers register
those names (slopsquatting). Each new name is looked up once in its registry's public JSON
API: a name that does not exist is an error; one first published under 30 days ago, or a
near miss of a popular name, is a warning that opens the `security` gate. A registry that
does not answer is a stated skip, never a silent pass. Nothing from the change is executed
or installed: only the names are sent, with GET requests to the configured base URLs.
"""

from __future__ import annotations

import fnmatch
import http.client
import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

from checks import manifests, popular
from checks.cachedir import cache_dir
from checks.config import RegistriesConfig
from checks.manifests import Dependency, Ecosystem
from checks.model import Finding, Severity, Skip
from checks.semgrep import ScanResult
from checks.snapshot import Snapshot

RULE_NONEXISTENT = "dep-nonexistent-package"
RULE_NEW = "dep-new-package"
RULE_TYPOSQUAT = "dep-typosquat-suspect"
RULE_IDS = (RULE_NONEXISTENT, RULE_NEW, RULE_TYPOSQUAT)

# For `/guard explain <rule-id>` (checks/explain.py BUILTIN): (what it catches, CWE, fix).
EXPLAIN: dict[str, tuple[str, str | None, str]] = {
    RULE_NONEXISTENT: ("A dependency the change adds does not exist on its registry: a hallucinated name that an "
                       "attacker can register (slopsquatting), after which every install runs their code.", "CWE-829",
                       "Use the name of the package you meant (check it on the registry) or remove the dependency."),
    RULE_NEW: ("A dependency the change adds was first published less than 30 days ago (or has no released files): "
               "a name this new may have been registered to catch a hallucinated or mistyped dependency.", "CWE-1357",
               "Confirm it is the project you mean (repository, maintainers, downloads) before depending on it."),
    RULE_TYPOSQUAT: ("A dependency the change adds is one edit (or a separator, case or word-order swap) away from a "
                     "popular package: the shape of a typosquat.", "CWE-1357",
                     "Use the popular package's name if that is what you meant; otherwise confirm this one."),
}

NEW_PACKAGE_DAYS = 30
# A name one edit from a popular one that its registry has carried for this long is taken as
# a package of its own (npm's `cookies`, since 2011, beside `cookie`): registries remove the
# typosquats they find, most within months, and an established name is not a fresh trap.
# A variant spelling of the same words (`Sirupsen/logrus`) is still reported at any age.
ESTABLISHED_DAYS = 730
BUDGET_SECONDS = 15.0  # all look-ups of one review; what is unanswered by then is a skip
MAX_LOOKUPS = 100  # distinct names per review; the rest are skips
WORKERS = 8
MAX_BODY_BYTES = 16 * 1024 * 1024  # a longer answer is an established package's long history
FOUND_TTL_SECONDS = 24 * 3600
MISSING_TTL_SECONDS = 3600  # a missing name may be registered (by its author or a squatter) soon
USER_AGENT = "constraint-guard/0.1 (checks that newly added dependencies exist)"


@dataclass(frozen=True)
class Lookup:
    """What a registry said about a name: whether it exists and when it was first published."""

    exists: bool
    created: datetime | None = None  # None: the registry does not say (Maven) or has no release
    note: str = ""  # why an existing name is still suspicious (`has no released files`)


class Unreachable(Exception):
    """The registry gave no usable answer (network, timeout, 5xx, 429, not JSON)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- caches -----------------------------------------------------------------------------------


class Cache(Protocol):
    """Look-up results by key (`registry|base url|name`); only answers are cached, never errors."""

    def get(self, key: str) -> Lookup | None: ...

    def put(self, key: str, lookup: Lookup) -> None: ...


def _ttl(lookup: Lookup) -> float:
    return FOUND_TTL_SECONDS if lookup.exists else MISSING_TTL_SECONDS


class MemoryCache:
    """In-process cache with a TTL, safe across threads (the App keeps one per worker process)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._items: dict[str, tuple[float, Lookup]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Lookup | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or self._clock() - item[0] > _ttl(item[1]):
                return None
            return item[1]

    def put(self, key: str, lookup: Lookup) -> None:
        with self._lock:
            self._items[key] = (self._clock(), lookup)


class SqliteCache:
    """A cache file shared by CLI runs; any disk problem just means no caching."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock

    @classmethod
    def default(cls) -> SqliteCache:
        """`$XDG_CACHE_HOME/constraint-guard/registries.sqlite3` (else under `~/.cache`)."""
        return cls(cache_dir() / "registries.sqlite3")

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=2)
        db.execute("CREATE TABLE IF NOT EXISTS lookups (key TEXT PRIMARY KEY, stored REAL, answer TEXT)")
        return db

    def get(self, key: str) -> Lookup | None:
        try:
            db = self._connect()
            try:
                row = db.execute("SELECT stored, answer FROM lookups WHERE key = ?", (key,)).fetchone()
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return None
        if row is None:
            return None
        try:
            data = json.loads(row[1])
            lookup = Lookup(bool(data["exists"]), _time(data.get("created")), str(data.get("note", "")))
        except (ValueError, KeyError, TypeError):
            return None
        return None if self._clock() - float(row[0]) > _ttl(lookup) else lookup

    def put(self, key: str, lookup: Lookup) -> None:
        created = lookup.created.isoformat() if lookup.created else None
        answer = json.dumps({"exists": lookup.exists, "created": created, "note": lookup.note})
        try:
            db = self._connect()
            try:
                with db:
                    db.execute("INSERT OR REPLACE INTO lookups VALUES (?, ?, ?)", (key, self._clock(), answer))
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            pass


# --- HTTP -------------------------------------------------------------------------------------


def _get(url: str, timeout: float) -> tuple[int, bytes, bool]:
    """(status, body, truncated); 404 and 410 are answers, any other failure is Unreachable."""
    request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with urlopen(request, timeout=timeout) as resp:  # http(s) only: the config validates it
            body = resp.read(MAX_BODY_BYTES + 1)
            return int(resp.status), body[:MAX_BODY_BYTES], len(body) > MAX_BODY_BYTES
    except HTTPError as exc:
        exc.close()  # it holds the connection open otherwise
        if exc.code in (404, 410):
            return exc.code, b"", False
        raise Unreachable(f"HTTP {exc.code}") from exc
    except TimeoutError as exc:
        raise Unreachable(f"no answer within {timeout:g}s") from exc
    except URLError as exc:
        reason = exc.reason
        text = "timed out" if isinstance(reason, TimeoutError) else str(getattr(reason, "strerror", None) or reason)
        raise Unreachable(text) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise Unreachable(type(exc).__name__) from exc


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:  # a captive portal's HTML page is not an answer
        raise Unreachable("unexpected answer (not JSON)") from exc


_FRACTION = re.compile(r"(\.\d{6})\d+")


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(_FRACTION.sub(r"\1", value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- one registry each ------------------------------------------------------------------------


def _pypi(base: str, name: str, timeout: float) -> Lookup:
    status, body, truncated = _get(f"{base}/pypi/{quote(name, safe='')}/json", timeout)
    if status in (404, 410):
        return Lookup(False)
    if truncated:
        return Lookup(True)
    releases = (_json(body) or {}).get("releases") or {}
    times = [t for files in releases.values() for f in files or [] if (t := _time(f.get("upload_time_iso_8601")))]
    return Lookup(True, min(times)) if times else Lookup(True, note="has no released files")


def _npm(base: str, name: str, timeout: float) -> Lookup:
    status, body, truncated = _get(f"{base}/{quote(name, safe='@')}", timeout)  # `@scope%2Fname`
    if status in (404, 410):
        return Lookup(False)
    if truncated:
        return Lookup(True)
    data = _json(body) or {}
    times = data.get("time") or {}
    if not data.get("versions"):  # every version unpublished: the name is free to take again
        return Lookup(False, note="unpublished" if "unpublished" in times else "")
    return Lookup(True, _time(times.get("created")))


_UPPER = re.compile(r"[A-Z]")
_SEMVER = re.compile(r"^v(\d+)\.(\d+)\.(\d+)(-[^+]*)?")


def _go_escape(text: str) -> str:
    """The module proxy's case encoding: `Sirupsen` -> `!sirupsen`."""
    return _UPPER.sub(lambda m: "!" + m.group(0).lower(), text)


def _semver_key(version: str) -> tuple[int, int, int, int, str]:
    m = _SEMVER.match(version)
    if not m:
        return (1 << 30, 0, 0, 0, version)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), 0 if m.group(4) else 1, m.group(4) or "")


def _go(base: str, module: str, timeout: float) -> Lookup:
    root = f"{base}/{_go_escape(module)}/@v"
    status, body, _ = _get(f"{root}/list", timeout)
    if status in (404, 410):
        return Lookup(False)
    versions = [v for v in body.decode("utf-8", "replace").split() if v.startswith("v")]
    if not versions:  # untagged: @latest still tells whether the module exists at all
        status, _, _ = _get(f"{base}/{_go_escape(module)}/@latest", timeout)
        return Lookup(status not in (404, 410))
    first = min(versions, key=_semver_key)
    status, body, _ = _get(f"{root}/{_go_escape(first)}.info", timeout)
    created = _time((_json(body) or {}).get("Time")) if status == 200 else None
    return Lookup(True, created)


def _crates(base: str, name: str, timeout: float) -> Lookup:
    status, body, truncated = _get(f"{base}/api/v1/crates/{quote(name, safe='')}", timeout)
    if status in (404, 410):
        return Lookup(False)
    if truncated:
        return Lookup(True)
    return Lookup(True, _time(((_json(body) or {}).get("crate") or {}).get("created_at")))


def _maven(base: str, coordinate: str, timeout: float) -> Lookup:
    group, _, artifact = coordinate.partition(":")
    query = urlencode({"q": f'g:"{group}" AND a:"{artifact}"', "rows": "1", "wt": "json"})
    status, body, _ = _get(f"{base}/solrsearch/select?{query}", timeout)
    if status in (404, 410):
        raise Unreachable(f"HTTP {status} from the search API")  # the API itself is missing
    found = ((_json(body) or {}).get("response") or {}).get("numFound")
    if not isinstance(found, int):
        raise Unreachable("unexpected answer (no numFound)")
    return Lookup(found > 0)  # the search API has no first-publication date: age is not checked


_LOOKUPS: dict[Ecosystem, Callable[[str, str, float], Lookup]] = {
    Ecosystem.PYPI: _pypi, Ecosystem.NPM: _npm, Ecosystem.GO: _go, Ecosystem.CRATES: _crates, Ecosystem.MAVEN: _maven,
}


def base_url(config: RegistriesConfig, ecosystem: Ecosystem) -> str:
    """The configured base URL of an ecosystem's registry."""
    return str(getattr(config, ecosystem.value))


def lookup(config: RegistriesConfig, ecosystem: Ecosystem, name: str) -> Lookup:
    """One name in one registry (network); Unreachable when no usable answer came."""
    try:
        return _LOOKUPS[ecosystem](base_url(config, ecosystem), name, config.timeout_seconds)
    except Unreachable:
        raise
    except (AttributeError, TypeError, ValueError) as exc:  # a registry answering in another shape
        raise Unreachable(f"unexpected answer ({type(exc).__name__})") from exc


# --- the check --------------------------------------------------------------------------------


def _finding(dep: Dependency, rule: str, severity: Severity, message: str, fix: str, cwe: str) -> Finding:
    return Finding(rule_id=rule, severity=severity, path=dep.path, line=dep.line, end_line=dep.end_line,
                   message=message, cwe=cwe, fix=fix, snippet=f"dependency:{dep.ecosystem.value}:{dep.key}")


def _nonexistent(dep: Dependency, near: str | None, note: str) -> Finding:
    where, hint = dep.ecosystem.label, f" (did you mean `{near}`?)" if near else ""
    was = " (it was unpublished)" if note == "unpublished" else ""
    return _finding(
        dep, RULE_NONEXISTENT, Severity.ERROR,
        f"`{dep.name}` does not exist on {where}{was}: a hallucinated name that an attacker can register "
        f"(slopsquatting), and then every install runs their code. Fix: use the name of the {dep.ecosystem.noun} "
        f"you meant{hint}, checked on {where}, or remove the dependency.",
        f"Replace `{dep.name}` with the real {dep.ecosystem.noun}{hint}.", "CWE-829",
    )


def _young(dep: Dependency, result: Lookup, now: datetime) -> Finding | None:
    verify = (f"Fix: confirm it is the {dep.ecosystem.noun} you mean (its source repository, maintainers and "
              "downloads) before depending on it.")
    if result.note:
        message = (f"`{dep.name}` exists on {dep.ecosystem.label} but {result.note}: an empty, squatted or "
                   f"withdrawn name. {verify}")
    elif result.created is not None and now - result.created < timedelta(days=NEW_PACKAGE_DAYS):
        days = max(0, (now - result.created).days)
        age = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
        message = (f"`{dep.name}` was first published on {dep.ecosystem.label} {age} "
                   f"({result.created.date().isoformat()}): a name this new may have been registered to catch "
                   f"a hallucinated or mistyped dependency. {verify}")
    else:
        return None
    return _finding(dep, RULE_NEW, Severity.WARNING, message,
                    "Check the project's repository and maintainers, or choose an established package.", "CWE-1357")


def _established_namesake(dep: Dependency, result: Lookup | str, near: str, now: datetime) -> bool:
    """A near miss that its registry says has existed, released, for ESTABLISHED_DAYS (and is not
    the popular name spelt another way): a package of its own. Unknown answers never excuse it."""
    return (isinstance(result, Lookup) and result.exists and not result.note and result.created is not None
            and now - result.created >= timedelta(days=ESTABLISHED_DAYS)
            and not popular.same_words(dep.ecosystem, dep.name, near))


def _typosquat(dep: Dependency, near: str) -> Finding:
    return _finding(
        dep, RULE_TYPOSQUAT, Severity.WARNING,
        f"`{dep.name}` is a near miss of the popular {dep.ecosystem.noun} `{near}`: typosquats are registered "
        f"under such names to catch a mistyped dependency. Fix: if you meant `{near}`, use that name; otherwise "
        f"confirm `{dep.name}` is the project you intend.",
        f"Use `{near}` if that is what you meant.", "CWE-1357",
    )


def _ignored(name: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, g) for g in globs)


def _cached(cache: Cache, key: str) -> Lookup | None:
    try:
        return cache.get(key)
    except Exception:  # a broken cache must never fail the review
        return None


def check_dependencies(
    snapshot: Snapshot,
    config: RegistriesConfig,
    *,
    cache: Cache | None = None,
    now: datetime | None = None,
    budget_seconds: float = BUDGET_SECONDS,
) -> ScanResult:
    """Look up every dependency the change adds; findings on the lines that added them.

    Unanswered look-ups (offline, timeout, 5xx, past the time budget) are skips on the
    manifest naming the dependency. `cache=None` caches within this call only.
    """
    started = time.monotonic()
    if not config.enabled:
        return ScanResult()
    deps, skips = manifests.added_dependencies(snapshot)
    deps = [d for d in deps if not _ignored(d.name, config.ignore)]
    cache = cache if cache is not None else MemoryCache()
    now = now or datetime.now(UTC)
    findings: list[Finding] = []
    near = {(d.ecosystem, d.key): popular.near_miss(d.ecosystem, d.name) for d in deps}

    results: dict[tuple[Ecosystem, str], Lookup | str] = {}
    todo: dict[tuple[Ecosystem, str], tuple[str, Dependency]] = {}
    for dep in deps:
        ident = (dep.ecosystem, dep.key)
        if ident in results or ident in todo:
            continue
        key = f"{dep.ecosystem.value}|{base_url(config, dep.ecosystem)}|{dep.key}"
        hit = _cached(cache, key)
        if hit is not None:
            results[ident] = hit
        elif len(todo) >= MAX_LOOKUPS:
            results[ident] = f"over {MAX_LOOKUPS} new dependencies in one change"
        else:
            todo[ident] = (key, dep)
    if todo:
        pool = ThreadPoolExecutor(max_workers=min(WORKERS, len(todo)), thread_name_prefix="cg-registry")
        futures: dict[Future[Lookup], tuple[Ecosystem, str]] = {
            pool.submit(lookup, config, dep.ecosystem, dep.name): ident for ident, (_, dep) in todo.items()
        }
        done, _ = wait(futures, timeout=max(0.0, budget_seconds - (time.monotonic() - started)))
        pool.shutdown(wait=False, cancel_futures=True)  # stragglers end at their own socket timeout
        for future, ident in futures.items():
            if future not in done:
                results[ident] = f"no answer within the review's {budget_seconds:g}s budget"
                continue
            try:
                answer = future.result()
            except Unreachable as exc:
                results[ident] = exc.reason
                continue
            results[ident] = answer
            try:
                cache.put(todo[ident][0], answer)
            except Exception:  # a broken cache must never fail the review
                pass

    for dep in deps:
        ident = (dep.ecosystem, dep.key)
        result, close = results[ident], near[ident]
        if isinstance(result, str):
            skips.append(Skip(dep.path, f"registry unreachable: dependency {dep.name} not verified "
                                        f"({dep.ecosystem.label}: {result})"))
        elif not result.exists:
            findings.append(_nonexistent(dep, close, result.note))
            continue  # the error already says what it nearly spells
        elif (young := _young(dep, result, now)) is not None:
            findings.append(young)
        if close is not None and not _established_namesake(dep, result, close, now):
            findings.append(_typosquat(dep, close))
    return ScanResult(
        findings=tuple(findings),
        skips=tuple(skips),
        scanned=len({d.path for d in deps}),
        seconds=round(time.monotonic() - started, 3),
    )
