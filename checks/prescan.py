"""A semgrep scan started before the review asks for one.

semgrep is a review's longest step, and before it can start, a cold CLI spends about 0.2 s
loading the rest of the review (pydantic, the config and policy models, the gates). When no
config governs a change, its scan is known as soon as the change is read: the defaults
decide it (checks/targets.py). The CLI then starts semgrep right away, the review loads on
the other core meanwhile, and the review calls this object in `semgrep.scan`'s place.

It is never trusted blindly: the review plans its scan itself, and the running scan's result
is handed back only when that plan asks for exactly the scan that was started. Otherwise the
scan asked for runs as usual (the early one is waited for on exit, never left behind).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any

from checks import semgrep
from checks.targets import ScanPlan

Scanner = Callable[..., semgrep.ScanResult]


class Prescan:
    """Starts `plan`'s scan on entering (returning once the engine process runs) and answers
    the review's call with it. Use as a context manager."""

    def __init__(self, plan: ScanPlan, scanner: Scanner = semgrep.scan) -> None:
        self.plan = plan
        self._scanner = scanner
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prescan")
        self._future: Future[semgrep.ScanResult] | None = None
        self.used = False  # whether the review took the early scan's result

    def __enter__(self) -> Prescan:
        self._future, launched = self.plan.submit(self._pool, self._scanner)
        # the scan's set-up (focusing, taint copies) gets the GIL until semgrep runs
        launched.wait()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._pool.shutdown(wait=True)

    def __call__(self, targets: Mapping[str, str], rules: Sequence[semgrep.Rule], *,
                 timeout_seconds: float,
                 touched: Mapping[str, frozenset[int]] | None = None,
                 launched: Callable[[], object] | None = None, **options: Any) -> semgrep.ScanResult:
        if self._future is None:
            raise RuntimeError("Prescan called before it was started (use it as a context manager)")
        if options or self.used or not self.plan.same_scan(targets, rules, timeout_seconds, touched):
            return self._scanner(targets, rules, timeout_seconds=timeout_seconds, touched=touched,
                                 launched=launched, **options)
        self.used = True
        if launched is not None:
            launched()  # it has been running for a while
        return self._future.result()
