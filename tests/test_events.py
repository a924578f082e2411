"""Routing deliveries to jobs, and the slash-command parser (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import commands
from bot.events import Job, PayloadError, route
from tests.app_harness import World, payload


class _NoDouble:
    def add_installation(self, *a: object, **k: object) -> None: ...
    def add_repo(self, *a: object, **k: object) -> object:
        return type("R", (), {"full_name": "acme/shop"})()


W = World(_NoDouble())  # type: ignore[arg-type]


def test_pull_request_opened_is_one_review_of_that_head() -> None:
    out = route("pull_request", W.opened(5, "f" * 40), "d1")
    assert out.status == "queued"
    [job] = out.jobs
    assert (job.kind, job.number, job.head_sha, job.owner, job.repo, job.installation_id) == (
        "review", 5, "f" * 40, "acme", "shop", 77)


@pytest.mark.parametrize("name", ["pull_request/closed", "pull_request/labeled", "pull_request/converted_to_draft",
                                  "issue_comment/edited", "issue_comment/deleted", "check_run/completed"])
def test_events_we_do_not_act_on_are_ignored(name: str) -> None:
    event = name.split("/")[0]
    assert route(event, W.retarget(payload(name), 1, "a" * 40), "d").status == "ignored"


def test_edited_comment_never_runs_a_command() -> None:
    body = W.retarget(payload("issue_comment/edited"), 3)
    body["comment"]["body"] = "/guard signoff auth"
    [job] = route("issue_comment", body, "d").jobs
    # it re-evaluates (an edit can void an acknowledged sign-off) but carries no command to act on
    assert job.kind == "review" and job.comment_id is None and job.trigger == "issue_comment.edited"
    body["comment"]["body"] = "just text"
    body["changes"] = {"body": {"from": "more text"}}
    assert route("issue_comment", body, "d").status == "ignored"


def test_comment_by_a_bot_is_ignored() -> None:
    body = W.comment(3, "/guard recheck")
    body["comment"]["user"]["type"] = "Bot"
    assert route("issue_comment", body, "d").status == "ignored"


def test_missing_fields_name_the_field() -> None:
    body = W.opened(5, "f" * 40)
    del body["pull_request"]["head"]
    with pytest.raises(PayloadError, match=r"pull_request\.head is missing"):
        route("pull_request", body, "d")
    with pytest.raises(PayloadError, match="installation"):
        route("pull_request", payload("pull_request/ready_for_review"), "d")


def test_check_run_from_a_fork_asks_the_worker_to_find_the_pr() -> None:
    body = W.retarget(payload("check_run/rerequested"))
    body["check_run"]["pull_requests"] = []
    [job] = route("check_run", body, "d").jobs
    assert job.number is None and job.head_sha == body["check_run"]["head_sha"]


@pytest.mark.parametrize(
    ("text", "verbs"),
    [
        ("/guard recheck", ["recheck"]),
        ("please\n/guard help\nthanks", ["help"]),
        ("   /guard recheck", ["recheck"]),
        ("> /guard recheck", []),
        ("```\n/guard recheck\n```", []),
        ("~~~\n/guard recheck\n~~~\n/guard help", ["help"]),
        ("    /guard recheck", []),  # indented code
        ("text /guard recheck", []),  # not at the start of a line
        ("/guardian recheck", []),
        ("/guard", ["help"]),
        ("/guard signoff auth,payments looked at both", ["signoff"]),
        ("/guard bogus", ["unknown"]),
    ],
)
def test_commands_only_at_line_start_outside_quotes_and_code(text: str, verbs: list[str]) -> None:
    assert [c.verb.value for c in commands.parse(text)] == verbs


def test_signoff_arguments() -> None:
    [cmd] = commands.parse("/guard signoff auth, payments checked the hashing")
    assert cmd.gates == ("auth",) and cmd.problem == ""
    [cmd] = commands.parse("/guard signoff auth,payments checked the hashing")
    assert cmd.gates == ("auth", "payments") and cmd.note == "checked the hashing"
    [cmd] = commands.parse("/guard signoff all")
    assert set(cmd.gates) == {"auth", "payments", "dates", "security", "policy"}
    [cmd] = commands.parse("/guard signoff billing")
    assert "unknown gate 'billing'" in cmd.problem


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=500))
def test_command_parser_never_crashes(text: str) -> None:
    for cmd in commands.parse(text):
        assert isinstance(cmd.verb, commands.Verb)


def test_each_job_says_what_it_is_for_not_only_which_event_brought_it() -> None:
    [push] = route("pull_request", W.opened(5, "f" * 40), "d").jobs
    assert (push.intent, push.base_ref) == ("push", "main")  # a newer push supersedes it; drafts skipped
    comment = W.comment(5, "/guard recheck\n/guard explain py-sql-string-build\n/guard frobnicate\n/guard help")
    review, explain, unknown, help_ = route("issue_comment", comment, "d").jobs
    assert (review.kind, review.intent) == ("review", "manual")  # drafts are reviewed when asked
    assert (explain.reply, explain.argument) == ("explain", "py-sql-string-build")
    assert (unknown.reply, unknown.argument) == ("unknown", "frobnicate")
    assert (help_.reply, help_.argument) == ("help", "")
    [signing, _] = route("issue_comment", W.comment(5, "/guard recheck\n/guard signoff auth\n/guard help"), "d").jobs
    assert (signing.kind, signing.intent, signing.comment_id) == ("review", "signing", comment["comment"]["id"])


def test_a_job_queued_before_intents_existed_still_runs_after_an_upgrade() -> None:
    base = {"installation_id": 1, "owner": "o", "repo": "r", "number": 2, "delivery": "d"}
    old_push = Job.model_validate({**base, "kind": "review", "trigger": "pull_request.synchronize"})
    old_sign = Job.model_validate({**base, "kind": "review", "trigger": "/guard signoff", "comment_id": 9})
    old_rerun = Job.model_validate({**base, "kind": "review", "trigger": "check_run.rerequested"})
    old_reply = Job.model_validate({**base, "kind": "reply", "trigger": "/guard explain", "comment_id": 9,
                                    "reply": "explain:py-eval"})
    assert [j.intent for j in (old_push, old_sign, old_rerun)] == ["push", "signing", "manual"]
    assert (old_reply.reply, old_reply.argument) == ("explain", "py-eval")
    assert old_reply.reply_marker_key == "explain:py-eval"  # its reply's marker is unchanged: never posted twice
