"""The GitHub double, driven by githubkit itself: every response is parsed into githubkit's models."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator

import httpx
import pydantic
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from githubkit import AppAuthStrategy, AppInstallationAuthStrategy, GitHub
from githubkit.cache import MemCacheStrategy
from githubkit.exception import (
    GraphQLFailed,
    PrimaryRateLimitExceeded,
    RequestError,
    RequestFailed,
    RequestTimeout,
    SecondaryRateLimitExceeded,
)

from tests.github_double import FileSpec, GitHubDouble, github_double_fixture, graphql_operation, make_patch

APP_ID = 4242
INSTALLATION = 77
OWNER, NAME = "acme", "shop"
HEAD = "a" * 40
HEAD2 = "b" * 40

BASE_APP = "".join(f"line {i}\n" for i in range(1, 21))
HEAD_APP = BASE_APP.replace("line 5\n", "line 5 changed\n").replace("line 15\n", "line 15\nline 15b\n")


@pytest.fixture(scope="module")
def app_key() -> tuple[str, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


@pytest.fixture
def github(app_key: tuple[str, bytes]) -> Iterator[GitHubDouble]:
    yield from github_double_fixture(app_id=APP_ID, app_public_key=app_key[1])


@pytest.fixture
def world(github: GitHubDouble) -> GitHubDouble:
    github.add_installation(INSTALLATION, OWNER)
    repo = github.add_repo(OWNER, NAME)
    github.add_pull(
        repo,
        7,
        head_sha=HEAD,
        head_ref="feature/pay",
        author="alice",
        files={
            "app.py": FileSpec(status="modified", base=BASE_APP, head=HEAD_APP),
            "new.py": FileSpec(status="added", head="print('hi')\n"),
            "old.py": FileSpec(status="removed", base="x = 1\n"),
            "pkg/moved.py": FileSpec(status="renamed", previous_filename="moved.py", base="a\n", head="a\n",
                                     patch=None),
            "big.min.js": {"status": "modified", "base": "x", "head": "y", "patch": None},
        },
    )
    github.set_file(repo, "main", ".github/constraint-guard.yml", "gates: [auth]\n")
    return github


def client(github: GitHubDouble, key: str, **kwargs: object) -> GitHub:
    kwargs.setdefault("auto_retry", False)
    kwargs.setdefault("http_cache", False)
    return GitHub(
        AppInstallationAuthStrategy(APP_ID, key, INSTALLATION),
        base_url=github.url,
        cache_strategy=MemCacheStrategy(),
        **kwargs,  # type: ignore[arg-type]
    )


def app_client(github: GitHubDouble, key: str) -> GitHub:
    return GitHub(AppAuthStrategy(APP_ID, key), base_url=github.url, auto_retry=False, http_cache=False,
                  cache_strategy=MemCacheStrategy())


# --------------------------------------------------------------------------- auth & tokens


def test_token_is_minted_once_then_reused(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    pull = gh.rest.pulls.get(OWNER, NAME, 7).parsed_data
    assert pull.head.sha == HEAD and pull.base.ref == "main" and pull.user.login == "alice"
    assert pull.changed_files == 5 and pull.additions > 0
    assert gh.rest.pulls.get(OWNER, NAME, 7).parsed_data.number == 7
    assert world.mint_count == 1
    assert [c["auth"] for c in world.calls] == ["jwt", "installation", "installation"]
    assert world.calls[0]["path"] == f"/app/installations/{INSTALLATION}/access_tokens"
    assert world.calls[0]["status"] == 201


def test_bad_or_expired_token_is_refused(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    bogus = GitHub("ghs_not_a_real_token", base_url=world.url, auto_retry=False, http_cache=False)
    with pytest.raises(RequestFailed) as exc:
        bogus.rest.pulls.get(OWNER, NAME, 7)
    assert exc.value.response.status_code == 401
    assert exc.value.response.json()["message"] == "Bad credentials"

    gh = client(world, app_key[0])
    gh.rest.pulls.get(OWNER, NAME, 7)
    world.expire_tokens()
    with pytest.raises(RequestFailed) as exc:
        gh.rest.pulls.get(OWNER, NAME, 7)
    assert exc.value.response.status_code == 401

    # a JWT signed by some other key cannot mint a token
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    stranger = client(world, other)
    with pytest.raises(RequestError) as refused:  # githubkit wraps the failed mint raised inside its auth flow
        stranger.rest.pulls.get(OWNER, NAME, 7)
    assert isinstance(refused.value.exc, RequestFailed) and refused.value.exc.response.status_code == 401
    # and an installation token is not accepted on /app endpoints
    raw = httpx.get(f"{world.url}/app/installations", headers={"Authorization": "token ghs_x"})
    assert raw.status_code == 401


def test_token_only_reaches_the_installations_repos(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.add_repo("other-org", "secret")
    gh = client(world, app_key[0])
    with pytest.raises(RequestFailed) as exc:
        gh.rest.repos.get_content("other-org", "secret", "README.md")
    assert exc.value.response.status_code == 404


def test_app_endpoints_with_jwt(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    app = app_client(world, app_key[0])
    inst = app.rest.apps.get_repo_installation(OWNER, NAME).parsed_data
    assert inst.id == INSTALLATION and inst.account is not None
    assert [i.id for i in app.rest.apps.list_installations().parsed_data] == [INSTALLATION]


# --------------------------------------------------------------------------- pulls, files, contents


def test_files_paginate_over_three_pages(github: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    github.add_installation(INSTALLATION, OWNER)
    repo = github.add_repo(OWNER, NAME)
    files = {f"src/f{i:03}.py": FileSpec(status="added", head=f"v = {i}\n") for i in range(250)}
    github.add_pull(repo, 1, head_sha=HEAD, files=files)
    gh = client(github, app_key[0])

    first = gh.rest.pulls.list_files(OWNER, NAME, 1, per_page=100)
    link = first.headers["link"]
    assert 'page=2>; rel="next"' in link and 'page=3>; rel="last"' in link

    entries = list(gh.rest.paginate(gh.rest.pulls.list_files, owner=OWNER, repo=NAME, pull_number=1, per_page=100))
    assert len(entries) == 250
    assert [e.filename for e in entries] == sorted(files)
    assert entries[0].patch == "@@ -0,0 +1 @@\n+v = 0" and entries[0].additions == 1
    assert github.calls_count("GET", f"/repos/{OWNER}/{NAME}/pulls/1/files") == 4


def test_file_list_is_capped_at_3000(github: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    github.add_installation(INSTALLATION, OWNER)
    repo = github.add_repo(OWNER, NAME)
    files = {f"f{i:04}": FileSpec(status="added", head="x\n", patch="@@ -0,0 +1 @@\n+x") for i in range(3010)}
    github.add_pull(repo, 1, head_sha=HEAD, files=files)
    gh = client(github, app_key[0])
    last = gh.rest.pulls.list_files(OWNER, NAME, 1, per_page=100, page=30)
    assert len(last.parsed_data) == 100 and 'rel="next"' not in last.headers["link"]
    assert gh.rest.pulls.list_files(OWNER, NAME, 1, per_page=100, page=31).parsed_data == []
    assert gh.rest.pulls.get(OWNER, NAME, 1).parsed_data.changed_files == 3010


def test_diff_entries_shapes(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    entries = {e.filename: e for e in gh.rest.pulls.list_files(OWNER, NAME, 7).parsed_data}
    assert entries["pkg/moved.py"].status == "renamed" and entries["pkg/moved.py"].previous_filename == "moved.py"
    assert not entries["big.min.js"].patch  # omitted, like GitHub for large files
    assert entries["old.py"].status == "removed" and entries["old.py"].deletions == 1
    assert entries["app.py"].patch == make_patch(BASE_APP, HEAD_APP)


def test_commits_list_authors(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.add_commit_author(f"{OWNER}/{NAME}", 7, "mallory", committer="web-flow")
    gh = client(world, app_key[0])
    commits = gh.rest.pulls.list_commits(OWNER, NAME, 7).parsed_data
    assert [c.author.login for c in commits] == ["alice", "mallory"]  # type: ignore[union-attr]
    assert commits[1].committer.login == "web-flow"  # type: ignore[union-attr]
    world.add_pull(f"{OWNER}/{NAME}", 8, head_sha=HEAD2, state="closed")
    assert [p.number for p in gh.rest.pulls.list(OWNER, NAME, state="open").parsed_data] == [7]
    assert [p.number for p in gh.rest.pulls.list(OWNER, NAME, state="all").parsed_data] == [8, 7]


def test_contents_base_branch_head_sha_and_404(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.add_repo(OWNER, ".github")
    world.set_file(f"{OWNER}/.github", "main", "constraint-guard.yml", "org: default\n")
    gh = client(world, app_key[0])
    cfg = gh.rest.repos.get_content(OWNER, NAME, ".github/constraint-guard.yml", ref="main").parsed_data
    assert cfg.type == "file" and cfg.encoding == "base64"  # type: ignore[union-attr]
    assert base64.b64decode(cfg.content) == b"gates: [auth]\n"  # type: ignore[union-attr]
    head = gh.rest.repos.get_content(OWNER, NAME, "app.py", ref=HEAD).parsed_data
    assert base64.b64decode(head.content).decode() == HEAD_APP  # type: ignore[union-attr]
    base = gh.rest.repos.get_content(OWNER, NAME, "app.py").parsed_data  # default branch
    assert base64.b64decode(base.content).decode() == BASE_APP  # type: ignore[union-attr]
    org = gh.rest.repos.get_content(OWNER, ".github", "constraint-guard.yml").parsed_data
    assert base64.b64decode(org.content) == b"org: default\n"  # type: ignore[union-attr]
    with pytest.raises(RequestFailed) as exc:
        gh.rest.repos.get_content(OWNER, NAME, "old.py", ref=HEAD)  # removed in the PR
    assert exc.value.response.status_code == 404
    assert exc.value.response.json()["message"] == "Not Found"
    world.remove_file(f"{OWNER}/{NAME}", HEAD, "app.py")  # a file that vanished
    with pytest.raises(RequestFailed):
        gh.rest.repos.get_content(OWNER, NAME, "app.py", ref=HEAD)


# --------------------------------------------------------------------------- check runs


def annotation(i: int) -> dict[str, object]:
    return {"path": "app.py", "start_line": i, "end_line": i, "annotation_level": "warning", "message": f"m{i}"}


def test_check_run_create_update_appends_annotations(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    name = "Constraint Guard (main)"
    run = gh.rest.checks.create(
        OWNER, NAME, name=name, head_sha=HEAD, status="in_progress", external_id="x1",
        output={"title": "t", "summary": "s", "annotations": [annotation(i) for i in range(1, 51)]},
    ).parsed_data
    assert run.status == "in_progress" and run.output.annotations_count == 50
    assert run.pull_requests[0].number == 7 and run.app is not None and run.app.id == APP_ID
    done = gh.rest.checks.update(
        OWNER, NAME, run.id, conclusion="failure",
        output={"title": "t", "summary": "s2", "annotations": [annotation(i) for i in range(51, 61)]},
        actions=[{"label": "Sign off", "description": "Record a sign-off", "identifier": "signoff"}],
    ).parsed_data
    assert done.status == "completed" and done.conclusion == "failure" and done.completed_at is not None
    assert done.output.annotations_count == 60 and done.output.summary == "s2"
    assert len(world.annotations(run.id)) == 60
    # githubkit itself refuses 51 annotations, so send the raw request through its authenticated client
    url = f"/repos/{OWNER}/{NAME}/check-runs/{run.id}"
    too_many = {"output": {"title": "t", "summary": "s", "annotations": [annotation(1)] * 51}}
    with pytest.raises(RequestFailed) as exc:
        gh.request("PATCH", url, json=too_many)
    assert exc.value.response.status_code == 422
    with pytest.raises(RequestFailed) as exc:
        gh.request("PATCH", url, json={"output": {"title": "t", "summary": "x" * 65536}})
    assert exc.value.response.status_code == 422
    with pytest.raises(RequestFailed) as exc:  # the limit is in bytes: 40,000 characters of 2 bytes each
        gh.request("PATCH", url, json={"output": {"title": "t", "summary": "é" * 40_000}})
    assert exc.value.response.status_code == 422
    assert world.check_runs(f"{OWNER}/{NAME}")[0]["output"]["annotations_count"] == 60

    gh.rest.checks.create(OWNER, NAME, name="Constraint Guard (release)", head_sha=HEAD)
    listed = gh.rest.checks.list_for_ref(OWNER, NAME, HEAD, check_name=name).parsed_data
    assert listed.total_count == 1 and listed.check_runs[0].id == run.id
    assert len(gh.rest.checks.list_for_ref(OWNER, NAME, HEAD).parsed_data.check_runs) == 2
    assert [r["name"] for r in world.check_runs(f"{OWNER}/{NAME}", head_sha=HEAD)] == [
        name, "Constraint Guard (release)"
    ]
    with pytest.raises(RequestFailed) as exc:
        gh.rest.checks.create(OWNER, NAME, name=name, head_sha="c" * 40)
    assert exc.value.response.status_code == 422


# --------------------------------------------------------------------------- reviews & threads


def test_review_comment_outside_the_diff_is_422(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    with pytest.raises(RequestFailed) as exc:
        gh.rest.pulls.create_review(
            OWNER, NAME, 7, commit_id=HEAD, event="COMMENT", body="review",
            comments=[
                {"path": "app.py", "line": 5, "side": "RIGHT", "body": "in the diff"},
                {"path": "app.py", "line": 11, "side": "RIGHT", "body": "line 11 is outside every hunk"},
            ],
        )
    assert exc.value.response.status_code == 422
    err = exc.value.response.json()
    assert err["message"] == "Unprocessable Entity" and err["errors"]
    assert world.review_comments(f"{OWNER}/{NAME}", 7) == []  # nothing half-written

    with pytest.raises(RequestFailed):  # a file without a patch takes no comments
        gh.rest.pulls.create_review(OWNER, NAME, 7, commit_id=HEAD, event="COMMENT",
                                    comments=[{"path": "big.min.js", "line": 1, "body": "x"}])

    review = gh.rest.pulls.create_review(
        OWNER, NAME, 7, commit_id=HEAD, event="COMMENT", body="Constraint Guard",
        comments=[
            {"path": "app.py", "line": 5, "side": "RIGHT", "body": "changed line"},
            {"path": "app.py", "line": 3, "side": "RIGHT", "body": "context line"},
            {"path": "app.py", "line": 5, "side": "LEFT", "body": "old line"},
            {"path": "new.py", "line": 1, "body": "added file"},
        ],
    ).parsed_data
    assert review.state == "COMMENTED" and review.user is not None and review.user.login == "constraint-guard[bot]"
    comments = gh.rest.pulls.list_review_comments(OWNER, NAME, 7).parsed_data
    assert [(c.path, c.line, c.side) for c in comments] == [
        ("app.py", 5, "RIGHT"), ("app.py", 3, "RIGHT"), ("app.py", 5, "LEFT"), ("new.py", 1, "RIGHT")
    ]
    assert all(c.pull_request_review_id == review.id for c in comments)
    assert comments[0].diff_hunk.startswith("@@ ") and comments[0].diff_hunk.endswith("+line 5 changed")
    assert [r.id for r in gh.rest.pulls.list_reviews(OWNER, NAME, 7).parsed_data] == [review.id]
    assert len(world.threads(f"{OWNER}/{NAME}", 7)) == 4


def test_single_review_comments_and_nth_fails(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.fail("POST", r"/pulls/7/comments$", 422, skip=1)  # the 2nd review comment is refused
    gh = client(world, app_key[0])
    gh.rest.pulls.create_review_comment(OWNER, NAME, 7, commit_id=HEAD, path="app.py", line=5, body="one")
    with pytest.raises(RequestFailed) as exc:
        gh.rest.pulls.create_review_comment(OWNER, NAME, 7, commit_id=HEAD, path="app.py", line=16, body="two")
    assert exc.value.response.status_code == 422
    gh.rest.pulls.create_review_comment(OWNER, NAME, 7, commit_id=HEAD, path="app.py", line=16, body="three")
    assert [c["body"] for c in world.review_comments(f"{OWNER}/{NAME}", 7)] == ["one", "three"]


def test_push_keeps_old_commit_reviewable(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.push(f"{OWNER}/{NAME}", 7, HEAD2, files={"new.py": FileSpec(status="added", head="a\nb\n")})
    gh = client(world, app_key[0])
    assert gh.rest.pulls.get(OWNER, NAME, 7).parsed_data.head.sha == HEAD2
    assert [f.filename for f in gh.rest.pulls.list_files(OWNER, NAME, 7).parsed_data] == ["new.py"]
    gh.rest.pulls.create_review(OWNER, NAME, 7, commit_id=HEAD, event="COMMENT",
                                comments=[{"path": "app.py", "line": 5, "body": "on the old head"}])
    with pytest.raises(RequestFailed):
        gh.rest.pulls.create_review(OWNER, NAME, 7, commit_id=HEAD2, event="COMMENT",
                                    comments=[{"path": "app.py", "line": 5, "body": "not in the new diff"}])


REVIEW_THREADS = """
query ReviewThreads($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 2, after: $after) {
        nodes { id isResolved comments(first: 1) { nodes { body databaseId path viewerDidAuthor author { login } } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""

RESOLVE = """
mutation ResolveThread($threadId: ID!) {
  resolveReviewThread(input: {threadId: $threadId}) { thread { id isResolved } }
}
"""


def test_review_threads_page_and_resolve(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    gh.rest.pulls.create_review(
        OWNER, NAME, 7, commit_id=HEAD, event="COMMENT",
        comments=[{"path": "app.py", "line": n, "body": f"<!-- cg:{n} --> finding"} for n in (3, 4, 5)],
    )
    world.add_review_comment(f"{OWNER}/{NAME}", 7, "bob", "app.py", 16, "human thread")
    threads, after = [], None
    while True:
        data = gh.graphql(REVIEW_THREADS, {"owner": OWNER, "name": NAME, "number": 7, "after": after})
        conn = data["repository"]["pullRequest"]["reviewThreads"]
        threads += conn["nodes"]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(threads) == 4
    first = threads[0]["comments"]["nodes"][0]
    assert first["path"] == "app.py" and first["author"]["login"] == "constraint-guard"
    assert isinstance(first["databaseId"], int) and first["body"].startswith("<!-- cg:3 -->")
    assert threads[3]["comments"]["nodes"][0]["author"]["login"] == "bob"
    # GitHub's exact "did this token's account write it?": the App's threads yes, bob's no
    assert [t["comments"]["nodes"][0]["viewerDidAuthor"] for t in threads] == [True, True, True, False]

    out = gh.graphql(RESOLVE, {"threadId": threads[1]["id"]})
    assert out["resolveReviewThread"]["thread"] == {"id": threads[1]["id"], "isResolved": True}
    state = {t["id"]: t["is_resolved"] for t in world.threads(f"{OWNER}/{NAME}", 7)}
    assert state[threads[1]["id"]] and sum(state.values()) == 1
    assert world.writes_to("POST", "^/graphql$")[0]["json"]["variables"] == {"threadId": threads[1]["id"]}
    assert world.calls_count("POST", "/graphql") == 3  # queries are calls, not writes

    with pytest.raises(GraphQLFailed) as exc:
        gh.graphql(RESOLVE, {"threadId": "PRRT_nope"})
    assert exc.value.response.errors[0].type == "NOT_FOUND"  # type: ignore[index]


def test_graphql_file_texts_batch(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.set_file(f"{OWNER}/{NAME}", HEAD, "logo.png", b"\x89PNG\r\n\x1a\n\0\0")
    gh = client(world, app_key[0])
    paths = ["app.py", "new.py", "old.py", "logo.png", "missing.py"]
    aliases = "\n".join(
        f'f{i}: object(expression: "{HEAD}:{p}") {{ ... on Blob {{ text isBinary byteSize }} }}'
        for i, p in enumerate(paths)
    )
    query = (
        "query FileTexts($owner: String!, $name: String!) "
        f"{{ repository(owner: $owner, name: $name) {{ {aliases} }} }}"
    )
    repo = gh.graphql(query, {"owner": OWNER, "name": NAME})["repository"]
    assert repo["f0"] == {"text": HEAD_APP, "isBinary": False, "byteSize": len(HEAD_APP)}
    assert repo["f1"]["text"] == "print('hi')\n"
    assert repo["f2"] is None and repo["f4"] is None  # removed / never existed
    assert repo["f3"] == {"text": None, "isBinary": True, "byteSize": 10}
    base = gh.graphql('{ repository(owner: "acme", name: "shop") { object(expression: "main:app.py") '
                      "{ __typename ... on Blob { text } } } }")
    assert base["repository"]["object"] == {"__typename": "Blob", "text": BASE_APP}


def test_graphql_errors_have_githubs_shape(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    with pytest.raises(GraphQLFailed) as exc:
        gh.graphql('query { repository(owner: "acme", name: "shop") { nope } }')
    err = exc.value.response.errors[0]  # type: ignore[index]
    assert err.message == "Field 'nope' doesn't exist on type 'Repository'"
    assert err.extensions is not None and err.extensions["code"] == "undefinedField"
    with pytest.raises(GraphQLFailed) as exc:
        gh.graphql('query { repository(owner: "acme", name: "gone") { id } }')
    assert exc.value.response.errors[0].type == "NOT_FOUND"  # type: ignore[index]
    assert exc.value.response.data == {"repository": None}
    with pytest.raises(GraphQLFailed) as exc:
        gh.graphql('query { repository(owner: "acme", name: "shop") { pullRequest(number: 7) { '
                   "reviewThreads { totalCount } } } }")
    assert exc.value.response.errors[0].type == "MISSING_PAGINATION_BOUNDARIES"  # type: ignore[index]
    with pytest.raises(GraphQLFailed):
        gh.graphql("query { repository(owner: ")


# --------------------------------------------------------------------------- comments, reactions, people


def test_issue_comments_reactions_and_bot_identity(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    world.add_issue_comment(f"{OWNER}/{NAME}", 7, "bob", "/constraint-guard sign-off auth")
    mine = gh.rest.issues.create_comment(OWNER, NAME, 7, body="<!-- cg:summary --> summary").parsed_data
    assert mine.user is not None and mine.user.login == "constraint-guard[bot]" and mine.user.type == "Bot"
    assert mine.performed_via_github_app is not None and mine.performed_via_github_app.id == APP_ID
    gh.rest.issues.update_comment(OWNER, NAME, mine.id, body="<!-- cg:summary --> v2")
    listed = gh.rest.issues.list_comments(OWNER, NAME, 7).parsed_data
    assert [(c.user.login, c.body) for c in listed] == [  # type: ignore[union-attr]
        ("bob", "/constraint-guard sign-off auth"), ("constraint-guard[bot]", "<!-- cg:summary --> v2")
    ]
    assert listed[0].performed_via_github_app is None
    human = listed[0].id
    first = gh.rest.reactions.create_for_issue_comment(OWNER, NAME, human, content="+1")
    assert first.status_code == 201 and first.parsed_data.content == "+1"
    assert gh.rest.reactions.create_for_issue_comment(OWNER, NAME, human, content="+1").status_code == 200
    assert [r["content"] for r in world.reactions(human)] == ["+1"]
    with pytest.raises(RequestFailed) as exc:  # the App cannot edit a human's comment
        gh.rest.issues.update_comment(OWNER, NAME, human, body="forged")
    assert exc.value.response.status_code == 403
    gh.rest.issues.delete_comment(OWNER, NAME, mine.id)
    assert len(world.issue_comments(f"{OWNER}/{NAME}", 7)) == 1


def test_permissions_and_team_membership(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.set_permission(f"{OWNER}/{NAME}", "carol", "maintain")
    world.set_permission(f"{OWNER}/{NAME}", "dave", "triage")
    world.add_team(OWNER, "security", members=["erin"], maintainers=["frank"], pending=["gina"])
    gh = client(world, app_key[0])
    carol = gh.rest.repos.get_collaborator_permission_level(OWNER, NAME, "carol").parsed_data
    assert (carol.permission, carol.role_name) == ("write", "maintain")
    assert carol.user is not None and carol.user.login == "carol"
    dave = gh.rest.repos.get_collaborator_permission_level(OWNER, NAME, "dave").parsed_data
    assert (dave.permission, dave.role_name) == ("read", "triage")
    erin = gh.rest.teams.get_membership_for_user_in_org(OWNER, "security", "erin").parsed_data
    assert (erin.state, erin.role) == ("active", "member")
    assert gh.rest.teams.get_membership_for_user_in_org(OWNER, "security", "gina").parsed_data.state == "pending"
    with pytest.raises(RequestFailed) as exc:
        gh.rest.teams.get_membership_for_user_in_org(OWNER, "security", "alice")
    assert exc.value.response.status_code == 404


# --------------------------------------------------------------------------- webhook deliveries


def test_hook_deliveries_cursor_and_redelivery(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    for i in range(5):
        world.add_delivery(f"guid-{i}", "pull_request", "opened", 200 if i != 3 else 502)
    app = app_client(world, app_key[0])
    items = list(app.rest.paginate(app.rest.apps.list_webhook_deliveries, per_page=2))
    assert [d.guid for d in items] == [f"guid-{i}" for i in (4, 3, 2, 1, 0)]  # newest first
    assert world.calls_count("GET", "/app/hook/deliveries") == 3
    failed = next(d for d in items if d.status_code == 502)
    assert app.rest.apps.redeliver_webhook_delivery(failed.id).status_code == 202
    assert [r["guid"] for r in world.redeliveries] == ["guid-3"]


# --------------------------------------------------------------------------- faults


def test_502_once_then_success(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.fail("POST", r"/check-runs$", 502)
    gh = client(world, app_key[0])
    with pytest.raises(RequestFailed) as exc:
        gh.rest.checks.create(OWNER, NAME, name="c", head_sha=HEAD)
    assert exc.value.response.status_code == 502
    gh.rest.checks.create(OWNER, NAME, name="c", head_sha=HEAD)
    assert len(world.check_runs(f"{OWNER}/{NAME}")) == 1
    assert [w["status"] for w in world.writes_to("POST", r"/check-runs$")] == [502, 201]

    world.fail("GET", r"/pulls/7$", 503)
    retrying = client(world, app_key[0], auto_retry=True)
    assert retrying.rest.pulls.get(OWNER, NAME, 7).parsed_data.number == 7  # githubkit retried once


def test_rate_limits(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    world.fail_secondary_rate_limit("POST", r"/issues/7/comments$", retry_after=2)
    with pytest.raises(SecondaryRateLimitExceeded) as sec:
        gh.rest.issues.create_comment(OWNER, NAME, 7, body="x")
    assert sec.value.retry_after.total_seconds() == 2

    world.fail_too_many_requests("GET", r"/pulls/7$", retry_after=1)
    with pytest.raises(SecondaryRateLimitExceeded):
        gh.rest.pulls.get(OWNER, NAME, 7)

    world.fail_primary_rate_limit("GET", r"/pulls/7$", reset_in=3)
    with pytest.raises(PrimaryRateLimitExceeded):
        gh.rest.pulls.get(OWNER, NAME, 7)

    response = gh.rest.pulls.get(OWNER, NAME, 7)
    remaining = int(response.headers["x-ratelimit-remaining"])
    assert response.headers["x-ratelimit-resource"] == "core" and remaining < 5000
    world.set_rate_limit(remaining=0, reset_in=60)
    with pytest.raises(PrimaryRateLimitExceeded) as prim:
        gh.rest.pulls.get(OWNER, NAME, 7)
    assert 50 < prim.value.retry_after.total_seconds() <= 60
    assert world.rate_limit_headers["X-RateLimit-Remaining"] == "0"


def test_timeout_and_connection_reset(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0], timeout=0.5)
    gh.rest.pulls.get(OWNER, NAME, 7)  # mint first
    world.fail_timeout("GET", r"/pulls/7/files$", seconds=1.5)
    started = time.monotonic()
    with pytest.raises(RequestTimeout):
        gh.rest.pulls.list_files(OWNER, NAME, 7)
    assert time.monotonic() - started < 1.4
    world.fail_reset("GET", r"/pulls/7/files$")
    with pytest.raises(RequestError) as exc:
        gh.rest.pulls.list_files(OWNER, NAME, 7)
    assert isinstance(exc.value.exc, httpx.TransportError)
    assert len(gh.rest.pulls.list_files(OWNER, NAME, 7).parsed_data) == 5


def test_graphql_fault_by_operation(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    world.fail("POST", "^/graphql$", 502, when=graphql_operation("ResolveThread"))
    gh = client(world, app_key[0])
    gh.graphql(REVIEW_THREADS, {"owner": OWNER, "name": NAME, "number": 7})  # other operations pass
    with pytest.raises(RequestFailed):
        gh.graphql(RESOLVE, {"threadId": "PRRT_x"})


def test_cache_headers_and_conditional_requests(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    """GETs carry GitHub's `Cache-Control: private, max-age=60` and an ETag; If-None-Match gets a 304."""
    gh = client(world, app_key[0], http_cache=True)
    first = gh.rest.issues.list_comments(OWNER, NAME, 7)
    assert first.headers["cache-control"] == "private, max-age=60, s-maxage=60"
    token = world.token_mints[0]["token"]
    url = f"{world.url}/repos/{OWNER}/{NAME}/issues/7/comments"
    again = httpx.get(url, headers={"Authorization": f"token {token}", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    world.add_issue_comment(f"{OWNER}/{NAME}", 7, "bob", "hello")
    changed = httpx.get(url, headers={"Authorization": f"token {token}", "If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and len(changed.json()) == 1
    assert len(gh.rest.issues.list_comments(OWNER, NAME, 7).parsed_data) == 1


async def test_async_client_and_writes_recorded(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    run = (await gh.rest.checks.async_create(OWNER, NAME, name="c", head_sha=HEAD, status="queued")).parsed_data
    await gh.rest.checks.async_update(OWNER, NAME, run.id, conclusion="success",
                                      output={"title": "ok", "summary": "fine"})
    await gh.rest.issues.async_create_comment(OWNER, NAME, 7, body="hi")
    writes = [(w["method"], w["path"], w["status"]) for w in world.writes]
    assert writes == [
        ("POST", f"/app/installations/{INSTALLATION}/access_tokens", 201),
        ("POST", f"/repos/{OWNER}/{NAME}/check-runs", 201),
        ("PATCH", f"/repos/{OWNER}/{NAME}/check-runs/{run.id}", 200),
        ("POST", f"/repos/{OWNER}/{NAME}/issues/7/comments", 201),
    ]
    assert world.writes[2]["json"]["conclusion"] == "success"
    assert world.check_runs(f"{OWNER}/{NAME}")[0]["conclusion"] == "success"


# --------------------------------------------------------------------------- human reviews, edited comments


def test_human_reviews_listed_dismissed_and_edited(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    repo = f"{OWNER}/{NAME}"
    bob = world.add_review(repo, 7, "bob", body="lgtm")
    carol = world.add_review(repo, 7, "carol", "CHANGES_REQUESTED", "fix auth")
    dave = world.add_review(repo, 7, "dave", "COMMENTED", "a question")
    assert set(bob) >= {"id", "user", "body", "state", "submitted_at", "commit_id"}
    assert (bob["user"]["login"], bob["state"], bob["commit_id"]) == ("bob", "APPROVED", HEAD)
    world.push(repo, 7, HEAD2)
    again = world.add_review(repo, 7, "bob", "APPROVED", commit_id=HEAD2)
    with pytest.raises(ValueError):
        world.add_review(repo, 7, "alice")  # the author cannot approve their own PR
    with pytest.raises(ValueError):
        world.add_review(repo, 7, "bob", "LGTM")
    with pytest.raises(ValueError):
        world.dismiss_review(repo, 7, dave["id"])  # GitHub: a COMMENTED review cannot be dismissed

    gh = client(world, app_key[0])
    listed = gh.rest.pulls.list_reviews(OWNER, NAME, 7).parsed_data
    assert [(r.user.login, r.state, r.commit_id) for r in listed] == [  # type: ignore[union-attr]
        ("bob", "APPROVED", HEAD), ("carol", "CHANGES_REQUESTED", HEAD), ("dave", "COMMENTED", HEAD),
        ("bob", "APPROVED", HEAD2),
    ]
    assert all(r.submitted_at is not None for r in listed)

    assert world.dismiss_review(repo, 7, carol["id"])["state"] == "DISMISSED"
    world.edit_review_body(repo, 7, again["id"], "lgtm after the fix")
    listed = gh.rest.pulls.list_reviews(OWNER, NAME, 7).parsed_data
    assert [r.state for r in listed] == ["APPROVED", "DISMISSED", "COMMENTED", "APPROVED"]
    assert listed[3].body == "lgtm after the fix"
    one = gh.rest.pulls.get_review(OWNER, NAME, 7, carol["id"]).parsed_data
    assert (one.id, one.state, one.body, one.user.login) == (  # type: ignore[union-attr]
        carol["id"], "DISMISSED", "fix auth", "carol"
    )
    with pytest.raises(RequestFailed) as exc:
        gh.rest.pulls.get_review(OWNER, NAME, 7, 999_999)
    assert exc.value.response.status_code == 404
    world.add_pull(repo, 8, head_sha="c" * 40)
    with pytest.raises(RequestFailed):  # a review of another PR is not found under this one
        gh.rest.pulls.get_review(OWNER, NAME, 8, bob["id"])
    with pytest.raises(KeyError):
        world.dismiss_review(repo, 8, bob["id"])


def test_signoff_comment_edited_then_deleted_and_bot_users(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    repo = f"{OWNER}/{NAME}"
    signoff = world.add_issue_comment(repo, 7, "bob", "/guard signoff auth")
    gh = client(world, app_key[0])
    gh.rest.reactions.create_for_issue_comment(OWNER, NAME, signoff["id"], content="+1")
    edited = world.edit_issue_comment(signoff["id"], "/guard signoff billing")
    assert edited["updated_at"] > edited["created_at"]  # strictly later even within the same second
    got = gh.rest.issues.get_comment(OWNER, NAME, signoff["id"]).parsed_data
    assert got.body == "/guard signoff billing" and got.updated_at > got.created_at
    since = gh.rest.issues.list_comments(OWNER, NAME, 7, since=edited["updated_at"]).parsed_data
    assert [c.id for c in since] == [signoff["id"]]

    world.delete_issue_comment(signoff["id"])
    with pytest.raises(RequestFailed) as exc:
        gh.rest.issues.get_comment(OWNER, NAME, signoff["id"])
    assert exc.value.response.status_code == 404
    assert gh.rest.issues.list_comments(OWNER, NAME, 7).parsed_data == []
    assert world.reactions(signoff["id"]) == []
    with pytest.raises(KeyError):
        world.edit_issue_comment(signoff["id"], "gone")

    world.add_issue_comment(repo, 7, "renovate[bot]", "/guard signoff auth", user_type="Bot")
    world.add_issue_comment(repo, 7, "erin", "/guard signoff auth", user_type="User")
    world.add_issue_comment(repo, 7, "renovate[bot]", "still a bot")  # no user_type: type unchanged
    listed = gh.rest.issues.list_comments(OWNER, NAME, 7).parsed_data
    assert [(c.user.login, c.user.type) for c in listed] == [  # type: ignore[union-attr]
        ("renovate[bot]", "Bot"), ("erin", "User"), ("renovate[bot]", "Bot")
    ]
    assert listed[0].author_association == "NONE"


# --------------------------------------------------------------------------- base branches


BRANCH_FILE = """
query BranchFile($owner: String!, $name: String!, $expr: String!) {
  repository(owner: $owner, name: $name) { object(expression: $expr) { ... on Blob { text } } }
}
"""


def test_retarget_and_files_on_a_branch(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    repo = f"{OWNER}/{NAME}"
    world.set_file(repo, "release", ".github/constraint-guard.yml", "gates: [release]\n")  # creates the branch
    gh = client(world, app_key[0])

    def at(ref: str) -> tuple[str, str | None]:
        rest = gh.rest.repos.get_content(OWNER, NAME, ".github/constraint-guard.yml", ref=ref).parsed_data
        blob = gh.graphql(BRANCH_FILE, {"owner": OWNER, "name": NAME,
                                        "expr": f"{ref}:.github/constraint-guard.yml"})["repository"]["object"]
        return base64.b64decode(rest.content).decode(), blob and blob["text"]  # type: ignore[union-attr]

    assert at("main") == ("gates: [auth]\n", "gates: [auth]\n")
    assert at("release") == ("gates: [release]\n", "gates: [release]\n")
    world.set_file(repo, "release", ".github/constraint-guard.yml", "gates: [release, auth]\n")
    assert at("release") == ("gates: [release, auth]\n",) * 2

    before = gh.rest.pulls.get(OWNER, NAME, 7).parsed_data
    world.retarget(repo, 7, "release")
    after = gh.rest.pulls.get(OWNER, NAME, 7).parsed_data
    assert (after.base.ref, after.base.sha) == ("release", world.repos[repo].branches["release"])
    assert after.base.sha != before.base.sha and after.head.sha == HEAD
    assert [p.number for p in gh.rest.pulls.list(OWNER, NAME, base="release").parsed_data] == [7]
    assert gh.rest.pulls.list(OWNER, NAME, base="main").parsed_data == []

    world.retarget(repo, 7, "refs/heads/hotfix", files={"fix.py": FileSpec(status="modified", base="a\n",
                                                                           head="b\n")})
    pr = gh.rest.pulls.get(OWNER, NAME, 7).parsed_data
    assert pr.base.ref == "hotfix" and "hotfix" in world.repos[repo].branches
    assert [f.filename for f in gh.rest.pulls.list_files(OWNER, NAME, 7).parsed_data] == ["fix.py"]
    base = gh.rest.repos.get_content(OWNER, NAME, "fix.py", ref="hotfix").parsed_data
    head = gh.rest.repos.get_content(OWNER, NAME, "fix.py", ref=HEAD).parsed_data
    assert base64.b64decode(base.content) == b"a\n" and base64.b64decode(head.content) == b"b\n"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- merge queues


MERGE_QUEUE = """
query Queue($owner: String!, $name: String!, $branch: String!) {
  repository(owner: $owner, name: $name) {
    mergeQueue(branch: $branch) {
      url
      entries(first: 100) {
        totalCount
        nodes { position state headCommit { oid } baseCommit { oid } pullRequest { number headRefOid } }
      }
    }
  }
}
"""


def test_merge_queue_checks_graphql_and_webhook_shape(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    from githubkit.webhooks import parse_obj

    repo = f"{OWNER}/{NAME}"
    world.add_pull(repo, 8, head_sha="8" * 40, head_ref="feat/eight",
                   files={"eight.py": FileSpec(status="added", head="eight = 8\n")})
    world.add_pull(repo, 9, head_sha="9" * 40, head_ref="feat/nine",
                   files={"nine.py": FileSpec(status="added", head="nine = 9\n")})
    mg = "e" * 40
    group = world.add_merge_group(repo, mg, "main", [7, 8])
    tip = world.repos[repo].branches["main"]
    assert group["head_sha"] == mg and group["base_ref"] == "refs/heads/main"
    assert group["head_ref"] == f"refs/heads/gh-readonly-queue/main/pr-8-{group['base_sha']}"

    gh = client(world, app_key[0])
    run = gh.rest.checks.create(OWNER, NAME, name="Constraint Guard", head_sha=mg, status="completed",
                                conclusion="success", output={"title": "ok", "summary": "ok"}).parsed_data
    assert run.head_sha == mg and run.pull_requests == []  # merge-group runs belong to no PR
    listed = gh.rest.checks.list_for_ref(OWNER, NAME, mg).parsed_data
    assert listed.total_count == 1 and listed.check_runs[0].conclusion == "success"
    # the merge group's tree is the base plus every queued PR's changes
    for path, text in (("new.py", "print('hi')\n"), ("eight.py", "eight = 8\n"), ("app.py", HEAD_APP)):
        content = gh.rest.repos.get_content(OWNER, NAME, path, ref=mg).parsed_data
        assert base64.b64decode(content.content).decode() == text  # type: ignore[union-attr]

    q = gh.graphql(MERGE_QUEUE, {"owner": OWNER, "name": NAME, "branch": "main"})["repository"]["mergeQueue"]
    assert q["url"] == f"https://github.com/{repo}/queue/main" and q["entries"]["totalCount"] == 2
    first, second = q["entries"]["nodes"]
    assert (first["position"], first["pullRequest"]) == (1, {"number": 7, "headRefOid": HEAD})
    assert (second["position"], second["pullRequest"]) == (2, {"number": 8, "headRefOid": "8" * 40})
    assert second["headCommit"]["oid"] == mg and first["state"] == "AWAITING_CHECKS"
    assert first["baseCommit"]["oid"] == tip and second["baseCommit"]["oid"] == first["headCommit"]["oid"]
    assert group["base_sha"] == first["headCommit"]["oid"]  # a group's parent is the entry ahead of it
    none = gh.graphql(MERGE_QUEUE, {"owner": OWNER, "name": NAME, "branch": "release"})
    assert none["repository"]["mergeQueue"] is None
    entry = gh.graphql('{ repository(owner: "acme", name: "shop") { pullRequest(number: 8) { isInMergeQueue '
                       "mergeQueueEntry { position headCommit { oid } } } } }")["repository"]["pullRequest"]
    assert entry == {"isInMergeQueue": True, "mergeQueueEntry": {"position": 2, "headCommit": {"oid": mg}}}

    payload = world.merge_group_payload(repo, mg, "main", 8, INSTALLATION)
    event = parse_obj("merge_group", payload)
    assert event.action == "checks_requested"
    assert event.merge_group.head_sha == mg and event.merge_group.base_ref == "refs/heads/main"
    assert event.merge_group.head_ref.startswith("refs/heads/gh-readonly-queue/main/pr-8-")
    assert event.merge_group.base_sha == first["headCommit"]["oid"]
    assert event.installation.id == INSTALLATION  # type: ignore[union-attr]
    assert event.repository.full_name == repo  # type: ignore[union-attr]
    assert event.sender.login == "github-merge-queue[bot]"  # type: ignore[union-attr]
    unregistered = world.merge_group_payload(repo, "f" * 40, "main", 9, INSTALLATION)
    assert parse_obj("merge_group", unregistered).merge_group.base_sha == tip
    destroyed = parse_obj("merge_group", world.merge_group_payload(repo, mg, "main", 8, INSTALLATION,
                                                                   action="destroyed", reason="dequeued"))
    assert destroyed.action == "destroyed" and destroyed.reason == "dequeued"  # type: ignore[union-attr]

    mg3 = "d" * 40
    world.add_merge_group(repo, mg3, "main", [7, 8, 9])  # a PR joins: earlier groups stay as they were
    heads = [e["head_sha"] for e in world.merge_queue(repo, "main")]
    assert heads == [first["headCommit"]["oid"], mg, mg3]
    world.remove_from_merge_queue(repo, "main", 8)
    q = gh.graphql(MERGE_QUEUE, {"owner": OWNER, "name": NAME, "branch": "main"})["repository"]["mergeQueue"]
    assert [(n["position"], n["pullRequest"]["number"]) for n in q["entries"]["nodes"]] == [(1, 7), (2, 9)]


# --------------------------------------------------------------------------- people, commits, call counts


def test_permission_roles_removal_and_team_removal(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    repo = f"{OWNER}/{NAME}"
    for login, role in (("ann", "admin"), ("mo", "maintain"), ("will", "write"), ("tri", "triage"), ("rae", "read")):
        world.set_permission(repo, login, role)
    world.add_team(OWNER, "security", members=["erin"], maintainers=["frank"])
    gh = client(world, app_key[0])

    def level(login: str) -> tuple[str, str]:
        got = gh.rest.repos.get_collaborator_permission_level(OWNER, NAME, login).parsed_data
        return got.permission, got.role_name

    assert [level(x) for x in ("ann", "mo", "will", "tri", "rae")] == [
        ("admin", "admin"), ("write", "maintain"), ("write", "write"), ("read", "triage"), ("read", "read")
    ]
    world.remove_permission(repo, "will")
    assert level("will")[0] == "none"

    erin = gh.rest.teams.get_membership_for_user_in_org(OWNER, "security", "erin").parsed_data
    assert (erin.state, erin.role) == ("active", "member") and erin.url.endswith("/memberships/erin")
    assert gh.rest.teams.get_membership_for_user_in_org(OWNER, "security", "frank").parsed_data.role == "maintainer"
    world.remove_team_member(OWNER, "security", "erin")
    with pytest.raises(RequestFailed) as exc:
        gh.rest.teams.get_membership_for_user_in_org(OWNER, "security", "erin")
    assert exc.value.response.status_code == 404


def test_push_by_someone_else_and_unlinked_commit_identities(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    repo = f"{OWNER}/{NAME}"
    world.push(repo, 7, HEAD2, author="mallory")
    world.add_commit_author(repo, 7, "ghost", author_linked=False, committer="web-flow")
    world.add_commit_author(repo, 7, "bob", committer="nobody", committer_linked=False)
    gh = client(world, app_key[0])
    commits = gh.rest.pulls.list_commits(OWNER, NAME, 7).parsed_data
    assert [c.sha for c in commits][:2] == [HEAD, HEAD2]
    pushed = commits[1]
    assert pushed.author.login == "mallory" and pushed.committer.login == "mallory"  # type: ignore[union-attr]
    assert pushed.commit.author.name == "mallory"  # type: ignore[union-attr]
    assert pushed.commit.committer.email.endswith("+mallory@users.noreply.github.com")  # type: ignore[union-attr]
    assert commits[2].author is None and commits[2].commit.author.name == "ghost"  # type: ignore[union-attr]
    assert commits[2].committer.login == "web-flow"  # type: ignore[union-attr]
    assert commits[3].author.login == "bob" and commits[3].committer is None  # type: ignore[union-attr]
    assert commits[3].commit.committer.name == "nobody"  # type: ignore[union-attr]


def test_calls_by_counts_per_endpoint_group(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    gh.rest.pulls.get(OWNER, NAME, 7)
    gh.rest.pulls.list_files(OWNER, NAME, 7)
    gh.rest.pulls.list_commits(OWNER, NAME, 7)
    gh.rest.issues.create_comment(OWNER, NAME, 7, body="x")
    assert world.calls_by("GET", r"/pulls/7/(files|commits)$") == 2
    assert world.calls_by("GET", r"^/repos/acme/shop/pulls/7") == 3
    assert world.calls_by("*", r"/7(/|$)") == 4 and world.calls_by(None, r"/7(/|$)") == 4
    assert world.calls_by("POST") == 2  # the token mint and the comment
    assert world.calls_count("GET", f"/repos/{OWNER}/{NAME}/pulls/7") == 3  # the prefix form still works


# --------------------------------------------------------------------------- faithful objects and limits


BLOB_QUERY = """
query Blob($owner: String!, $name: String!, $expr: String!) {
  repository(owner: $owner, name: $name) {
    object(expression: $expr) { ... on Blob { oid text isBinary isTruncated byteSize } }
  }
}
"""


def test_blob_text_stops_at_512000_bytes_and_the_git_blob_has_it_all(
    world: GitHubDouble, app_key: tuple[str, bytes]
) -> None:
    big = ("x" * 511_999 + "é" + "tail\n" * 20_000).encode()  # a 2-byte character straddles byte 512,000
    world.set_file(f"{OWNER}/{NAME}", HEAD, "big.txt", big)
    gh = client(world, app_key[0])
    blob = gh.graphql(BLOB_QUERY, {"owner": OWNER, "name": NAME, "expr": f"{HEAD}:big.txt"})["repository"]["object"]
    assert blob["isTruncated"] is True and blob["isBinary"] is False and blob["byteSize"] == len(big)
    assert blob["text"] == "x" * 511_999  # cut before the character that would not fit whole
    small = gh.graphql(BLOB_QUERY, {"owner": OWNER, "name": NAME, "expr": f"{HEAD}:app.py"})["repository"]["object"]
    assert small["isTruncated"] is False and small["text"] == HEAD_APP

    whole = gh.rest.git.get_blob(OWNER, NAME, blob["oid"]).parsed_data  # what the App refetches
    assert (whole.sha, whole.size, whole.encoding) == (blob["oid"], len(big), "base64")
    assert base64.b64decode(whole.content) == big
    assert {len(line) for line in whole.content.split("\n")[:-2]} == {60}  # GitHub's 60-character lines
    assert whole.url.endswith(f"/repos/{OWNER}/{NAME}/git/blobs/{blob['oid']}")
    with pytest.raises(RequestFailed) as exc:
        gh.rest.git.get_blob(OWNER, NAME, "f" * 40)
    assert exc.value.response.status_code == 404
    with pytest.raises(RequestFailed) as exc:
        gh.rest.git.get_blob(OWNER, NAME, "not-a-sha")
    assert exc.value.response.status_code == 422


def test_contents_api_wraps_base64_at_60_characters(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    content = gh.rest.repos.get_content(OWNER, NAME, "app.py", ref=HEAD).parsed_data.content  # type: ignore[union-attr]
    lines = content.split("\n")
    assert content.endswith("\n") and {len(line) for line in lines[:-2]} == {60} and len(lines[-2]) <= 60


def test_pull_requests_carry_labels_and_requested_reviewers_and_teams(
    world: GitHubDouble, app_key: tuple[str, bytes]
) -> None:
    label = world.add_label(f"{OWNER}/{NAME}", 7, "security", color="d73a4a", description="Needs a review")
    world.add_label(f"{OWNER}/{NAME}", 7, "security")  # already there: no duplicate
    world.add_team(OWNER, "payments", members=["erin"])
    world.request_reviews(f"{OWNER}/{NAME}", 7, users=["carol", "dave"], teams=["payments"])
    gh = client(world, app_key[0])
    pull = gh.rest.pulls.get(OWNER, NAME, 7).parsed_data
    assert [(lb.name, lb.color, lb.description, lb.default) for lb in pull.labels] == [
        ("security", "d73a4a", "Needs a review", False)
    ]
    assert pull.labels[0].id == label["id"] and pull.labels[0].node_id.startswith("LA_")
    assert [u.login for u in pull.requested_reviewers or []] == ["carol", "dave"]
    assert [(t.slug, t.type) for t in pull.requested_teams or []] == [("payments", "organization")]
    listed = gh.rest.pulls.list(OWNER, NAME).parsed_data[0]
    assert [lb.name for lb in listed.labels] == ["security"]
    assert [t.slug for t in listed.requested_teams or []] == ["payments"]
    world.add_review(f"{OWNER}/{NAME}", 7, "carol")  # a submitted review answers the request
    assert [u.login for u in gh.rest.pulls.get(OWNER, NAME, 7).parsed_data.requested_reviewers or []] == ["dave"]
    with pytest.raises(KeyError):
        world.request_reviews(f"{OWNER}/{NAME}", 7, teams=["nobody"])

    world.add_label(f"{OWNER}/{NAME}", 7, "legacy", archived=True, archived_by="mona")
    raw = gh.rest.pulls.get(OWNER, NAME, 7)
    labels = {lb["name"]: lb for lb in raw.json()["labels"]}
    assert labels["security"]["archived_by"] is None and labels["legacy"]["archived_by"]["login"] == "mona"
    with pytest.raises(pydantic.ValidationError):  # githubkit's model says archived_by is always null
        raw.parsed_data  # noqa: B018


def test_bodies_over_65536_characters_are_refused(world: GitHubDouble, app_key: tuple[str, bytes]) -> None:
    gh = client(world, app_key[0])
    longest = "é" * 65_536  # characters, not bytes: 131,072 bytes of them are fine
    mine = gh.rest.issues.create_comment(OWNER, NAME, 7, body=longest).parsed_data
    too_long = longest + "!"
    refusals = [
        lambda: gh.rest.issues.create_comment(OWNER, NAME, 7, body=too_long),
        lambda: gh.rest.issues.update_comment(OWNER, NAME, mine.id, body=too_long),
        lambda: gh.rest.pulls.create_review(OWNER, NAME, 7, commit_id=HEAD, event="COMMENT", body=too_long),
        lambda: gh.rest.pulls.create_review(OWNER, NAME, 7, commit_id=HEAD, event="COMMENT", body="ok",
                                            comments=[{"path": "app.py", "line": 5, "body": too_long}]),
        lambda: gh.rest.pulls.create_review_comment(OWNER, NAME, 7, commit_id=HEAD, path="app.py", line=5,
                                                    body=too_long),
    ]
    for send in refusals:
        with pytest.raises(RequestFailed) as exc:
            send()
        assert exc.value.response.status_code == 422
        assert "is too long (maximum is 65536 characters)" in exc.value.response.text
    assert world.reviews(f"{OWNER}/{NAME}", 7) == [] and world.review_comments(f"{OWNER}/{NAME}", 7) == []


def test_api_version_header_is_checked_and_echoed(world: GitHubDouble) -> None:
    token = world.mint_user_token("bob")
    url = f"{world.url}/repos/{OWNER}/{NAME}/pulls/7"
    auth = {"Authorization": f"Bearer {token}"}
    plain = httpx.get(url, headers=auth)
    assert plain.status_code == 200 and plain.headers["X-GitHub-Api-Version-Selected"] == "2022-11-28"
    newer = httpx.get(url, headers={**auth, "X-GitHub-Api-Version": "2026-03-10"})
    assert newer.status_code == 200 and newer.headers["X-GitHub-Api-Version-Selected"] == "2026-03-10"
    bad = httpx.get(url, headers={**auth, "X-GitHub-Api-Version": "2023-01-01"})
    assert bad.status_code == 400 and "X-GitHub-Api-Version-Selected" not in bad.headers
    assert bad.json()["message"].startswith("Unsupported 'X-GitHub-Api-Version' header value: '2023-01-01'")
    assert "api-versions" in bad.json()["documentation_url"]
    graphql = httpx.post(f"{world.url}/graphql", headers={**auth, "X-GitHub-Api-Version": "1.0"},
                         json={"query": "{ viewer { login } }"})
    assert graphql.status_code == 400
