"""Short runs of the crash and GitHub-fault trials (bench/crash_trials.py, bench/fault_trials.py),
so CI exercises them: a SIGKILL while the inline review POST is in flight plus a SIGTERM
mid-review, then one random fault sequence and one exhausted-retries sequence."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import crash_trials  # noqa: E402
import fault_trials  # noqa: E402


def test_crash_trials_publish_every_review_exactly_once() -> None:
    report = crash_trials.run(2, seed=3, lease=3.0, prs=2, out=None, verbose=False,
                              points=["review-inflight", "sigterm"])
    totals = report["totals"]
    problems = [p for t in report["trials"] for p in t["problems"]]
    assert totals["trials"] == 2 and totals["sigkill"] == 1 and totals["sigterm"] == 1
    assert totals["killed_mid_publish"] == 1, report["trials"]
    assert totals["failed_trials"] == 0, problems
    assert totals["duplicate_check_runs"] == totals["duplicate_inline_comments"] == totals["duplicate_summaries"] == 0
    assert totals["lost_reviews"] == totals["lost_inline_comments"] == totals["missing_summaries"] == 0


def test_fault_sequence_loses_nothing_duplicates_nothing_and_honours_rate_limits() -> None:
    report = fault_trials.run(1, prs=3, seed=12, out=None, verbose=False)
    totals = report["totals"]
    problems = [p for s in report["sequences"] for p in s["problems"]]
    assert totals["lost"] == 0 and totals["duplicated"] == 0, problems
    assert totals["rate_limit_violations"] == 0, [s["rate_limit"] for s in report["sequences"]]
    assert totals["exhausted_retries_clear_failed_check"], report["sequences"][-1]
    assert totals["failed_sequences"] == 0, problems
