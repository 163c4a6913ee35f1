"""The spillover network figure: drawn from the log in the facilitator edition, absent elsewhere.

Expectations are computed here by hand from the golden save's log and scenario
(pressure entries per linked pair, rises, final rungs), never from the renderer.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from tests.report.conftest import VIEWS, golden_session
from tests.report.helpers import norm, pdf_operators, pdf_page_contents, pdf_page_texts, plain
from wargame.log import Kind
from wargame.payloads import RUNG_CHANGES, Pressure
from wargame.report import charts as ch

Output = Callable[[str, str], bytes]
REDACTED = [v for v in VIEWS if v != "facilitator"]
SVG = "{http://www.w3.org/2000/svg}"


@cache
def pressure_by_pair() -> tuple[dict[frozenset[str], float], dict[frozenset[str], set[int]]]:
    """Pressure that passed between two rivalries (either way) and the turns it did."""
    total: dict[frozenset[str], float] = defaultdict(float)
    turns: dict[frozenset[str], set[int]] = defaultdict(set)
    for e in golden_session().log:
        if isinstance(e.payload, Pressure) and e.payload.origin and e.rivalry:
            pair = frozenset((e.payload.origin, e.rivalry))
            total[pair] += e.payload.pressure
            turns[pair].add(e.turn)
    return dict(total), dict(turns)


def section(page: str, anchor: str) -> str:
    start = page.index(f'<h2 class="section" id="{anchor}">')
    end = page.find('<h2 class="section"', start + 1)
    return page[start:end]


def network_svg(output: Output) -> ET.Element:
    spill = section(output("facilitator", "html").decode("utf-8"), "spillover")
    figure = re.search(r'<figure id="chart-spillover">.*?(<svg .*?</svg>)', spill, re.S)
    assert figure is not None, "no network figure in the spillover section"
    return ET.fromstring(figure.group(1))


def classed(svg: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in svg.iter() if name in (el.get("class") or "").split()]


def tip(el: ET.Element) -> str:
    title = el.find(f"{SVG}title")
    return "" if title is None or title.text is None else title.text


def test_facilitator_html_draws_one_node_per_rivalry_and_one_edge_per_linkage(
        output: Output) -> None:
    scenario = golden_session().scenario
    svg = network_svg(output)
    nodes = classed(svg, "node")
    assert len(nodes) == len(scenario.rivalries)
    assert sorted(tip(n).split(" ")[0] for n in nodes) == sorted(r.id for r in scenario.rivalries)
    labels = {t.text for t in svg.iter(f"{SVG}text")}
    assert {r.id for r in scenario.rivalries} <= labels
    pairs = {frozenset((lk.a, lk.b)) for lk in scenario.linkages}
    assert len(pairs) == len(scenario.linkages)
    assert len(classed(svg, "edge")) == len(scenario.linkages)


def test_busiest_linkage_is_drawn_thicker_than_an_unused_one(output: Output) -> None:
    scenario = golden_session().scenario
    total, turns = pressure_by_pair()
    names = {r.id: r.name for r in scenario.rivalries}
    by_link = {(lk.a, lk.b): total.get(frozenset((lk.a, lk.b)), 0.0) for lk in scenario.linkages}
    busiest = max(by_link, key=lambda k: by_link[k])
    unused = [k for k, v in by_link.items() if v == 0.0]
    assert by_link[busiest] > 0.5 and unused  # the golden save has both: the test has teeth
    svg = network_svg(output)
    edges = classed(svg, "edge")

    def edge(a: str, b: str) -> ET.Element:
        found = [e for e in edges if tip(e).startswith(f"{names[a]} – {names[b]} (")]
        assert len(found) == 1, (a, b)
        return found[0]

    widths = {k: float(edge(*k).get("stroke-width", "0")) for k in by_link}
    assert widths[busiest] == max(widths.values())
    for k in unused:
        assert widths[busiest] > widths[k]
        assert "busy" not in (edge(*k).get("class") or "")
        assert edge(*k).get("stroke") != edge(*busiest).get("stroke")  # grey, not dark
    # Thickness follows the pressure: more pressure never draws a thinner line.
    ranked = sorted(by_link, key=lambda k: by_link[k])
    assert all(widths[a] <= widths[b] for a, b in pairwise(ranked))
    # The busiest line says in which turns pressure passed, and the count is drawn on it.
    when = sorted(turns[frozenset(busiest)])
    assert tip(edge(*busiest)).endswith(", ".join(str(t) for t in when))
    assert str(len(when)) in {t.text for t in svg.iter(f"{SVG}text")}


def test_nodes_show_final_rung_colour_and_no_spillover_rises(output: Output) -> None:
    session = golden_session()
    scenario = session.scenario
    # Spillover adds pressure and tension but never moves a rung (docs/rules.md 7).
    assert any(e.kind == Kind.SPILLOVER for e in session.log)
    rose = {e.rivalry for e in session.log
            if e.kind == Kind.SPILLOVER and isinstance(e.payload, RUNG_CHANGES)}
    assert rose == set()
    svg = network_svg(output)
    for node in classed(svg, "node"):
        rid = tip(node).split(" ")[0]
        riv = scenario.rivalry(rid)
        rung = session.state.rivalries[rid].rung
        ladder = scenario.ladder(riv.ladder)
        band = sum(1 for t in ladder.thresholds if t.below < rung)
        assert node.get("fill") == ch.ZONES[min(band, len(ch.ZONES) - 1)], rid
        assert ("rose" in (node.get("class") or "").split()) == (rid in rose), rid


def test_markdown_names_the_busiest_linkage_and_keeps_the_table(output: Output) -> None:
    text = output("facilitator", "md").decode("utf-8")
    spill = text[text.index("## 7. Spillover chains"):text.index("## 8. ")]
    assert "Busiest linkage:" in spill
    assert "| Turn | Origin | Pressure reached |" in spill
    assert "<svg" not in text


def spillover_page(raw: bytes, tmp_path: Path) -> tuple[str, bytes]:
    """Text and drawing operators of the first page of the spillover section."""
    pages = pdf_page_texts(raw, tmp_path)
    if pages is None:
        pytest.fail("pdftotext is missing: install poppler-utils (.ci/run does)")
    contents = pdf_page_contents(raw)
    assert len(contents) == len(pages)
    index = [i for i, p in enumerate(pages) if "7. Spillover chains" in p][-1]  # not the contents
    return pages[index], contents[index]


def test_facilitator_pdf_draws_the_network_on_the_spillover_page(output: Output,
                                                                  tmp_path: Path) -> None:
    scenario = golden_session().scenario
    text, content = spillover_page(output("facilitator", "pdf"), tmp_path)
    assert "Spillover network" in text and "Busiest linkage" in text
    for r in scenario.rivalries:
        assert r.id in text  # node labels, drawn as text
    ops = pdf_operators(content)
    assert ops.get("c", 0) >= 4 * len(scenario.rivalries)  # a circle is four Bézier curves
    assert ops.get("l", 0) >= 2 * len(scenario.linkages)  # each linkage a curved polyline


@pytest.mark.parametrize("view", REDACTED)
def test_team_and_public_editions_have_no_network_weights_or_pressure(
        view: str, output: Output, tmp_path: Path) -> None:
    session = golden_session()
    page = output(view, "html").decode("utf-8")
    spill = section(page, "spillover")
    assert "chart-spillover" not in page and "<svg" not in spill
    assert 'class="edge' not in page and 'class="node' not in page
    for fmt in ("html", "md", "json"):
        text = plain(fmt, output(view, fmt))
        assert "Busiest linkage" not in text and "Spillover network" not in text
        for lk in session.scenario.linkages:
            assert norm(lk.reason) not in text, (fmt, lk.reason)
        for e in session.log:
            if isinstance(e.payload, Pressure):
                assert norm(e.text) not in text, (fmt, e.text)
    data = json.loads(output(view, "json"))
    assert data["purpose"]["linkages"] == []
    assert data["purpose"]["rule_parameters"] is None  # no coupling weights either
    sp = data["spillover"]
    assert sp["links"] == [] and sp["chains"] == []
    assert sp["unlinked_pressure"] is None and sp["misattribution_pressure"] is None
    assert all(x["probability"] is None for x in sp["rises"])
    text, content = spillover_page(output(view, "pdf"), tmp_path)
    assert "Spillover network" not in text and "Busiest linkage" not in text
    assert pdf_operators(content).get("c", 0) == 0  # no circles: no figure


def test_spillover_lines_are_facilitator_only(output: Output) -> None:
    """Spillover moves only hidden quantities (pressure, tension): no team sees its lines."""
    lines = [norm(e.text) for e in golden_session().log if e.kind == Kind.SPILLOVER]
    assert lines
    for view in VIEWS:
        if view == "facilitator":
            continue
        text = plain("html", output(view, "html"))
        assert not any(t in text for t in lines), view


def test_network_svg_escapes_scenario_text() -> None:
    evil = '<script>alert(1)</script> & "q"'
    spec = ch.NetSpec(id="x", title=evil,
                      nodes=(ch.NetNode("A", evil, ch.ZONES[0], "1", True, evil),
                             ch.NetNode("B", "B", ch.ZONES[1], "2")),
                      edges=(ch.NetEdge("A", "B", 1.0, "3", evil),),
                      fills=((ch.ZONES[0], evil),), fill_title=evil, marked=evil,
                      idle=evil, edge_title=evil, badge=evil, note=evil)
    svg = ch.to_svg(spec)
    assert "<script" not in svg
    root = ET.fromstring(svg)  # well-formed XML
    assert evil in [el.text for el in root.iter(f"{SVG}title")]
    assert ch.to_svg(spec) == svg


def test_circle_order_is_stable_and_untangles() -> None:
    """Linked nodes end up side by side; the first node stays on top; same input, same order."""
    ids = ["A", "B", "C", "D", "E", "F"]
    nodes = tuple(ch.NetNode(i, i, "#ffffff") for i in ids)
    # A ring A-C-E-B-D-F-A drawn in the given order crosses itself everywhere.
    ring = ["A", "C", "E", "B", "D", "F", "A"]
    edges = tuple(ch.NetEdge(a, b) for a, b in pairwise(ring))
    order = [n.id for n in ch.circle_order(nodes, edges)]
    assert order[0] == "A" and sorted(order) == ids
    place = {n: i for i, n in enumerate(order)}
    for a, b in pairwise(ring):
        assert min(abs(place[a] - place[b]), 6 - abs(place[a] - place[b])) == 1
    assert [n.id for n in ch.circle_order(nodes, edges)] == order
