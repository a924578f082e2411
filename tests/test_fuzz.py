"""Hostile input, fuzzed: the real webhook endpoint over HTTP, and the config loader.

The webhook fuzz sends random bodies and header sets to `constraint-guard serve`, both
unsigned and validly signed (so JSON parsing and event routing run too), and checks what
GitHub and an attacker would see: never a 5xx, a JSON error for every 4xx, no hang, and a
server that still answers /healthz. The nightly-sized run is bench/fuzz_webhook.py.
"""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import httpx
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checks.config import RepoConfig, parse_config
from checks.policy import PolicyError
from tests.app_harness import AppProcess, World, payload, sign

EVENTS = ["pull_request", "issue_comment", "check_run", "check_suite", "pull_request_review", "merge_group",
          "installation", "ping", "push", "", "PULL_REQUEST", "pull_request\u2024", "x" * 300]
SAMPLES = ["pull_request/opened", "pull_request/synchronize", "pull_request/reopened", "issue_comment/created",
           "issue_comment/edited", "check_run/requested_action", "check_run/rerequested", "check_suite/requested",
           "pull_request_review/submitted", "installation/created", "ping/payload"]
EVENT_OF = {name: name.split("/")[0] for name in SAMPLES}

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=2**63, max_value=2**80)
           | st.floats(allow_nan=True) | st.text(max_size=40))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=5), max_leaves=25)
def _nested(depth: int) -> list[Any]:
    out: list[Any] = []
    for _ in range(depth):
        out = [out]
    return out


# HTTP clients refuse to send a header value with leading or trailing whitespace (h11 says
# "Illegal header value"), so such values never reach a server: strip them here
header_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), max_size=60).map(str.strip)
wrong_values = st.one_of(
    scalars,
    json_values,
    st.just("x" * 200_000),  # a huge string
    st.integers(min_value=50, max_value=800).map(lambda n: _nested(n)),  # deep nesting
    # a new dict each draw: a later mutation may delete its keys, and a shared `st.just` object
    # would then differ between runs of the same example (hypothesis: "inconsistent data generation")
    st.builds(lambda: {"login": "\u202eevil", "id": -1, "type": "Bot"}),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path of a JSON document (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(doc: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """A real payload with a few fields deleted or replaced by wrong types, huge or deep values."""
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(0, 4), label="mutations")):
        paths = _paths(doc)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths), label="path")
        parent: Any = doc
        for key in path[:-1]:
            parent = parent[key]
        if data.draw(st.booleans(), label="delete"):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(wrong_values, label="value")
    return doc


@st.composite
def deliveries(draw: st.DrawFn, world: World) -> tuple[list[tuple[str, bytes]], bytes, bool]:
    """(headers, body, signed): a random request to POST /webhook."""
    kind = draw(st.sampled_from(["bytes", "json", "payload", "payload", "payload"]))
    event: str | None = draw(st.sampled_from(EVENTS) | st.none() | header_text)
    if kind == "bytes":
        body = draw(st.binary(max_size=2_000))
    elif kind == "json":
        body = json.dumps(draw(json_values)).encode()
    else:
        name = draw(st.sampled_from(SAMPLES))
        doc = world.retarget(payload(name), number=draw(st.integers(1, 5)), head_sha="a" * 40)
        body = json.dumps(_mutate(doc, draw(st.data()))).encode()
        if draw(st.integers(0, 3)) > 0:
            event = EVENT_OF[name]
    signed = draw(st.integers(0, 3)) > 0
    headers: list[tuple[str, bytes]] = [("Content-Type", b"application/json")]
    if event is not None:
        headers.append(("X-GitHub-Event", event.encode()))
        if draw(st.integers(0, 9)) == 0:  # a duplicate header with another value
            headers.append(("X-GitHub-Event", draw(st.sampled_from(EVENTS)).encode()))
    delivery: str | None = str(uuid.uuid4())
    if draw(st.integers(0, 9)) < 3:  # mostly a good id, so more requests get past the header checks
        delivery = draw(st.sampled_from(["", "d" * 101, "d" * 10_000]) | header_text | st.none())
    if delivery is not None:
        headers.append(("X-GitHub-Delivery", delivery.encode()))
    if signed:
        headers.append(("X-Hub-Signature-256", sign(body).encode()))
    elif draw(st.booleans()):
        headers.append(("X-Hub-Signature-256", draw(st.sampled_from(["sha256=", "sha1=abc", "sha256=zz", "\u00e9"]
                                                                     )).encode()))
    return headers, body, signed


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_fuzzed_webhook_deliveries_never_get_a_5xx_and_4xx_are_json(app: AppProcess, world: World,
                                                                      data: st.DataObject) -> None:
    headers, body, signed = data.draw(deliveries(world))
    with httpx.Client(base_url=app.url, timeout=10) as client:
        resp = client.post("/webhook", content=body, headers=headers)
        event(f"{resp.status_code} {resp.json().get('status', 'error') if resp.status_code < 500 else ''}")
        assert resp.status_code < 500, resp.text
        if resp.status_code >= 400:
            assert isinstance(resp.json().get("error"), str), resp.text
        else:
            assert resp.status_code == 202 and "status" in resp.json()
        if not signed:
            assert resp.status_code in (400, 401), "an unsigned body is refused before parsing"
        assert client.get("/healthz").text == "ok"


def test_server_stays_healthy_and_serves_real_deliveries_after_the_fuzz(app: AppProcess, world: World) -> None:
    # a body nested past Python's recursion limit is a 400, not a crash
    deep = b"[" * 100_000 + b"]" * 100_000
    resp = app.send("pull_request", deep)
    assert resp.status_code == 400 and "error" in resp.json()
    edited = world.retarget(payload("pull_request/opened"), 1, "a" * 40)
    edited["action"], edited["changes"] = "edited", 5  # `changes` of the wrong type
    resp = app.send("pull_request", edited)
    assert resp.status_code == 202 and resp.json()["status"] == "ignored"
    assert app.send("pull_request", world.opened(1, "a" * 40)).json()["status"] == "queued"
    assert httpx.get(app.url + "/readyz", timeout=5).json() == {"ready": True}


# --------------------------------------------------------------------------- config loader

CONFIG_KEYS = ["version", "gates", "rules", "paths", "review", "limits", "auth", "payments", "dates", "security",
               "policy", "enabled", "exclude", "signoff", "teams", "users", "min_permission", "count",
               "codeowners", "disable", "severity", "ignore", "drafts", "max_inline_comments", "max_file_bytes",
               "scan_timeout_seconds"]
yaml_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
                | st.sampled_from(["error", "warning", "write", "admin", "**/*.py", "[", "*", "1e400"]))
yaml_data = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(CONFIG_KEYS) | st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


def _load(text: str) -> RepoConfig | PolicyError:
    try:
        return parse_config(".github/constraint-guard.yml", text)
    except PolicyError as exc:
        assert str(exc).startswith(".github/constraint-guard.yml")
        return exc


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=400))
def test_config_loader_answers_any_text_with_a_config_or_a_policy_error(text: str) -> None:
    assert isinstance(_load(text), RepoConfig | PolicyError)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(CONFIG_KEYS), yaml_data, max_size=6) | yaml_data)
def test_config_loader_answers_any_yaml_document_with_a_config_or_a_policy_error(data: Any) -> None:
    assert isinstance(_load(yaml.safe_dump(data, allow_unicode=True)), RepoConfig | PolicyError)


@pytest.mark.parametrize("text", [
    "[" * 5_000 + "]" * 5_000,  # nesting deep enough to exhaust a recursive parser
    "a: &a [1, 2]\nb: [*a, *a, *a]\n",  # aliases
    "*undefined\n",
    "version: !!python/object/apply:os.system [echo]\n",  # an unsafe tag is refused, never run
    "version: 1\nlimits: {max_file_bytes: 99999999999999999999999}\n",
    "\ufeffversion: 1\n",
    "version: 1\n\x00",
])
def test_config_loader_refuses_hostile_yaml_with_a_policy_error(text: str) -> None:
    assert isinstance(_load(text), RepoConfig | PolicyError)
