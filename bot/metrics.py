"""Prometheus metrics of one process (served at GET /metrics)."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    """Counters and histograms in their own registry, so several apps can live in one process."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.deliveries = Counter(
            "cg_deliveries_total", "Webhook deliveries by event and outcome", ["event", "outcome"],
            registry=self.registry)
        self.jobs = Histogram(
            "cg_job_seconds", "Job durations by kind and outcome", ["kind", "outcome"], registry=self.registry,
            buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600))
        self.github_calls = Counter(
            "cg_github_calls_total", "GitHub API calls by method and status class", ["method", "status"],
            registry=self.registry)
        self.github_errors = Counter(
            "cg_github_errors_total", "GitHub API calls that failed (4xx/5xx)", ["status"], registry=self.registry)
        self.semgrep = Histogram(
            "cg_semgrep_seconds", "Time in the semgrep scan of a review", registry=self.registry,
            buckets=(0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300))
        self.queue_depth = Gauge("cg_queue_depth", "Jobs waiting in the queue", registry=self.registry)
        self.unfinished = Gauge("cg_jobs_unfinished", "Accepted jobs not finished yet (queued, scheduled or running)",
                                registry=self.registry)

    def github_call(self, method: str, status: int) -> None:
        self.github_calls.labels(method, f"{status // 100}xx").inc()
        if status >= 400:
            self.github_errors.labels(str(status)).inc()

    def render(self, queue_depth: Callable[[], int] | None = None,
               unfinished: Callable[[], int] | None = None) -> bytes:
        if queue_depth is not None:
            self.queue_depth.set(queue_depth())
        if unfinished is not None:
            self.unfinished.set(unfinished())
        return generate_latest(self.registry)
