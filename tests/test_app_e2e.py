"""The App end to end: real server under uvicorn, real queue, the GitHub double over HTTP."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from tests.app_harness import SECRET, AppKey, AppProcess, World, app_env, free_port, payload, sign, wait_for
from tests.github_double import FileSpec, GitHubDouble

SHA1, SHA2, SHA3 = "a" * 40, "b" * 40, "c" * 40

VULN = (
    "def find_users(cur, name):\n"
    "    cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
    "    return cur.fetchall()\n"
)
FIXED = (
    "def find_users(cur, name):\n"
    "    cur.execute(\"SELECT * FROM users WHERE name = %s\", (name,))\n"
    "    return cur.fetchall()\n"
)


def completed(github: GitHubDouble, world: World, sha: str) -> list[dict]:
    return [r for r in github.check_runs(world.repo, head_sha=sha) if r["status"] == "completed"]


def test_opened_pr_gets_check_run_inline_comment_and_one_summary(app: AppProcess, github: GitHubDouble,
                                                                world: World) -> None:
    github.add_pull(world.repo, 1, head_sha=SHA1, files={"app/db.py": FileSpec(status="added", head=VULN)})
    resp = app.send("pull_request", world.opened(1, SHA1))
    assert resp.status_code == 202 and resp.json()["status"] == "queued"
    runs = wait_for(lambda: completed(github, world, SHA1), what="a completed check run")
    run = runs[0]
    assert run["name"] == "Constraint Guard (main)"
    assert run["conclusion"] == "action_required"
    assert "security" in run["output"]["title"]
    notes = github.annotations(run["id"])
    assert any(a["path"] == "app/db.py" and a["start_line"] == 2 and a["annotation_level"] == "failure" for a in notes)
    comments = github.review_comments(world.repo, 1)
    assert [(c["path"], c["line"]) for c in comments] == [("app/db.py", 2)]
    assert "py-sql-string-build" in comments[0]["body"]
    summaries = github.issue_comments(world.repo, 1)
    assert len(summaries) == 1 and "constraint-guard:summary" in summaries[0]["body"]
    assert github.mint_count == 1


def test_second_run_edits_the_summary_and_resolves_the_fixed_finding(app: AppProcess, github: GitHubDouble,
                                                                      world: World) -> None:
    github.add_pull(world.repo, 2, head_sha=SHA1, files={"app/db.py": FileSpec(status="added", head=VULN)})
    app.send("pull_request", world.opened(2, SHA1))
    wait_for(lambda: completed(github, world, SHA1), what="first review")
    github.push(world.repo, 2, SHA2, files={"app/db.py": FileSpec(status="added", head=FIXED)})
    app.send("pull_request", world.synchronize(2, SHA2))
    run = wait_for(lambda: completed(github, world, SHA2), what="second review")[0]
    assert run["conclusion"] == "success"
    summaries = github.issue_comments(world.repo, 2)
    assert len(summaries) == 1, "the summary is edited in place, never re-posted"
    assert "No gated area touched" in summaries[0]["body"]
    threads = wait_for(lambda: [t for t in github.threads(world.repo, 2) if t["is_resolved"]], what="resolved thread")
    assert len(threads) == 1 and len(github.review_comments(world.repo, 2)) == 1


def test_rerun_posts_nothing_new_and_recheck_command_reruns(app: AppProcess, github: GitHubDouble,
                                                            world: World) -> None:
    github.add_pull(world.repo, 3, head_sha=SHA1, files={"app/db.py": FileSpec(status="added", head=VULN)})
    app.send("pull_request", world.opened(3, SHA1))
    wait_for(lambda: completed(github, world, SHA1), what="first review")
    patches_before = len(github.writes_to("PATCH", r"/check-runs/"))
    said = github.add_issue_comment(world.repo, 3, "bob", "Looks odd.\n/guard recheck\n")
    resp = app.send("issue_comment", world.comment(3, said["body"], comment_id=said["id"]))
    assert resp.json()["status"] == "queued"
    wait_for(lambda: len(github.writes_to("PATCH", r"/check-runs/")) >= patches_before + 2, what="re-run")
    assert wait_for(lambda: github.reactions(said["id"]), what="a reaction acknowledging the command")
    assert len(github.review_comments(world.repo, 3)) == 1, "a re-run posts only what is new"
    assert len(github.issue_comments(world.repo, 3)) == 2  # bob's command and the one summary
    assert len(github.check_runs(world.repo, head_sha=SHA1)) == 1


def test_help_and_unknown_commands_get_one_reply_each(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 4, head_sha=SHA1, files={"README.md": FileSpec(status="added", head="hi\n")})
    ids = [github.add_issue_comment(world.repo, 4, "bob", body)["id"]
           for body in ("/guard help", "/guard frobnicate", "> /guard help\n```\n/guard recheck\n```")]
    app.send("issue_comment", world.comment(4, "/guard help", comment_id=ids[0]), delivery="d-help")
    app.send("issue_comment", world.comment(4, "/guard frobnicate", comment_id=ids[1]))
    app.send("issue_comment", world.comment(4, "> /guard help\n```\n/guard recheck\n```", comment_id=ids[2]))

    def replies() -> list[dict]:
        return [c for c in github.issue_comments(world.repo, 4) if c["user"]["login"].endswith("[bot]")]

    bodies = [c["body"] for c in wait_for(lambda: len(replies()) >= 2 and replies(), what="two replies")]
    assert any("Constraint Guard commands" in b and "/guard frobnicate" not in b for b in bodies)
    assert any("Unknown command `/guard frobnicate`" in b for b in bodies)
    app.send("issue_comment", world.comment(4, "/guard help", comment_id=ids[0]), delivery="d-help")  # redelivered
    time.sleep(1)
    assert not github.check_runs(world.repo)  # quoted and fenced commands did nothing
    assert len(replies()) == 2


def test_synchronize_supersedes_a_waiting_older_head(app: AppProcess, github: GitHubDouble, world: World) -> None:
    # keep both workers busy on other PRs so PR 6's first job is still waiting when its new head arrives
    for n in (7, 8):
        github.add_pull(world.repo, n, head_sha=f"{n}" * 40, files={"x.py": FileSpec(status="added", head="x = 1\n")})
    github.fail("GET", r"/repos/acme/shop/pulls/[78]$", status=502, times=2, delay=2.5)
    github.add_pull(world.repo, 6, head_sha=SHA1, files={"app/db.py": FileSpec(status="added", head=VULN)})
    app.send("pull_request", world.opened(7, "7" * 40))
    app.send("pull_request", world.opened(8, "8" * 40))
    time.sleep(0.5)
    app.send("pull_request", world.opened(6, SHA1))
    github.push(world.repo, 6, SHA2, files={"app/db.py": FileSpec(status="added", head=FIXED)})
    app.send("pull_request", world.synchronize(6, SHA2))
    wait_for(lambda: completed(github, world, SHA2), what="the newest head's review")
    wait_for(lambda: app.metric("cg_job_seconds_count", outcome="superseded") >= 1, what="a superseded job")
    assert github.check_runs(world.repo, head_sha=SHA1) == []


@pytest.mark.parametrize(
    ("body", "headers", "secret", "status"),
    [
        (b'{"action":"opened"}', {}, None, 401),  # no signature
        (b'{"action":"opened"}', {}, "wrong-secret", 401),
        (b"{not json", {}, SECRET, 400),
        (b"[1, 2]", {}, SECRET, 400),
        (b'{"action": "opened", "number": 1}', {}, SECRET, 422),  # lacks the fields we need
    ],
)
def test_bad_deliveries_get_4xx_and_enqueue_nothing(app: AppProcess, github: GitHubDouble, world: World,
                                                     body: bytes, headers: dict[str, str], secret: str | None,
                                                     status: int) -> None:
    resp = app.send("pull_request", body, secret=secret, headers=headers)
    assert resp.status_code == status, resp.text
    assert "error" in resp.json()
    assert app.metric("cg_deliveries_total", outcome="queued") == 0
    assert github.calls_count() == 0


def test_signature_of_another_body_and_oversized_body_are_refused(app: AppProcess, github: GitHubDouble,
                                                                  world: World) -> None:
    signed = json.dumps(world.opened(1, SHA1)).encode()
    other = signed.replace(b'"opened"', b'"reopened"')
    resp = app.send("pull_request", other, secret=None, headers={"X-Hub-Signature-256": sign(signed)})
    assert resp.status_code == 401
    big = b'{"pad": "' + b"x" * (25 * 1024 * 1024 + 10) + b'"}'
    resp = app.send("pull_request", big)
    assert resp.status_code == 413
    missing = app.send("pull_request", signed, headers={"X-GitHub-Event": ""})
    assert missing.status_code == 400
    assert app.metric("cg_deliveries_total", outcome="queued") == 0


def test_same_delivery_twice_is_one_job(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 9, head_sha=SHA1, files={"x.py": FileSpec(status="added", head="x = 1\n")})
    first = app.send("pull_request", world.opened(9, SHA1), delivery="same-id")
    second = app.send("pull_request", world.opened(9, SHA1), delivery="same-id")
    assert first.json()["status"] == "queued" and second.json()["status"] == "duplicate"
    wait_for(lambda: completed(github, world, SHA1), what="the review")
    time.sleep(1.0)
    assert len(github.writes_to("POST", r"/check-runs$")) == 1


def test_unhandled_events_are_accepted_and_ignored(app: AppProcess, github: GitHubDouble, world: World) -> None:
    resp = app.send("pull_request", world.retarget(payload("pull_request/labeled"), 1, SHA1))
    assert resp.status_code == 202 and resp.json()["status"] == "ignored"
    resp = app.send("ping", payload("ping/payload"))
    assert resp.status_code == 202
    resp = app.send("installation", payload("installation/created"))
    assert resp.status_code == 202 and resp.json()["status"] == "logged"


def test_health_readiness_and_metrics(app: AppProcess) -> None:
    assert httpx.get(app.url + "/healthz").text == "ok"
    assert httpx.get(app.url + "/readyz").json() == {"ready": True}
    text = httpx.get(app.url + "/metrics").text
    for name in ("cg_deliveries_total", "cg_queue_depth", "cg_job_seconds", "cg_github_calls_total",
                 "cg_semgrep_seconds"):
        assert name in text


def test_rerun_button_and_check_suite_trigger_reviews(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 10, head_sha=SHA3, files={"x.py": FileSpec(status="added", head="x = 1\n")})
    body = world.retarget(payload("check_run/requested_action"))
    body["check_run"]["head_sha"] = SHA3
    body["check_run"]["pull_requests"] = [{"number": 10, "head": {"ref": "feature", "sha": SHA3},
                                           "base": {"ref": "main", "sha": "0" * 40}}]
    body["requested_action"] = {"identifier": "rerun"}
    assert app.send("check_run", body).json()["status"] == "queued"
    wait_for(lambda: completed(github, world, SHA3), what="review from the Re-run button")
    suite = world.retarget(payload("check_suite/rerequested"))
    suite["check_suite"]["head_sha"] = SHA3
    suite["check_suite"]["pull_requests"] = []  # as for forks: the worker finds the PR by head
    patches = len(github.writes_to("PATCH", r"/check-runs/"))
    assert app.send("check_suite", suite).json()["status"] == "queued"
    wait_for(lambda: len(github.writes_to("PATCH", r"/check-runs/")) > patches, what="review from check_suite")


def test_draft_is_skipped_then_reviewed_when_ready(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 11, head_sha=SHA1, draft=True, files={"x.py": FileSpec(status="added", head="x\n")})
    body = world.opened(11, SHA1)
    app.send("pull_request", body)
    time.sleep(2)
    assert github.check_runs(world.repo, head_sha=SHA1) == []
    github.pulls[(world.repo.full_name, 11)].draft = False
    ready = world.retarget(payload("pull_request/ready_for_review"), 11, SHA1)
    app.send("pull_request", ready)
    wait_for(lambda: completed(github, world, SHA1), what="review once ready")


# --- faults from GitHub -------------------------------------------------------------------------

def test_502_then_success_publishes_once(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 12, head_sha=SHA1, files={"app/db.py": FileSpec(status="added", head=VULN)})
    github.fail("POST", r"/pulls/12/reviews$", status=502, times=1)
    github.fail("GET", r"/pulls/12/files", status=502, times=1)
    app.send("pull_request", world.opened(12, SHA1))
    wait_for(lambda: completed(github, world, SHA1), what="review after 502s")
    wait_for(lambda: github.review_comments(world.repo, 12), what="inline comment after the retry")
    assert len(github.review_comments(world.repo, 12)) == 1
    assert len(github.issue_comments(world.repo, 12)) == 1
    assert len(github.check_runs(world.repo, head_sha=SHA1)) == 1


def test_secondary_rate_limit_is_honoured(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 13, head_sha=SHA1, files={"x.py": FileSpec(status="added", head="x = 1\n")})
    github.fail_secondary_rate_limit("POST", r"/check-runs$", retry_after=2)
    app.send("pull_request", world.opened(13, SHA1))
    wait_for(lambda: completed(github, world, SHA1), what="review after the rate limit")
    posts = [w for w in github.calls if w["method"] == "POST" and w["path"].endswith("/check-runs")]
    assert len(posts) == 2 and posts[1]["time"] - posts[0]["time"] >= 1.9  # waited Retry-After
    assert len(github.check_runs(world.repo, head_sha=SHA1)) == 1


def test_vanished_file_is_handled(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 14, head_sha=SHA1, files={
        "app/db.py": FileSpec(status="added", head=VULN), "gone.py": FileSpec(status="added", head="y = 2\n")})
    github.remove_file(world.repo, SHA1, "gone.py")
    app.send("pull_request", world.opened(14, SHA1))
    run = wait_for(lambda: completed(github, world, SHA1), what="review despite a vanished file")[0]
    assert run["conclusion"] == "action_required"
    assert "gone.py" in github.issue_comments(world.repo, 14)[0]["body"]  # listed as a skip


def test_422_on_one_comment_still_posts_the_rest(app: AppProcess, github: GitHubDouble, world: World) -> None:
    two = VULN + ("\n\ndef load():\n    import flask\n    import pickle\n"
                  "    return pickle.loads(flask.request.get_data())\n")
    github.add_pull(world.repo, 15, head_sha=SHA1, files={"app/db.py": FileSpec(status="added", head=two)})
    github.fail("POST", r"/pulls/15/reviews$", status=422, times=1,
                body={"message": "Unprocessable Entity", "errors": ["line must be part of the diff"]})
    github.fail("POST", r"/pulls/15/comments$", status=422, times=1,
                body={"message": "Unprocessable Entity", "errors": ["line must be part of the diff"]})
    app.send("pull_request", world.opened(15, SHA1))
    wait_for(lambda: completed(github, world, SHA1), what="review")
    assert len(github.review_comments(world.repo, 15)) == 1  # one refused, the other posted
    assert "refused by GitHub (422)" in github.issue_comments(world.repo, 15)[0]["body"]


def test_exhausted_retries_end_in_a_failed_check_that_says_how_to_rerun(github: GitHubDouble, world: World,
                                                                        key: AppKey, tmp_path: Path) -> None:
    env = {**app_env(github, key, tmp_path, JOB_RETRIES="1", RETRY_BASE_SECONDS="0.2"), "PORT": str(free_port())}
    server = AppProcess("serve", env, tmp_path / "serve.log", int(env["PORT"])).start()
    try:
        github.add_pull(world.repo, 16, head_sha=SHA1, files={"x.py": FileSpec(status="added", head="x = 1\n")})
        github.fail("GET", r"/pulls/16/files", status=503, times=50)
        server.send("pull_request", world.opened(16, SHA1))
        run = wait_for(lambda: completed(github, world, SHA1), what="a failed check")[0]
        assert run["conclusion"] == "failure"
        assert "/guard recheck" in run["output"]["summary"] and "Re-run" in run["output"]["summary"]
    finally:
        server.stop()


def test_installation_token_is_cached_across_reviews(app: AppProcess, github: GitHubDouble, world: World) -> None:
    for n, sha in ((17, SHA1), (18, SHA2)):
        github.add_pull(world.repo, n, head_sha=sha, files={"x.py": FileSpec(status="added", head="x = 1\n")})
        app.send("pull_request", world.opened(n, sha))
        wait_for(lambda sha=sha: completed(github, world, sha), what=f"review of {sha[:7]}")
    assert github.mint_count == 1


def test_large_pr_is_capped_and_says_what_was_left_out(app: AppProcess, github: GitHubDouble, world: World) -> None:
    many = "".join(f"def q{i}(cur, v):\n    cur.execute(f\"SELECT {i} FROM t WHERE v = '{{v}}'\")\n" for i in range(70))
    github.add_pull(world.repo, 19, head_sha=SHA1, files={"app/many.py": FileSpec(status="added", head=many)})
    app.send("pull_request", world.opened(19, SHA1))
    run = wait_for(lambda: completed(github, world, SHA1), 120, "review of a large PR")[0]
    sizes = [len(w["json"]["output"].get("annotations", [])) for w in github.writes_to("PATCH", r"/check-runs/")
             if w.get("json") and w["json"].get("output")]
    # 70 findings, and the security gate's reasons (at most 10 are listed)
    assert max(sizes) <= 50 and sum(sizes) == len(github.annotations(run["id"])) == 80
    assert len(github.review_comments(world.repo, 19)) == 30  # the default inline cap
    summary = github.issue_comments(world.repo, 19)[0]["body"]
    assert "40 findings were not posted inline (cap 30)" in summary
