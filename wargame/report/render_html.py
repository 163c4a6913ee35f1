"""HTML rendering: one self-contained, printable file (inline CSS and SVG, no scripts).

Jinja2 autoescaping is on for the whole template, so every player-written text
(team names, notes, rationales, override reasons, inject texts) is escaped;
only the SVG charts, which :mod:`wargame.report.charts` escapes itself, are
marked safe.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
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
from wargame.report.model import Report, TurningPoint

TEMPLATES = Path(__file__).with_name("templates")


def _finalize(value: object) -> object:
    """Every printed value: None as nothing, plain text cleaned (then autoescaped)."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value)
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, finalize=_finalize)
    env.filters.update(pct=pct, num=num, signed=signed, clean=clean, label=readable,
                       outcome=lambda o: OUTCOME_LABELS.get(o or "", o or "–"))
    return env


def render_html(report: Report, short: bool = False) -> str:
    """The report as one HTML page; ``short``: the debrief edition's sections only."""
    specs = ch.all_charts(report)
    charts = {k: [Markup(ch.to_svg(c)) for c in v] for k, v in specs.items()}
    template = environment().get_template("report.html.j2")
    sections = edition_sections(short)
    return template.render(r=report, L=Lookup(report), sections=sections,
                           n=section_numbers(sections), printed={a for a, _ in sections},
                           subtitle=edition_subtitle(report, short),
                           short=short, off_ramp_groups=grouped_off_ramps(report),
                           hw=debrief_hot_wash(report) if short else report.hot_wash,
                           charts=charts, specs=specs, banner=edition_banner(report, short),
                           rows=move_rows, held=held,
                           seats_human={s.actor for s in report.seats if s.kind == "human"},
                           attributions=attributions_shown(report),
                           busiest=busiest_link(report),
                           changes=all_changes(report))


def all_changes(report: Report) -> list[TurningPoint]:
    """Every rung change of every rivalry, by turn then rivalry order."""
    order = {r.id: i for i, r in enumerate(report.rivalries)}
    points = [tp for t in report.trajectories for tp in t.turning_points]
    return sorted(points, key=lambda tp: (tp.turn, order.get(tp.rivalry, 0)))
