"""Webhook payloads parsed into our own small models, and the jobs they ask for (pure).

GitHub's payloads carry far more than we use and grow new fields; we read only what we
need and ignore the rest, so a newer payload never breaks us.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot import commands


class PayloadError(ValueError):
    """A payload missing fields we need: a 4xx naming the field."""


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Account(_Loose):
    login: str
    type: str = "User"


class Installation(_Loose):
    id: int


class Repository(_Loose):
    name: str
    full_name: str
    owner: Account


class Ref(_Loose):
    ref: str
    sha: str


class PullRequest(_Loose):
    number: int
    updated_at: str = ""
    state: str = "open"
    draft: bool = False
    head: Ref
    base: Ref
    user: Account


class PullRequestEvent(_Loose):
    action: str
    number: int
    pull_request: PullRequest
    repository: Repository
    installation: Installation


class PRRef(_Loose):
    number: int
    head: Ref | None = None
    base: Ref | None = None


class CheckRunBody(_Loose):
    id: int
    name: str = ""
    head_sha: str
    pull_requests: list[PRRef] = []


class RequestedAction(_Loose):
    identifier: str


class CheckRunEvent(_Loose):
    action: str
    check_run: CheckRunBody
    requested_action: RequestedAction | None = None
    repository: Repository
    installation: Installation


class CheckSuiteBody(_Loose):
    id: int
    head_sha: str
    pull_requests: list[PRRef] = []


class CheckSuiteEvent(_Loose):
    action: str
    check_suite: CheckSuiteBody
    repository: Repository
    installation: Installation


class IssuePR(_Loose):
    url: str | None = None


class Issue(_Loose):
    number: int
    pull_request: IssuePR | None = None


class Comment(_Loose):
    id: int
    body: str = ""
    user: Account


class IssueCommentEvent(_Loose):
    action: str
    issue: Issue
    comment: Comment
    changes: dict[str, dict[str, object]] = {}
    repository: Repository
    installation: Installation


class Review(_Loose):
    id: int
    body: str | None = None
    state: str = ""
    user: Account


class PullRequestReviewEvent(_Loose):
    action: str
    review: Review
    pull_request: PullRequest
    repository: Repository
    installation: Installation


class MergeGroup(_Loose):
    head_sha: str
    head_ref: str
    base_ref: str


class MergeGroupEvent(_Loose):
    action: str
    merge_group: MergeGroup
    repository: Repository
    installation: Installation


Intent = Literal["push", "update", "manual", "signing"]
# push: a new head (pull_request events): an older queued head is superseded, drafts skipped
# update: re-evaluate the current head (check suites, edited/deleted comments, reviews, sweeps)
# manual: a person asked (/guard recheck, Re-run): drafts are reviewed too
# signing: a sign-off or revoke to act on (/guard signoff|revoke, an approving review)
ReplyKind = Literal["help", "explain", "unknown"]
_MANUAL_TRIGGERS = frozenset({"/guard recheck", "check_run.rerequested", "check_run.requested_action"})
_SIGNING_TRIGGERS = frozenset({"/guard signoff", "pull_request_review.submitted"})


def intent_of(trigger: str) -> Intent:
    """The intent of a review job recorded before jobs carried one (its trigger said it)."""
    if trigger in _SIGNING_TRIGGERS:
        return "signing"
    if trigger in _MANUAL_TRIGGERS:
        return "manual"
    return "push" if trigger.startswith("pull_request.") else "update"


class Job(BaseModel):
    """Work for the queue: JSON-serializable, one pull request (or one head SHA) each.

    A tagged union by `kind`: a review carries its `intent`, a reply its `reply` kind and
    `argument`, a merge group its `base_ref`; `trigger` names the event, for logs only.
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["review", "reply", "merge_group"]
    installation_id: int
    owner: str
    repo: str
    number: int | None  # None: find the open PRs whose head is `head_sha` (e.g. from forks)
    head_sha: str | None = None  # None: whatever the PR's head is when the job runs
    delivery: str
    trigger: str
    intent: Intent = "update"  # for kind == "review"
    comment_id: int | None = None  # a command comment to act on (and acknowledge)
    review_id: int | None = None  # an approving review whose body carries `/guard signoff`
    reply: ReplyKind | None = None  # for kind == "reply"
    argument: str = ""  # the rule of `/guard explain`, or the unknown verb
    base_ref: str | None = None  # the target branch (merge groups; PR events name it too, so a failed
    # review can still name its check when GitHub's answer about the PR cannot be read)
    attempt: int = 0
    not_before: float = 0.0  # epoch seconds: a rate limit or backoff said "not before then"
    event_time: str = ""  # the PR's updated_at in the payload: orders pushes delivered out of order

    @model_validator(mode="before")
    @classmethod
    def _recorded_before_intents(cls, data: object) -> object:
        """Jobs already in a ledger from before intents keep working after an upgrade."""
        if not isinstance(data, dict):
            return data
        out = dict(data)
        if out.get("kind") == "review" and "intent" not in out and isinstance(out.get("trigger"), str):
            out["intent"] = intent_of(out["trigger"])
        reply = out.get("reply")
        if isinstance(reply, str) and ":" in reply and "argument" not in out:
            out["reply"], out["argument"] = reply.split(":", 1)
        return out

    @property
    def reply_marker_key(self) -> str:
        """What the reply's hidden marker records (unchanged since replies were one string)."""
        return "help" if self.reply == "help" else f"{self.reply}:{self.argument}"

    @property
    def pr_key(self) -> str:
        return f"{self.owner}/{self.repo}#{self.number if self.number is not None else self.head_sha}"


class Outcome(BaseModel):
    """What the webhook handler decided for one delivery."""

    status: Literal["queued", "ignored", "logged"]
    jobs: list[Job] = Field(default_factory=list)
    detail: str = ""


HANDLED: dict[str, frozenset[str]] = {
    "pull_request": frozenset({"opened", "synchronize", "reopened", "ready_for_review", "edited"}),
    "pull_request_review": frozenset({"submitted", "dismissed", "edited"}),
    "check_run": frozenset({"rerequested", "requested_action"}),
    "check_suite": frozenset({"requested", "rerequested"}),
    "issue_comment": frozenset({"created", "edited", "deleted"}),
    "merge_group": frozenset({"checks_requested"}),
    "installation": frozenset({"created", "deleted", "suspend", "unsuspend", "new_permissions_accepted"}),
}
_MARKS = ("/guard", "constraint-guard:")  # a comment whose edit or deletion can change sign-offs
_QUEUE_REF = re.compile(r"^refs/heads/gh-readonly-queue/.+/pr-(\d+)-[0-9a-f]+$")


def _parse(model: type[_Loose], event: str, payload: dict[str, object]) -> _Loose:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        what = "is missing" if err["type"] == "missing" else str(err["msg"])
        raise PayloadError(f"{event} payload: {where} {what}") from None


Parsed = (PullRequestEvent | CheckRunEvent | CheckSuiteEvent | IssueCommentEvent | PullRequestReviewEvent
          | MergeGroupEvent)


def _job(parsed: Parsed, event: str, delivery: str, **fields: object) -> Job:
    base: dict[str, object] = {
        "installation_id": parsed.installation.id,
        "owner": parsed.repository.owner.login,
        "repo": parsed.repository.name,
        "delivery": delivery,
        "trigger": f"{event}.{parsed.action}",
    }
    return Job.model_validate({**base, **fields})


EventHandler = Callable[[str, dict[str, object], str], "Outcome"]
_ROUTES: dict[str, EventHandler] = {}


def on(event: str) -> Callable[[EventHandler], EventHandler]:
    """Register the handler of one event family (gidgethub's `Router.register` in miniature)."""

    def register(handler: EventHandler) -> EventHandler:
        _ROUTES[event] = handler
        return handler

    return register


def route(event: str, payload: dict[str, object], delivery: str) -> Outcome:
    """Decide what a delivery asks for; raise PayloadError when it lacks what we need."""
    action = str(payload.get("action", ""))
    if event == "ping":
        return Outcome(status="ignored", detail="pong")
    if event not in HANDLED or action not in HANDLED[event]:
        return Outcome(status="ignored", detail=f"{event}.{action} is not handled")
    return _ROUTES[event](action, payload, delivery)


@on("installation")
def _installation(action: str, payload: dict[str, object], delivery: str) -> Outcome:
    return Outcome(status="logged", detail=f"installation.{action}")


@on("pull_request")
def _pull_request(action: str, payload: dict[str, object], delivery: str) -> Outcome:
    pr = _parse(PullRequestEvent, "pull_request", payload)
    assert isinstance(pr, PullRequestEvent)
    changes = payload.get("changes")
    if action == "edited" and not (isinstance(changes, dict) and "base" in changes):
        return Outcome(status="ignored", detail="edited without a new base branch")
    job = _job(pr, "pull_request", delivery, kind="review", intent="push", number=pr.number,
               head_sha=pr.pull_request.head.sha, base_ref=pr.pull_request.base.ref,
               event_time=pr.pull_request.updated_at)
    return Outcome(status="queued", jobs=[job])


@on("check_run")
def _check_run(action: str, payload: dict[str, object], delivery: str) -> Outcome:
    cr = _parse(CheckRunEvent, "check_run", payload)
    assert isinstance(cr, CheckRunEvent)
    wanted = cr.requested_action.identifier if cr.requested_action else None
    if action == "requested_action" and wanted != "rerun":
        return Outcome(status="ignored", detail="unknown requested action")
    return Outcome(status="queued", jobs=_per_pr(cr, cr.check_run.head_sha, cr.check_run.pull_requests, delivery,
                                                 "check_run"))


@on("check_suite")
def _check_suite(action: str, payload: dict[str, object], delivery: str) -> Outcome:
    cs = _parse(CheckSuiteEvent, "check_suite", payload)
    assert isinstance(cs, CheckSuiteEvent)
    return Outcome(status="queued", jobs=_per_pr(cs, cs.check_suite.head_sha, cs.check_suite.pull_requests,
                                                 delivery, "check_suite"))


@on("merge_group")
def _merge_group(action: str, payload: dict[str, object], delivery: str) -> Outcome:
    mg = _parse(MergeGroupEvent, "merge_group", payload)
    assert isinstance(mg, MergeGroupEvent)
    m = _QUEUE_REF.match(mg.merge_group.head_ref)
    job = _job(mg, "merge_group", delivery, kind="merge_group", number=int(m.group(1)) if m else None,
               head_sha=mg.merge_group.head_sha, base_ref=mg.merge_group.base_ref.removeprefix("refs/heads/"))
    return Outcome(status="queued", jobs=[job])


@on("issue_comment")
def _issue_comment(action: str, payload: dict[str, object], delivery: str) -> Outcome:
    ic = _parse(IssueCommentEvent, "issue_comment", payload)
    assert isinstance(ic, IssueCommentEvent)
    if action == "created":
        return _comment(ic, delivery, "issue_comment")
    before = str((ic.changes.get("body") or {}).get("from", ""))
    if ic.issue.pull_request is None or not any(m in ic.comment.body + before for m in _MARKS):
        return Outcome(status="ignored", detail=f"{action} comment carries no command or acknowledgment")
    # an edit or deletion re-evaluates; an edited comment never signs by itself
    return Outcome(status="queued", jobs=[_job(ic, "issue_comment", delivery, kind="review", intent="update",
                                               number=ic.issue.number)])


@on("pull_request_review")
def _pull_request_review(action: str, payload: dict[str, object], delivery: str) -> Outcome:
    rv = _parse(PullRequestReviewEvent, "pull_request_review", payload)
    assert isinstance(rv, PullRequestReviewEvent)
    return _review_event(rv, delivery, "pull_request_review")


def _review_event(rv: PullRequestReviewEvent, delivery: str, event: str) -> Outcome:
    body = rv.review.body or ""
    if "/guard" not in body:
        return Outcome(status="ignored", detail="review without a command")
    signs = rv.action == "submitted" and rv.review.state.lower() == "approved" and rv.review.user.type != "Bot"
    job = _job(rv, event, delivery, kind="review", number=rv.pull_request.number,
               intent="signing" if rv.action == "submitted" else "update", review_id=rv.review.id if signs else None)
    return Outcome(status="queued", jobs=[job])


def _per_pr(parsed: CheckRunEvent | CheckSuiteEvent, head_sha: str, prs: list[PRRef], delivery: str,
            event: str) -> list[Job]:
    intent = "manual" if isinstance(parsed, CheckRunEvent) else "update"  # Re-run vs. a suite GitHub made
    if not prs:  # forks: GitHub leaves pull_requests empty; the worker looks the PRs up
        return [_job(parsed, event, delivery, kind="review", intent=intent, number=None, head_sha=head_sha)]
    return [_job(parsed, event, delivery, kind="review", intent=intent, number=p.number, head_sha=head_sha)
            for p in prs]


CommandJob = Callable[[IssueCommentEvent, commands.Command, str, dict[str, object]], "Job"]


def _review_command(ic: IssueCommentEvent, cmd: commands.Command, delivery: str, common: dict[str, object]) -> Job:
    signing = cmd.verb is not commands.Verb.RECHECK  # signoff/revoke: the review acts on the comment's lines
    return _job(ic, "issue_comment", delivery, kind="review", intent="signing" if signing else "manual",
                **{**common, "trigger": "/guard signoff" if signing else "/guard recheck"})


def _help_command(ic: IssueCommentEvent, cmd: commands.Command, delivery: str, common: dict[str, object]) -> Job:
    return _job(ic, "issue_comment", delivery, kind="reply", reply="help", **common)


def _explain_command(ic: IssueCommentEvent, cmd: commands.Command, delivery: str, common: dict[str, object]) -> Job:
    return _job(ic, "issue_comment", delivery, kind="reply", reply="explain", argument=cmd.argument, **common)


def _unknown_command(ic: IssueCommentEvent, cmd: commands.Command, delivery: str, common: dict[str, object]) -> Job:
    return _job(ic, "issue_comment", delivery, kind="reply", reply="unknown", argument=cmd.argument, **common)


_COMMANDS: dict[commands.Verb, CommandJob] = {
    commands.Verb.RECHECK: _review_command,
    commands.Verb.SIGNOFF: _review_command,
    commands.Verb.REVOKE: _review_command,
    commands.Verb.HELP: _help_command,
    commands.Verb.EXPLAIN: _explain_command,
}


def _comment(ic: IssueCommentEvent, delivery: str, event: str) -> Outcome:
    if ic.issue.pull_request is None:
        return Outcome(status="ignored", detail="comment on an issue, not a pull request")
    if ic.comment.user.type == "Bot":
        return Outcome(status="ignored", detail="comment by a bot")
    parsed = commands.parse(ic.comment.body)
    if not parsed:
        return Outcome(status="ignored", detail="no command")
    jobs: list[Job] = []
    for cmd in parsed:
        common: dict[str, object] = {"number": ic.issue.number, "comment_id": ic.comment.id,
                                     "trigger": f"/guard {cmd.verb.value}"}
        job = _COMMANDS.get(cmd.verb, _unknown_command)(ic, cmd, delivery, common)
        previous = next((i for i, j in enumerate(jobs) if j.kind == "review"), None)
        if job.kind != "review" or previous is None:
            jobs.append(job)
        elif job.intent == "signing":  # one review per comment; a signoff/revoke line makes it a signing one
            jobs[previous] = job
    return Outcome(status="queued", jobs=jobs)
