"""The double's GraphQL endpoint refuses what GitHub refuses, in GitHub's words, holds queries to
GitHub's node limit and charges their cost, and every document the App sends is valid against
GitHub's real schema (tests/github_schema) and within that limit."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse, print_ast

from tests.github_double import FileSpec, GitHubDouble, github_double_fixture
from tests.github_double.graphql_cost import MAX_NODES, query_cost
from tests.github_double.graphql_schema import check_request, document_errors, github_schema

ROOT = Path(__file__).resolve().parent.parent
OWNER, NAME = "acme", "shop"
HEAD = "c" * 40
REPO = f'repository(owner: "{OWNER}", name: "{NAME}")'
PULL = "pullRequest(number: $n) { id }"


@pytest.fixture(scope="module")
def world() -> Iterator[GitHubDouble]:
    for double in github_double_fixture():
        repo = double.add_repo(OWNER, NAME)
        double.add_pull(repo, 7, head_sha=HEAD, files={"app.py": FileSpec(status="added", head="x = 1\n")})
        yield double


@pytest.fixture(scope="module")
def http(world: GitHubDouble) -> Iterator[httpx.Client]:
    token = world.mint_user_token("bob")
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
        yield c


def post(http: httpx.Client, query: str, variables: dict[str, Any] | None = None,
         operation: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"query": query, "variables": variables or {}}
    if operation:
        body["operationName"] = operation
    resp = http.post("/graphql", json=body)
    assert resp.status_code == 200, resp.text  # GitHub refuses documents with 200 and errors
    return dict(resp.json())


# (id, document, variables, words the first error must contain). Each is a document GitHub's real
# schema refuses; the double used to accept the first several of them, or refuse them for another reason.
REFUSED: list[tuple[str, str, dict[str, Any], str]] = [
    ("float-variable-for-int",
     f"query Q($n: Float) {{ {REPO} {{ {PULL} }} }}", {"n": 7},
     "Type mismatch on variable $n and argument number (Float / Int!)"),
    ("nullable-variable-for-non-null",
     f"query Q($n: Int) {{ {REPO} {{ {PULL} }} }}", {"n": 7},
     "Nullability mismatch on variable $n and argument number (Int / Int!)"),
    ("list-variable-for-scalar",
     f"query Q($n: [Int!]) {{ {REPO} {{ {PULL} }} }}", {"n": [7]},
     "List dimension mismatch on variable $n and argument number ([Int!] / Int!)"),
    ("unused-variable",
     f"query Q($n: Int!, $after: String) {{ {REPO} {{ {PULL} }} }}", {"n": 7},
     "Variable $after is declared by Q but not used"),
    ("undefined-variable",
     f"query Q {{ {REPO} {{ {PULL} }} }}", {"n": 7},
     "Variable $n is used by Q but not declared"),
    ("unknown-field",
     f"query {{ {REPO} {{ pullRequest(number: 7) {{ id reviewCount }} }} }}", {},
     "Field 'reviewCount' doesn't exist on type 'PullRequest'"),
    ("unknown-argument",
     f"query {{ {REPO} {{ pullRequest(number: 7, state: OPEN) {{ id }} }} }}", {},
     "Field 'pullRequest' doesn't accept argument 'state'"),
    ("unknown-input-field-in-mutation-input",
     "mutation M($id: ID!) { resolveReviewThread(input: {threadId: $id, foo: 1}) { thread { id } } }", {"id": "x"},
     "InputObject 'ResolveReviewThreadInput' doesn't accept argument 'foo'"),
    ("missing-required-input-field",
     "mutation M { resolveReviewThread(input: {clientMutationId: \"a\"}) { thread { id } } }", {},
     "Argument 'threadId' on InputObject 'ResolveReviewThreadInput' is required. Expected type ID!"),
    ("missing-required-argument",
     f"query {{ {REPO} {{ pullRequest {{ id }} }} }}", {},
     "Field 'pullRequest' is missing required arguments: number"),
    ("inline-fragment-on-impossible-type",
     f'query {{ {REPO} {{ object(expression: "main:app.py") {{ ... on PullRequest {{ id }} }} }} }}', {},
     "Fragment on PullRequest can't be spread inside GitObject"),
    ("named-fragment-on-impossible-type",
     "query { viewer { ...Text } } fragment Text on Blob { text }", {},
     "Fragment Text on Blob can't be spread inside User"),
    ("fragment-on-unknown-type",
     f'query {{ {REPO} {{ object(expression: "main:app.py") {{ ... on File {{ id }} }} }} }}', {},
     "No such type File, so it can't be a fragment condition"),
    ("string-literal-for-int",
     f'query {{ {REPO} {{ pullRequest(number: "7") {{ id }} }} }}', {},
     "Argument 'number' on Field 'pullRequest' has an invalid value (\"7\"). Expected type 'Int!'."),
    ("unknown-enum-literal",
     f"query {{ {REPO} {{ pullRequests(first: 5, states: [DRAFT]) {{ totalCount }} }} }}", {},
     "Argument 'states' on Field 'pullRequests' has an invalid value ([DRAFT])"),
    ("object-field-without-selections",
     f"query {{ {REPO} {{ pullRequest(number: 7) {{ author }} }} }}", {},
     "Field must have selections (field 'author' returns Actor but has no selections. Did you mean 'author { ... }'?)"),
    ("selections-on-a-scalar",
     f"query {{ {REPO} {{ pullRequest(number: 7) {{ title {{ text }} }} }} }}", {},
     "Selections can't be made on scalars (field 'title' returns String but has selections [\"text\"])"),
    ("duplicate-operation-names",
     "query Q { viewer { login } } query Q { viewer { id } }", {},
     'Operation name "Q" must be unique'),
    ("anonymous-operation-among-others",
     "query Q { viewer { login } } { viewer { id } }", {},
     "Operation name is required when multiple operations are present"),
    ("string-value-for-int-variable",
     f"query Q($n: Int!) {{ {REPO} {{ {PULL} }} }}", {"n": "7"},
     "Variable $n of type Int! was provided invalid value"),
    ("fractional-value-for-int-variable",
     f"query Q($n: Int!) {{ {REPO} {{ {PULL} }} }}", {"n": 7.5},
     "Variable $n of type Int! was provided invalid value"),
    ("missing-required-variable",
     f"query Q($n: Int!) {{ {REPO} {{ {PULL} }} }}", {},
     "Variable $n of type Int! was provided invalid value"),
    ("unknown-field-in-variable-input",
     "mutation M($input: ResolveReviewThreadInput!) { resolveReviewThread(input: $input) { thread { id } } }",
     {"input": {"threadId": "PRRT_x", "foo": 1}},
     "Variable $input of type ResolveReviewThreadInput! was provided invalid value"),
    ("unknown-enum-in-variable",
     f"query Q($s: [PullRequestState!]) {{ {REPO} {{ pullRequests(first: 5, states: $s) {{ totalCount }} }} }}",
     {"s": ["DRAFT"]},
     "Variable $s of type [PullRequestState!] was provided invalid value for 0 ("),
    ("undefined-variable-type",
     f"query Q($n: Integer!) {{ {REPO} {{ {PULL} }} }}", {"n": 7},
     "Integer isn't a defined input type (on $n)"),
    ("output-type-for-variable",
     "query Q($r: Repository) { viewer { login } }", {},
     "Repository isn't a valid input type (on $r)"),
    ("undefined-fragment",
     "query { viewer { ...Who } }", {},
     "Fragment Who was used, but not defined"),
    ("unused-fragment",
     "query { viewer { login } } fragment Who on User { login }", {},
     "Fragment Who was defined, but not used"),
    ("unknown-directive",
     "query { viewer { login @defer } }", {},
     "Directive @defer is not defined"),
    ("subscription",
     "subscription { viewer { login } }", {},
     "Schema is not configured for subscriptions"),
    ("conflicting-aliases",
     "query { viewer { who: login who: name } }", {},
     "conflict"),
]


@pytest.mark.parametrize(("document", "variables", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_double_refuses_what_github_refuses(http: httpx.Client, document: str, variables: dict[str, Any],
                                            words: str) -> None:
    out = post(http, document, variables)
    assert "data" not in out  # nothing was executed
    assert out["errors"], out
    assert words in out["errors"][0]["message"], out["errors"]


def test_refusals_have_githubs_shape(http: httpx.Client) -> None:
    out = post(http, f"query Q($n: Float) {{ {REPO} {{ {PULL} }} }}", {"n": 7})
    assert out == {"errors": [{
        "message": "Type mismatch on variable $n and argument number (Float / Int!)",
        "locations": [{"line": 1, "column": 9}, {"line": 1, "column": 84}],
        "path": ["query Q"],
        "extensions": {"code": "variableMismatch", "variableName": "n", "typeName": "Float",
                       "argumentName": "number", "errorMessage": "Type mismatch"},
    }]}
    bad = post(http, f"query Q($n: Int!) {{ {REPO} {{ {PULL} }} }}", {"n": "7"})["errors"][0]
    assert bad["extensions"]["value"] == "7"
    assert bad["extensions"]["problems"] == [{"path": [], "explanation": "Int cannot represent non-integer value: '7'"}]
    nested = post(http, "mutation M($input: ResolveReviewThreadInput!) { resolveReviewThread(input: $input) "
                  "{ thread { id } } }", {"input": {"threadId": True}})["errors"][0]
    assert nested["message"].startswith("Variable $input of type ResolveReviewThreadInput! was provided invalid "
                                        "value for threadId (")


def test_every_refusal_is_reported_not_just_the_first(http: httpx.Client) -> None:
    out = post(http, f"query Q($x: String) {{ {REPO} {{ nope pullRequest {{ id }} }} }}")
    messages = sorted(e["message"] for e in out["errors"])
    assert messages == [
        "Field 'nope' doesn't exist on type 'Repository'",
        "Field 'pullRequest' is missing required arguments: number",
        "Variable $x is declared by Q but not used",
    ]


def test_valid_documents_run_with_coerced_variables(http: httpx.Client) -> None:
    # defaults apply, and an ID given as a number arrives as a string (GitHub's coercion)
    out = post(http, f"query Q($n: Int = 7) {{ {REPO} {{ pullRequest(number: $n) {{ number headRefOid }} }} }}")
    assert out == {"data": {"repository": {"pullRequest": {"number": 7, "headRefOid": HEAD}}}}
    nodes = post(http, "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [12345]})
    assert nodes["errors"][0]["message"] == "Could not resolve to a node with the global id of '12345'"
    named = post(http, "query A { viewer { login } } query B { viewer { id } }", operation="A")
    assert named == {"data": {"viewer": {"login": "bob"}}}


def test_a_field_github_has_but_the_double_lacks_is_the_doubles_gap(world: GitHubDouble,
                                                                    http: httpx.Client) -> None:
    out = post(http, f"query {{ {REPO} {{ stargazerCount }} }}")
    assert out["errors"][0]["extensions"] == {"code": "doubleNotImplemented"}
    assert "does not implement field 'stargazerCount' on type 'Repository'" in out["errors"][0]["message"]
    assert isinstance(world.internal_errors.pop(), NotImplementedError)  # the fixture would fail the test


def test_variables_sent_as_json_text_are_read_and_other_shapes_refused(http: httpx.Client) -> None:
    query = f"query Q($n: Int!) {{ {REPO} {{ pullRequest(number: $n) {{ number }} }} }}"
    ok = http.post("/graphql", json={"query": query, "variables": '{"n": 7}'})
    assert ok.json() == {"data": {"repository": {"pullRequest": {"number": 7}}}}
    assert http.post("/graphql", json={"query": query, "variables": [7]}).status_code == 400


# --------------------------------------------------------------------------- node limit and cost

# (id, document, possible nodes, rate-limit points), worked as GitHub's "Rate limits and node limits
# for the GraphQL API" works them; the last two are its own examples (the points of the complex one
# are this file's arithmetic: 2,102 requests / 100)
COUNTED: list[tuple[str, str, int, int]] = [
    ("issues-and-their-labels",  # 50 + 50 x 60; 1 + 50 requests
     f"query {{ {REPO} {{ issues(first: 50) {{ edges {{ node {{ "
     "labels(first: 60) { edges { node { name } } } } } } } }",
     3_050, 1),
    ("the-docs-complex-node-example",  # 50 + 1,000 + 10,000 + 1,000 + 10,000 + 10
     "query { viewer { repositories(first: 50) { edges { repository: node { name "
     "pullRequests(first: 20) { edges { pullRequest: node { title "
     "comments(first: 10) { edges { comment: node { bodyHTML } } } } } } "
     "issues(first: 20) { totalCount edges { issue: node { title bodyHTML "
     "comments(first: 10) { edges { comment: node { bodyHTML } } } } } } } } } "
     "followers(first: 10) { edges { follower: node { login } } } } }",
     22_060, 21),
    ("the-docs-rate-limit-example",  # 1 + 100 + 5,000 = 5,101 requests
     "query { viewer { login repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id "
     "labels(first: 60) { edges { node { id name } } } } } } } } } } }",
     305_100, 51),
]


@pytest.mark.parametrize(("document", "nodes", "points"), [c[1:] for c in COUNTED], ids=[c[0] for c in COUNTED])
def test_nodes_and_points_are_counted_as_githubs_docs_count_them(document: str, nodes: int, points: int) -> None:
    verdict = check_request(document, {}, None)
    assert verdict.errors == []
    assert (verdict.cost.nodes, verdict.cost.points) == (nodes, points)


def test_a_query_over_the_node_limit_is_refused_whole(http: httpx.Client) -> None:
    # 100 pull requests x 100 threads x 100 comments: 100 + 10,000 + 1,000,000
    out = post(http, f"query {{ {REPO} {{ pullRequests(first: 100) {{ nodes {{ reviewThreads(first: 100) {{ "
               "nodes { comments(first: 100) { nodes { id } } } } } } } }")
    assert out == {"errors": [{
        "type": "MAX_NODE_LIMIT_EXCEEDED",
        "message": "This query requests up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000.",
    }]}


# Threads, their comments in a fragment, and each comment's pull request's threads again:
# $a + $a x $b + $a x $b x $c nodes; 50, 99 and 100 make 500,000, the most GitHub allows.
NESTED = (
    f"query Q($a: Int!, $b: Int!, $c: Int = 100) {{ rateLimit {{ cost nodeCount }} {REPO} {{ "
    "pullRequest(number: 7) { reviewThreads(first: $a) { nodes { ...Thread } } } } } "
    "fragment Thread on PullRequestReviewThread { comments(first: $b) { nodes { "
    "... on PullRequestReviewComment { pullRequest { reviewThreads(first: $c) { totalCount } } } } } }"
)


def test_a_query_at_the_node_limit_runs_and_reports_its_cost(http: httpx.Client) -> None:
    out = post(http, NESTED, {"a": 50, "b": 99})
    assert "errors" not in out, out
    assert out["data"]["repository"] == {"pullRequest": {"reviewThreads": {"nodes": []}}}
    # 1 + 50 + 4,950 requests / 100, rounded
    assert out["data"]["rateLimit"] == {"cost": 50, "nodeCount": 500_000}


def test_page_sizes_given_as_variables_are_counted(http: httpx.Client) -> None:
    over = post(http, NESTED, {"a": 50, "b": 100})  # 50 + 5,000 + 500,000
    assert "data" not in over
    assert over["errors"][0]["type"] == "MAX_NODE_LIMIT_EXCEEDED"
    assert "requests up to 505,050 possible nodes" in over["errors"][0]["message"]
    fewer = post(http, NESTED, {"a": 50, "b": 100, "c": 98})  # the default 100 gave way: 50 + 5,000 + 490,000
    assert fewer["data"]["rateLimit"]["nodeCount"] == 495_050


def test_the_graphql_rate_limit_is_charged_each_querys_cost(world: GitHubDouble) -> None:
    world.add_installation(70, OWNER)
    token = world.mint_installation_token(70)
    with httpx.Client(base_url=world.url, headers={"Authorization": f"token {token}"}, timeout=30) as app:
        def used(query: str, variables: dict[str, Any]) -> int:
            resp = app.post("/graphql", json={"query": query, "variables": variables})
            assert resp.status_code == 200 and "errors" not in resp.json(), resp.text
            assert resp.headers["x-ratelimit-resource"] == "graphql"
            return int(resp.headers["x-ratelimit-used"])

        before = used("query { viewer { login } }", {})
        assert used(NESTED, {"a": 50, "b": 99}) == before + 50
        assert used("query { viewer { login } }", {}) == before + 51  # no connections: the minimum, 1


# --------------------------------------------------------------------------- the App's own documents


def _static_documents() -> list[tuple[str, str]]:
    """Every GraphQL operation written as a string literal in the App's code: (where, document).
    Documents built with f-strings (FileTexts) are checked by calling the code that builds them."""
    found = []
    for path in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "checks").rglob("*.py")]):
        tree = ast.parse(path.read_text(), str(path))
        pieces = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}  # f-string parts
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in pieces and re.match(
                r"\s*(query|mutation)\s+\w+\s*[({]", node.value
            ):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return found


def test_the_apps_literal_documents_are_valid_against_githubs_schema() -> None:
    documents = _static_documents()
    names = {re.match(r"\s*\w+\s+(\w+)", d).group(1) for _, d in documents}  # type: ignore[union-attr]
    assert {"ReviewThreads", "ResolveThread", "MergeQueue"} <= names, names
    for where, document in documents:
        assert document_errors(document) == [], where


class _Recorder:
    """Stands in for the App's repository context (bot/pull.py RepoContext): records GraphQL documents."""

    owner, repo = OWNER, NAME

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        self.sent.append((query, dict(variables or {})))
        return {}


def test_the_apps_file_texts_query_is_valid_against_githubs_schema() -> None:
    from bot import fetch

    recorder = _Recorder()
    paths = [f"src/m{i}.py" for i in range(150)] + ['odd "name".py']
    fetch.fetch_texts(recorder, HEAD, paths, config_ref="main")  # type: ignore[arg-type]
    assert len(recorder.sent) == 2  # 100 files a query
    for query, variables in recorder.sent:
        verdict = check_request(query, variables, None)
        assert verdict.errors == [], verdict.errors


def test_the_apps_documents_stay_under_githubs_node_limit() -> None:
    from bot import fetch

    schema = github_schema()
    counted: dict[str, int] = {}
    for where, document in _static_documents():
        tree = parse(document)
        op = next(d for d in tree.definitions if isinstance(d, OperationDefinitionNode))
        # an Int variable could be a page size: count it at the largest GitHub allows
        worst = {v.variable.name.value: 100 for v in op.variable_definitions or () if "Int" in print_ast(v.type)}
        counted[where] = query_cost(schema, tree, None, worst).nodes
        if "first:" in document or "last:" in document:
            assert counted[where] > 0, where  # the count sees the App's connections
    recorder = _Recorder()
    fetch.fetch_texts(recorder, HEAD, [f"src/m{i}.py" for i in range(150)], config_ref="main")  # type: ignore[arg-type]
    for i, (query, variables) in enumerate(recorder.sent):
        counted[f"FileTexts #{i}"] = check_request(query, variables, None).cost.nodes
    assert max(counted.values()) <= MAX_NODES, counted
