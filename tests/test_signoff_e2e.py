"""Human sign-off end to end: the real App, the GitHub double, real payloads.

Each test tries to get a gate past the bot the way a hurried or hostile contributor would,
or checks that an honest reviewer's sign-off sticks exactly as long as it should.
"""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path
from typing import Any

from checks.signoff import Ack, body_hash
from tests.app_harness import INSTALLATION, AppKey, AppProcess, World, app_env, free_port, payload, wait_for
from tests.github_double import FileSpec, GitHubDouble

H1, H2, H3 = "1" * 40, "2" * 40, "3" * 40
LOGIN = "def login(user, password):\n    return check_password(user.hash, password)\n"
CHARGE = "def charge(order):\n    return gateway.charge(order.amount_cents, order.currency)\n"
README = "# Shop\n"


def auth_files(login: str = LOGIN, readme: str = README) -> dict[str, FileSpec]:
    return {"src/auth/login.py": FileSpec(status="added", head=login),
            "README.md": FileSpec(status="modified", base=README, head=readme)}


def latest(github: GitHubDouble, world: World, sha: str, base: str = "main") -> dict[str, Any] | None:
    runs = [r for r in github.check_runs(world.repo, head_sha=sha) if r["name"] == f"Constraint Guard ({base})"]
    return max(runs, key=lambda r: r["id"]) if runs else None


def conclusion(github: GitHubDouble, world: World, sha: str, base: str = "main") -> str | None:
    run = latest(github, world, sha, base)
    return run["conclusion"] if run and run["status"] == "completed" else None


def wait_conclusion(github: GitHubDouble, world: World, sha: str, want: str, base: str = "main") -> dict[str, Any]:
    wait_for(lambda: conclusion(github, world, sha, base) == want, 90, f"check {want} on {sha[:7]}")
    run = latest(github, world, sha, base)
    assert run is not None
    return run


def open_pr(app: AppProcess, github: GitHubDouble, world: World, n: int, sha: str = H1,
            files: dict[str, FileSpec] | None = None, author: str = "alice") -> None:
    github.add_pull(world.repo, n, head_sha=sha, author=author, files=files or auth_files())
    body = world.opened(n, sha)
    body["pull_request"]["user"]["login"] = author
    app.send("pull_request", body)
    wait_conclusion(github, world, sha, "action_required")


def say(app: AppProcess, github: GitHubDouble, world: World, n: int, user: str, text: str,
        user_type: str = "User", delivery: str | None = None) -> dict[str, Any]:
    """`user` comments `text` on PR `n` (in the double), and GitHub delivers the webhook."""
    made = github.add_issue_comment(world.repo, n, user, text, user_type=user_type)
    body = world.comment(n, text, user=user, comment_id=made["id"])
    body["comment"]["user"]["type"] = user_type
    app.send("issue_comment", body, delivery=delivery)
    return made


def bot_replies(github: GitHubDouble, world: World, n: int) -> list[str]:
    return [c["body"] for c in github.issue_comments(world.repo, n)
            if c["user"]["login"].endswith("[bot]") and "constraint-guard:summary" not in c["body"]]


def summary(github: GitHubDouble, world: World, n: int) -> str:
    return next(c["body"] for c in github.issue_comments(world.repo, n) if "constraint-guard:summary" in c["body"])


def reply_to(github: GitHubDouble, world: World, n: int, comment_id: int) -> str:
    marker = f"constraint-guard:reply:comment:{comment_id}"
    return wait_for(lambda: next((b for b in bot_replies(github, world, n) if marker in b), None), 60,
                    f"the reply to comment {comment_id}")


def settle(github: GitHubDouble, world: World, sha: str, app: AppProcess | None = None) -> None:
    """Wait until every queued evaluation has finished and the check is completed (twice in a
    row, a second apart), so an assertion on the conclusion sees the final state."""
    def quiet() -> bool:
        run = latest(github, world, sha)
        unfinished = app.metric("cg_jobs_unfinished") if app is not None else 0
        return run is not None and run["status"] == "completed" and unfinished == 0
    wait_for(lambda: quiet() and (time.sleep(1.0) or quiet()), 90, "the evaluations to finish")


def recheck(app: AppProcess, github: GitHubDouble, world: World, n: int) -> None:
    before = len(github.writes_to("PATCH", r"/check-runs/"))
    say(app, github, world, n, "carol", "/guard recheck")
    wait_for(lambda: len(github.writes_to("PATCH", r"/check-runs/")) >= before + 2, 90, "a re-evaluation")


def test_authorized_reviewer_signs_off_and_a_second_gate_still_waits(app: AppProcess, github: GitHubDouble,
                                                                     world: World) -> None:
    github.set_permission(world.repo, "bob", "write")
    files = {**auth_files(), "billing/charge.py": FileSpec(status="added", head=CHARGE)}
    open_pr(app, github, world, 1, files=files)
    made = say(app, github, world, 1, "bob", "Checked hashing and the session flags.\n/guard signoff auth")
    assert "✅ `auth` signed off by @bob" in reply_to(github, world, 1, made["id"])
    run = wait_for(lambda: (r := latest(github, world, H1)) and r["status"] == "completed"
                   and "1 of 2 gates signed off" in r["output"]["title"] and r, 60, "title update")
    assert run["conclusion"] == "action_required"
    assert "payments awaits" in run["output"]["title"]
    say(app, github, world, 1, "bob", "/guard signoff payments")
    run = wait_conclusion(github, world, H1, "success")
    assert run["output"]["title"] == "All 2 gates signed off"
    assert "signed off by @bob at 1111111" in summary(github, world, 1)


def test_author_bot_outsider_and_demoted_reviewer_cannot_sign_off(app: AppProcess, github: GitHubDouble,
                                                                  world: World) -> None:
    github.set_permission(world.repo, "alice", "admin")  # even an admin cannot approve her own change
    github.set_permission(world.repo, "dave", "write")
    open_pr(app, github, world, 2)
    own = say(app, github, world, 2, "alice", "/guard signoff auth")
    assert "opened this pull request" in reply_to(github, world, 2, own["id"])
    bot = say(app, github, world, 2, "helper-bot[bot]", "/guard signoff auth", user_type="Bot")
    outsider = say(app, github, world, 2, "eve", "/guard signoff auth")
    assert "write or more is required" in reply_to(github, world, 2, outsider["id"])
    wait_for(lambda: len(bot_replies(github, world, 2)) >= 2, 30, "replies")
    assert all(f"reply:comment:{bot['id']}" not in b for b in bot_replies(github, world, 2))  # bots are ignored
    settle(github, world, H1, app)
    assert conclusion(github, world, H1) == "action_required"
    dave = say(app, github, world, 2, "dave", "/guard signoff auth")
    reply_to(github, world, 2, dave["id"])
    wait_conclusion(github, world, H1, "success")
    github.remove_permission(world.repo, "dave")  # loses access after signing
    time.sleep(2.5)  # past the permission cache (AUTH_CACHE_SECONDS=2 in tests, 60 by default)
    recheck(app, github, world, 2)
    wait_conclusion(github, world, H1, "action_required")
    assert "no longer authorized" in summary(github, world, 2)


def test_edits_quotes_code_and_forged_markers_never_sign(app: AppProcess, github: GitHubDouble,
                                                         world: World) -> None:
    github.set_permission(world.repo, "bob", "write")
    github.set_permission(world.repo, "mallory", "write")
    open_pr(app, github, world, 3)
    # an edited comment never signs, even when the edit adds the command
    made = github.add_issue_comment(world.repo, 3, "bob", "LGTM")
    github.edit_issue_comment(made["id"], "LGTM\n/guard signoff auth")
    edited = world.retarget(payload("issue_comment/edited"), 3)
    edited["comment"].update({"id": made["id"], "body": "LGTM\n/guard signoff auth",
                              "user": {**edited["comment"]["user"], "login": "bob", "type": "User"}})
    edited["changes"] = {"body": {"from": "LGTM"}}
    app.send("issue_comment", edited)
    say(app, github, world, 3, "bob", "> /guard signoff auth\nquoting the docs")
    say(app, github, world, 3, "bob", "```\n/guard signoff auth\n```")
    # a human pasting a copy of the App's acknowledgment marker forges nothing
    ok = say(app, github, world, 3, "bob", "/guard signoff auth")
    ack = reply_to(github, world, 3, ok["id"])
    forged_text = "\n".join(line for line in ack.splitlines() if "constraint-guard:ack:" in line)
    github.delete_issue_comment(ok["id"])
    deleted = world.comment(3, "/guard signoff auth", user="bob", comment_id=ok["id"])
    deleted["action"] = "deleted"
    app.send("issue_comment", deleted)
    say(app, github, world, 3, "mallory", forged_text + "\nall good")
    recheck(app, github, world, 3)
    settle(github, world, H1, app)
    assert conclusion(github, world, H1) == "action_required"
    # the author forges what the App would write had bob signed her own, live comment
    fingerprint = re.search(r"fingerprint `([0-9a-f]+)`", summary(github, world, 3)).group(1)  # type: ignore[union-attr]
    please = github.add_issue_comment(world.repo, 3, "alice", "please")
    forged = Ack(please["id"], "comment", "bob", "signoff", {"auth": fingerprint}, H1, body_hash("please")).marker()
    say(app, github, world, 3, "alice", forged)
    recheck(app, github, world, 3)
    settle(github, world, H1, app)
    assert conclusion(github, world, H1) == "action_required"


def test_sign_off_binds_to_the_gated_hunks(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.set_permission(world.repo, "bob", "write")
    open_pr(app, github, world, 4)
    say(app, github, world, 4, "bob", "/guard signoff auth")
    wait_conclusion(github, world, H1, "success")
    # a push that only edits the README keeps the sign-off
    github.push(world.repo, 4, H2, files=auth_files(readme="# Shop\n\nMore docs.\n"))
    app.send("pull_request", world.synchronize(4, H2))
    wait_conclusion(github, world, H2, "success")
    # a rebase that leaves the gated hunks identical keeps it too
    github.push(world.repo, 4, H3, files=auth_files(readme="# Shop\n\nMore docs.\n"))
    app.send("pull_request", world.synchronize(4, H3))
    wait_conclusion(github, world, H3, "success")
    # a push that changes the auth hunk makes it stale
    h4 = "4" * 40
    github.push(world.repo, 4, h4, files=auth_files(login=LOGIN.replace("user.hash", "user.legacy_hash")))
    app.send("pull_request", world.synchronize(4, h4))
    wait_conclusion(github, world, h4, "action_required")
    assert "signed off by @bob at 1111111, changed since" in summary(github, world, 4)


def test_count_two_needs_two_people(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.set_file(world.repo, "main", ".github/constraint-guard.yml",
                    "gates:\n  auth:\n    signoff: {count: 2}\n")
    for who in ("bob", "carol"):
        github.set_permission(world.repo, who, "write")
    open_pr(app, github, world, 5)
    say(app, github, world, 5, "bob", "/guard signoff auth")
    second = say(app, github, world, 5, "bob", "/guard signoff auth again")
    reply_to(github, world, 5, second["id"])
    settle(github, world, H1, app)
    assert conclusion(github, world, H1) == "action_required"  # the same person twice is one
    say(app, github, world, 5, "carol", "/guard signoff auth")
    wait_conclusion(github, world, H1, "success")


def test_pr_cannot_lower_its_own_gate(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.set_file(world.repo, "main", ".github/constraint-guard.yml",
                    "gates:\n  auth:\n    signoff: {min_permission: maintain}\n")
    github.set_permission(world.repo, "bob", "write")
    files = {**auth_files(), ".github/constraint-guard.yml": FileSpec(
        status="modified", base="gates:\n  auth:\n    signoff: {min_permission: maintain}\n",
        head="gates:\n  auth:\n    enabled: false\n")}
    open_pr(app, github, world, 6, files=files)
    run = latest(github, world, H1)
    assert run is not None and "policy" in summary(github, world, 6) and "auth" in summary(github, world, 6)
    made = say(app, github, world, 6, "bob", "/guard signoff auth,policy")
    text = reply_to(github, world, 6, made["id"])
    assert "maintain or more is required" in text and "admin or more is required" in text


def test_wiping_the_database_keeps_the_verdict(github: GitHubDouble, world: World, key: AppKey,
                                               tmp_path: Path) -> None:
    github.set_permission(world.repo, "bob", "write")
    port = free_port()
    env = {**app_env(github, key, tmp_path), "PORT": str(port)}
    first = AppProcess("serve", env, tmp_path / "one.log", port).start()
    try:
        open_pr(first, github, world, 7)
        say(first, github, world, 7, "bob", "/guard signoff auth")
        wait_conclusion(github, world, H1, "success")
    finally:
        first.stop(signal.SIGTERM)
    for f in tmp_path.glob("queue*.db*"):
        f.unlink()
    second = AppProcess("serve", {**env, "PORT": str(p2 := free_port())}, tmp_path / "two.log", p2).start()
    try:
        recheck(second, github, world, 7)
        assert conclusion(github, world, H1) == "success"
    finally:
        second.stop()


def test_contributor_to_someone_elses_pr_cannot_sign_and_edited_ack_voids(app: AppProcess, github: GitHubDouble,
                                                                          world: World) -> None:
    for who in ("mallory", "bob"):
        github.set_permission(world.repo, who, "write")
    open_pr(app, github, world, 8)
    github.push(world.repo, 8, H2, files=auth_files(readme="# Shop\nfix typo\n"), author="mallory")
    app.send("pull_request", world.synchronize(8, H2))
    wait_conclusion(github, world, H2, "action_required")
    made = say(app, github, world, 8, "mallory", "/guard signoff auth")
    assert "authored or committed a commit" in reply_to(github, world, 8, made["id"])
    signed = say(app, github, world, 8, "bob", "/guard signoff auth")
    reply_to(github, world, 8, signed["id"])
    wait_conclusion(github, world, H2, "success")
    github.edit_issue_comment(signed["id"], "/guard signoff auth,payments,dates")
    edited = world.comment(8, "/guard signoff auth,payments,dates", user="bob", comment_id=signed["id"])
    edited["action"] = "edited"
    edited["changes"] = {"body": {"from": "/guard signoff auth"}}
    app.send("issue_comment", edited)
    wait_conclusion(github, world, H2, "action_required")
    assert "edited after it was acknowledged" in summary(github, world, 8)


def test_retarget_to_main_reevaluates_with_mains_config(app: AppProcess, github: GitHubDouble,
                                                        world: World) -> None:
    github.set_file(world.repo, "dev", ".github/constraint-guard.yml",
                    "gates:\n  auth: {enabled: false}\n")
    github.add_pull(world.repo, 9, head_sha=H1, base_ref="dev", files=auth_files())
    app.send("pull_request", world.retarget(payload("pull_request/opened"), 9, H1, base_ref="dev"))
    wait_conclusion(github, world, H1, "success", base="dev")
    github.retarget(world.repo, 9, "main")
    edited = world.retarget(payload("pull_request/opened"), 9, H1, base_ref="main")
    edited["action"] = "edited"
    edited["changes"] = {"base": {"ref": {"from": "dev"}, "sha": {"from": "0" * 40}}}
    app.send("pull_request", edited)
    wait_conclusion(github, world, H1, "action_required", base="main")
    assert conclusion(github, world, H1, "dev") == "success"  # a pass earned on dev stays named for dev


def test_merge_group_passes_only_when_every_pr_is_signed(app: AppProcess, github: GitHubDouble,
                                                         world: World) -> None:
    github.set_permission(world.repo, "bob", "write")
    github.add_pull(world.repo, 10, head_sha="a" * 40, files={"docs/x.md": FileSpec(status="added", head="x\n")})
    app.send("pull_request", world.opened(10, "a" * 40))
    wait_conclusion(github, world, "a" * 40, "success")
    open_pr(app, github, world, 11, sha="b" * 40)
    group = "c" * 40
    github.add_merge_group(world.repo, group, "main", [10, 11])
    app.send("merge_group", github.merge_group_payload(world.repo, group, "main", 11, INSTALLATION))
    wait_conclusion(github, world, group, "failure")
    say(app, github, world, 11, "bob", "/guard signoff auth")
    wait_conclusion(github, world, "b" * 40, "success")
    group2 = "d" * 40
    github.add_merge_group(world.repo, group2, "main", [10, 11])
    app.send("merge_group", github.merge_group_payload(world.repo, group2, "main", 11, INSTALLATION))
    wait_conclusion(github, world, group2, "success")


def test_redelivered_signoff_is_one_reply_and_one_signoff(app: AppProcess, github: GitHubDouble,
                                                          world: World) -> None:
    github.set_permission(world.repo, "bob", "write")
    open_pr(app, github, world, 12)
    made = say(app, github, world, 12, "bob", "/guard signoff auth", delivery="dlv-1")
    reply_to(github, world, 12, made["id"])
    body = world.comment(12, "/guard signoff auth", user="bob", comment_id=made["id"])
    assert app.send("issue_comment", body, delivery="dlv-1").json()["status"] == "duplicate"
    app.send("issue_comment", body, delivery="dlv-2")  # even a new delivery id of the same comment
    recheck(app, github, world, 12)
    acks = [b for b in bot_replies(github, world, 12) if f"reply:comment:{made['id']}" in b]
    assert len(acks) == 1
    assert summary(github, world, 12).count("signed off by @bob") == 1


def test_approving_review_body_signs_off_and_dismissal_voids(app: AppProcess, github: GitHubDouble,
                                                             world: World) -> None:
    github.set_permission(world.repo, "bob", "write")
    open_pr(app, github, world, 13)
    review = github.add_review(world.repo, 13, "bob", "APPROVED", "Looks right.\n/guard signoff auth")
    sent = world.retarget(payload("pull_request_review/submitted"), 13, H1)
    sent["review"].update({"id": review["id"], "body": review["body"], "state": "approved",
                           "user": {**sent["review"]["user"], "login": "bob", "type": "User"}})
    app.send("pull_request_review", sent)
    wait_conclusion(github, world, H1, "success")
    github.dismiss_review(world.repo, 13, review["id"])
    dismissed = dict(sent, action="dismissed")
    dismissed["review"] = {**sent["review"], "state": "dismissed"}
    app.send("pull_request_review", dismissed)
    wait_conclusion(github, world, H1, "action_required")
    assert "review was dismissed" in summary(github, world, 13)


def test_explain_replies_with_the_rule(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.add_pull(world.repo, 14, head_sha=H1, files={"docs/x.md": FileSpec(status="added", head="x\n")})
    made = say(app, github, world, 14, "bob", "/guard explain py-sql-string-build")
    text = wait_for(lambda: next((b for b in bot_replies(github, world, 14) if str(made["id"]) in b), None), 60,
                    "the explain reply")
    assert "CWE-89" in text and "Fix:" in text


def test_revoke_reopens_the_gate(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.set_permission(world.repo, "bob", "write")
    open_pr(app, github, world, 15)
    say(app, github, world, 15, "bob", "/guard signoff auth")
    wait_conclusion(github, world, H1, "success")
    made = say(app, github, world, 15, "bob", "/guard revoke auth found an issue")
    assert "withdrew their sign-off of `auth`" in reply_to(github, world, 15, made["id"])
    wait_conclusion(github, world, H1, "action_required")


def test_team_rule_admits_members_only(app: AppProcess, github: GitHubDouble, world: World) -> None:
    github.set_file(world.repo, "main", ".github/constraint-guard.yml",
                    "gates:\n  auth:\n    signoff: {teams: [security], min_permission: write}\n")
    github.add_team("acme", "security", members=["sam"])
    for who in ("sam", "walt"):
        github.set_permission(world.repo, who, "write")
    open_pr(app, github, world, 16)
    made = say(app, github, world, 16, "walt", "/guard signoff auth")
    text = reply_to(github, world, 16, made["id"])
    assert "not among those who may sign off" in text and "@acme/security" in text
    settle(github, world, H1, app)
    assert conclusion(github, world, H1) == "action_required"
    say(app, github, world, 16, "sam", "/guard signoff auth")
    run = wait_conclusion(github, world, H1, "success")
    assert run["output"]["title"] == "The auth gate is signed off"
