"""A local double of the five package registries, over real HTTP on 127.0.0.1.

It answers in the shapes the real APIs use (PyPI's `/pypi/<name>/json`, the npm packument,
the Go module proxy's `@v/list`, `.info` and `@latest`, crates.io's `/api/v1/crates/<name>`,
Maven Central's `solrsearch/select`), each under its own prefix so that tests also prove
the configured base URLs are the ones used. Packages are declared with their age in days;
`broken` names answer 503, `slow` names answer after a delay, and `down` fails everything.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

PREFIXES = {"pypi": "/pypi-mirror", "npm": "/npm", "go": "/goproxy", "crates": "/crates", "maven": "/maven"}


@dataclass
class Package:
    """A published package: how many days ago it first appeared, and its versions."""

    age_days: float
    versions: tuple[str, ...] = ("1.0.0", "1.1.0")
    files: bool = True  # PyPI: False for a name with releases but no files


@dataclass
class RegistryDouble:
    """The registries' state and the requests they received (path with query)."""

    packages: dict[tuple[str, str], Package] = field(default_factory=dict)
    broken: set[tuple[str, str]] = field(default_factory=set)
    slow: dict[tuple[str, str], float] = field(default_factory=dict)
    down: bool = False
    requests: list[str] = field(default_factory=list)
    url: str = ""
    now: datetime = field(default_factory=lambda: datetime.now(UTC))  # ages count back from here

    def add(self, ecosystem: str, name: str, age_days: float = 2000, **kw: Any) -> None:
        self.packages[(ecosystem, name)] = Package(age_days, **kw)

    def base_urls(self) -> dict[str, str]:
        """Config keys of `registries:` pointing at this double."""
        return {eco: self.url + prefix for eco, prefix in PREFIXES.items()}

    def hits(self, fragment: str) -> int:
        return sum(fragment in r for r in self.requests)


def _iso(now: datetime, days_ago: float, version_index: int = 0) -> str:
    moment = now - timedelta(days=days_ago) + timedelta(hours=version_index)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def _go_unescape(text: str) -> str:
    return re.sub(r"!([a-z])", lambda m: m.group(1).upper(), text)


class _Handler(BaseHTTPRequestHandler):
    double: RegistryDouble

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: Any, content_type: str = "application/json") -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        d = self.double
        d.requests.append(self.path)
        if d.down:
            self._send(503, "<html>Service Unavailable</html>", "text/html")
            return
        parts = urlsplit(self.path)
        for eco, prefix in PREFIXES.items():
            if parts.path.startswith(prefix + "/"):
                rest = parts.path[len(prefix):]
                name = getattr(self, f"_name_{eco}")(rest, parts.query)
                if name is None:
                    self._send(400, {"error": "bad request"})
                    return
                if (eco, name) in d.slow:
                    time.sleep(d.slow[(eco, name)])
                if (eco, name) in d.broken:
                    self._send(503, "<html>upstream connect error</html>", "text/html")
                    return
                getattr(self, f"_serve_{eco}")(rest, name, d.packages.get((eco, name)))
                return
        self._send(404, {"error": "no such registry"})

    # PyPI ------------------------------------------------------------------------------------
    def _name_pypi(self, rest: str, query: str) -> str | None:
        m = re.fullmatch(r"/pypi/([^/]+)/json", rest)
        return re.sub(r"[-_.]+", "-", unquote(m.group(1))).lower() if m else None

    def _serve_pypi(self, rest: str, name: str, pkg: Package | None) -> None:
        if pkg is None:
            self._send(404, {"message": "Not Found"})
            return
        releases = {
            v: ([{"filename": f"{name}-{v}.tar.gz", "packagetype": "sdist",
                  "upload_time_iso_8601": _iso(self.double.now, pkg.age_days - i, i)}] if pkg.files else [])
            for i, v in enumerate(pkg.versions)
        }
        self._send(200, {"info": {"name": name, "version": pkg.versions[-1], "summary": "a package"},
                         "last_serial": 1, "releases": releases, "urls": releases[pkg.versions[-1]],
                         "vulnerabilities": []})

    # npm -------------------------------------------------------------------------------------
    def _name_npm(self, rest: str, query: str) -> str | None:
        raw = rest[1:]
        if "/" in raw:  # a scoped name must arrive as `@scope%2Fname`
            return None
        return unquote(raw)

    def _serve_npm(self, rest: str, name: str, pkg: Package | None) -> None:
        if pkg is None:
            self._send(404, {"error": "Not found"})
            return
        times = {"created": _iso(self.double.now, pkg.age_days), "modified": _iso(self.double.now, 0)}
        times.update({v: _iso(self.double.now, pkg.age_days - i, i) for i, v in enumerate(pkg.versions)})
        self._send(200, {"_id": name, "name": name, "dist-tags": {"latest": pkg.versions[-1]},
                         "versions": {v: {"name": name, "version": v} for v in pkg.versions}, "time": times})

    # Go module proxy -------------------------------------------------------------------------
    def _name_go(self, rest: str, query: str) -> str | None:
        m = re.fullmatch(r"/(.+?)/@(v/list|v/[^/]+\.info|latest)", rest)
        if not m or re.search(r"[A-Z]", m.group(1)):  # the proxy only takes case-encoded paths
            return None
        return _go_unescape(m.group(1))

    def _serve_go(self, rest: str, name: str, pkg: Package | None) -> None:
        if pkg is None:
            self._send(404, f"not found: module {name}: git ls-remote -q origin: exit status 128", "text/plain")
            return
        tagged = [v if v.startswith("v") else "v" + v for v in pkg.versions if pkg.files]
        if rest.endswith("/@v/list"):
            self._send(200, "".join(v + "\n" for v in reversed(tagged)), "text/plain")
        elif rest.endswith("/@latest"):
            pseudo = "v0.0.0-20240101000000-abcdefabcdef"
            self._send(200, {"Version": pseudo, "Time": _iso(self.double.now, pkg.age_days)})
        else:
            version = _go_unescape(rest.rsplit("/", 1)[1].removesuffix(".info"))
            if version not in tagged:
                self._send(404, f"not found: {name}@{version}: invalid version", "text/plain")
                return
            self._send(200, {"Version": version, "Time": _iso(self.double.now, pkg.age_days - tagged.index(version))})

    # crates.io -------------------------------------------------------------------------------
    def _name_crates(self, rest: str, query: str) -> str | None:
        m = re.fullmatch(r"/api/v1/crates/([^/]+)", rest)
        return unquote(m.group(1)).replace("_", "-").lower() if m else None

    def _serve_crates(self, rest: str, name: str, pkg: Package | None) -> None:
        if not self.headers.get("User-Agent"):  # crates.io refuses anonymous clients
            self._send(403, {"errors": [{"detail": "We require that all requests include a User-Agent header."}]})
            return
        if pkg is None:
            self._send(404, {"errors": [{"detail": f"crate `{name}` does not exist"}]})
            return
        self._send(200, {"crate": {"id": name, "name": name, "created_at": _iso(self.double.now, pkg.age_days),
                                   "updated_at": _iso(self.double.now, 0), "max_version": pkg.versions[-1]},
                         "versions": [{"num": v} for v in pkg.versions]})

    # Maven Central search --------------------------------------------------------------------
    def _name_maven(self, rest: str, query: str) -> str | None:
        if rest != "/solrsearch/select":
            return None
        q = parse_qs(query).get("q", [""])[0]
        m = re.fullmatch(r'g:"([^"]+)" AND a:"([^"]+)"', q)
        return f"{m.group(1)}:{m.group(2)}" if m else None

    def _serve_maven(self, rest: str, name: str, pkg: Package | None) -> None:
        group, artifact = name.split(":")
        docs = [] if pkg is None else [{"id": name, "g": group, "a": artifact, "latestVersion": pkg.versions[-1],
                                        "p": "jar", "timestamp": 1700000000000, "versionCount": len(pkg.versions)}]
        self._send(200, {"responseHeader": {"status": 0, "QTime": 1},
                         "response": {"numFound": len(docs), "start": 0, "docs": docs}})


class serve:  # noqa: N801 - used as `with serve(double) as url:`
    """Run a RegistryDouble on 127.0.0.1 with an ephemeral port for the `with` block."""

    def __init__(self, double: RegistryDouble) -> None:
        handler = type("Handler", (_Handler,), {"double": double})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.double = double
        double.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> RegistryDouble:
        self.thread.start()
        return self.double

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def running(double: RegistryDouble) -> Iterator[RegistryDouble]:
    """A pytest fixture body: the double served for one test."""
    with serve(double) as d:
        yield d
