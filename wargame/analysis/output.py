"""An experiment written out: a plain-text table, per-game CSV rows and an HTML report.

The HTML report is one self-contained page (a Jinja2 template, inline SVG
histograms drawn here, no scripts): per arm the distributions of peak rungs and
objective points, then every paired comparison with its 95 % interval, its test
and its Holm-adjusted p-value.
"""

from __future__ import annotations

import colorsys
import csv
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from jinja2 import Environment, PackageLoader, select_autoescape

from wargame.analysis.batch import FailedGame, GameSummary
from wargame.scenario.models import Scenario

# Okabe & Ito's colour-blind-safe palette, most distinct first; the yellow is last
# because it is the hardest to see on white.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
             "#F0E442")
MAX_EXACT_BARS = 12  # most bars of single values a chart draws before it bins (`binned`)
TARGET_BINS = 9


def arm_colours(n: int) -> list[str]:
    """One distinct colour per arm: Okabe-Ito for the first eight, then hues a golden
    angle apart (medium lightness, so every bar stands out on white)."""
    colours = list(OKABE_ITO[:n])
    for i in range(n - len(colours)):
        hue = (0.11 + i * 0.381966) % 1.0
        r, g, b = colorsys.hls_to_rgb(hue, 0.42 if i % 2 else 0.55, 0.75)
        colours.append(f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}")
    return colours


def _nice_step(span: float, target: int) -> float:
    """A round bin width (1, 2, 2.5 or 5 times a power of ten) giving about `target` bins."""
    raw = span / target
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)


def _number(x: float) -> str:
    return f"{round(x, 9):g}"


def binned(series: Sequence[Mapping[str, int]],
           max_bars: int = MAX_EXACT_BARS) -> tuple[list[str], list[dict[str, int]]]:
    """The x categories of a chart and each series' counts in them.

    Up to `max_bars` distinct values on a grid of halves (rungs, whole or half
    points) each get their own bar; whole numbers also get an empty place for each
    value between them that no game reached, so a skipped rung shows as a gap.
    Beyond that, or for scattered fractional values (which a row of evenly spaced
    categories would misdraw), the values are grouped into about nine equal
    intervals of a round width, labelled "a–b" (a <= x < b; the last interval also
    holds its upper end). Counts stay whole, so each series' bins add up to its
    number of games."""
    values = sorted({float(k) for counts in series for k in counts})
    on_a_half_grid = all((2 * v).is_integer() for v in values)
    if len(values) <= 1 or (len(values) <= max_bars and on_a_half_grid):
        keys = sorted({k for counts in series for k in counts}, key=float)
        whole = [int(v) for v in values]
        if values == whole and whole[-1] - whole[0] < max_bars:  # rungs: show the gaps
            filled = {int(float(k)): k for k in keys}
            keys = [filled.get(v, str(v)) for v in range(whole[0], whole[-1] + 1)]
        return keys, [dict(counts) for counts in series]
    low, high = values[0], values[-1]
    step = _nice_step(high - low, TARGET_BINS)
    start = math.floor(low / step + 1e-9) * step
    count = max(1, math.ceil((high - start) / step - 1e-9))
    labels = [f"{_number(start + i * step)}–{_number(start + (i + 1) * step)}"
              for i in range(count)]
    out: list[dict[str, int]] = []
    for counts in series:
        bins = dict.fromkeys(labels, 0)
        for key, c in counts.items():
            index = min(count - 1, math.floor((float(key) - start) / step + 1e-9))
            bins[labels[index]] += c
        out.append(bins)
    return labels, out


def _ci(d: Mapping[str, float], percent: bool = False) -> str:
    scale, unit = (100.0, " pp") if percent else (1.0, "")
    return (f"{d['mean'] * scale:+.2f}{unit} [{d['ci95_low'] * scale:+.2f}, "
            f"{d['ci95_high'] * scale:+.2f}]")


SHOWN = 12
"""Comparisons the terminal table lists when none passes Holm's correction."""


def text_table(scenario: Scenario, result: Mapping[str, Any]) -> str:
    """The experiment as a terminal table: a measure per row and an arm per column, then
    the paired comparisons that matter (all of them go to ``--out`` and ``--html``)."""
    arms = result["arms"]
    lines = [f"{scenario.metadata.title}: {result['runs']} games per arm "
             f"(seeds {result['seeds'][0]}..{result['seeds'][1]}), {result['turns']} turns", ""]
    lines += [f"  A{i} = {arm['name']}" for i, arm in enumerate(arms)] + [""]
    lines.append(f"{'':<30}" + "".join(f" {'A' + str(i):>7}" for i in range(len(arms))))

    def row(label: str, cell: Any) -> None:
        lines.append(f"{label[:30]:<30}" + "".join(
            f" {cell(a['summary']) if a['summary'] else '-':>7}" for a in arms))

    row("games played", lambda s: s["games"])
    lines.append(f"{'games failed':<30}" + "".join(f" {len(a['failed_games']):>7}" for a in arms))
    row("nuclear use", lambda s: f"{s['nuclear_use_share']:.1%}")
    for riv in scenario.rivalries:
        row(f"P(peak >= 5) {riv.id}",
            lambda s, r=riv.id: f"{s['rivalries'][r]['peak_at_least_5_share']:.1%}")
    for actor in scenario.actors:
        row(f"objective points {actor.id}",
            lambda s, a=actor.id: f"{s['objective_points'][a]['mean']:.2f}")
    for i, arm in enumerate(arms):
        for lever, seeds in arm["lever_never_in_force"].items():
            if seeds:
                lines.append(f"  A{i}: {lever} never in force in {len(seeds)} of "
                             f"{result['runs']} games (e.g. seed {seeds[0]})")
        for failed in arm["failed_games"][:3]:
            lines.append(f"  A{i}: seed {failed['seed']} failed: {failed['error']}")
    verdicts = result.get("lever_verdicts", [])
    if verdicts:
        lines += ["", "levers, built-in and emergent effects on their aims (emergent: the arm "
                  "replayed without the levers' direct indicator effects; verdict on it alone):",
                  ""]
        arm_labels = {a["name"]: f"A{i}" for i, a in enumerate(arms)}
        aims = [f"{v['indicator']} {v['direction']}" for v in verdicts]
        lever_w = max(len("lever"), *(len(v["lever"]) for v in verdicts))
        aim_w = max(len("aim"), *(len(a) for a in aims))
        lines.append(f"{'arm':<4} {'lever':<{lever_w}} {'aim':<{aim_w}} {'built-in':>24} "
                     f"{'emergent':>24}  verdict")
        for v, aim in zip(verdicts, aims, strict=True):
            lines.append(f"{arm_labels.get(v['arm'], '?'):<4} {v['lever']:<{lever_w}} "
                         f"{aim:<{aim_w}} {_ci(v['built_in']):>24} {_ci(v['emergent']):>24}"
                         f"  {v['verdict']}")
    rows = result["comparisons"]
    if rows:
        names = {a["name"]: f"A{i}" for i, a in enumerate(arms)}
        strong = [r for r in rows if r["p_holm"] < 0.05]
        shown = strong or sorted(rows, key=lambda r: r["p"])[:SHOWN]
        measure_w = max(len("measure"), *(len(r["measure"]) for r in shown))
        lines += ["", f"paired differences from A0 (mean [95% CI]); {len(rows)} tests, "
                  "p adjusted by Holm; "
                  + (f"the {len(strong)} with Holm p < 0.05:" if strong
                     else f"none has Holm p < 0.05; the {len(shown)} smallest p:"), "",
                  f"{'arm':<4} {'measure':<{measure_w}} {'difference':>28} {'test':>16} "
                  f"{'p':>7} {'Holm p':>7}"]
        for r in shown:
            lines.append(f"{names[r['arm']]:<4} {r['measure']:<{measure_w}} "
                         f"{_ci(r['difference'], r['kind'] == 'share'):>28} "
                         f"{r['test']:>16} {r['p']:>7.4f} {r['p_holm']:>7.4f}")
    return "\n".join(lines)


def csv_rows(scenario: Scenario, games: Mapping[str, Sequence[GameSummary | FailedGame]]) -> str:
    """One row per arm and seed: rungs, indicators, points, objectives met, lever turns."""
    rivalries = [r.id for r in scenario.rivalries]
    actors = [a.id for a in scenario.actors]
    header = (["arm", "seed", "status"] + [f"final_{r}" for r in rivalries]
              + [f"peak_{r}" for r in rivalries] + [f"indicator_{i.id}"
                                                    for i in scenario.indicators]
              + [f"points_{a}" for a in actors] + ["objectives_met", "lever_turns", "notes"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for arm, played in games.items():
        for g in played:
            if isinstance(g, FailedGame):
                writer.writerow([arm, g.seed, "failed"] + [""] * (len(header) - 4) + [g.error])
                continue
            writer.writerow(
                [arm, g.seed, "finished"] + [g.final_rungs[r] for r in rivalries]
                + [g.peak_rungs[r] for r in rivalries]
                + [f"{g.indicators[i.id]:.4f}" for i in scenario.indicators]
                + [f"{g.objective_points[a]:g}" for a in actors]
                + [" ".join(g.objectives_met),
                   " ".join(f"{lv}@{t if t is not None else '-'}"
                            for lv, t in g.lever_turns.items()),
                   "; ".join(g.lever_problems)])
    return out.getvalue()


def histogram_svg(title: str, series: Sequence[tuple[str, Mapping[str, int]]],
                  width: int = 420, height: int = 180) -> str:
    """Grouped bars: for each value or interval (x) one bar per arm, height = share of
    its games. Many distinct values are binned (see `binned`)."""
    keys, counts_per_arm = binned([counts for _, counts in series])
    if not keys:
        return ""
    colours = arm_colours(len(series))
    left, bottom, top = 36, 34, 22
    plot_w, plot_h = width - left - 8, height - bottom - top
    shares = [{k: c / max(1, sum(counts.values())) for k, c in counts.items()}
              for counts in counts_per_arm]
    peak = max((v for s in shares for v in s.values()), default=1.0) or 1.0
    slot = plot_w / len(keys)
    bar = slot * 0.8 / len(series)
    label_size = 10 if max(len(k) for k in keys) * 5.5 < slot else 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(title)}">',
             f'<text x="{left}" y="14" font-size="12">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" '
             'stroke="#444"/>',
             f'<text x="4" y="{top + 8}" font-size="10">{peak:.0%}</text>']
    for i, key in enumerate(keys):
        x0 = left + i * slot + slot * 0.1
        for j, share in enumerate(shares):
            h = plot_h * share.get(key, 0.0) / peak
            parts.append(f'<rect x="{x0 + j * bar:.1f}" y="{top + plot_h - h:.1f}" '
                         f'width="{bar:.1f}" height="{h:.1f}" fill="{colours[j]}">'
                         f'<title>{escape(series[j][0])}: {escape(key)} in '
                         f'{share.get(key, 0.0):.1%}</title></rect>')
        parts.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{top + plot_h + 14}" '
                     f'font-size="{label_size}" text-anchor="middle">{escape(key)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def html_report(scenario: Scenario, result: Mapping[str, Any]) -> str:
    """The experiment as one self-contained HTML page."""
    arms = [a for a in result["arms"] if a["summary"]]
    charts = []
    for riv in scenario.rivalries:
        charts.append(histogram_svg(
            f"Peak rung, {riv.name}",
            [(a["name"], a["summary"]["rivalries"][riv.id]["peak_rung_distribution"])
             for a in arms]))
    for actor in scenario.actors:
        charts.append(histogram_svg(
            f"Objective points, {actor.name}",
            [(a["name"], a["summary"]["objective_points_distribution"][actor.id])
             for a in arms]))
    env = Environment(loader=PackageLoader("wargame.analysis", "templates"),
                      autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("experiment.html.j2")
    return template.render(scenario=scenario, result=result, arms=arms, charts=charts,
                           colours=arm_colours(len(arms)), ci=_ci)
