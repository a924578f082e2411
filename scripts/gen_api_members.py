#!/usr/bin/env python3
"""Generate the "hallucinated API" data and semgrep rules of Constraint Guard.

What it does
------------
1. Introspects the REAL libraries and records which members exist on well-known
   objects (``dir()`` in Python, the prototype chain in node, ``reflect`` in Go,
   ``javap`` in Java) into ``policies/api_members.json``.
2. Renders one semgrep rule per language from that JSON into
   ``policies/semgrep/generated/nonexistent-member-{py,js,go,java}.yaml``: a member
   access on one of those objects whose name is not in the list is reported
   (``resp.json_body()``, ``res.data()``, ``resp.StatusText``, ``t.to_iso()``).
   The test files next to the rules (``nonexistent-member-*.py/.js/.ts/.go/.java``)
   are hand-written and never touched by this script.

What it needs
-------------
* Full run (introspection + render): Python >= 3.11 with ``requests``, ``httpx``
  and ``PyYAML`` importable (the project venv ``.venv`` has all three), ``node``
  (>= 18, for the global ``fetch``/``Response``), ``go`` (``apt-get install
  golang-go``), and optionally ``javap`` (JDK >= 11; skipped with a note if absent).
* ``--check`` / ``--render-only``: only the standard library and PyYAML. They read
  the committed JSON and never introspect anything, so a test can run them without
  node, Go or Java.

How to run (from the repo root)
-------------------------------
    .venv/bin/python scripts/gen_api_members.py            # introspect + write JSON + rules
    .venv/bin/python scripts/gen_api_members.py --render-only   # JSON -> rules only
    .venv/bin/python scripts/gen_api_members.py --check    # exit 1 if rules != render(JSON)

Output is sorted and stable: re-running with the same library versions gives no diff.

Members from releases newer than the local toolchain
----------------------------------------------------
The introspected toolchain can be older than what projects use (this workplace ships
Go 1.19 from Debian). ``NEWER_RELEASE_MEMBERS`` lists the members added later, each
taken from the upstream API record (Go: ``api/go1.N.txt`` in the Go repository), so a
valid call such as ``r.PathValue("id")`` (Go 1.22) is not reported. They are merged
into ``objects`` and listed separately under ``newer_release_members`` in the JSON.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_PATH = REPO / "policies" / "api_members.json"
RULES_DIR = REPO / "policies" / "semgrep" / "generated"
GENERATED_BY = "scripts/gen_api_members.py"

# --------------------------------------------------------------------------------------
# Members that exist in newer releases than the toolchain introspected here.
# Source for each entry is given; the generator merges them into the object lists.
# --------------------------------------------------------------------------------------
NEWER_RELEASE_MEMBERS: dict[str, dict[str, str]] = {
    # golang/go api/go1.22.txt: "pkg net/http, method (*Request) PathValue(string) string"
    # golang/go api/go1.23.txt: "method (*Request) CookiesNamed", "type Request struct, Pattern"
    "go:net/http.Request": {
        "PathValue": "go1.22",
        "SetPathValue": "go1.22",
        "CookiesNamed": "go1.23",
        "Pattern": "go1.23",
    },
    # golang/go api/next/50770.txt (released in go1.20): "method (Time) Compare(Time) int"
    # golang/go api/go1.24.txt: "method (Time) AppendBinary", "method (Time) AppendText"
    "go:time.Time": {
        "Compare": "go1.20",
        "AppendBinary": "go1.24",
        "AppendText": "go1.24",
    },
    # golang/go api/go1.24.txt: "pkg net/url, method (*URL) AppendBinary"
    "go:net/url.URL": {"AppendBinary": "go1.24"},
    # Python 3.14 added date.strptime (datetime.datetime already had it).
    "python:datetime.date": {"strptime": "python3.14"},
}


# ======================================================================================
# Introspection (full run only)
# ======================================================================================
def _public(names) -> list[str]:
    """Python: drop private/dunder names (``_x``, ``__x__``)."""
    return sorted({n for n in names if not n.startswith("_")})


def introspect_python() -> tuple[dict[str, str], dict[str, list[str]]]:
    import datetime

    import httpx
    import requests
    import urllib3
    from requests.adapters import HTTPAdapter

    # A requests.Response as the transport really builds it (so attributes set by
    # HTTPAdapter.build_response, e.g. ``connection``, are present), no network.
    prepared = requests.Request("GET", "http://example.invalid/").prepare()
    raw = urllib3.HTTPResponse(
        body=io.BytesIO(b"{}"),
        headers={"content-type": "application/json"},
        status=200,
        preload_content=False,
    )
    req_resp = HTTPAdapter().build_response(prepared, raw)
    httpx_resp = httpx.Response(200, request=httpx.Request("GET", "http://example.invalid/"))

    objects = {
        "python:requests.Response": _public(set(dir(requests.Response)) | set(dir(req_resp))),
        "python:httpx.Response": _public(set(dir(httpx.Response)) | set(dir(httpx_resp))),
        # instances and the class: the union of both (identical for these C types)
        "python:datetime.datetime": _public(set(dir(datetime.datetime)) | set(dir(datetime.datetime.now()))),
        "python:datetime.date": _public(set(dir(datetime.date)) | set(dir(datetime.date.today()))),
        "python:datetime.timedelta": _public(set(dir(datetime.timedelta)) | set(dir(datetime.timedelta(seconds=1)))),
    }
    versions = {
        "python": platform.python_version(),
        "requests": requests.__version__,
        "httpx": httpx.__version__,
    }
    return versions, objects


_NODE_SCRIPT = r"""
function chain(proto) {
  const names = new Set();
  for (let p = proto; p; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) names.add(n);
  }
  return names;
}
const res = chain(Response.prototype);
for (const n of Object.getOwnPropertyNames(new Response(''))) res.add(n);
const date = chain(Date.prototype);
for (const n of Object.getOwnPropertyNames(new Date())) date.add(n);
process.stdout.write(JSON.stringify({
  node: process.versions.node,
  objects: {
    'javascript:Response': [...res].sort(),
    'javascript:Date.prototype': [...date].sort(),
    'javascript:Date': [...chain(Date)].sort(),
  },
}));
"""


def introspect_node() -> tuple[dict[str, str], dict[str, list[str]]]:
    node = shutil.which("node")
    if not node:
        sys.exit("node not found: install Node.js >= 18 (global fetch/Response)")
    out = subprocess.run([node, "-e", _NODE_SCRIPT], check=True, capture_output=True, text=True)
    data = json.loads(out.stdout)
    return {"node": data["node"]}, {k: sorted(set(v)) for k, v in data["objects"].items()}


_GO_PROGRAM = r"""
package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"runtime"
	"time"
)

// Exported fields (incl. promoted ones) and the method set of *T (which includes
// the value-receiver methods).
func members(t reflect.Type) []string {
	out := []string{}
	if t.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	pt := reflect.PtrTo(t)
	for i := 0; i < pt.NumMethod(); i++ {
		out = append(out, pt.Method(i).Name)
	}
	return out
}

func main() {
	json.NewEncoder(os.Stdout).Encode(map[string]interface{}{
		"go": runtime.Version(),
		"objects": map[string][]string{
			"go:net/http.Response": members(reflect.TypeOf(http.Response{})),
			"go:net/http.Request":  members(reflect.TypeOf(http.Request{})),
			"go:net/url.URL":       members(reflect.TypeOf(url.URL{})),
			"go:time.Time":         members(reflect.TypeOf(time.Time{})),
		},
	})
}
"""


def introspect_go() -> tuple[dict[str, str], dict[str, list[str]]]:
    go = shutil.which("go")
    if not go:
        sys.exit("go not found: apt-get install -y golang-go")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "main.go"
        src.write_text(_GO_PROGRAM)
        env = dict(os.environ, GO111MODULE="off", GOFLAGS="", GOCACHE=str(Path(tmp) / "cache"))
        out = subprocess.run([go, "run", str(src)], check=True, capture_output=True, text=True, cwd=tmp, env=env)
    data = json.loads(out.stdout)
    return {"go": data["go"]}, {k: sorted(set(v)) for k, v in data["objects"].items()}


def _javap_methods(javap: str, cls: str) -> set[str]:
    out = subprocess.run([javap, "-public", cls], check=True, capture_output=True, text=True)
    names = set()
    for line in out.stdout.splitlines():
        line = line.strip()
        if "(" not in line or not line.endswith(";"):
            continue
        head = line.split("(", 1)[0].split()
        if head:
            name = head[-1].rsplit(".", 1)[-1]
            if name != cls.rsplit(".", 1)[-1]:  # constructors
                names.add(name)
    return names


def _javap_nested_types(javap: str, cls: str) -> set[str]:
    """Public member types (``HttpResponse.BodyHandlers``) from the InnerClasses table."""
    out = subprocess.run([javap, "-v", cls], check=True, capture_output=True, text=True)
    outer = "of class " + cls.replace(".", "/")
    names = set()
    in_table = False
    for line in out.stdout.splitlines():
        if line.startswith("InnerClasses:"):
            in_table = True
            continue
        if in_table:
            if not line.startswith("  "):
                break
            if line.strip().startswith("public") and line.rstrip().endswith(outer):
                names.add(line.split("//", 1)[1].split("=", 1)[0].strip())
    return names


def introspect_java() -> tuple[dict[str, str], dict[str, list[str]]]:
    javap = shutil.which("javap")
    if not javap:
        print("javap not found: skipping java objects", file=sys.stderr)
        return {}, {}
    methods = _javap_methods(javap, "java.net.http.HttpResponse")
    methods |= _javap_methods(javap, "java.lang.Object")  # every interface type has these
    methods |= _javap_nested_types(javap, "java.net.http.HttpResponse")
    version = subprocess.run([javap, "-version"], check=True, capture_output=True, text=True).stdout.strip()
    return {"java": version}, {"java:java.net.http.HttpResponse": sorted(methods)}


def build_data() -> dict:
    versions: dict[str, str] = {}
    objects: dict[str, list[str]] = {}
    for fn in (introspect_python, introspect_node, introspect_go, introspect_java):
        v, o = fn()
        versions.update(v)
        objects.update(o)
    newer: dict[str, dict[str, str]] = {}
    for key, extra in NEWER_RELEASE_MEMBERS.items():
        if key not in objects:
            continue
        missing = {m: since for m, since in extra.items() if m not in objects[key]}
        if missing:
            newer[key] = dict(sorted(missing.items()))
            objects[key] = sorted(set(objects[key]) | set(missing))
    return {
        "generated_by": GENERATED_BY,
        "versions": dict(sorted(versions.items())),
        "objects": dict(sorted(objects.items())),
        "newer_release_members": dict(sorted(newer.items())),
    }


# ======================================================================================
# Rule rendering (stdlib + the JSON only)
# ======================================================================================
# Each language: one rule. Each "kind" = one object type (its member list) and the
# ways such an object is obtained. Every "branch" binds $M to the FIRST member read
# on the object; the member regex (rendered from the JSON) rejects the real ones.
#
# Branch fields:
#   pattern          a single pattern ending in .$M
#   inside           list of pattern-inside alternatives (any one), then `pattern`
#   inside_all       further pattern-inside conditions (all must hold)
#   guard            "py"/"js": reassignment guard, see _reassigned()
#   not_inside       pattern-not-inside list
#   regex            {metavariable: regex} extra constraints (e.g. which call)

PY_REQ_FUNCS = "^(get|post|put|patch|delete|head|options|request)$"
PY_HTTPX_FUNCS = "^(get|post|put|patch|delete|head|options|request)$"
PY_CLIENT_FUNCS = "^(get|post|put|patch|delete|head|options|request|send)$"
PY_DT_FACTORIES = (
    "^(now|utcnow|today|fromisoformat|fromtimestamp|utcfromtimestamp|strptime|combine|fromordinal|fromisocalendar)$"
)
PY_DATE_FACTORIES = "^(today|fromisoformat|fromtimestamp|fromordinal|fromisocalendar)$"
# Reassignment guard ("guard": "py"/"js" on a branch): for every `inside` alternative
# that ends in `...`, the same alternative followed by `$R = $B ...` is rendered as a
# pattern-not-inside, so once the variable is assigned something else later in the block
# it is not trusted anywhere after its origin: no finding (precision over recall).
# Symbolic propagation (the `ORIGIN.$M` branches) still follows the value flow-sensitively.
# Anchoring the guard on the origin keeps it cheap (an unanchored `$R = $A ... $R = $B`
# made semgrep time out on large files).


# A file that binds its own `fetch` (node-fetch, minipass-fetch, make-fetch-happen, ...)
# gets a Response with other members (e.g. node-fetch's .buffer()): not checked.
JS_FETCH_SHADOWED = [
    "import fetch from '$MOD';\n...\n",
    "import { fetch } from '$MOD';\n...\n",
    "const fetch = $X;\n...\n",
    "let fetch = $X;\n...\n",
    "var fetch = $X;\n...\n",
]


def _reassigned(alt: str, lang: str) -> str | None:
    lines = alt.rstrip("\n").split("\n")
    if len(lines) < 2 or lines[-1].strip() != "...":
        return None
    indent = lines[-1][: len(lines[-1]) - len(lines[-1].lstrip())]
    semi = ";" if lang == "js" else ""
    return "\n".join(lines + [f"{indent}$R = $B{semi}", f"{indent}..."]) + "\n"


def _py_assigned(origins: list[str], regex: dict[str, str] | None = None) -> list[dict]:
    """Branches for `ORIGIN.$M` (direct or through an assignment, by symbolic
    propagation) and `$R = ORIGIN ... $R.$M` (survives calls like r.raise_for_status())."""
    return [
        {"pattern": [o + ".$M" for o in origins], "regex": regex or {}},
        {
            "inside": [f"$R = {o}\n...\n" for o in origins],
            "pattern": "$R.$M",
            "guard": "py",
            "regex": regex or {},
        },
    ]


def _go_declared(var: str, typ: str) -> list[str]:
    """Scopes where `var` is declared with type `typ`: a parameter of a function, method
    or function literal, or a `var` declaration. (Semgrep's typed metavariables
    `($X : T)` were not used: their type leaked to same-named identifiers in other
    functions, e.g. a package named like a *url.URL variable elsewhere in the file.)"""
    return [
        f"func $FN(..., {var} {typ}, ...) {{\n    ...\n}}\n",
        f"func ($RECV $RT) $FN(..., {var} {typ}, ...) {{\n    ...\n}}\n",
        f"func(..., {var} {typ}, ...) {{\n    ...\n}}\n",
        f"var {var} {typ}\n...\n",
    ]


SPECS: dict[str, dict] = {
    "py": {
        "id": "py-nonexistent-member",
        "languages": ["python"],
        "file": "nonexistent-member-py.yaml",
        "symbolic_propagation": True,
        "exclude_underscore": True,
        "message": (
            "`$M` does not exist on this object (a requests or httpx Response, or a "
            "datetime, date or timedelta): it is not among the members of the real class "
            "(policies/api_members.json), so the line raises AttributeError, a typical "
            "hallucinated API. Fix: use a real member (e.g. `.json()`, `.status_code`, "
            "`.text`, `.isoformat()`, `.total_seconds()`) as documented by the library."
        ),
        "fix": (
            "Replace the member with one the object really has (requests/httpx Response: "
            ".json(), .text, .content, .status_code, .headers, .raise_for_status(); "
            "datetime: .isoformat(), .strftime(), .timestamp(); timedelta: "
            ".total_seconds()); see policies/api_members.json for the full lists."
        ),
        "kinds": [
            {
                "object": "python:requests.Response",
                "branches": [
                    *_py_assigned(
                        [
                            "requests.$F(...)",
                            "requests.Session(...).$F(...)",
                            "requests.session(...).$F(...)",
                        ],
                        {"$F": PY_CLIENT_FUNCS},
                    ),
                    {
                        "inside": [
                            "with requests.$F(...) as $R:\n    ...\n",
                            "with requests.Session(...) as $S:\n    ...\n    $R = $S.$F(...)\n    ...\n",
                            "with requests.session(...) as $S:\n    ...\n    $R = $S.$F(...)\n    ...\n",
                        ],
                        "pattern": "$R.$M",
                        "guard": "py",
                        "regex": {"$F": PY_CLIENT_FUNCS},
                    },
                    {
                        "inside": [
                            "with requests.Session(...) as $S:\n    ...\n",
                            "with requests.session(...) as $S:\n    ...\n",
                        ],
                        "pattern": "$S.$F(...).$M",
                        "regex": {"$F": PY_CLIENT_FUNCS},
                    },
                ],
            },
            {
                "object": "python:httpx.Response",
                "branches": [
                    *_py_assigned(["httpx.$F(...)", "httpx.Client(...).$F(...)"], {"$F": PY_CLIENT_FUNCS}),
                    {
                        "inside": [
                            "with httpx.stream(...) as $R:\n    ...\n",
                            "with httpx.Client(...) as $C:\n    ...\n    with $C.stream(...) as $R:\n        ...\n",
                            "async with httpx.AsyncClient(...) as $C:\n    ...\n"
                            "    async with $C.stream(...) as $R:\n        ...\n",
                        ],
                        "pattern": "$R.$M",
                        "guard": "py",
                    },
                    {
                        # every metavariable-regex needs its metavariable bound in all alternatives
                        "inside": [
                            "with httpx.Client(...) as $C:\n    ...\n    $R = $C.$F(...)\n    ...\n",
                            "async with httpx.AsyncClient(...) as $C:\n    ...\n    $R = await $C.$F(...)\n    ...\n",
                            "$C = httpx.AsyncClient(...)\n...\n$R = await $C.$F(...)\n...\n",
                        ],
                        "pattern": "$R.$M",
                        "guard": "py",
                        "regex": {"$F": PY_CLIENT_FUNCS},
                    },
                    {
                        "inside": [
                            "with httpx.Client(...) as $C:\n    ...\n",
                            "async with httpx.AsyncClient(...) as $C:\n    ...\n",
                            "$C = httpx.AsyncClient(...)\n...\n",
                        ],
                        "pattern": ["$C.$F(...).$M", "(await $C.$F(...)).$M"],
                        "regex": {"$F": PY_CLIENT_FUNCS},
                    },
                ],
            },
            {
                "object": "python:datetime.datetime",
                "branches": [
                    *_py_assigned(["datetime.datetime.$F(...)"], {"$F": PY_DT_FACTORIES}),
                    # one hop through methods that return a datetime again
                    *_py_assigned(
                        ["datetime.datetime.$F(...).$G(...)"],
                        {"$F": PY_DT_FACTORIES, "$G": "^(replace|astimezone)$"},
                    ),
                    *_py_assigned(["datetime.datetime(...)"]),
                    {"pattern": "datetime.datetime.$M"},  # the class itself
                ],
            },
            {
                "object": "python:datetime.date",
                "branches": [
                    *_py_assigned(["datetime.date.$F(...)"], {"$F": PY_DATE_FACTORIES}),
                    *_py_assigned(["datetime.date(...)"]),
                    {"pattern": "datetime.date.$M"},
                ],
            },
            {
                "object": "python:datetime.timedelta",
                "branches": [
                    *_py_assigned(["datetime.timedelta(...)"]),
                    {"pattern": "datetime.timedelta.$M"},
                ],
            },
        ],
    },
    "js": {
        "id": "js-nonexistent-member",
        "languages": ["javascript", "typescript"],
        "file": "nonexistent-member-js.yaml",
        "symbolic_propagation": True,
        "exclude_underscore": False,
        "message": (
            "`$M` does not exist on this object (a fetch Response, a Date, or the Date "
            "constructor): it is not among the real members (policies/api_members.json), so "
            "it is undefined at run time, a typical hallucinated API. Fix: use a real member "
            "(e.g. `await res.json()`, `res.ok`, `res.status`, `d.toISOString()`, `Date.now()`)."
        ),
        "fix": (
            "Use a member the object really has (fetch Response: .json(), .text(), .ok, "
            ".status, .statusText, .headers; Date: .toISOString(), .getTime(); Date.now(), "
            "Date.parse()); fetch has no .data: parse the body with await res.json()."
        ),
        "kinds": [
            {
                "object": "javascript:Response",
                "branches": [
                    {"pattern": "(await fetch(...)).$M", "not_inside": JS_FETCH_SHADOWED},
                    {
                        "inside": [
                            "const $R = await fetch(...);\n...\n",
                            "let $R = await fetch(...);\n...\n",
                            "var $R = await fetch(...);\n...\n",
                            "$R = await fetch(...);\n...\n",
                            "fetch(...).then(($R) => ...)",
                            "fetch(...).then(async ($R) => ...)",
                            "fetch(...).then(function ($R) { ... })",
                            "fetch(...).then(async function ($R) { ... })",
                        ],
                        "pattern": "$R.$M",
                        "not_inside": JS_FETCH_SHADOWED,
                        "guard": "js",
                    },
                ],
            },
            {
                "object": "javascript:Date.prototype",
                "branches": [
                    {"pattern": "new Date(...).$M"},
                    {
                        "inside": [
                            "const $R = new Date(...);\n...\n",
                            "let $R = new Date(...);\n...\n",
                        ],
                        "pattern": "$R.$M",
                        "guard": "js",
                    },
                ],
            },
            {"object": "javascript:Date", "branches": [{"pattern": "Date.$M"}]},
        ],
    },
    "go": {
        "id": "go-nonexistent-member",
        "languages": ["go"],
        "file": "nonexistent-member-go.yaml",
        "symbolic_propagation": False,
        "exclude_underscore": False,
        "message": (
            "`$M` is not a field or method of this net/http Response or Request, url.URL or "
            "time.Time (checked against the real Go types, policies/api_members.json), so the "
            "code does not compile, a typical hallucinated API. Fix: use a real member "
            "(e.g. `resp.Status`, `resp.StatusCode`, `r.URL.Query()`, `t.Format(time.RFC3339)`)."
        ),
        "fix": (
            "Use a real field or method (http.Response: Status, StatusCode, Header, Body; "
            "http.Request: URL, Header, Context(), FormValue(); time.Time: Format(), Unix(), "
            "UTC()); http.StatusText(code) is a package function, not a field."
        ),
        "kinds": [
            {
                "object": "go:net/http.Response",
                "branches": [
                    {
                        "inside": [
                            "$R, $ERR := http.$F(...)\n...\n",
                            "$R, $ERR = http.$F(...)\n...\n",
                        ],
                        "pattern": "$R.$M",
                        "regex": {"$F": "^(Get|Post|Head|PostForm)$"},
                    },
                    {
                        "inside": [
                            "$R, $ERR := http.DefaultClient.$F(...)\n...\n",
                            "$R, $ERR = http.DefaultClient.$F(...)\n...\n",
                            "$C := &http.Client{...}\n...\n$R, $ERR := $C.$F(...)\n...\n",
                            "$C := http.Client{...}\n...\n$R, $ERR := $C.$F(...)\n...\n",
                        ],
                        "pattern": "$R.$M",
                        "regex": {"$F": "^(Get|Post|Head|PostForm|Do)$"},
                    },
                    {
                        "inside": _go_declared("$C", "*http.Client"),
                        "inside_all": ["$R, $ERR := $C.$F(...)\n...\n"],
                        "pattern": "$R.$M",
                        "regex": {"$F": "^(Get|Post|Head|PostForm|Do)$"},
                    },
                    {
                        # `client.Do(req)` / `transport.RoundTrip(req)` with a non-literal request
                        "inside": [
                            "$R, $ERR := $C.Do($REQ)\n...\n",
                            "$R, $ERR = $C.Do($REQ)\n...\n",
                            "$R, $ERR := $C.RoundTrip($REQ)\n...\n",
                        ],
                        "pattern": "$R.$M",
                        "regex": {"$REQ": "^[A-Za-z_]"},
                    },
                    {"inside": _go_declared("$R", "*http.Response"), "pattern": "$R.$M"},
                ],
            },
            {
                "object": "go:net/http.Request",
                "branches": [
                    {
                        "inside": [
                            "$R, $ERR := http.NewRequest(...)\n...\n",
                            "$R, $ERR := http.NewRequestWithContext(...)\n...\n",
                            "$R := httptest.NewRequest(...)\n...\n",
                        ],
                        "pattern": "$R.$M",
                    },
                    {"inside": _go_declared("$R", "*http.Request"), "pattern": "$R.$M"},
                ],
            },
            {
                "object": "go:net/url.URL",
                "branches": [
                    {
                        "inside": [
                            "$U, $ERR := url.Parse(...)\n...\n",
                            "$U, $ERR := url.ParseRequestURI(...)\n...\n",
                        ],
                        "pattern": "$U.$M",
                    },
                    {"inside": _go_declared("$U", "*url.URL"), "pattern": "$U.$M"},
                    {"inside": _go_declared("$R", "*http.Request"), "pattern": "$R.URL.$M"},
                ],
            },
            {
                "object": "go:time.Time",
                "branches": [
                    {"pattern": "time.$F(...).$M", "regex": {"$F": "^(Now|Unix|UnixMilli|UnixMicro|Date)$"}},
                    {
                        "inside": ["$T := time.$F(...)\n...\n"],
                        "pattern": "$T.$M",
                        "regex": {"$F": "^(Now|Unix|UnixMilli|UnixMicro|Date)$"},
                    },
                    {
                        "inside": [
                            "$T, $ERR := time.Parse(...)\n...\n",
                            "$T, $ERR := time.ParseInLocation(...)\n...\n",
                        ],
                        "pattern": "$T.$M",
                    },
                    {"inside": _go_declared("$T", "time.Time"), "pattern": "$T.$M"},
                ],
            },
        ],
    },
    "java": {
        "id": "java-nonexistent-member",
        "languages": ["java"],
        "file": "nonexistent-member-java.yaml",
        "symbolic_propagation": False,
        "exclude_underscore": False,
        "message": (
            "`$M` is not a method of java.net.http.HttpResponse (checked against the real "
            "JDK interface, policies/api_members.json), so the code does not compile, a "
            "typical hallucinated API. Fix: use a real method (e.g. `statusCode()`, `body()`, "
            "`headers()`, `uri()`)."
        ),
        "fix": (
            "Use a real HttpResponse method: statusCode(), body(), headers(), uri(), "
            "request(), previousResponse(), sslSession(), version()."
        ),
        "kinds": [
            {
                "object": "java:java.net.http.HttpResponse",
                "branches": [
                    {"pattern": "(HttpResponse<$T> $R).$M"},
                    {"pattern": "(HttpResponse $R).$M"},
                    {"pattern": "HttpResponse::$M"},
                    {
                        "inside": [
                            "var $R = $C.send($REQ, HttpResponse.BodyHandlers.$H(...));\n...\n",
                            "var $R = $C.send($REQ, BodyHandlers.$H(...));\n...\n",
                        ],
                        "pattern": "$R.$M",
                    },
                    {"pattern": "$C.send($REQ, HttpResponse.BodyHandlers.$H(...)).$M"},
                    {"pattern": "$C.send($REQ, BodyHandlers.$H(...)).$M"},
                ],
            },
        ],
    },
}


def _yaml_str(s: str) -> str:
    """A single-quoted YAML scalar (no escapes needed but the quote)."""
    return "'" + s.replace("'", "''") + "'"


def _block(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [pad + line if line else "" for line in text.rstrip("\n").split("\n")]


def _member_regex(members: list[str], exclude_underscore: bool, indent: int) -> list[str]:
    """`(?x)` regex matching every name NOT in `members` (PCRE2 extended mode)."""
    pad = " " * indent
    lines = [pad + "(?x)^" + ("(?!_)" if exclude_underscore else "") + "(?!(?:"]
    chunk: list[str] = []
    for name in sorted(set(members)):
        chunk.append(name)
        if len(chunk) == 8:
            lines.append(pad + "  " + "|".join(chunk) + "|")
            chunk = []
    if chunk:
        lines.append(pad + "  " + "|".join(chunk) + "|")
    lines[-1] = lines[-1][:-1]  # drop the trailing "|"
    lines.append(pad + ")$)")
    return lines


def _render_pattern(key: str, pat: str, indent: int) -> list[str]:
    pad = " " * indent
    if "\n" in pat:
        return [f"{pad}- {key}: |"] + _block(pat, indent + 4)
    return [f"{pad}- {key}: {_yaml_str(pat)}"]


def render_rule(lang: str, spec: dict, objects: dict[str, list[str]]) -> str | None:
    kinds = [k for k in spec["kinds"] if k["object"] in objects]
    if not kinds:
        return None
    out = [
        "# GENERATED by scripts/gen_api_members.py from policies/api_members.json.",
        "# Do not edit: change the script or the data and re-run it.",
        "rules:",
        f"  - id: {spec['id']}",
        f"    languages: [{', '.join(spec['languages'])}]",
        "    severity: WARNING",
        f"    message: {_yaml_str(spec['message'])}",
        "    metadata:",
        "      category: hallucinated-api",
        '      cwe: "CWE-477"',
        f"      fix: {_yaml_str(spec['fix'])}",
        "      source: policies/api_members.json",
        f"      objects: [{', '.join(_yaml_str(k['object']) for k in kinds)}]",
    ]
    if spec["symbolic_propagation"]:
        out += ["    options:", "      symbolic_propagation: true"]
    out += ["    pattern-either:"]
    for kind in kinds:
        members = objects[kind["object"]]
        for br in kind["branches"]:
            out.append(f"      # {kind['object']}")
            out.append("      - patterns:")
            ind = 10
            inside = br.get("inside") or []
            if len(inside) == 1:
                out += _render_pattern("pattern-inside", inside[0], ind)
            elif inside:
                out.append(" " * ind + "- pattern-either:")
                for alt in inside:
                    out += _render_pattern("pattern-inside", alt, ind + 4)
            for extra in br.get("inside_all") or []:
                out += _render_pattern("pattern-inside", extra, ind)
            negs = list(br.get("not_inside") or [])
            if br.get("guard"):
                negs += [n for n in (_reassigned(a, br["guard"]) for a in inside) if n]
            for neg in negs:
                out += _render_pattern("pattern-not-inside", neg, ind)
            pats = br["pattern"] if isinstance(br["pattern"], list) else [br["pattern"]]
            if len(pats) == 1:
                out += _render_pattern("pattern", pats[0], ind)
            else:
                out.append(" " * ind + "- pattern-either:")
                for alt in pats:
                    out += _render_pattern("pattern", alt, ind + 4)
            for mv, rx in sorted((br.get("regex") or {}).items()):
                out += [
                    " " * ind + "- metavariable-regex:",
                    " " * ind + f"    metavariable: {mv}",
                    " " * ind + f"    regex: {_yaml_str(rx)}",
                ]
            out += [
                " " * ind + "- metavariable-regex:",
                " " * ind + "    metavariable: $M",
                " " * ind + "    regex: |-",
            ]
            out += _member_regex(members, spec["exclude_underscore"], ind + 6)
            out.append(" " * ind + "- focus-metavariable: $M")
    return "\n".join(out) + "\n"


def render_rules(data: dict) -> dict[str, str]:
    """JSON data -> {rule file name: YAML text}. Needs only the stdlib."""
    objects = data["objects"]
    files = {}
    for lang, spec in SPECS.items():
        text = render_rule(lang, spec, objects)
        if text is not None:
            files[spec["file"]] = text
    return files


def dump_data(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def check(rules_dir: Path = RULES_DIR, data_path: Path = DATA_PATH) -> list[str]:
    """Return a list of problems (empty when the committed rules match the JSON)."""
    data = json.loads(data_path.read_text())
    problems = []
    for name, text in sorted(render_rules(data).items()):
        path = rules_dir / name
        current = path.read_text() if path.exists() else ""
        if current != text:
            diff = "".join(
                difflib.unified_diff(current.splitlines(True), text.splitlines(True), str(path), "rendered", n=1)
            )
            problems.append(f"{path} is stale:\n{diff[:4000]}")
    import yaml  # PyYAML: the rendered rules must at least be valid YAML

    for name, text in render_rules(data).items():
        try:
            yaml.safe_load(text)
        except yaml.YAMLError as exc:
            problems.append(f"{name}: rendered rule is not valid YAML: {exc}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group()
    group.add_argument(
        "--check",
        action="store_true",
        help="re-render the rules from the committed JSON; exit 1 if the rule files differ",
    )
    group.add_argument("--render-only", action="store_true", help="render rules from the committed JSON")
    args = ap.parse_args(argv)

    if args.check:
        problems = check()
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            print("rules are stale: run scripts/gen_api_members.py --render-only", file=sys.stderr)
            return 1
        print("generated rules match policies/api_members.json")
        return 0

    if args.render_only:
        data = json.loads(DATA_PATH.read_text())
    else:
        data = build_data()
        DATA_PATH.write_text(dump_data(data))
        print(f"wrote {DATA_PATH.relative_to(REPO)}")
        for key, members in data["objects"].items():
            print(f"  {key}: {len(members)} members")
    RULES_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(render_rules(data).items()):
        (RULES_DIR / name).write_text(text)
        print(f"wrote {(RULES_DIR / name).relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
