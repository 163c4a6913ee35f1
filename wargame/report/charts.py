"""Charts of the report: one layout, drawn as inline SVG (HTML) or reportlab vector graphics (PDF).

A :class:`ChartSpec` says what to draw (series over turns, shaded bands,
reference lines, axis ticks). :func:`layout` turns it into a few drawing
primitives in a pixel space with y pointing down; :func:`to_svg` writes them as
an SVG string and :func:`to_drawing` as a :class:`reportlab.graphics.shapes.Drawing`,
so the HTML and the PDF show the same chart, both as vectors. Markdown gets
:func:`sparkline` text instead. Every label is escaped; numbers are formatted
with fixed precision so output is byte-stable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from wargame.report.model import Report

WIDTH = 820
HEIGHT = 250
LEFT, RIGHT, TOP, BOTTOM = 46, 14, 10, 30
FONT = 11
LABEL_MARGIN = 215

#: Okabe-Ito and Paul Tol colours: distinguishable, also for most colour-blind readers.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#882255", "#44AA99", "#999933", "#332288", "#AA4499")
ZONES = ("#eef6ee", "#f7f5e6", "#fbefe1", "#fbe6e0", "#f6dcdc", "#f0d0d8")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str
    dashed: bool = False
    width: float = 2.0


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float
    color: str


@dataclass(frozen=True, slots=True)
class RefLine:
    y: float
    label: str
    color: str = "#777777"


@dataclass(frozen=True, slots=True)
class ChartSpec:
    id: str
    title: str
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_min: float
    y_max: float
    y_ticks: tuple[tuple[float, str], ...]
    bands: tuple[Band, ...] = ()
    lines: tuple[RefLine, ...] = ()
    y_label: str = ""
    caption: str = ""
    width: int = WIDTH
    height: int = HEIGHT


@dataclass(frozen=True, slots=True)
class HeatSpec:
    """A grid of values: one row per series, one column per turn, cells coloured by value."""

    id: str
    title: str
    x_labels: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]
    caption: str = ""
    width: int = WIDTH


AnyChart = ChartSpec | HeatSpec


# --------------------------------------------------------------------------- primitives


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    width: float = 1.0
    dash: bool = False


@dataclass(frozen=True, slots=True)
class Poly:
    points: tuple[tuple[float, float], ...]
    color: str
    width: float = 2.0
    dash: bool = False


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    r: float
    color: str


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str
    size: float = FONT
    color: str = "#333333"
    anchor: str = "start"
    bold: bool = False


Primitive = Rect | Line | Poly | Dot | Label


@dataclass
class Layout:
    width: int
    height: int
    items: list[Primitive] = field(default_factory=list)


def text_width(text: str, size: float) -> float:
    """A rough width estimate for legend wrapping (average glyph = 0.56 em)."""
    return 0.56 * size * len(text)


def layout(spec: AnyChart) -> Layout:
    """Place everything of a chart; y grows downward, units are pixels."""
    if isinstance(spec, HeatSpec):
        return heat_layout(spec)
    legend_rows = _legend_rows(spec)
    height = spec.height + 18 * max(0, len(legend_rows) - 1)
    out = Layout(spec.width, height)
    plot_bottom = spec.height - BOTTOM - 18  # room for x tick labels and the first legend row
    plot_top = TOP
    labelled = any(ref.label for ref in spec.lines)
    x0, x1 = LEFT, spec.width - (LABEL_MARGIN if labelled else RIGHT)
    span = (spec.y_max - spec.y_min) or 1.0

    def ys(v: float) -> float:
        return plot_bottom - (v - spec.y_min) / span * (plot_bottom - plot_top)

    n = len(spec.x_labels)

    def xs(i: int) -> float:
        return (x0 + x1) / 2 if n <= 1 else x0 + i * (x1 - x0) / (n - 1)

    out.items.append(Rect(x0, plot_top, x1 - x0, plot_bottom - plot_top, "#ffffff", "#bbbbbb"))
    for band in spec.bands:
        lo, hi = max(band.low, spec.y_min), min(band.high, spec.y_max)
        if hi > lo:
            out.items.append(Rect(x0, ys(hi), x1 - x0, ys(lo) - ys(hi), band.color))
    for value, text in spec.y_ticks:
        y = ys(value)
        out.items.append(Line(x0, y, x1, y, "#e3e3e3", 0.8))
        out.items.append(Label(x0 - 6, y + 4, text, FONT - 1, "#555555", "end"))
    step = max(1, -(-n // 13))
    for i, text in enumerate(spec.x_labels):
        if i % step == 0 or i == n - 1:
            out.items.append(Line(xs(i), plot_bottom, xs(i), plot_bottom + 4, "#999999", 0.8))
            out.items.append(Label(xs(i), plot_bottom + 16, text, FONT - 1, "#555555", "middle"))
    for ref in spec.lines:
        y = ys(ref.y)
        out.items.append(Line(x0, y, x1, y, ref.color, 1.0, True))
        if ref.label:
            room = int((LABEL_MARGIN - 10) / (0.56 * (FONT - 1)))
            text = ref.label if len(ref.label) <= room else ref.label[:room - 1] + "…"
            out.items.append(Label(x1 + 6, y + 3.5, text, FONT - 1, ref.color))
    markers = n <= 26
    for s in spec.series:
        run: list[tuple[float, float]] = []
        runs = []
        for i, v in enumerate(s.values):
            if v is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append((xs(i), ys(float(v))))
        if run:
            runs.append(run)
        for pts in runs:
            if len(pts) > 1:
                out.items.append(Poly(tuple(pts), s.color, s.width, s.dashed))
            if markers or len(pts) == 1:
                for x, y in pts:
                    out.items.append(Dot(x, y, 2.6 if not s.dashed else 2.0, s.color))
    legend_y = spec.height - 14
    for row in legend_rows:
        x = x0
        for s in row:
            out.items.append(Line(x, legend_y - 4, x + 18, legend_y - 4, s.color, s.width,
                                  s.dashed))
            out.items.append(Label(x + 23, legend_y, s.name, FONT - 1, "#333333"))
            x += 23 + text_width(s.name, FONT - 1) + 18
        legend_y += 18
    return out


HEAT_ROW = 19
HEAT_LABEL = 190


def heat_colour(value: float, top: float) -> str:
    """White at 0, deepening orange-red for escalation, green for de-escalation."""
    if top <= 0 or abs(value) < 1e-9:
        return "#ffffff"
    share = min(1.0, abs(value) / top)
    if value > 0:
        start, end = (255, 255, 255), (200, 60, 30)
    else:
        start, end = (255, 255, 255), (40, 150, 80)
        share = min(1.0, share * 4)  # de-escalation scores are small (-2): make them visible
    rgb = tuple(round(a + (b - a) * (0.12 + 0.88 * share)) for a, b in zip(start, end,
                                                                            strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def heat_layout(spec: HeatSpec) -> Layout:
    n = max(1, len(spec.x_labels))
    height = TOP + 18 + HEAT_ROW * len(spec.rows) + 8
    out = Layout(spec.width, height)
    x0 = HEAT_LABEL
    cell = (spec.width - RIGHT - x0) / n
    top = max((abs(v) for _, values in spec.rows for v in values), default=0.0)
    step = max(1, -(-n // 26))
    for i, text in enumerate(spec.x_labels):
        if i % step == 0 or i == n - 1:
            out.items.append(Label(x0 + (i + 0.5) * cell, TOP + 11, text, FONT - 1, "#555555",
                                   "middle"))
    y = TOP + 18
    room = int((HEAT_LABEL - 12) / (0.56 * (FONT - 1)))
    for name, values in spec.rows:
        label = name if len(name) <= room else name[:room - 1] + "…"
        out.items.append(Label(x0 - 8, y + 13, label, FONT - 1, "#333333", "end"))
        for i, v in enumerate(values):
            out.items.append(Rect(x0 + i * cell, y, cell, HEAT_ROW, heat_colour(v, top),
                                  "#e3e3e3"))
            if cell >= 16 and v:
                dark = abs(v) / top > 0.55 if top else False
                out.items.append(Label(x0 + (i + 0.5) * cell, y + 13, _n(v), FONT - 2,
                                       "#ffffff" if dark else "#333333", "middle"))
        y += HEAT_ROW
    return out


def _legend_rows(spec: ChartSpec) -> list[list[Series]]:
    rows: list[list[Series]] = [[]]
    used = 0.0
    room = spec.width - LEFT - RIGHT
    for s in spec.series:
        need = 23 + text_width(s.name, FONT - 1) + 18
        if rows[-1] and used + need > room:
            rows.append([])
            used = 0.0
        rows[-1].append(s)
        used += need
    return rows


def _n(v: float) -> str:
    """Fixed-precision number for byte-stable output."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


# --------------------------------------------------------------------------- SVG


def to_svg(spec: AnyChart) -> str:
    """The chart as a standalone inline ``<svg>`` element (no scripts, no external refs)."""
    lay = layout(spec)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width} {lay.height}" '
             f'width="{lay.width}" height="{lay.height}" role="img" '
             f'aria-label={quoteattr(spec.title)} font-family="DejaVu Sans, Helvetica, Arial, '
             f'sans-serif">', f"<title>{escape(spec.title)}</title>"]
    for item in lay.items:
        if isinstance(item, Rect):
            stroke = f' stroke="{item.stroke}" stroke-width="1"' if item.stroke else ""
            parts.append(f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" '
                         f'height="{_n(item.h)}" fill="{item.fill}"{stroke}/>')
        elif isinstance(item, Line):
            dash = ' stroke-dasharray="5 3"' if item.dash else ""
            parts.append(f'<line x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" '
                         f'y2="{_n(item.y2)}" stroke="{item.color}" '
                         f'stroke-width="{_n(item.width)}"{dash}/>')
        elif isinstance(item, Poly):
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in item.points)
            dash = ' stroke-dasharray="6 4"' if item.dash else ""
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{item.color}" '
                         f'stroke-width="{_n(item.width)}" stroke-linejoin="round"{dash}/>')
        elif isinstance(item, Dot):
            parts.append(f'<circle cx="{_n(item.x)}" cy="{_n(item.y)}" r="{_n(item.r)}" '
                         f'fill="{item.color}"/>')
        elif item.text:
            weight = ' font-weight="bold"' if item.bold else ""
            parts.append(f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" '
                         f'fill="{item.color}" text-anchor="{item.anchor}"{weight}>'
                         f"{escape(item.text)}</text>")
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- reportlab


def to_drawing(spec: AnyChart, width: float, font: str = "Helvetica") -> object:
    """The chart as a reportlab Drawing ``width`` points wide (vector graphics)."""
    from reportlab.graphics.shapes import (  # type: ignore[import-untyped]
        Circle,
        Drawing,
        Group,
        PolyLine,
        String,
    )
    from reportlab.graphics.shapes import Line as RLine
    from reportlab.graphics.shapes import Rect as RRect
    from reportlab.lib.colors import HexColor  # type: ignore[import-untyped]

    lay = layout(spec)
    scale = width / lay.width
    drawing = Drawing(width, lay.height * scale)
    group = Group()
    group.transform = (scale, 0, 0, -scale, 0, lay.height * scale)  # flip y: SVG space
    texts = []
    for item in lay.items:
        if isinstance(item, Rect):
            group.add(RRect(item.x, item.y, item.w, item.h, fillColor=HexColor(item.fill),
                            strokeColor=HexColor(item.stroke) if item.stroke else None,
                            strokeWidth=1 if item.stroke else 0))
        elif isinstance(item, Line):
            group.add(RLine(item.x1, item.y1, item.x2, item.y2, strokeColor=HexColor(item.color),
                            strokeWidth=item.width, strokeDashArray=[5, 3] if item.dash else None))
        elif isinstance(item, Poly):
            flat = [c for p in item.points for c in p]
            group.add(PolyLine(flat, strokeColor=HexColor(item.color), strokeWidth=item.width,
                               strokeDashArray=[6, 4] if item.dash else None,
                               strokeLineJoin=1))
        elif isinstance(item, Dot):
            group.add(Circle(item.x, item.y, item.r, fillColor=HexColor(item.color),
                             strokeColor=None))
        elif item.text:
            texts.append(item)
    drawing.add(group)
    for t in texts:  # text is placed unflipped, in page space
        anchor = {"start": "start", "middle": "middle", "end": "end"}[t.anchor]
        drawing.add(String(t.x * scale, (lay.height - t.y) * scale, t.text,
                           fontName=font, fontSize=t.size * scale,
                           fillColor=HexColor(t.color), textAnchor=anchor))
    return drawing


# --------------------------------------------------------------------------- text


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], lo: float, hi: float) -> str:
    span = (hi - lo) or 1.0
    out = []
    for v in values:
        if v is None:
            out.append(" ")
            continue
        k = round((float(v) - lo) / span * (len(SPARKS) - 1))
        out.append(SPARKS[max(0, min(len(SPARKS) - 1, k))])
    return "".join(out)


# --------------------------------------------------------------------------- report charts


def _turn_labels(count: int) -> tuple[str, ...]:
    return tuple("start" if i == 0 else str(i) for i in range(count))


def rung_chart(report: Report, rivalry_id: str) -> ChartSpec:
    riv = next(r for r in report.rivalries if r.id == rivalry_id)
    traj = next(t for t in report.trajectories if t.rivalry == rivalry_id)
    colors = {s.actor: s.color for s in report.seats}
    names = {s.actor: s.actor_name for s in report.seats}
    label = {"true": "True rung", "perceived": "Rung as perceived by "
             + (names.get(report.view.actor or "", "") or "this team"),
             "public": "Rung"}[traj.basis]
    if traj.perceived:
        # True rung as a broad grey track; each side's perception dashed on top of it.
        series = [Series(label, tuple(float(v) for v in traj.rungs), "#a7b1bc", False, 6.0)]
    else:
        series = [Series(label, tuple(float(v) for v in traj.rungs), "#1f4e79", False, 2.6)]
    for side in sorted(traj.perceived):
        series.append(Series(f"{names.get(side, side)} perceived",
                             tuple(float(v) for v in traj.perceived[side]),
                             colors.get(side, "#777777"), True, 1.8))
    edges = [-0.5] + [t.below + 0.5 for t in riv.thresholds] + [riv.cap + 0.5]
    bands = tuple(Band(edges[i], edges[i + 1], ZONES[min(i, len(ZONES) - 1)])
                  for i in range(len(edges) - 1))
    lines = tuple(RefLine(t.below + 0.5, t.name, "#8a6d3b") for t in riv.thresholds)
    ticks = tuple((float(r.rung), str(r.rung)) for r in riv.rungs)
    return ChartSpec(id=f"rungs-{rivalry_id}", title=f"{riv.name}: rung by turn",
                     x_labels=_turn_labels(len(traj.rungs)), series=tuple(series),
                     y_min=-0.5, y_max=riv.cap + 0.5, y_ticks=ticks, bands=bands, lines=lines,
                     caption="Shaded bands lie between the ladder's thresholds (dashed).",
                     height=max(HEIGHT, 60 + 20 * (riv.cap + 1)))


def tension_chart(report: Report) -> ChartSpec | None:
    series = [Series(t.name, tuple(t.tension), PALETTE[i % len(PALETTE)],
                     i >= len(PALETTE))
              for i, t in enumerate(report.trajectories) if t.tension is not None]
    if not series:
        return None
    top = max(max((v or 0.0) for v in s.values) for s in series)
    lo, hi, ticks = _axis(0.0, max(1.0, top))
    return ChartSpec(id="tension", title="Mean Richardson tension by rivalry",
                     x_labels=_turn_labels(len(series[0].values)), series=tuple(series),
                     y_min=lo, y_max=hi, y_ticks=ticks)


def belief_charts(report: Report) -> list[AnyChart]:
    names = {s.actor: s.actor_name for s in report.seats}
    colors = {s.actor: s.color for s in report.seats}
    curves = report.misperception.beliefs
    if not curves:
        return []
    ticks = tuple((v, f"{int(v * 100)}%") for v in (0.0, 0.25, 0.5, 0.75, 1.0))
    ref = (RefLine(0.5, ""),)
    labels = _turn_labels(len(curves[0].values))
    if report.view.kind == "actor":
        series = tuple(Series(f"about {names.get(c.subject, c.subject)}",
                              tuple(c.values), colors.get(c.subject, PALETTE[i % len(PALETTE)]))
                       for i, c in enumerate(curves))
        who = names.get(report.view.actor or "", "")
        return [ChartSpec(id="beliefs", title=f"{who}'s suspicion P(hostile) of others",
                          x_labels=labels, series=series, y_min=0.0, y_max=1.0, y_ticks=ticks,
                          lines=ref)]
    out: list[AnyChart] = []
    by_pair = {(c.observer, c.subject): c for c in curves}
    for riv in report.rivalries:
        a, b = riv.sides
        series_l = []
        for obs, subj in ((a, b), (b, a)):
            c = by_pair.get((obs, subj))
            if c is not None:
                series_l.append(Series(f"{names.get(obs, obs)} about {names.get(subj, subj)}",
                                       tuple(c.values), colors.get(obs, "#777777")))
        if series_l:
            out.append(ChartSpec(id=f"beliefs-{riv.id}",
                                 title=f"{riv.name}: each side's suspicion P(hostile) of the other",
                                 x_labels=labels, series=tuple(series_l), y_min=0.0, y_max=1.0,
                                 y_ticks=ticks, lines=ref))
    return out


def indicator_chart(report: Report) -> ChartSpec | None:
    if not report.indicators:
        return None
    lo, hi, ticks = _axis(min(i.min for i in report.indicators),
                          max(i.max for i in report.indicators))
    series = tuple(Series(f"{i.name} ({i.better} is better)", tuple(i.values),
                          PALETTE[k % len(PALETTE)], k >= len(PALETTE))
                   for k, i in enumerate(report.indicators))
    return ChartSpec(id="indicators", title="Indicators by turn",
                     x_labels=_turn_labels(len(report.indicators[0].values)), series=series,
                     y_min=lo, y_max=hi, y_ticks=ticks)


def score_chart(report: Report) -> HeatSpec | None:
    """Escalation score per actor per turn as a heat grid (a line per actor would tangle)."""
    s = report.escalation_scores.series
    if not s or not s[0].values:
        return None
    rows = tuple((x.name, tuple(x.values)) for x in s)
    labels = tuple(str(i) for i in range(1, len(s[0].values) + 1))
    return HeatSpec(id="scores", title="Escalation score per actor per turn (Rivera et al. 2024)",
                    x_labels=labels, rows=rows,
                    caption="Darker red: more escalatory moves that turn; green: de-escalation.")


def _nice(v: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above ``v``."""
    if v <= 0:
        return 1.0
    mag = 10.0 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if step * mag >= v - 1e-12:
            return step * mag
    return 10 * mag


Ticks = tuple[tuple[float, str], ...]


def _axis(lo: float, hi: float, count: int = 5) -> tuple[float, float, Ticks]:
    """A round axis covering [lo, hi] with about ``count`` ticks."""
    if hi <= lo:
        hi = lo + 1.0
    step = _nice((hi - lo) / (count - 1))
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    ticks = []
    v = start
    while v <= end + step / 2:
        ticks.append((v + 0.0, _n(v + 0.0)))
        v += step
    return start, end, tuple(ticks)


def all_charts(report: Report) -> dict[str, list[AnyChart]]:
    """Every chart of a report, by the section that shows it."""
    charts: dict[str, list[AnyChart]] = {
        "trajectories": [rung_chart(report, r.id) for r in report.rivalries],
        "tension": [c for c in [tension_chart(report)] if c],
        "beliefs": list(belief_charts(report)),
        "indicators": [c for c in [indicator_chart(report)] if c],
        "scores": [c for c in [score_chart(report)] if c],
    }
    return charts
