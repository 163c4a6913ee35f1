"""Player-written text stays text in every format: it never becomes markup or script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.report.helpers import pdf_text
from wargame.ai.doctrine import choose_orders
from wargame.orders import Inject, OrderSheet, Outcome, Ruling, RulingKind
from wargame.report import export_report, render
from wargame.report.model import build_report
from wargame.report.render_md import md_escape
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session
from wargame.views import FACILITATOR, actor_view

ROOT = Path(__file__).resolve().parents[2]
EVIL = "<script>alert(1)</script> **bold** | pipe <b>x</b> & ampersand"
EXTRA = " [click](javascript:alert(2)) ![img](http://x/y.png) `code` _em_ # head <img src=x>"


@pytest.fixture(scope="module")
def evil_save(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    path = tmp_path_factory.mktemp("evil") / "evil.wgsave"
    team = "Team " + EVIL
    session = Session.create(scenario, seed=5, turns=2, path=path,
                             seats={"PAK": Seat("human", team), "IND": Seat("human", "Ñandú – ï")})
    session.note(EVIL + EXTRA, author="White " + EVIL)
    session.note("- " + EVIL, author="PAK " + EVIL, actor="PAK")
    session.bookmark("Mark " + EVIL, EVIL)
    session.inject(Inject(title="Title " + EVIL, text="Text " + EVIL + EXTRA))
    for actor in ("PAK", "IND"):
        sheet = choose_orders(scenario, session.state, actor, session.seed)
        orders = tuple(o.__class__(o.actor, o.move, o.target, "Why " + EVIL + EXTRA)
                       for o in sheet.orders)
        session.submit_orders(OrderSheet(actor, orders, sheet.signals, ()))
    session.fill_computer_orders()
    key = session.proposals()[0].key
    session.rule(Ruling(key, RulingKind.OVERRIDE, "Because " + EVIL, Outcome.FAILURE))
    session.end_turn()
    session.note("Sustain: " + EVIL)
    session.close()
    return path


@pytest.fixture(scope="module")
def outputs(evil_save: Path) -> dict[str, bytes]:
    session = Session.open(evil_save, readonly=True)
    report = build_report(session, FACILITATOR, save_name=evil_save.name)
    return {fmt: render(report, fmt) for fmt in ("html", "md", "json", "pdf")}


def test_html_escapes_everything(outputs: dict[str, bytes]) -> None:
    page = outputs["html"].decode("utf-8")
    assert "<script" not in page
    assert "<b>x</b>" not in page
    assert "<img" not in page
    assert "javascript:alert" not in re.sub(r">[^<]*<", "><", page)  # never in an attribute
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp; ampersand" in page
    assert "Ñandú – ï" in page


def test_markdown_escapes_everything(outputs: dict[str, bytes]) -> None:
    text = outputs["md"].decode("utf-8")
    unescaped = re.compile(r"(?<!\\)(<script|<b>|<img|\*\*bold|\]\(javascript:|!\[img\])")
    assert not unescaped.search(text)
    assert r"\<script>alert(1)\</script> \*\*bold\*\* \| pipe \<b>x\</b> \& ampersand" in text
    for line in text.splitlines():
        assert not line.startswith("- -"), line


def test_markdown_escape_unit() -> None:
    assert md_escape("a|b") == r"a\|b"
    assert md_escape("- item") == r"\- item"
    assert md_escape("1. one") == r"1\. one"
    assert md_escape("# no heading") == r"\# no heading"
    assert md_escape("line\nbreak") == "line break"
    assert md_escape("[x](javascript:y)") == r"\[x\](javascript:y)"
    assert md_escape("<b>") == r"\<b>"
    assert md_escape("$x$ ~~y~~") == r"\$x\$ \~\~y\~\~"


def test_json_keeps_the_text_exactly(outputs: dict[str, bytes]) -> None:
    data = json.loads(outputs["json"])
    notes = [n["text"] for n in data["annotations"]["notes"]]
    assert EVIL + EXTRA in notes
    seats = {s["actor"]: s for s in data["seats"]}
    assert seats["PAK"]["team"] == "Team " + EVIL


def test_pdf_shows_the_text_literally(outputs: dict[str, bytes], tmp_path: Path) -> None:
    raw = outputs["pdf"]
    assert raw.startswith(b"%PDF-")
    text = pdf_text(raw, tmp_path)
    if text is None:
        pytest.fail("pdftotext is missing: install poppler-utils (.ci/run does)")
    assert "<script>alert(1)</script>" in text
    assert "<b>x</b>" in text
    assert "Ñandú – ï" in text


def test_team_edition_of_the_hostile_save(evil_save: Path, tmp_path: Path) -> None:
    paths = export_report(evil_save, ["html", "md", "json", "pdf"], "PAK", tmp_path)
    html = paths[0].read_text(encoding="utf-8")
    assert "<script" not in html
    session = Session.open(evil_save, readonly=True)
    report = build_report(session, actor_view("IND"))
    assert all(n.actor != "PAK" for n in report.annotations.notes)
