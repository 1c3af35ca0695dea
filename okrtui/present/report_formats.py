"""A report in the format asked for: Markdown (optionally with a text chart per team), CSV, JSON, or
one self-contained HTML page. Its own module so that report.py (the content) and report_html.py
(the page, which builds on report.py's rows) import each other in one direction only."""

from __future__ import annotations

from okrtui.present.report import Report
from okrtui.present.report_markdown import render_markdown
from okrtui.present.report_data import render_csv, render_json
from okrtui.present.report_html import render_html


def render(report: Report, fmt: str, charts: bool = False) -> str:
    if fmt == "html":
        return render_html(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return render_json(report)
    return render_markdown(report, charts)
