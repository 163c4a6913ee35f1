"""No leaked secret, checked on the real surfaces: team screen widgets, public display, PDF.

A property test over random computer games of the default scenario (Afghanistan 2022)
with secret marker strings planted in every kind of private text the game holds: team
rationales, team notes, facilitator notes, restricted injects and private signals. Each
marker names who may read it. For a random team, the real :class:`TeamScreen` widgets'
displayed texts and the team's PDF report (read back with ``pdftotext``), and for the
public view the real :class:`PublicDisplay` texts, must hold no marker that view may not
read and no rung that view may not know (``views.rung_seen`` for the rungs shown as the
current picture; for log lines, exactly the texts ``views.shown`` gives).

Bounded: a few games in CI (``WARGAME_SECRECY_EXAMPLES``, default 3); ``WARGAME_SLOW=1``
plays 25.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tools import needs
from wargame.orders import Inject, OrderSheet, Signal
from wargame.report import render
from wargame.report.model import build_report
from wargame.runner import computer_sheets
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Scenario
from wargame.views import PUBLIC, View, actor_view, rung_seen, shown

from .test_secrecy import _other_actor_secret_patterns as secret_value_patterns

ROOT = Path(__file__).resolve().parents[2]
SLOW = os.environ.get("WARGAME_SLOW") == "1"
EXAMPLES = int(os.environ.get("WARGAME_SECRECY_EXAMPLES", "25" if SLOW else "3"))
PDFTOTEXT = shutil.which("pdftotext")


@cache
def afghanistan() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "afghanistan-2022.yaml")


@dataclass(frozen=True)
class Marker:
    """A secret string and the actors who may read it (empty: the facilitator only)."""

    text: str
    readers: frozenset[str]

    def allowed(self, view: View) -> bool:
        return view.actor is not None and view.actor in self.readers


def _marker(kind: str, turn: int, *readers: str) -> Marker:
    tag = "-".join(readers) or "WC"
    return Marker(f"ZQ{kind}{turn}{tag.replace('-', '')}QZ", frozenset(readers))


def _play_planted(controller, scenario: Scenario, seed: int, turns: int  # type: ignore[no-untyped-def]
                  ) -> list[Marker]:
    """Play a computer game through the controller, planting markers every turn."""
    from wargame.session import Seat

    seats = {a.id: Seat("computer") for a in scenario.actors if a.playable}
    assert controller.new_game(scenario, seed=seed, seats=seats, turns=turns, path=None)
    playable = sorted(seats)
    markers: list[Marker] = []
    while not controller.session.ended:
        turn = controller.session.turn
        state = controller.state
        for sheet in computer_sheets(scenario, state, playable, seed):
            actor = sheet.actor
            rationale = _marker("RAT", turn, actor)
            orders = tuple(replace(o, rationale=rationale.text) for o in sheet.orders)
            if orders:
                markers.append(rationale)
            signals = list(sheet.signals)
            rivals = [r for r in scenario.rivalries if actor in r.sides]
            if rivals:
                toward = next(s for s in rivals[turn % len(rivals)].sides if s != actor)
                if all(s.toward != toward for s in signals):
                    secret = _marker("SIG", turn, actor, toward)
                    rung = state.rivalries[rivals[turn % len(rivals)].id].rung
                    signals.append(Signal(actor, toward, rung, public=False, text=secret.text))
                    markers.append(secret)
            assert controller.submit_orders(OrderSheet(actor, orders, tuple(signals),
                                                       sheet.reasons))
        note_actor = playable[(seed + turn) % len(playable)]
        team_note = _marker("NOTE", turn, note_actor)
        assert controller.note(team_note.text, author=f"Team {note_actor}", actor=note_actor)
        white = _marker("WCN", turn)
        assert controller.note(white.text)
        inject_actor = playable[(seed + 2 * turn + 1) % len(playable)]
        restricted = _marker("INJ", turn, inject_actor)
        assert controller.inject(Inject(title=f"Cable {restricted.text}",
                                        text=f"For {inject_actor} only: {restricted.text}",
                                        audience=(inject_actor,)))
        markers += [team_note, white, restricted]
        assert controller.end_turn()
    return markers


def _forbidden(markers: list[Marker], view: View) -> list[str]:
    return [m.text for m in markers if not m.allowed(view)]


def _assert_no_secret(texts: list[str], forbidden: list[str], view: View, where: str
                      ) -> None:
    """No forbidden marker, and no value of another actor's variables or suspicions,
    tension, pressure or control (the patterns of test_secrecy), anywhere in ``texts``."""
    blob = "\n".join(texts)
    leaked = [m for m in forbidden if m in blob]
    assert not leaked, f"{where} shows {leaked}"
    flat = " ".join(blob.split())
    for pattern in secret_value_patterns(afghanistan(), view.actor):
        found = pattern.search(flat)
        assert found is None, f"{where} shows {flat[found.start():found.start() + 80]!r}"


def _assert_log_texts_filtered(shown_texts: list[str], view: View, log) -> None:  # type: ignore[no-untyped-def]
    """A log widget shows exactly what the filter gives the view, nothing raw."""
    allowed = [e.text for e in (shown(view, entry) for entry in log) if e is not None]
    assert sorted(shown_texts) == sorted(allowed), view


def _check_team_screen(controller, qtbot, actor: str, markers: list[Marker]) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.team_screen import TeamScreen

    view = actor_view(actor)
    screen = TeamScreen(controller, actor)
    qtbot.addWidget(screen)
    screen.show()
    texts = screen.displayed_texts()
    _assert_no_secret(texts, _forbidden(markers, view), view, f"{actor}'s team screen")
    _assert_log_texts_filtered(screen.log.visible_texts(), view, controller.log)
    sc, state = controller.scenario, controller.state
    lines = screen.briefing.toPlainText().splitlines()
    for rivalry in sc.rivalries:
        seen = rung_seen(view, state, rivalry.id)
        line = next(ln for ln in lines if f"({rivalry.id}):" in ln)
        assert f"rung {seen} — {sc.rung_name(rivalry.id, seen)}" in line, (actor, line)
        for label in texts:
            for at in re.findall(rf"\b{re.escape(rivalry.id)} \(at (\d+)\)", label):
                assert int(at) == seen, (actor, rivalry.id, label)
    own = [m.text for m in markers if m.readers == {actor}]
    assert any(m in "\n".join(texts) for m in own), "the team's own notes are shown"
    screen.close()


def _check_public_display(controller, qtbot, markers: list[Marker]) -> None:  # type: ignore[no-untyped-def]
    from ui.public_display import PublicDisplay

    display = PublicDisplay(controller)
    qtbot.addWidget(display)
    display.set_summary_visible(True)
    texts = [*display.public_texts(), display.header.text(), display.summary.toPlainText()]
    _assert_no_secret(texts, _forbidden(markers, PUBLIC), PUBLIC, "the public display")
    _assert_log_texts_filtered(display.public_texts(), PUBLIC, controller.log)
    state = controller.state
    if display.scene is not None:
        for rivalry in controller.scenario.rivalries:
            for item_text in _scene_texts(display):
                for at in re.findall(rf"\b{re.escape(rivalry.id)}\b.*?rung (\d+)", item_text):
                    assert int(at) == rung_seen(PUBLIC, state, rivalry.id), item_text
    display.close()


def _scene_texts(display) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QGraphicsSimpleTextItem, QGraphicsTextItem

    out = []
    for item in display.scene.items():
        if isinstance(item, QGraphicsTextItem):
            out.append(item.toPlainText())
        elif isinstance(item, QGraphicsSimpleTextItem):
            out.append(item.text())
    return out


def _check_pdf(controller, actor: str, markers: list[Marker], tmp: Path) -> None:  # type: ignore[no-untyped-def]
    view = actor_view(actor)
    report = build_report(controller.session, view)
    pdf = tmp / f"{actor}.pdf"
    pdf.write_bytes(render(report, "pdf"))
    text = subprocess.run([str(PDFTOTEXT), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    _assert_no_secret([text], _forbidden(markers, view), view, f"{actor}'s PDF report")
    state = controller.state
    for traj in report.trajectories:
        assert traj.rungs[-1] == rung_seen(view, state, traj.rivalry), traj.rivalry
    own = [m.text for m in markers if m.readers == {actor}]
    assert not own or any(m in text for m in own), "the PDF text was read back"
    _check_pdf_turn_rungs(controller, view, text)


def _check_pdf_turn_rungs(controller, view: View, text: str) -> None:  # type: ignore[no-untyped-def]
    """Each turn's "Rungs at the end of the turn" shows the rungs as the view saw them."""
    body = "\n".join(line for line in text.splitlines()  # without page breaks and margins
                     if line.strip() and not re.search(r"Page \d+ of \d+$", line)
                     and not line.startswith("After-action report \u00b7"))
    blocks = re.findall(r"RUNGS AT THE END OF THE TURN\n(.*?)\n(?=[A-Z][A-Z0-9 ,'()-]+\n)",
                        body + "\nEND\n", re.S)
    records = controller.session.turns
    assert len(blocks) == len(records)
    for block, record in zip(blocks, records, strict=True):
        flat = " ".join(block.split())
        for rivalry in controller.scenario.rivalries:
            name = " ".join(rivalry.name.split())
            found = re.search(rf"(?:^|; ){re.escape(name)}: (\d+) ", flat)
            assert found is not None, (rivalry.id, flat)
            seen = rung_seen(view, record.closing, rivalry.id)
            assert int(found.group(1)) == seen, (view, record.turn, rivalry.id, flat)


@needs("pdftotext")
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31 - 1), turns=st.integers(2, 3), data=st.data())
def test_team_facing_surfaces_hold_no_secret(qtbot, tmp_path: Path, seed: int,  # type: ignore[no-untyped-def]
                                            turns: int, data: st.DataObject) -> None:
    from ui.controller import Controller

    scenario = afghanistan()
    controller = Controller()
    try:
        markers = _play_planted(controller, scenario, seed, turns)
        assert {m.text[:5] for m in markers} >= {"ZQRAT", "ZQSIG", "ZQNOT", "ZQWCN", "ZQINJ"}
        playable = [a.id for a in scenario.actors if a.playable]
        actor = data.draw(st.sampled_from(playable), label="team")
        _check_team_screen(controller, qtbot, actor, markers)
        _check_public_display(controller, qtbot, markers)
        _check_pdf(controller, actor, markers, tmp_path)
    finally:
        controller.close_game()
