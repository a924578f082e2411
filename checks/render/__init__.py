"""Report renderers: text, json (contract v1), sarif (2.1.0), markdown (the App's comment)."""

from __future__ import annotations

from checks.model import Report
from checks.render import json_report, markdown, sarif, text

FORMATS = ("text", "json", "sarif", "markdown")


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt == "json":
        return json_report.render(report)
    if fmt == "sarif":
        return sarif.render(report)
    if fmt == "markdown":
        return markdown.render(report)
    if fmt == "text":
        return text.render(report)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
