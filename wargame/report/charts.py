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
from itertools import pairwise
from xml.sax.saxutils import escape, quoteattr

from wargame.report.common import clean
from wargame.report.model import Report, RivalryInfo

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


@dataclass(frozen=True, slots=True)
class NetNode:
    """A node of a network figure: a filled circle, a short text inside, a label outside."""

    id: str
    label: str
    fill: str
    text: str = ""
    marked: bool = False
    tip: str = ""


@dataclass(frozen=True, slots=True)
class NetEdge:
    """An undirected edge; ``value`` 0 draws it thin and grey, else thicker by value."""

    a: str
    b: str
    value: float = 0.0
    label: str = ""
    tip: str = ""


@dataclass(frozen=True, slots=True)
class NetSpec:
    """Nodes on an ellipse (see :func:`circle_order`), edges between them, a legend.

    ``fills`` explains the node colours (colour, meaning); ``marked`` the marked
    outline; ``value_name`` what an edge's value is; ``idle`` what a zero edge means.
    """

    id: str
    title: str
    nodes: tuple[NetNode, ...]
    edges: tuple[NetEdge, ...]
    fills: tuple[tuple[str, str], ...] = ()
    fill_title: str = ""
    marked: str = ""
    value_name: str = "value"
    idle: str = ""
    edge_title: str = ""
    badge: str = ""
    """Legend text for the number on an edge (its ``label``)."""
    note: str = ""
    caption: str = ""
    width: int = WIDTH
    height: int = 400


AnyChart = ChartSpec | HeatSpec | NetSpec


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
    cls: str = ""
    """SVG class (for tests and styling); not drawn in the PDF."""
    tip: str = ""
    """Hover text: an SVG ``<title>``; not drawn in the PDF."""


@dataclass(frozen=True, slots=True)
class Poly:
    points: tuple[tuple[float, float], ...]
    color: str
    width: float = 2.0
    dash: bool = False
    cls: str = ""
    tip: str = ""


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    r: float
    color: str
    stroke: str | None = None
    stroke_width: float = 1.0
    cls: str = ""
    tip: str = ""


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
    if isinstance(spec, NetSpec):
        return net_layout(spec)
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


NET_NODE_R = 17
BADGE_R = 8
NET_LEGEND = 262
NET_FONT = FONT - 0.5
IDLE_EDGE = "#b9c0c9"
BUSY_EDGE = "#34404f"
MARK = "#b2182b"
NODE_EDGE = "#7d8794"


def wrap_text(text: str, width: float, size: float) -> list[str]:
    """Words broken into lines of at most ``width`` pixels (by :func:`text_width`)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _fit(text: str, width: float, size: float) -> str:
    room = max(2, int(width / (0.56 * size)))
    return text if len(text) <= room else text[:room - 1] + "…"


def edge_width(value: float, top: float) -> float:
    """Stroke width of an edge: 1.2 when idle, 2 to 9 by share of the largest value."""
    if value <= 0 or top <= 0:
        return 1.2
    return 2.0 + 7.0 * min(1.0, value / top)


def net_layout(spec: NetSpec) -> Layout:
    """Nodes on an ellipse, clockwise from the top in :func:`circle_order`; legend on the right.

    Node labels sit outside the ellipse, so they never cross an edge. Edges bow
    toward the centre; an edge's label (a number in a small circle) sits on it, slid
    along it until it clears every node and earlier label, and other edges if it can.
    """
    n = len(spec.nodes)
    size = NET_FONT
    net_w = spec.width - NET_LEGEND
    label_room = min(120.0, max((text_width(x.label, size) * 1.08 for x in spec.nodes),
                                default=0.0))
    r = NET_NODE_R
    legend, legend_h = _net_legend(spec, net_w + 14, spec.width - net_w - 22)
    # A few rivalries need less room than many: the figure grows with them, up to its height.
    height = max(min(spec.height, 140 + 24 * n), int(legend_h + 16))
    out = Layout(spec.width, height)
    cx, cy = net_w / 2, height / 2
    rx = max(40.0, net_w / 2 - r - 8 - label_room)
    ry = max(40.0, height / 2 - r - 8 - size - 6)
    pos: dict[str, tuple[float, float, float]] = {}
    for i, node in enumerate(circle_order(spec.nodes, spec.edges)):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, n)
        pos[node.id] = (cx + rx * math.cos(angle), cy + ry * math.sin(angle), angle)
    top = max((e.value for e in spec.edges), default=0.0)
    drawn = [e for e in spec.edges if e.a in pos and e.b in pos and e.a != e.b]
    # Idle edges first, then busy ones from the least to the most: the thickest lie on top.
    drawn.sort(key=lambda e: (e.value > 0, e.value))
    # Each edge bows toward the centre, so an edge between two nodes that sit one
    # apart on the ellipse clears the node between them.
    curves = {id(e): _bow(pos[e.a][:2], pos[e.b][:2], (cx, cy)) for e in drawn}
    for e in drawn:
        busy = e.value > 0
        out.items.append(Poly(curves[id(e)], BUSY_EDGE if busy else IDLE_EDGE,
                              edge_width(e.value, top), False,
                              "edge busy" if busy else "edge", e.tip))
    taken: list[tuple[float, float, float]] = [(x, y, r + 1) for x, y, _ in pos.values()]
    badges: list[Primitive] = []
    for e in sorted((e for e in drawn if e.label), key=lambda e: -e.value):
        curve = curves[id(e)]
        br = max(BADGE_R, text_width(e.label, size - 1) / 2 + 3)
        best: tuple[int, float, float] | None = None
        for k in (8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13):  # from the middle of the curve out
            mx, my = curve[k]
            # Never on a node or another badge; preferably off other edges, so that the
            # badge plainly belongs to its own line.
            clash = 10 * sum(1 for (px, py, pr) in taken
                             if (mx - px) ** 2 + (my - py) ** 2 < (pr + br + 1) ** 2)
            if best is not None and clash >= best[0]:
                continue
            clash += sum(1 for o in drawn if o is not e and
                         _near_curve(curves[id(o)], mx, my, br + edge_width(o.value, top) / 2))
            if best is None or clash < best[0]:
                best = (clash, mx, my)
            if clash == 0:
                break
        assert best is not None
        _, mx, my = best
        taken.append((mx, my, br))
        badges.append(Dot(mx, my, br, "#ffffff", BUSY_EDGE, 1.0))
        badges.append(Label(mx, my + (size - 1) * 0.36, e.label, size - 1, "#1d2430", "middle",
                            True))
    out.items.extend(badges)
    for node in spec.nodes:
        x, y, angle = pos[node.id]
        out.items.append(Dot(x, y, r, node.fill, MARK if node.marked else NODE_EDGE,
                             3.2 if node.marked else 1.0, "node rose" if node.marked else "node",
                             node.tip))
        if node.text:
            out.items.append(Label(x, y + size * 0.36, node.text, size, "#1d2430", "middle",
                                   True))
        c, sn = math.cos(angle), math.sin(angle)
        gap = r + (7 if node.marked else 5)
        lx, ly = x + gap * c, y + gap * sn
        anchor = "start" if c > 0.35 else "end" if c < -0.35 else "middle"
        if anchor == "middle":
            ly = y - gap - 3 if sn < 0 else y + gap + size
        else:
            ly += size * 0.36 + (size * 0.3 if sn > 0.5 else -size * 0.3 if sn < -0.5 else 0)
        out.items.append(Label(lx, ly, _fit(node.label, label_room, size), size, "#1d2430",
                               anchor, True))
    out.items.extend(legend)
    return out


def circle_order(nodes: Sequence[NetNode], edges: Sequence[NetEdge]) -> list[NetNode]:
    """An order of the nodes around a circle with few crossing edges (deterministic).

    A depth-first walk of the graph from the first node (neighbours in the given
    order) puts linked nodes side by side; then swapping two nodes is kept while it
    removes crossings (or, at equal crossings, shortens the edges), for a few sweeps.
    """
    index = {x.id: i for i, x in enumerate(nodes)}
    pairs = sorted({(min(index[e.a], index[e.b]), max(index[e.a], index[e.b]))
                    for e in edges if e.a in index and e.b in index and e.a != e.b})
    links: dict[int, list[int]] = {i: [] for i in range(len(nodes))}
    for a, b in pairs:
        links[a].append(b)
        links[b].append(a)
    order: list[int] = []
    seen: set[int] = set()
    for root in range(len(nodes)):
        stack = [root]
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            order.append(i)
            stack.extend(sorted(links[i], reverse=True))
    n = len(order)

    def cost(at: list[int]) -> tuple[int, int]:
        ends = [(min(at[a], at[b]), max(at[a], at[b])) for a, b in pairs]
        crossings = sum(1 for k, (a, b) in enumerate(ends) for c, d in ends[k + 1:]
                        if (a < c < b < d) or (c < a < d < b))
        return crossings, sum(min(b - a, n - (b - a)) for a, b in ends)

    at = [0] * n  # node index -> place on the circle
    for place, i in enumerate(order):
        at[i] = place
    best = cost(at)
    # Each sweep costs n^2/2 swaps times (edges^2)/2 crossing tests: only small graphs
    # (a dozen rivalries is about 7000 tests a sweep); larger ones keep the walk's order.
    if n * n * len(pairs) ** 2 <= 1_000_000:
        for _ in range(6):
            improved = False
            for i in range(n):
                for j in range(i + 1, n):
                    at[i], at[j] = at[j], at[i]
                    c = cost(at)
                    if c < best:
                        best, improved = c, True
                    else:
                        at[i], at[j] = at[j], at[i]
            if not improved:
                break
    # Turn the circle so that the first node stays on top (turning changes no crossing).
    return [nodes[i] for i in sorted(range(n), key=lambda i: (at[i] - at[0]) % max(1, n))]


def _bow(p: tuple[float, float], q: tuple[float, float], centre: tuple[float, float],
         pull: float = 0.3, steps: int = 16) -> tuple[tuple[float, float], ...]:
    """Points of a quadratic curve from p to q whose control point is pulled to the centre."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    kx, ky = mx + (centre[0] - mx) * pull, my + (centre[1] - my) * pull
    out = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
        out.append((a * p[0] + b * kx + c * q[0], a * p[1] + b * ky + c * q[1]))
    return tuple(out)


def _near_curve(curve: Sequence[tuple[float, float]], x: float, y: float, d: float) -> bool:
    """True if a polyline passes within ``d`` of the point (x, y)."""
    xs, ys = [p[0] for p in curve], [p[1] for p in curve]
    if not (min(xs) - d <= x <= max(xs) + d and min(ys) - d <= y <= max(ys) + d):
        return False
    for (x1, y1), (x2, y2) in pairwise(curve):
        dx, dy = x2 - x1, y2 - y1
        span = dx * dx + dy * dy
        t = 0.0 if span == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / span))
        if (x1 + t * dx - x) ** 2 + (y1 + t * dy - y) ** 2 < d * d:
            return True
    return False


def _net_legend(spec: NetSpec, x0: float, width: float) -> tuple[list[Primitive], float]:
    """The legend of a network figure at ``x0``; returns its primitives and its bottom."""
    items: list[Primitive] = []
    size = FONT - 1
    step = size + 4
    y = 22.0
    text_x = x0 + 36
    room = width - 36

    def heading(text: str) -> None:
        nonlocal y
        for line in wrap_text(text, width, size):
            items.append(Label(x0, y, line, size, "#1d2430", "start", True))
            y += step
        y += 2

    def entry(text: str) -> None:
        nonlocal y
        lines = wrap_text(text, room, size)
        for k, line in enumerate(lines):
            items.append(Label(text_x, y + 4 + k * step, line, size, "#333333"))
        y += max(1, len(lines)) * step + 5

    if spec.fills:
        heading(spec.fill_title)
        for colour, meaning in spec.fills:
            items.append(Dot(x0 + 14, y, 8, colour, NODE_EDGE, 1.0))
            entry(meaning)
    if spec.marked and any(x.marked for x in spec.nodes):
        items.append(Dot(x0 + 14, y, 8, "#ffffff", MARK, 3.2))
        entry(spec.marked)
    y += 8
    values = sorted({e.value for e in spec.edges if e.value > 0})
    if spec.edge_title:
        heading(spec.edge_title)
    if spec.idle:
        items.append(Line(x0, y, x0 + 28, y, IDLE_EDGE, edge_width(0, 1)))
        entry(spec.idle)
    top = values[-1] if values else 0.0
    for v in ([values[0]] if len(values) > 1 else []) + ([top] if values else []):
        items.append(Line(x0, y, x0 + 28, y, BUSY_EDGE, edge_width(v, top)))
        entry(f"{_n2(v)} {spec.value_name}")
    sample = next((e.label for e in sorted(spec.edges, key=lambda e: -e.value) if e.label), "")
    if spec.badge and sample:
        br = max(BADGE_R, text_width(sample, size) / 2 + 3)
        items.append(Line(x0, y, x0 + 28, y, BUSY_EDGE, 2.0))
        items.append(Dot(x0 + 14, y, br, "#ffffff", BUSY_EDGE, 1.0))
        items.append(Label(x0 + 14, y + size * 0.36, sample, size, "#1d2430", "middle", True))
        entry(spec.badge)
    if spec.note:
        y += 2
        for line in wrap_text(spec.note, width, size):
            items.append(Label(x0, y + 4, line, size, "#5b6472"))
            y += step
    return items, y


def _n2(v: float) -> str:
    """Two decimals, for byte-stable legend values."""
    return f"{v:.2f}"


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
             f'aria-label={quoteattr(clean(spec.title))} '
             f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif">',
             f"<title>{_text(spec.title)}</title>"]
    for item in lay.items:
        if isinstance(item, Rect):
            stroke = f' stroke="{item.stroke}" stroke-width="1"' if item.stroke else ""
            parts.append(f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" '
                         f'height="{_n(item.h)}" fill="{item.fill}"{stroke}/>')
        elif isinstance(item, Line):
            dash = ' stroke-dasharray="5 3"' if item.dash else ""
            parts.append(f'<line{_cls(item.cls)} x1="{_n(item.x1)}" y1="{_n(item.y1)}" '
                         f'x2="{_n(item.x2)}" y2="{_n(item.y2)}" stroke="{item.color}" '
                         f'stroke-width="{_n(item.width)}"{dash}{_end("line", item.tip)}')
        elif isinstance(item, Poly):
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in item.points)
            dash = ' stroke-dasharray="6 4"' if item.dash else ""
            parts.append(f'<polyline{_cls(item.cls)} points="{pts}" fill="none" '
                         f'stroke="{item.color}" stroke-width="{_n(item.width)}" '
                         f'stroke-linejoin="round"{dash}{_end("polyline", item.tip)}')
        elif isinstance(item, Dot):
            stroke = (f' stroke="{item.stroke}" stroke-width="{_n(item.stroke_width)}"'
                      if item.stroke else "")
            parts.append(f'<circle{_cls(item.cls)} cx="{_n(item.x)}" cy="{_n(item.y)}" '
                         f'r="{_n(item.r)}" fill="{item.color}"{stroke}'
                         f'{_end("circle", item.tip)}')
        elif item.text:
            weight = ' font-weight="bold"' if item.bold else ""
            parts.append(f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" '
                         f'fill="{item.color}" text-anchor="{item.anchor}"{weight}>'
                         f"{_text(item.text)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _text(text: str) -> str:
    """Label or hover text for SVG: characters XML cannot hold removed, then escaped."""
    return escape(clean(text))


def _cls(cls: str) -> str:
    return f" class={quoteattr(cls)}" if cls else ""


def _end(tag: str, tip: str) -> str:
    """Close an SVG element, with a ``<title>`` (hover text) inside when there is one."""
    return f"><title>{_text(tip)}</title></{tag}>" if tip else "/>"


# --------------------------------------------------------------------------- reportlab


def to_drawing(spec: AnyChart, width: float, font: str = "Helvetica",
               bold: str | None = None) -> object:
    """The chart as a reportlab Drawing ``width`` points wide (vector graphics).

    ``bold`` is the font of bold labels (default: ``font``, or Helvetica-Bold).
    """
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
                             strokeColor=HexColor(item.stroke) if item.stroke else None,
                             strokeWidth=item.stroke_width if item.stroke else 0))
        elif item.text:
            texts.append(item)
    drawing.add(group)
    heavy = bold or ("Helvetica-Bold" if font == "Helvetica" else font)
    for t in texts:  # text is placed unflipped, in page space
        anchor = {"start": "start", "middle": "middle", "end": "end"}[t.anchor]
        drawing.add(String(t.x * scale, (lay.height - t.y) * scale, t.text,
                           fontName=heavy if t.bold else font, fontSize=t.size * scale,
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


def zone_colour(band: int) -> str:
    """Colour of the band ``band`` thresholds up a ladder (0: below the first threshold)."""
    return ZONES[max(0, min(band, len(ZONES) - 1))]


def rung_band(riv: RivalryInfo, rung: int) -> int:
    """How many of the rivalry's thresholds lie below ``rung``: the band it is drawn in."""
    return sum(1 for t in riv.thresholds if t.below < rung)


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
    bands = tuple(Band(edges[i], edges[i + 1], zone_colour(i)) for i in range(len(edges) - 1))
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


def spillover_chart(report: Report) -> NetSpec | None:
    """The linkage network: rivalries by final rung, linkages by the pressure they carried.

    Only where the linkages are visible (the facilitator edition: ``spillover.links``
    is empty in every other edition), so a team or the public never gets the figure.
    """
    sp = report.spillover
    if report.view.kind != "facilitator" or not sp.links:
        return None
    final = {f.rivalry: f for f in report.summary.final}
    rose: dict[str, list[int]] = {}
    for x in sp.rises:
        rose.setdefault(x.rivalry, []).append(x.turn)
    names = {r.id: r.name for r in report.rivalries}
    nodes = []
    bands: dict[int, str] = {}
    for riv in report.rivalries:
        f = final.get(riv.id)
        rung = f.final_rung if f is not None else riv.start_rung
        band = rung_band(riv, rung)
        if band not in bands:
            bands[band] = (f"past {riv.thresholds[band - 1].name}" if band
                           else f"below {riv.thresholds[0].name}" if riv.thresholds
                           else "no threshold crossed")
        tip = f"{riv.id} · {riv.name}: rung {rung}" + (
            f" ({f.final_name}), from {f.start_rung} at the start" if f is not None else "")
        if riv.id in rose:
            tip += "; rose by spillover in turn " + ", ".join(str(t) for t in rose[riv.id])
        nodes.append(NetNode(id=riv.id, label=riv.id, fill=zone_colour(band), text=str(rung),
                             marked=riv.id in rose, tip=clean(tip)))
    edges = []
    for lk in sp.links:
        between = f"{names.get(lk.a, lk.a)} – {names.get(lk.b, lk.b)} (weight {_n2(lk.weight)})"
        if lk.turns:
            count = len(lk.turns)
            label = str(count)
            tip = (f"{between}: pressure {_n2(lk.pressure)} in turn{'s' if count != 1 else ''} "
                   + ", ".join(str(t) for t in lk.turns))
        else:
            label, tip = "", f"{between}: no pressure passed"
        edges.append(NetEdge(a=lk.a, b=lk.b, value=lk.pressure if lk.turns else 0.0,
                             label=label, tip=clean(tip)))
    note = []
    if sp.unlinked_pressure:
        note.append(f"{_n2(sp.unlinked_pressure)} between rivalries no linkage joins (shared "
                    "actors, alliances, two hops)")
    if sp.misattribution_pressure:
        note.append(f"{_n2(sp.misattribution_pressure)} from misattributed acts")
    turns = report.purpose.turns_played
    return NetSpec(
        id="spillover", title=f"Spillover network over {turns} turn{'s' if turns != 1 else ''}",
        nodes=tuple(nodes), edges=tuple(edges),
        fills=tuple((zone_colour(b), bands[b]) for b in sorted(bands)),
        fill_title="Rivalry (number: final rung), filled by the band of its final rung",
        marked="rose by spillover", value_name="total pressure",
        idle="no pressure passed", edge_title="Linkage",
        badge="turns it carried pressure",
        note=("Not drawn: " + "; ".join(note) + ".") if note else "",
        caption="Circles: the scenario's rivalries, coloured as in the trajectory charts; "
                "lines: its explicit linkages, thicker and darker by the total pressure that "
                "passed along them (either way). Pressure entries are listed in the table below.")


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
        "spillover": [c for c in [spillover_chart(report)] if c],
    }
    return charts
