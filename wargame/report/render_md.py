"""Markdown rendering: GitHub-flavoured Markdown that also reads well as plain text.

Every value a template prints goes through :func:`md_escape` (the Jinja2
``finalize`` hook), so player-written text can never become a link, an image,
emphasis, a table cell break, a heading or raw HTML; only strings the renderer
builds itself and marks with :class:`~markupsafe.Markup` pass unescaped. Charts
become sparklines and small tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from wargame.labels import readable
from wargame.report import charts as ch
from wargame.report.common import (
    OUTCOME_LABELS,
    Lookup,
    attributions_shown,
    busiest_link,
    clean,
    debrief_hot_wash,
    edition_banner,
    edition_sections,
    edition_subtitle,
    grouped_off_ramps,
    held,
    move_rows,
    num,
    pct,
    section_numbers,
    signed,
)
from wargame.report.model import Report
from wargame.report.render_html import TEMPLATES, all_changes

# Punctuation that means something anywhere in a GFM line: emphasis, code, links and images,
# raw HTML, table cells, strikethrough, entities and math. Backslash escapes all of it.
_SPECIAL = re.compile(r"([\\`*_\[\]<|~&$])")
# Markers that only mean something at the start of a line: list items, headings, quotes.
_LINE_START = re.compile(r"^(\s*)([-+#>](?=\s|#|$)|\d+(?=[.)](?:\s|$)))")


def md_escape(value: Any) -> str:
    """Inline-safe Markdown text: one line, GFM punctuation backslash-escaped."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = re.sub(r"\s+", " ", clean(value))
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(_guard_line_start, text)


def _guard_line_start(mt: re.Match[str]) -> str:
    lead, marker = mt.group(1), mt.group(2)
    if marker[0].isdigit():  # "1. x" or "1) x": escape the dot or parenthesis
        return lead + marker + "\\"
    return lead + "\\" + marker


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _cell(value: Any) -> str:
    return md_escape(value) or " "


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, finalize=md_escape)
    # Numbers are built here, never by players: mark them safe so "-2" stays "-2".
    env.filters.update(pct=lambda v: Markup(pct(v)),
                       num=lambda v, d=2: Markup(num(v, d)),
                       signed=lambda v: Markup(signed(v)),
                       outcome=lambda o: OUTCOME_LABELS.get(o or "", o or "–"),
                       raw=lambda s: Markup(s), label=readable)
    env.globals["slug"] = slug
    env.globals["empty"] = lambda text: Markup(f"_{md_escape(text)}_")
    return env


def chart_block(spec: ch.ChartSpec | ch.HeatSpec) -> Markup:
    """A chart as sparklines (one line per series) inside a fenced block."""
    if isinstance(spec, ch.HeatSpec):
        top = max((abs(v) for _, vs in spec.rows for v in vs), default=1.0) or 1.0
        series: list[tuple[str, tuple[float | None, ...], float, float]] = [
            (name, tuple(vs), -top, top) for name, vs in spec.rows]
    else:
        series = [(x.name, x.values, spec.y_min, spec.y_max) for x in spec.series]
    width = max(len(name) for name, *_ in series)
    lines = []
    for name, values_all, lo, hi in series:
        values = [v for v in values_all if v is not None]
        last = num(values[-1]) if values else "–"
        label = re.sub(r"\s+", " ", clean(name)).replace("`", "'")  # one line per series
        line = ch.sparkline(values_all, lo, hi)
        lines.append(f"{label.ljust(width)}  {line}  {last}")
    # A fenced block shows its content verbatim, so only the fence itself needs guarding.
    body = "\n".join(lines).replace("```", "'''")
    return Markup(f"```text\n{body}\n```")


def render_md(report: Report, short: bool = False) -> str:
    """The report as Markdown; ``short``: the debrief edition's sections only."""
    specs = ch.all_charts(report)
    # A network figure has no text form: its facts are in the section's tables and sentences.
    blocks = {k: [chart_block(c) for c in v if not isinstance(c, ch.NetSpec)]
              for k, v in specs.items()}
    template = environment().get_template("report.md.j2")
    sections = edition_sections(short)
    titles, numbers = dict(sections), section_numbers(sections)

    def h2(anchor: str) -> Markup:
        return Markup(f"## {numbers[anchor]}. {titles[anchor]}")

    text = template.render(r=report, L=Lookup(report), sections=sections, n=numbers, h2=h2,
                           printed=set(titles), subtitle=edition_subtitle(report, short),
                           short=short, off_ramp_groups=grouped_off_ramps(report),
                           hw=debrief_hot_wash(report) if short else report.hot_wash,
                           charts=blocks, specs=specs, banner=edition_banner(report, short),
                           rows=move_rows, held=held,
                           seats_human={s.actor for s in report.seats if s.kind == "human"},
                           attributions=attributions_shown(report),
                           busiest=busiest_link(report),
                           changes=all_changes(report), cell=_cell)
    # Collapse runs of blank lines left by optional blocks.
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
