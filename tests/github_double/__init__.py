"""A local, in-memory GitHub for end-to-end tests.

``GitHubDouble`` is a real HTTP server on 127.0.0.1 (uvicorn in a background thread) that
speaks the REST and GraphQL subset Constraint Guard uses, answers with GitHub-shaped JSON
(githubkit parses it into its pydantic models, so a wrong shape fails a test), checks
credentials the way GitHub does (JWT for ``/app`` endpoints, installation tokens elsewhere),
records every call and every write, and injects faults on demand.

Typical use::

    with GitHubDouble(app_id=1, app_public_key=pem) as gh:
        gh.add_installation(7, "acme")
        repo = gh.add_repo("acme", "shop")
        gh.add_pull(repo, 1, head_sha="a" * 40, head_ref="feat", files={
            "app.py": FileSpec(status="modified", base="a\\n", head="a\\nb\\n"),
        })
        ...  # point the bot at gh.url
        assert gh.check_runs(repo)[0]["conclusion"] == "success"

Everything a test sets up or reads goes through the helpers below; state is guarded by one
lock, so helpers may be called from the test thread while the server runs.

People, reviews, base branches and merge queues (test-side helpers, no HTTP):

* ``add_review(repo, n, user, state="APPROVED"|"COMMENTED"|"CHANGES_REQUESTED", body="",
  commit_id=None) -> dict`` (the review JSON; served by ``GET .../pulls/{n}/reviews`` and
  ``GET .../pulls/{n}/reviews/{id}``), ``dismiss_review(repo, n, review_id)`` (-> DISMISSED),
  ``edit_review_body(repo, n, review_id, body)``.
* ``add_issue_comment(repo, n, user, body, user_type=None|"User"|"Bot")``,
  ``edit_issue_comment(comment_id, body)`` (body + a strictly later ``updated_at``),
  ``delete_issue_comment(comment_id)``: a user editing or deleting e.g. their sign-off.
* ``retarget(repo, n, new_base_ref, files=None)``: base.ref/base.sha move (branch created if
  missing). ``set_file(repo, "<branch>", path, text)`` is what ``GET /contents?ref=<branch>`` and
  GraphQL ``object(expression: "<branch>:<path>")`` then read.
* ``add_merge_group(repo, head_sha, base_ref, pull_numbers) -> dict`` (a merge-group commit that
  check runs can target, plus the branch's queue for GraphQL ``repository { mergeQueue(branch:)
  { entries(first:) { nodes { position state headCommit { oid } baseCommit { oid }
  pullRequest { number headRefOid } } } } }`` and ``PullRequest.mergeQueueEntry`` /
  ``isInMergeQueue``), ``merge_queue(repo, base_ref)``, ``remove_from_merge_queue(repo, base_ref,
  n)``, ``merge_group_payload(repo, head_sha, base_ref, last_pr_number, installation_id,
  action="checks_requested")`` (the body of a ``merge_group`` webhook to send).
* ``set_permission`` / ``remove_permission(repo, login)`` (permission API: ``permission``
  admin/write/read/none with maintain->write and triage->read, ``role_name`` the role itself);
  ``add_team`` / ``remove_team_member(org, slug, login)`` (membership API: 200 active|pending, or 404).
* ``push(..., author="mallory")`` and ``add_commit_author(..., committer=, author_linked=,
  committer_linked=)`` shape ``GET .../pulls/{n}/commits`` (``author``/``committer`` user or null).
* ``calls_by(method, path_regex) -> int`` counts calls (``calls_count`` matches a path prefix).
* ``add_label(repo, n, name, color=, description=, archived=False)`` (the PR's ``labels``, with
  ``archived_by``), ``request_reviews(repo, n, users=(), teams=())`` (``requested_reviewers`` /
  ``requested_teams``; a user's request clears when they review).

Faithful limits: GraphQL is validated against GitHub's real schema before anything runs
(``graphql_schema.py``: unknown fields, variable types, unused variables..., answered in
GitHub's words); a query over GitHub's node limit (500,000 possible nodes) is refused whole, and
an installation is charged each query's computed cost against its ``graphql`` rate limit
(``graphql_cost.py``; ``rateLimit { cost nodeCount }`` reports both); ``Blob.text`` stops at
512,000 bytes with ``isTruncated`` and ``Blob.oid`` is the id ``GET .../git/blobs/{sha}`` serves
whole; comment and review bodies stop at 65,536 characters, check-run summaries and texts at
65,535 bytes; ``X-GitHub-Api-Version`` must be one GitHub supports and is echoed in
``X-GitHub-Api-Version-Selected``.

Layout: ``model.py`` (constants, diff model, records), ``state.py`` (the in-memory world and the
test-side helpers), ``render.py`` (GitHub-shaped JSON), ``routing.py`` + ``rest.py`` (REST
resources), ``graphql_schema.py`` (GitHub's checks on GraphQL) + ``graphql_cost.py`` (node limit
and rate-limit cost) + ``graphql.py`` (parser and executor), ``faults.py`` (fault injection),
``server.py`` (``GitHubDouble``: the HTTP server, auth, rate limits, caching) and ``fixture.py``
(pytest glue).
"""

from tests.github_double.faults import Fault, graphql_operation
from tests.github_double.fixture import github_double_fixture, reset_githubkit_caches
from tests.github_double.model import (
    API_VERSION,
    API_VERSIONS,
    DEFAULT_PERMISSIONS,
    GRAPHQL_TEXT_BYTES,
    MAX_BODY_CHARS,
    MAX_PR_FILES,
    WEB,
    DiffLine,
    FileSpec,
    Installation,
    Pull,
    PullVersion,
    Repo,
    Thread,
    Token,
    Tree,
    User,
    blob_sha,
    diff_hunk_for,
    fake_sha,
    iso,
    make_patch,
    parse_patch,
)
from tests.github_double.routing import _ROUTES, HTTPError, not_found, route, unprocessable
from tests.github_double.server import GitHubDouble

__all__ = [  # _ROUTES: bench/bench_api_calls.py groups calls by the registered routes
    "_ROUTES",
    "API_VERSION", "API_VERSIONS", "DEFAULT_PERMISSIONS", "GRAPHQL_TEXT_BYTES", "MAX_BODY_CHARS", "MAX_PR_FILES",
    "WEB", "DiffLine", "Fault", "FileSpec", "GitHubDouble", "HTTPError", "Installation", "Pull", "PullVersion", "Repo",
    "Thread", "Token", "Tree", "User", "blob_sha", "diff_hunk_for", "fake_sha", "github_double_fixture",
    "graphql_operation", "iso", "make_patch", "not_found", "parse_patch", "reset_githubkit_caches", "route",
    "unprocessable",
]
