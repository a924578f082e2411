"""Report renderers: text, json (contract v1), sarif (2.1.0), markdown (the App's comment)."""

from __future__ import annotations

from checks.model import Report
from checks.render.common import Compared, Revision

FORMATS = ("text", "json", "sarif", "markdown")
# the file extension of each format, for writing several formats from one run
EXTENSIONS = {"text": ".txt", "json": ".json", "sarif": ".sarif", "markdown": ".md"}

__all__ = ["EXTENSIONS", "FORMATS", "Compared", "Revision", "render"]


def render(report: Report, fmt: str, compared: Compared | None = None) -> str:
    """The report in one of FORMATS; `compared` names the base and head it reviewed.

    Each renderer is imported when asked for: a CLI run pays only for its own formats."""
    if fmt == "json":
        from checks.render import json_report

        return json_report.render(report, compared)
    if fmt == "sarif":
        from checks.render import sarif

        return sarif.render(report, compared)
    if fmt == "markdown":
        from checks.render import markdown

        return markdown.render(report, compared=compared)
    if fmt == "text":
        from checks.render import text

        return text.render(report, compared)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
