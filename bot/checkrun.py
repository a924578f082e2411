"""The check run of one head: started, completed with annotations, failed with a reason.

Its id is cached in the store, and found again on GitHub (by name and App) when the store
forgot it, so a retried or repeated review updates the one run instead of adding another.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.budget import WriteBudget
from bot.pull import Repo
from bot.store import Store
from checks.decide import CONCLUSION
from checks.model import Report
from checks.render.publishing import ANNOTATION_BATCH, annotations_for, check_name, clip, title_for

RERUN_ACTION = {"label": "Re-run", "description": "Review this pull request again", "identifier": "rerun"}
WEEK = 7 * 24 * 3600


class CheckRuns:
    """Writes the check runs of one repository."""

    def __init__(self, repo: Repo, store: Store, budget: WriteBudget, app_id: int | None) -> None:
        self.repo = repo
        self.store = store
        self.budget = budget
        self.app_id = app_id

    def start(self, head_sha: str, base_ref: str, details: str = "") -> int:
        output = {"title": "Reviewing…", "summary": details or "Review in progress."}
        known = self.find(head_sha, base_ref)
        if known is not None:
            self.repo.update_check(known, {"status": "in_progress", "output": output})
            return known
        self.budget.take()
        run = self.repo.create_check({"name": check_name(base_ref), "head_sha": head_sha, "status": "in_progress",
                                      "output": output})
        self.store.put(self.repo.check_key(head_sha, base_ref), str(run.id), WEEK)
        self.store.put(self.repo.open_check_key(head_sha), str(run.id), WEEK)
        return run.id

    def close_superseded(self, head_sha: str, newer_sha: str) -> None:
        """A review of an older head that died mid-way left its check in progress: close it."""
        key = self.repo.open_check_key(head_sha)
        known = self.store.get(key)
        if known is None:
            return
        self.repo.update_check(int(known), {
            "status": "completed", "conclusion": "neutral",
            "output": {"title": f"Superseded by {newer_sha[:7]}",
                       "summary": f"A newer push ({newer_sha}) is reviewed instead of this commit."},
        })
        self.store.delete(key)

    def finished(self, head_sha: str) -> None:
        self.store.delete(self.repo.open_check_key(head_sha))

    def find(self, head_sha: str, base_ref: str) -> int | None:
        """This head's check run id: cached, else as GitHub lists it (new head, or the store was wiped)."""
        known = self.store.get(self.repo.check_key(head_sha, base_ref))
        if known is not None:
            return int(known)
        runs = self.repo.check_runs(head_sha, check_name(base_ref), self.app_id)
        return max((r.id for r in runs), default=None)

    def complete(self, check_id: int, report: Report, summary: str, notes: Sequence[str],
                 max_annotations: int, org: str = "") -> int:
        """Conclude the run; annotations go 50 per request. Returns how many the cap left out."""
        ann = annotations_for(report, max_annotations)
        text_notes = list(notes)
        if ann.left_out:
            text_notes.append(f"{ann.left_out} annotations were left out (cap {max_annotations} per check run); "
                              "the summary counts every finding.")
        body = summary + ("\n\n" + "\n".join(f"- {n}" for n in text_notes) if text_notes else "")
        output = {"title": title_for(report, org)[:1000], "summary": clip(body)}
        batches = [list(ann.items[i:i + ANNOTATION_BATCH]) for i in range(0, len(ann.items), ANNOTATION_BATCH)]
        for batch in batches[:-1]:
            self.repo.update_check(check_id, {"output": {**output, "annotations": batch}})
        self.repo.update_check(check_id, {
            "status": "completed", "conclusion": CONCLUSION[report.verdict],
            "output": {**output, **({"annotations": batches[-1]} if batches else {})},
            "actions": [RERUN_ACTION],
        })
        return ann.left_out

    def merge_group(self, head_sha: str, name: str, ok: bool, summary: str) -> None:
        """The merge group's own check run, completed at once."""
        self.budget.take()
        self.repo.create_check({
            "name": name, "head_sha": head_sha, "status": "completed", "conclusion": "success" if ok else "failure",
            "output": {"title": "Merge group passes" if ok else "A pull request in this group awaits sign-off",
                       "summary": clip(summary)},
        })

    def fail(self, check_id: int | None, head_sha: str, base_ref: str, reason: str) -> None:
        """A review that could not run: a failed check saying why and how to re-run it."""
        summary = (f"Constraint Guard could not review this commit: {reason}\n\n"
                   "Re-run it with the **Re-run** button above, or comment `/guard recheck` on the pull request.")
        data: dict[str, Any] = {
            "status": "completed", "conclusion": "failure",
            "output": {"title": "Review failed: " + reason[:200], "summary": clip(summary)},
            "actions": [RERUN_ACTION],
        }
        if check_id is None:  # a run this head already has (an earlier job's) is updated, not repeated
            check_id = self.find(head_sha, base_ref)
        if check_id is None:
            self.budget.take()
            run = self.repo.create_check({"name": check_name(base_ref), "head_sha": head_sha, **data})
            self.store.put(self.repo.check_key(head_sha, base_ref), str(run.id), WEEK)
        else:
            self.repo.update_check(check_id, data)
