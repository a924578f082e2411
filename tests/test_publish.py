"""What gets published, decided on plain data: titles, annotations, comments, threads."""

from __future__ import annotations

import httpx
from githubkit.exception import RequestFailed

from bot import ghmodels as gm
from bot.github import explain
from bot.identity import is_own, is_own_actor
from checks.config import RepoConfig
from checks.diff import parse_diff
from checks.model import Finding, Severity
from checks.policy import load_packs
from checks.render.publishing import (
    MAX_OUTPUT,
    Thread,
    annotations_for,
    check_name,
    clip,
    finding_fingerprint,
    plan_comments,
    threads_to_resolve,
    title_for,
)
from checks.review import analyze
from checks.semgrep import ScanResult
from checks.snapshot import Snapshot

N = 70
DIFF = parse_diff(
    "diff --git a/app/q.py b/app/q.py\nnew file mode 100644\n--- /dev/null\n+++ b/app/q.py\n"
    f"@@ -0,0 +1,{N} @@\n" + "".join(f"+cur.execute(f'select {i}')\n" for i in range(N))
)


def _finding(line: int, snippet: str | None = None) -> Finding:
    return Finding("py-sql-string-build", Severity.ERROR, "app/q.py", line, line, "SQL built from a string. Fix: x",
                   cwe="CWE-89", snippet=snippet or f"cur.execute(f'select {line - 1}')")


REPORT = analyze(Snapshot(DIFF), load_packs(), RepoConfig(),
                 ScanResult(findings=tuple(_finding(i) for i in range(1, N + 1))))


def test_check_name_carries_the_base_branch() -> None:
    assert check_name("release/2.x") == "Constraint Guard (release/2.x)"


def test_title_says_what_awaits_sign_off() -> None:
    assert title_for(REPORT, "acme") == "0 of 1 gates signed off: security awaits anyone with write permission or more"


def test_annotations_are_capped_and_the_rest_counted() -> None:
    # one per finding, plus the security gate's reasons (at most 10 listed per gate)
    ann = annotations_for(REPORT, cap=50)
    assert len(ann.items) == 50 and ann.left_out == N + 10 - 50
    assert ann.items[0]["annotation_level"] == "failure"


def test_comments_are_capped_skip_known_ones_and_stay_on_the_diff() -> None:
    known = {finding_fingerprint(_finding(1))}
    plan = plan_comments(REPORT, DIFF, known, cap=30)
    assert len(plan.comments) == 30 and plan.already_posted == 1 and plan.over_cap == N - 31
    assert all(c["side"] == "RIGHT" and 1 <= c["line"] <= N for c in plan.comments)
    assert all("@" not in c["body"].replace("@\u200b", "") for c in plan.comments)


def test_fingerprint_ignores_the_line_number_but_not_the_code() -> None:
    assert finding_fingerprint(_finding(5, "x = f(a)")) == finding_fingerprint(_finding(50, "x  =  f(a)"))
    assert finding_fingerprint(_finding(5, "x = f(a)")) != finding_fingerprint(_finding(5, "x = f(b)"))


def test_only_open_threads_of_vanished_findings_get_resolved() -> None:
    threads = [Thread("T1", "a" * 16, False), Thread("T2", "b" * 16, False), Thread("T3", "c" * 16, True)]
    assert threads_to_resolve(threads, {"b" * 16}) == ["T1"]


def test_failures_are_classified_for_retry() -> None:
    request = httpx.Request("POST", "https://api.github.com/repos/a/b/check-runs")

    class _Resp:
        def __init__(self, status: int, headers: dict[str, str]) -> None:
            self.status_code = status
            self.headers = httpx.Headers(headers)
            self.raw_request = request
            self.raw_response = httpx.Response(status, request=request)
            self._status_reason = str(status)

    bad_gateway = RequestFailed(_Resp(502, {}))  # type: ignore[arg-type]
    assert explain(bad_gateway).transient
    not_found = RequestFailed(_Resp(404, {}))  # type: ignore[arg-type]
    assert not explain(not_found).transient and explain(not_found).status == 404
    limited = RequestFailed(_Resp(429, {"retry-after": "7"}))  # type: ignore[arg-type]
    assert explain(limited).transient and explain(limited).retry_after == 7.0


def test_clipped_check_text_fits_githubs_byte_limit_even_with_multibyte_characters() -> None:
    for text in ("x" * 70_000, "é" * 40_000, "🔒" * 20_000, "a" + "🔒" * 16_383 + "b" * 10):
        clipped = clip(text)
        assert len(clipped.encode("utf-8")) <= MAX_OUTPUT, len(clipped.encode("utf-8"))
        assert clipped.endswith("the full report is in the summary comment)")
        assert text.startswith(clipped.split("\n\n… (cut")[0])  # no character split or altered
    assert clip("🔒" * 100) == "🔒" * 100


def test_only_the_apps_bot_account_is_the_app_never_a_human_named_like_its_slug() -> None:
    bot, app_id = "constraint-guard[bot]", 4242

    def comment(login: str, type: str, via: int | None = app_id) -> gm.IssueComment:
        return gm.IssueComment.model_validate({
            "id": 1, "body": "x", "user": {"login": login, "type": type},
            "performed_via_github_app": None if via is None else {"id": via, "slug": "constraint-guard"}})

    assert is_own(comment(bot, "Bot"), bot, app_id)
    assert is_own(comment(bot, "Bot", via=None), bot, app_id)  # GitHub leaves it out on some listings
    assert not is_own(comment("constraint-guard", "User"), bot, app_id)  # a human who took the slug
    assert not is_own(comment("constraint-guard", "User", via=None), bot, app_id)
    assert not is_own(comment("other-app[bot]", "Bot", via=99), bot, app_id)
    assert not is_own(comment(bot, "Bot", via=99), bot, app_id)  # stamped by another App: not ours
    assert not is_own(gm.IssueComment(id=2, body="x", user=None), bot, app_id)  # a deleted account
    # GraphQL drops the "[bot]" suffix: the actor's type decides
    assert is_own_actor({"__typename": "Bot", "login": "constraint-guard"}, bot)
    assert not is_own_actor({"__typename": "User", "login": "constraint-guard"}, bot)
    assert not is_own_actor({"login": "constraint-guard"}, bot)
    assert not is_own_actor(None, bot)
