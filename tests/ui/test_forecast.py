"""Game > Forecast outcomes…: doctrine-played continuations in a worker thread, with
progress and cancel, whose tables equal the engine's numbers; never shown to a team,
never journalled."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ui.dialogs.forecast import (
    NO_CHANGE,
    IndicatorForecastModel,
    RivalryForecastModel,
    ValueRole,
    distribution_text,
    seeds_text,
)
from wargame.ai.doctrine import choose_orders
from wargame.analysis.batch import forecast, summarise_forecast
from wargame.scenario.loader import load_scenario
from wargame.session import Seat

from .conftest import HUMANS, REPO, human_seats

SEED = 5
WAIT = 60_000


def _advance(c, scenario, turns: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Resolve ``turns`` turns, every human team entering the doctrine's orders (no levers)."""
    for _ in range(turns):
        for actor in c.human_seats_waiting():
            assert c.submit_orders(choose_orders(scenario, c.state, actor, SEED,
                                                 allow_levers=False))
        c.fill_computer_orders()
        assert c.end_turn()


def _open(window, qtbot, runs: int):  # type: ignore[no-untyped-def]
    dialog = window.forecast_outcomes()
    assert dialog is not None and dialog.isVisible()
    dialog.runs.setValue(runs)
    return dialog


def _run(dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.task is not None
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT)
    assert dialog.last_run is not None, dialog.status.text()


def _column(model, name: str) -> int:  # type: ignore[no-untyped-def]
    return model.columns.index(name)


def test_the_action_needs_a_game(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    assert not window.forecast_action.isEnabled()
    assert window.forecast_action in window.game_menu.actions()
    assert window.forecast_outcomes() is None
    window.controller.new_game(tutorial, seed=SEED, seats=human_seats(), turns=4, path=None)
    assert window.forecast_action.isEnabled()
    window.controller.close_game()
    assert not window.forecast_action.isEnabled()


def test_the_tables_are_the_engines_numbers_and_the_game_is_untouched(  # type: ignore[no-untyped-def]
        window, qtbot, tutorial, tmp_path: Path) -> None:
    c = window.controller
    c.new_game(tutorial, seed=SEED, seats=human_seats(), turns=6, path=tmp_path / "g.wgsave")
    _advance(c, tutorial)
    commands, state_hash, log = len(c.session.commands), c.state.state_hash(), c.log
    journal = (tmp_path / "g.wgsave").read_bytes()
    dialog = _open(window, qtbot, 20)
    assert "From turn 2 of 6 (live game)" in dialog.position.text()
    assert dialog.lever_choices() == []  # the tutorial has no levers
    _run(dialog, qtbot)

    expected = summarise_forecast(tutorial, forecast(tutorial, c.state, runs=20,
                                                     game_seed=SEED))
    assert dialog.last_run.summary == expected
    rivalries = dialog.rivalry_model
    assert rivalries.rowCount() == len(tutorial.rivalries)
    assert rivalries.columnCount() == 6  # no treatment columns
    for row, rivalry in enumerate(tutorial.rivalries):
        figures = expected["rivalries"][rivalry.id]

        def cell(name: str, role: int = Qt.ItemDataRole.DisplayRole, row: int = row):
            return rivalries.index(row, _column(rivalries, name)).data(role)

        assert cell("Rivalry") == rivalry.name
        assert cell("Now", ValueRole) == c.state.rivalries[rivalry.id].rung
        assert cell("Mean final", ValueRole) == figures["mean_final_rung"]
        assert cell("Mean final") == f"{figures['mean_final_rung']:.2f}"
        share = figures["final_at_least_5_share"]
        assert cell("P(final ≥ 5)", ValueRole) == share
        assert cell("P(final ≥ 5)") == f"{100 * share:.0f}%"
        assert cell("P(peak ≥ 5)", ValueRole) == figures["peak_at_least_5_share"]
        assert cell("Final rungs") == distribution_text(figures["final_rung_shares"])
    indicators = dialog.indicator_model
    for row, indicator in enumerate(tutorial.indicators):
        final = expected["indicators"][indicator.id]["final"]
        assert indicators.index(row, 1).data(ValueRole) == c.state.indicators[indicator.id]
        assert indicators.index(row, 2).data() == (
            f"{final['mean']:.2f}  [{final['ci95_low']:.2f}, {final['ci95_high']:.2f}]")
    basis = dialog.basis.text()
    assert basis.startswith("20 continuations from turn 2 of 6 (live game); every seat "
                            "played by doctrine")
    assert "no levers pulled" in basis
    assert "dice seeds 1..21 without 5 (the game's own)" in basis
    assert re.search(r"took \d+\.\d s$", basis)

    # nothing was journalled, nothing changed
    assert len(c.session.commands) == commands
    assert c.state.state_hash() == state_hash
    assert c.log == log
    assert (tmp_path / "g.wgsave").read_bytes() == journal
    assert not dialog.stale.isVisible()

    # Export CSV: both tables
    path = dialog.export_csv(tmp_path / "forecast.csv")
    assert path is not None
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == ["basis", basis]
    assert rows[2][:4] == ["rivalry", "name", "current_rung", "mean_final_rung"]
    first = tutorial.rivalries[0].id
    assert rows[3][0] == first
    assert float(rows[3][3]) == expected["rivalries"][first]["mean_final_rung"]
    start = 3 + len(tutorial.rivalries) + 1
    assert rows[start][0] == "indicator"
    assert [r[0] for r in rows[start + 1:]] == [i.id for i in tutorial.indicators]

    # the game moves on: the forecast says it is about an earlier point
    _advance(c, tutorial)
    assert dialog.stale.isVisible() and "now turn 3" in dialog.stale.text()


def test_a_lever_treatment_shows_paired_differences(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    scenario = load_scenario(REPO / "scenarios" / "afghanistan-2022.yaml")
    c = window.controller
    seats = {a.id: Seat("human", a.name) for a in scenario.actors if a.playable}
    c.new_game(scenario, seed=SEED, seats=seats, turns=3, path=None)
    _advance(c, scenario)
    dialog = _open(window, qtbot, 20)
    assert "release_funds" in dialog.lever_choices()
    dialog.set_levers(["release_funds"])
    _run(dialog, qtbot)

    expected = summarise_forecast(scenario, forecast(scenario, c.state, runs=20, game_seed=SEED,
                                                     levers=("release_funds",)))
    assert dialog.last_run.summary == expected
    rivalries, indicators = dialog.rivalry_model, dialog.indicator_model
    assert rivalries.columnCount() == 8 and indicators.columnCount() == 4
    row = [i.id for i in scenario.indicators].index("humanitarian")
    diff = expected["indicators"]["humanitarian"]["difference"]
    assert diff["ci95_low"] > 0  # the lever's aim, with a tight paired interval
    assert indicators.index(row, 3).data(ValueRole) == diff["mean"]
    assert indicators.index(row, 3).data().startswith(f"+{diff['mean']:.2f}")
    assert indicators.index(row, 3).data(Qt.ItemDataRole.ForegroundRole) is not None  # green
    for r, rivalry in enumerate(scenario.rivalries):
        d = expected["rivalries"][rivalry.id]["difference"]
        assert rivalries.index(r, 6).data(ValueRole) == d["final_at_least_5_share"]["mean"]
        assert rivalries.index(r, 7).data(ValueRole) == d["mean_final_rung"]["mean"]
        if d["mean_final_rung"] == {"mean": 0, "sd": 0, "ci95_low": 0, "ci95_high": 0}:
            assert rivalries.index(r, 7).data() == NO_CHANGE
    basis = dialog.basis.text()
    assert "treatment: United States pulls “Frozen funds released to aid organisations” on " \
           "turn 2, paired with the baseline over the same dice" in basis


def test_cancel_leaves_the_dialog_usable(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=SEED, seats=human_seats(), turns=6, path=None)
    dialog = _open(window, qtbot, 5000)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert not dialog.run_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 3, timeout=WAIT)
    assert dialog.progress.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT)
    match = re.fullmatch(r"Cancelled after (\d+) of 5000 continuations\.", dialog.status.text())
    assert match and 3 <= int(match.group(1)) < 5000
    assert dialog.last_run is None and dialog.rivalry_model.rowCount() == 0
    assert dialog.run_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.runs.setValue(10)
    _run(dialog, qtbot)
    assert dialog.last_run.summary["runs"] == 10
    assert dialog.rivalry_model.rowCount() == len(tutorial.rivalries)


def test_models_pass_the_model_tester(qtmodeltester, tutorial) -> None:  # type: ignore[no-untyped-def]
    from wargame.engine import new_game

    scenario = load_scenario(REPO / "scenarios" / "afghanistan-2022.yaml")
    state = new_game(scenario, 1, 2).state
    treated = summarise_forecast(scenario, forecast(scenario, state, runs=3, game_seed=1,
                                                    levers=("liaison_offices",)))
    plain = summarise_forecast(tutorial, forecast(tutorial, new_game(tutorial, 1, 3).state,
                                                  runs=3, game_seed=1))
    for model in (RivalryForecastModel(), IndicatorForecastModel()):
        qtmodeltester.check(model)  # empty
        model.set_summary(scenario, treated)
        qtmodeltester.check(model)
        model.set_summary(tutorial, plain)
        qtmodeltester.check(model)


def test_replay_forecasts_the_displayed_position(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=SEED, seats=human_seats(), turns=6, path=None)
    _advance(c, tutorial, 2)
    assert c.step_turn(-1)  # back to the start of turn 2
    assert not c.is_live and c.state.turn == 2
    dialog = _open(window, qtbot, 10)
    assert "From turn 2 of 6 (replayed position, command" in dialog.position.text()
    _run(dialog, qtbot)
    assert dialog.last_run.summary == summarise_forecast(
        tutorial, forecast(tutorial, c.state, runs=10, game_seed=SEED))
    assert "from turn 2 of 6 (replayed position, command" in dialog.basis.text()


def test_an_ended_game_has_nothing_to_forecast(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=SEED, seats=human_seats(), turns=1, path=None)
    _advance(c, tutorial)
    assert c.state.ended
    dialog = _open(window, qtbot, 10)
    assert not dialog.run_button.isEnabled()
    assert "nothing left to forecast" in dialog.position.text()
    assert dialog.run() is None


def test_never_behind_a_teams_screen_nor_on_the_public_display(  # type: ignore[no-untyped-def]
        window, qtbot, tutorial) -> None:
    c = window.controller
    c.new_game(tutorial, seed=SEED, seats=human_seats(), turns=6, path=None)
    qtbot.waitExposed(window)
    display = window.toggle_public_display()
    qtbot.addWidget(display)
    public_before = (display.header.text(), display.public_texts())
    dialog = _open(window, qtbot, 10)
    _run(dialog, qtbot)
    assert (display.header.text(), display.public_texts()) == public_before
    assert not any("continuation" in t for t in display.public_texts())

    actor = next(iter(HUMANS))
    flow = window.start_team_flow(actor)  # the hand-over cover, then the team's screen
    assert not window.menuBar().isEnabled()  # so Game > Forecast outcomes… is out of reach
    assert window.forecast_action.shortcut().isEmpty()  # and no key reaches it
    assert not dialog.isVisible()
    assert window.forecast_outcomes() is None
    qtbot.mouseClick(flow.cover_in.button, Qt.MouseButton.LeftButton)
    assert c.view().actor == actor
    assert not dialog.isVisible()
    assert dialog.run() is None
    flow.team_screen.cancel_button.click()
    qtbot.mouseClick(flow.cover_out.button, Qt.MouseButton.LeftButton)
    assert window.team_flow is None and window.menuBar().isEnabled()
    assert dialog.isVisible()  # back for the facilitator


@pytest.mark.parametrize(("seeds", "game_seed", "text"), [
    ((1, 2, 3), 9, "dice seeds 1..3"),
    ((1, 2, 4), 3, "dice seeds 1..4 without 3 (the game's own)"),
    ((2, 3), 1, "dice seeds 2..3"),
])
def test_seeds_text(seeds: tuple[int, ...], game_seed: int, text: str) -> None:
    assert seeds_text(seeds, game_seed) == text


def test_distribution_text() -> None:
    assert distribution_text({"4": 0.57, "5": 0.23, "6": 0.1, "7": 0.06, "8": 0.04}) == \
        "4: 57% · 5: 23% · 6: 10% · 7: 6% · other 4%"
