"""The double's REST answers match GitHub's own description of them.

tests/github_schema/openapi-subset.json.gz holds, from GitHub's OpenAPI description, the response
schemas of every REST operation the App calls (tests/github_schema/extract_openapi.py lists them).
The double is driven through each operation once, and every answer must validate against the
schema GitHub publishes for that operation and status: where it does not, the double is wrong.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.github_double import FileSpec, GitHubDouble, github_double_fixture

SUBSET = Path(__file__).parent / "github_schema" / "openapi-subset.json.gz"
APP_ID, INSTALLATION = 4242, 77
OWNER, NAME = "acme", "shop"
REPO = f"/repos/{OWNER}/{NAME}"
HEAD = "d" * 40


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema says it (``null`` is one more allowed type)."""
    if isinstance(node, list):
        return [_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _any_of(node: dict[str, Any]) -> None:
    node["anyOf"] = node.pop("allOf")


def _nullable(node: dict[str, Any]) -> None:
    node["nullable"] = True


# Where the vendored description (GitHub's 2022-11-28 one) contradicts GitHub's own later description
# (2026-03-10, which githubkit's models are generated from) and GitHub's answers, the later one wins.
# Each erratum names the place and the reason; everything else is checked as GitHub wrote it.
ERRATA: list[tuple[tuple[str, ...], Any, str]] = [
    (("operations", "apps/list-installations", "responses", "200", "items", "properties", "account"), _any_of,
     "an installation's account is a user or an enterprise (2026-03-10: SimpleUser | Enterprise), not both"),
    (("components", "schemas", "pull-request-simple", "properties", "labels", "items", "properties", "description"),
     _nullable,
     "a label without a description has null there, as pulls/get's labels and the 2026-03-10 description say"),
]


def _described() -> dict[str, Any]:
    description = json.loads(gzip.decompress(SUBSET.read_bytes()))
    for where, fix, _why in ERRATA:
        node = description
        for key in where:
            node = node[key]
        fix(node)
    return dict(description)


DESCRIPTION = _described()
OPERATIONS: dict[str, Any] = DESCRIPTION["operations"]
COMPONENTS = _json_schema(DESCRIPTION["components"])


@pytest.fixture(scope="module")
def world() -> Iterator[GitHubDouble]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    for double in github_double_fixture(app_id=APP_ID, app_public_key=public):
        double.app_private_key = key  # type: ignore[attr-defined]
        double.add_installation(INSTALLATION, OWNER)
        repo = double.add_repo(OWNER, NAME)
        double.add_pull(repo, 7, head_sha=HEAD, author="alice", body="Adds a check", files={
            "app.py": FileSpec(status="modified", base="a = 1\nb = 2\n", head="a = 1\nb = 3\nc = 4\n"),
            "logo.png": FileSpec(status="added", head=b"\x89PNG\0\0", patch=None),
        })
        double.add_label(repo, 7, "security", description=None)
        double.add_team(OWNER, "security", members=["erin"])
        double.request_reviews(repo, 7, users=["carol"], teams=["security"])
        double.set_permission(repo, "carol", "maintain")
        double.add_review(repo, 7, "bob", "CHANGES_REQUESTED", "Please split this")
        double.add_delivery("d-1", "pull_request", "opened", installation_id=INSTALLATION)
        yield double


def _drive(world: GitHubDouble) -> dict[str, list[httpx.Response]]:
    """Every operation the App calls, in an order that gives each something to answer with."""
    now = int(time.time())
    pem = world.app_private_key  # type: ignore[attr-defined]
    token_jwt = jwt.encode({"iat": now - 30, "exp": now + 500, "iss": str(APP_ID)}, pem, algorithm="RS256")
    seen: dict[str, list[httpx.Response]] = {}

    def call(op: str, client: httpx.Client, path: str, body: Any = None, **params: Any) -> httpx.Response:
        resp = client.request(OPERATIONS[op]["method"], path, json=body, params=params or None)
        seen.setdefault(op, []).append(resp)
        return resp

    def client(token: str) -> httpx.Client:
        return httpx.Client(base_url=world.url, headers={"Authorization": token}, timeout=30)

    with client(f"Bearer {token_jwt}") as app:
        minted = call("apps/create-installation-access-token", app, f"/app/installations/{INSTALLATION}/access_tokens",
                      {}).json()["token"]
    with client(f"Bearer {token_jwt}") as app, client(f"token {minted}") as bot, \
            client(f"token {world.mint_user_token('bob')}") as human:
        call("apps/list-installations", app, "/app/installations")
        deliveries = call("apps/list-webhook-deliveries", app, "/app/hook/deliveries", per_page=50).json()
        call("apps/redeliver-webhook-delivery", app, f"/app/hook/deliveries/{deliveries[0]['id']}/attempts")
        call("apps/list-repos-accessible-to-installation", bot, "/installation/repositories")

        annotation = {"path": "app.py", "start_line": 2, "end_line": 2, "annotation_level": "failure",
                      "message": "b changed", "title": "auth"}
        run = call("checks/create", bot, f"{REPO}/check-runs", {
            "name": "Constraint Guard", "head_sha": HEAD, "status": "in_progress", "external_id": "r1",
            "output": {"title": "Reviewing", "summary": "…", "annotations": [annotation]},
        }).json()
        call("checks/update", bot, f"{REPO}/check-runs/{run['id']}", {
            "conclusion": "failure", "output": {"title": "1 finding", "summary": "One", "text": "Details"},
            "actions": [{"label": "Sign off", "description": "Record a sign-off", "identifier": "signoff"}],
        })
        call("checks/list-for-ref", bot, f"{REPO}/commits/{HEAD}/check-runs", check_name="Constraint Guard")

        files = call("pulls/list-files", bot, f"{REPO}/pulls/7/files", per_page=100).json()
        call("git/get-blob", bot, f"{REPO}/git/blobs/{files[0]['sha']}")
        call("pulls/get", bot, f"{REPO}/pulls/7")
        call("pulls/list", bot, f"{REPO}/pulls", state="open")
        call("pulls/list-commits", bot, f"{REPO}/pulls/7/commits")

        mine = call("issues/create-comment", bot, f"{REPO}/issues/7/comments", {"body": "<!-- cg --> summary"})
        theirs = call("issues/create-comment", human, f"{REPO}/issues/7/comments", {"body": "/sign-off auth"})
        call("issues/update-comment", bot, f"{REPO}/issues/comments/{mine.json()['id']}", {"body": "<!-- cg --> v2"})
        call("issues/list-comments", bot, f"{REPO}/issues/7/comments")
        for _ in range(2):  # 201 created, then 200 for the same reaction again
            call("reactions/create-for-issue-comment", bot, f"{REPO}/issues/comments/{theirs.json()['id']}/reactions",
                 {"content": "+1"})

        call("pulls/create-review", bot, f"{REPO}/pulls/7/reviews", {
            "commit_id": HEAD, "event": "COMMENT", "body": "Findings",
            "comments": [{"path": "app.py", "line": 2, "side": "RIGHT", "body": "b changed"}],
        })
        call("pulls/create-review-comment", bot, f"{REPO}/pulls/7/comments",
             {"commit_id": HEAD, "path": "app.py", "line": 3, "side": "RIGHT", "body": "c added"})
        call("pulls/list-reviews", bot, f"{REPO}/pulls/7/reviews")
        call("repos/get-collaborator-permission-level", bot, f"{REPO}/collaborators/carol/permission")
        call("teams/get-membership-for-user-in-org", bot, f"/orgs/{OWNER}/teams/security/memberships/erin")
    return seen


@pytest.fixture(scope="module")
def answers(world: GitHubDouble) -> dict[str, list[httpx.Response]]:
    return _drive(world)


def test_every_operation_in_the_description_is_driven(answers: dict[str, list[httpx.Response]]) -> None:
    assert set(answers) == set(OPERATIONS)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_the_doubles_answer_matches_githubs_description(operation: str,
                                                       answers: dict[str, list[httpx.Response]]) -> None:
    documented = OPERATIONS[operation]["responses"]
    for resp in answers[operation]:
        assert str(resp.status_code) in documented, (resp.status_code, resp.text[:500])
        schema = documented[str(resp.status_code)]
        if schema is None:  # a documented empty answer
            continue
        validator = jsonschema.Draft202012Validator({"allOf": [_json_schema(schema)], "components": COMPONENTS})
        problems = sorted(validator.iter_errors(resp.json()), key=lambda e: list(e.absolute_path))
        assert not problems, "\n".join(f"{list(e.absolute_path)}: {e.message[:300]}" for e in problems[:10])
    statuses = {r.status_code for r in answers["reactions/create-for-issue-comment"]}
    assert statuses == {200, 201}
