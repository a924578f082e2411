"""Webhook payloads parsed into our own small models, and the jobs they ask for (pure).

GitHub's payloads carry far more than we use and grow new fields; we read only what we
need and ignore the rest, so a newer payload never breaks us.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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


class Job(BaseModel):
    """Work for the queue: JSON-serializable, one pull request (or one head SHA) each."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["review", "reply", "merge_group"]
    installation_id: int
    owner: str
    repo: str
    number: int | None  # None: find the open PRs whose head is `head_sha` (e.g. from forks)
    head_sha: str | None = None  # None: whatever the PR's head is when the job runs
    delivery: str
    trigger: str
    comment_id: int | None = None  # a command comment to act on (and acknowledge)
    review_id: int | None = None  # an approving review whose body carries `/guard signoff`
    reply: str | None = None  # for kind == "reply": "help", "explain:<rule>" or "unknown:<verb>"
    base_ref: str | None = None  # the target branch (merge groups; PR events name it too, so a failed
    # review can still name its check when GitHub's answer about the PR cannot be read)
    attempt: int = 0
    not_before: float = 0.0  # epoch seconds: a rate limit or backoff said "not before then"
    event_time: str = ""  # the PR's updated_at in the payload: orders pushes delivered out of order

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


def route(event: str, payload: dict[str, object], delivery: str) -> Outcome:
    """Decide what a delivery asks for; raise PayloadError when it lacks what we need."""
    action = str(payload.get("action", ""))
    if event == "ping":
        return Outcome(status="ignored", detail="pong")
    if event not in HANDLED or action not in HANDLED[event]:
        return Outcome(status="ignored", detail=f"{event}.{action} is not handled")
    if event == "installation":
        return Outcome(status="logged", detail=f"installation.{action}")
    if event == "pull_request":
        pr = _parse(PullRequestEvent, event, payload)
        assert isinstance(pr, PullRequestEvent)
        changes = payload.get("changes")
        if action == "edited" and not (isinstance(changes, dict) and "base" in changes):
            return Outcome(status="ignored", detail="edited without a new base branch")
        job = _job(pr, event, delivery, kind="review", number=pr.number, head_sha=pr.pull_request.head.sha,
                   base_ref=pr.pull_request.base.ref, event_time=pr.pull_request.updated_at)
        return Outcome(status="queued", jobs=[job])
    if event == "check_run":
        cr = _parse(CheckRunEvent, event, payload)
        assert isinstance(cr, CheckRunEvent)
        wanted = cr.requested_action.identifier if cr.requested_action else None
        if action == "requested_action" and wanted != "rerun":
            return Outcome(status="ignored", detail="unknown requested action")
        jobs = _per_pr(cr, cr.check_run.head_sha, cr.check_run.pull_requests, delivery, event)
        return Outcome(status="queued", jobs=jobs)
    if event == "check_suite":
        cs = _parse(CheckSuiteEvent, event, payload)
        assert isinstance(cs, CheckSuiteEvent)
        jobs = _per_pr(cs, cs.check_suite.head_sha, cs.check_suite.pull_requests, delivery, event)
        return Outcome(status="queued", jobs=jobs)
    if event == "pull_request_review":
        rv = _parse(PullRequestReviewEvent, event, payload)
        assert isinstance(rv, PullRequestReviewEvent)
        return _review_event(rv, delivery, event)
    if event == "merge_group":
        mg = _parse(MergeGroupEvent, event, payload)
        assert isinstance(mg, MergeGroupEvent)
        m = _QUEUE_REF.match(mg.merge_group.head_ref)
        job = _job(mg, event, delivery, kind="merge_group", number=int(m.group(1)) if m else None,
                   head_sha=mg.merge_group.head_sha, base_ref=mg.merge_group.base_ref.removeprefix("refs/heads/"))
        return Outcome(status="queued", jobs=[job])
    ic = _parse(IssueCommentEvent, event, payload)
    assert isinstance(ic, IssueCommentEvent)
    if action == "created":
        return _comment(ic, delivery, event)
    before = str((ic.changes.get("body") or {}).get("from", ""))
    if ic.issue.pull_request is None or not any(m in ic.comment.body + before for m in _MARKS):
        return Outcome(status="ignored", detail=f"{action} comment carries no command or acknowledgment")
    # an edit or deletion re-evaluates; an edited comment never signs by itself
    return Outcome(status="queued", jobs=[_job(ic, event, delivery, kind="review", number=ic.issue.number)])


def _review_event(rv: PullRequestReviewEvent, delivery: str, event: str) -> Outcome:
    body = rv.review.body or ""
    if "/guard" not in body:
        return Outcome(status="ignored", detail="review without a command")
    signs = rv.action == "submitted" and rv.review.state.lower() == "approved" and rv.review.user.type != "Bot"
    job = _job(rv, event, delivery, kind="review", number=rv.pull_request.number,
               review_id=rv.review.id if signs else None)
    return Outcome(status="queued", jobs=[job])


def _per_pr(parsed: CheckRunEvent | CheckSuiteEvent, head_sha: str, prs: list[PRRef], delivery: str,
            event: str) -> list[Job]:
    if not prs:  # forks: GitHub leaves pull_requests empty; the worker looks the PRs up
        return [_job(parsed, event, delivery, kind="review", number=None, head_sha=head_sha)]
    return [_job(parsed, event, delivery, kind="review", number=p.number, head_sha=head_sha) for p in prs]


def _comment(ic: IssueCommentEvent, delivery: str, event: str) -> Outcome:
    if ic.issue.pull_request is None:
        return Outcome(status="ignored", detail="comment on an issue, not a pull request")
    if ic.comment.user.type == "Bot":
        return Outcome(status="ignored", detail="comment by a bot")
    parsed = commands.parse(ic.comment.body)
    if not parsed:
        return Outcome(status="ignored", detail="no command")
    jobs: list[Job] = []
    signing = False
    for cmd in parsed:
        common = {"number": ic.issue.number, "comment_id": ic.comment.id, "trigger": f"/guard {cmd.verb.value}"}
        if cmd.verb in (commands.Verb.RECHECK, commands.Verb.SIGNOFF, commands.Verb.REVOKE):
            signing = signing or cmd.verb is not commands.Verb.RECHECK
            if not any(j.kind == "review" for j in jobs):
                jobs.append(_job(ic, event, delivery, kind="review", **common))
        elif cmd.verb is commands.Verb.HELP:
            jobs.append(_job(ic, event, delivery, kind="reply", reply="help", **common))
        elif cmd.verb is commands.Verb.EXPLAIN:
            jobs.append(_job(ic, event, delivery, kind="reply", reply=f"explain:{cmd.argument}", **common))
        else:
            jobs.append(_job(ic, event, delivery, kind="reply", reply=f"unknown:{cmd.argument}", **common))
    if signing:  # the review job acts on the comment's signoff/revoke lines
        jobs = [j.model_copy(update={"trigger": "/guard signoff"}) if j.kind == "review" else j for j in jobs]
    return Outcome(status="queued", jobs=jobs)
