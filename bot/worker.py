"""One job, start to finish: fetch -> analyze -> decide -> publish, with retries and a clear
failure on the check run when GitHub stays unavailable."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import replace
from urllib.parse import quote

from bot import commands
from bot.api import Api, UnexpectedResponse
from bot.events import Job
from bot.fetch import fetch_review
from bot.github import GitHubClient, NotFound, Transient, as_transient, explain
from bot.metrics import Metrics
from bot.publish import check_runs, publisher
from bot.pull import Pull, Repo, RepoContext
from bot.queue import Retry
from bot.settings import Settings
from bot.signoffs import SignoffRun
from bot.store import Store
from checks import agents
from checks.config import RegistriesConfig, RepoConfig
from checks.explain import explain_rule
from checks.markers import help_reply
from checks.model import Commit, GateId, Report, Verdict
from checks.policy import PolicyPack
from checks.registries import MemoryCache
from checks.render import markdown
from checks.render.publishing import check_name
from checks.review import review

log = logging.getLogger("constraint_guard.worker")



def app_config(config: RepoConfig, settings: Settings) -> RepoConfig:
    """The repository's config as the App applies it: registry look-ups as the operator allows."""
    reg = config.registries
    if not settings.registries_enabled:
        reg = reg.model_copy(update={"enabled": False})
    elif not settings.registry_urls_from_config:
        defaults = RegistriesConfig()
        reg = reg.model_copy(update={k: getattr(defaults, k) for k in ("pypi", "npm", "go", "crates", "maven")})
    return config.model_copy(update={"registries": reg})

class Reviewer:
    """The queue's handler: runs review and reply jobs against one GitHub."""

    def __init__(self, settings: Settings, store: Store, client: GitHubClient, metrics: Metrics,
                 packs: Mapping[GateId, PolicyPack], repos: Callable[[Job], Repo] | None = None) -> None:
        self.settings = settings
        self.repos = repos  # how a job reaches its repository (default: GitHub through the installation)
        self.store = store
        self.client = client
        self.metrics = metrics
        self.packs = packs
        self.registry_cache = MemoryCache()  # dependency look-ups, shared by this process's reviews

    def __call__(self, job: Job) -> str | Retry:
        try:
            self.client.wait_if_blocked(job.installation_id)
            if job.kind == "reply":
                return self._reply(job)
            if job.kind == "merge_group":
                return self._merge_group(job)
            return self._review_all(job)
        except NotFound as exc:
            log.info("job %s: %s", job.trigger, exc)
            return "gone"
        except Exception as exc:  # noqa: BLE001 - every failure must end in a retry or a visible result
            err = exc if isinstance(exc, (Transient, NotFound)) else as_transient(exc)
            if isinstance(err, NotFound):
                return "gone"
            if isinstance(err, Transient):
                return self._retry_or_fail(job, err)
            log.error("job %s for %s crashed: %s", job.trigger, job.pr_key, traceback.format_exc(limit=5))
            self._give_up(job, f"internal error ({type(exc).__name__})")
            return "crashed"

    # -- reviews ----------------------------------------------------------------------------------
    def _repo(self, job: Job) -> Repo:
        if self.repos is not None:
            return self.repos(job)
        return RepoContext(Api(self.client.installation(job.installation_id)), job.owner, job.repo)

    def _numbers(self, job: Job, repo: Repo) -> list[int]:
        if job.number is not None:
            return [job.number]
        return [p.number for p in repo.open_pulls() if p.head.sha == job.head_sha]

    def _review_all(self, job: Job) -> str:
        repo = self._repo(job)
        outcomes = [self._review(job, repo, n) for n in self._numbers(job, repo)]
        return outcomes[0] if len(outcomes) == 1 else ("reviewed" if outcomes else "no-pull-request")

    def _review(self, job: Job, repo: Repo, number: int) -> str:
        ctx = repo.pull(number)
        pub = publisher(ctx, self.store, job.installation_id, self.settings)
        if job.comment_id is not None:
            pub.conversation.react(job.comment_id, "eyes")
        pull = ctx.info()
        if pull.state != "open":
            return "closed"
        if job.head_sha and job.head_sha != pull.head_sha:
            pub.checks.close_superseded(job.head_sha, pull.head_sha)
            if job.intent == "push":
                return "superseded"  # a newer push is (or will be) reviewed by its own job
        fetched = fetch_review(ctx, pull)
        if pull.draft and not fetched.config.review.drafts and job.intent not in ("manual", "signing"):
            return "draft-skipped"
        check_id = pub.checks.start(pull.head_sha, pull.base_ref)
        started = time.monotonic()
        config = app_config(fetched.config, self.settings)
        report = review(fetched.snapshot, self.packs, config, registry_cache=self.registry_cache)
        self.metrics.semgrep.observe(time.monotonic() - started)
        if fetched.config_error:
            report = review_error(report, f"bad configuration: {fetched.config_error}")
        notes: list[str] = []
        if fetched.truncated:
            notes.append("GitHub lists at most 3,000 files of a pull request; files beyond them were not reviewed.")
        # agent-written commits, as the CLI reads them from git: applied after the engine, before sign-offs
        report = agents.apply_policy(report, agents.detect(commits_of(ctx), config.agents), config, self.packs,
                                     fetched.snapshot.diff)
        signoffs = SignoffRun(ctx, pub.conversation, self.store, pull, fetched.codeowners,
                              self.settings.auth_cache_seconds)
        if job.intent == "signing":
            src = signoffs.source(job.comment_id, job.review_id)
            if src is not None:  # only the text GitHub has now counts, never the payload's
                signoffs.handle(src, report)
        report = signoffs.evaluate(report)
        stats = pub.inline.sync(pull.head_sha, report, fetched.snapshot.diff,
                                fetched.config.review.max_inline_comments)
        notes += stats.notes
        link = _linker(self.settings.web_url, job.owner, job.repo, pull.head_sha)
        body = markdown.render(report, link, org=job.owner)
        if notes:
            body += "\n" + "\n".join(f"> {n}" for n in notes) + "\n"
        pub.conversation.upsert_summary(body)
        pub.checks.complete(check_id, report, body, [], self.settings.max_annotations, org=job.owner)
        pub.checks.finished(pull.head_sha)
        return report.verdict.value

    # -- merge queues ------------------------------------------------------------------------------------
    def _merge_group(self, job: Job) -> str:
        """A check on the merge group's head: success only if every PR in it passes at its current head."""
        assert job.head_sha is not None and job.base_ref is not None
        repo = self._repo(job)
        name = check_name(job.base_ref)
        numbers = group_members(repo, job.base_ref, job.number)
        waiting: list[str] = []
        for number in numbers:
            pull = repo.pull(number).info()
            latest = max(repo.check_runs(pull.head_sha, name, self.settings.app_id), key=lambda r: r.id, default=None)
            if latest is None or latest.status != "completed":
                waiting.append(f"#{number}: not reviewed yet at {pull.head_sha[:7]}")
            elif latest.conclusion != "success":
                waiting.append(f"#{number}: {latest.output.title or latest.conclusion}")
        ok = bool(numbers) and not waiting
        lines = [f"- #{n}" for n in numbers] or ["- (no pull request found for this merge group)"]
        summary = ("Every pull request in this merge group passes Constraint Guard at its current head:\n"
                   if ok else "Not every pull request in this merge group passes Constraint Guard:\n")
        summary += "\n".join(waiting if waiting else lines)
        check_runs(repo, self.store, job.installation_id, self.settings).merge_group(job.head_sha, name, ok, summary)
        return "pass" if ok else "signoff_required"

    # -- replies to /guard help, explain and unknown commands ---------------------------------------
    def _reply(self, job: Job) -> str:
        assert job.number is not None and job.comment_id is not None
        conversation = publisher(self._repo(job).pull(job.number), self.store, job.installation_id,
                                 self.settings).conversation
        conversation.react(job.comment_id, "eyes")
        marker = help_reply(job.comment_id, job.reply_marker_key)
        if job.reply == "help":
            conversation.reply(commands.HELP_TEXT, marker)
        elif job.reply == "explain":
            conversation.reply(explain_rule(job.argument), marker)
        else:
            shown = job.argument.replace("`", "'")[:40]
            conversation.reply(f"Unknown command `/guard {shown}`.\n\n{commands.HELP_TEXT}", marker)
        return "replied"

    # -- failure handling ----------------------------------------------------------------------------
    def _retry_or_fail(self, job: Job, err: Transient) -> str | Retry:
        if job.attempt >= self.settings.job_retries:
            tries = job.attempt + 1
            if isinstance(err, UnexpectedResponse):
                self._give_up(job, f"{err} (after {tries} tries)")
            else:
                self._give_up(job, f"GitHub stayed unavailable after {tries} tries ({err})")
            return "failed"
        backoff = self.settings.retry_base_seconds * (2 ** job.attempt)
        delay = min(self.settings.retry_max_wait_seconds, max(backoff, err.retry_after or 0.0))
        return Retry(job.model_copy(update={"attempt": job.attempt + 1}), delay, str(err))

    def _give_up(self, job: Job, reason: str) -> None:
        """Best effort: tell the PR (failed check run) that this review did not happen."""
        if job.kind != "review" or job.number is None:
            return
        try:
            repo = self._repo(job)
            try:
                pull = repo.pull(job.number).info()
                head_sha, base_ref = pull.head_sha, pull.base_ref
            except UnexpectedResponse:  # the pull request itself is what GitHub sent unreadable
                if job.head_sha is None or job.base_ref is None:
                    raise
                head_sha, base_ref = job.head_sha, job.base_ref
            check_runs(repo, self.store, job.installation_id, self.settings).fail(None, head_sha, base_ref, reason)
        except Exception as exc:  # noqa: BLE001 - GitHub is down: the log and metrics are all we have
            log.error("could not report the failed review of %s: %s", job.pr_key, explain(exc).summary)


def group_members(repo: Repo, base_ref: str, last: int | None) -> list[int]:
    """PRs in a merge group: the queue's entries up to and including the group's own PR."""
    numbers = repo.merge_queue(base_ref)
    if last is not None:
        if last in numbers:
            return numbers[: numbers.index(last) + 1]
        return [*numbers, last] if numbers else [last]
    return numbers


def commits_of(ctx: Pull) -> list[Commit]:
    """The PR's commits as agent detection reads them (git identities and messages)."""
    return [Commit(sha=c.sha, author_name=(c.commit.author.name or "") if c.commit.author else "",
                   author_email=(c.commit.author.email or "") if c.commit.author else "",
                   committer_name=(c.commit.committer.name or "") if c.commit.committer else "",
                   committer_email=(c.commit.committer.email or "") if c.commit.committer else "",
                   message=c.commit.message)
            for c in ctx.commits()]


def review_error(report: Report, message: str) -> Report:
    """The same report with an error added (verdict `error`, fails closed)."""
    return replace(report, errors=(*report.errors, message), verdict=Verdict.ERROR)


def _linker(web_url: str, owner: str, repo: str, sha: str) -> markdown.Linker:
    def link(path: str, line: int | None) -> str:
        anchor = f"#L{line}" if line else ""
        shown = f"{path}:{line}" if line else path
        safe = shown.replace("]", "\\]").replace("@", "@\u200b")
        return f"[`{safe}`]({web_url}/{owner}/{repo}/blob/{sha}/{quote(path)}{anchor})"
    return link
