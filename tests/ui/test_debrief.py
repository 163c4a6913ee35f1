"""Debrief tools through the real widgets: replay bar, bookmarks, what-if branches, comparison,
report export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from wargame.journal import read_journal
from wargame.orders import Inject, OrderSheet

LEFT = Qt.MouseButton.LeftButton


def _play(c, turns: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(turns):
        assert c.fill_computer_orders()
        assert c.end_turn()


def _game(window, tutorial, path: Path | None, turns: int = 3, length: int = 5):  # type: ignore[no-untyped-def]
    c = window.controller
    assert c.new_game(tutorial, seed=7, seats={}, turns=length, path=path, title="Debrief")
    _play(c, turns)
    return c


def _rungs(window) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {rid: w.rung for rid, w in window.ladder_panel.ladders.items()}


def test_replay_controls_show_history_and_leave_the_live_game_alone(window, qtbot, tutorial,
                                                                   tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = _game(window, tutorial, tmp_path / "g.wgsave")
    live = c.session
    live_commands, live_hash = len(live.commands), live.state.state_hash()
    live_log = len(live.log)
    live_rows = window.log_panel.model.rowCount()
    bar = window.replay_bar
    positions: list[int] = []
    c.position_changed.connect(positions.append)
    assert c.is_live and bar.badge.text() == "LIVE" and not bar.live_button.isEnabled()
    assert not bar.controls["next"].isEnabled() and bar.controls["back"].isEnabled()

    qtbot.mouseClick(bar.live_button, LEFT)  # nothing to do at the live end
    bar.controls["first"].trigger()
    assert c.position == 0 and not c.is_live and c.state.turn == 1
    assert _rungs(window) == {r.id: r.start_rung for r in tutorial.rivalries}
    assert bar.badge.text() == "REPLAY" and bar.live_button.isEnabled()
    assert bar.label.text().startswith(f"Turn 1, command 0 of {live_commands}")
    assert bar.slider.value() == 0 and bar.slider.maximum() == live_commands
    # order entry, resolution, injects, notes and undo are off while replaying
    for action in (window.orders_action, window.computer_action, window.adjudicate_action,
                   window.resolve_action, window.undo_action):
        assert not action.isEnabled()
    assert not window.injects.send_button.isEnabled() and not window.notes.add_button.isEnabled()
    assert window.phase_bar.next_button.text() == "Back to live"
    assert "(replay)" in window.phase_bar.turn_label.text()
    assert not c.submit_orders(OrderSheet("PAK")) and not c.end_turn()
    assert not c.inject(Inject(title="Not now"))

    for turn in (1, 2, 3):  # next turn: the ladders show the rung at the end of each turn
        bar.controls["next"].trigger()
        assert c.state.turn == turn + 1 or (turn == 3 and c.is_live)
        closing = live.turns[turn - 1].closing
        assert _rungs(window) == {rid: rs.rung for rid, rs in closing.rivalries.items()}
        for rid, w in window.ladder_panel.ladders.items():
            assert w.history[-1] == closing.rivalries[rid].rung and len(w.history) == turn + 1
        assert len(window.indicators.rungs.series[0].values) == turn + 1
    assert c.is_live  # the third "next" reached the live end
    bar.controls["back"].trigger()
    bar.controls["back"].trigger()
    assert c.state.turn == 2 and c.position == c.turn_stops()[1]
    assert len(c.log) < live_log and window.log_panel.model.rowCount() < live_rows
    bar.controls["step"].trigger()
    assert c.position == c.turn_stops()[1] + 1 and bar.slider.value() == c.position
    assert f"command {c.position} of {live_commands}" in bar.label.text()
    bar.controls["step_back"].trigger()
    bar.slider.setValue(3)  # the slider seeks too
    assert c.position == 3
    bar.controls["last"].trigger()
    assert c.is_live and window.orders_action.isEnabled() and window.injects.send_button.isEnabled()

    # play: one turn per tick from the start, pausing at the live end
    bar.timer.setInterval(5)
    positions.clear()
    bar.controls["play"].trigger()
    assert bar.playing
    qtbot.waitUntil(lambda: not bar.playing, timeout=5000)
    assert positions == [*c.turn_stops()] and c.is_live

    # the live session was never touched
    assert c.session is live and len(live.commands) == live_commands
    assert live.state.state_hash() == live_hash and len(live.log) == live_log
    assert len(read_journal(tmp_path / "g.wgsave").commands) == live_commands


def test_bookmark_at_a_replay_point_is_journalled_listed_and_reopened(window, qtbot, tutorial,
                                                                     tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b.wgsave"
    c = _game(window, tutorial, path, turns=2)
    point = c.turn_stops()[1] + 2  # two commands into turn 2
    assert c.seek(point) and c.state.turn == 2
    window.replay_bar.bookmark_button.click()
    dialog = window.dialog
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.label, "Talks stall")
    dialog.text.setPlainText("Pakistan refuses the hotline.")
    qtbot.mouseClick(ok, LEFT)
    mark = c.session.bookmarks[-1]
    assert (mark.label, mark.text, mark.at_seq, mark.turn) == (
        "Talks stall", "Pakistan refuses the hotline.", point, 2)
    last = read_journal(path).commands[-1]
    assert last.name == "bookmark" and last.args["at_seq"] == point
    assert c.position == point and not c.is_live  # still looking at the same point
    assert window.bookmarks.labels() == ["Talks stall"]

    c.go_live()
    window.docks["bookmarks"].raise_()
    qtbot.waitUntil(lambda: window.bookmarks.tree.isVisible())
    item = window.bookmarks.tree.topLevelItem(0)
    rect = window.bookmarks.tree.visualItemRect(item)
    viewport = window.bookmarks.tree.viewport()
    qtbot.mouseClick(viewport, LEFT, pos=rect.center())  # Qt 6 item views want the press
    qtbot.mouseDClick(viewport, LEFT, pos=rect.center())
    assert c.position == point and c.state.turn == 2

    c.close_game()
    assert window.open_game(str(path))
    assert window.bookmarks.labels() == ["Talks stall"]
    assert c.session.bookmarks[0].at_seq == point
    assert window.bookmarks.jump(window.bookmarks.tree.topLevelItem(0)) and c.position == point


def test_what_if_branch_shares_history_and_compares(window, qtbot, tutorial,
                                                   tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = tmp_path / "orig.wgsave"
    c = _game(window, tutorial, original, turns=3)
    parent_turns = c.session.turns
    parent_commands = len(c.session.commands)
    point = c.turn_stops()[2]  # the start of turn 3
    assert c.seek(point)
    window.replay_bar.branch_button.click()
    dialog = window.dialog
    assert "turn 3" in dialog.title.text()
    branch = tmp_path / "whatif.wgsave"
    dialog.path.setText(str(branch))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    assert c.path == branch and c.is_live
    assert dict(c.session.header.parent) == {"save": str(original), "at_seq": point,
                                             "title": "Debrief"}
    assert len(c.session.commands) == point and c.state.turn == 3
    # play turn 3 differently: floods strike Pakistan first
    assert c.inject(Inject(event="floods"))
    _play(c, 1)
    for i in (0, 1):
        assert c.session.turns[i].state_hash == parent_turns[i].state_hash
    assert c.session.turns[2].state_hash != parent_turns[2].state_hash
    assert len(read_journal(original).commands) == parent_commands  # the original is intact

    view = window.compare_window or window.compare_games()
    qtbot.addWidget(view)
    cmp = view.comparison
    assert view.a_path.text() == str(original) and view.b_path.text() == str(branch)
    assert cmp is not None and cmp.branch_seq == point
    assert cmp.divergence == 2 and cmp.divergence_turn == 3 and cmp.shared_turns_identical
    assert set(view.rung_charts) == {r.id for r in tutorial.rivalries}
    assert set(view.indicator_charts) == {i.id for i in tutorial.indicators}
    for rid, chart in view.rung_charts.items():
        a, b = chart.series
        assert len(a.values) == len(b.values) == 4 and b.dashed
        assert a.values[:3] == b.values[:3]
        assert a.values == (tutorial.rivalry(rid).start_rung,
                            *parent_turns[-1].closing.rivalries[rid].history)
        assert chart.marker is not None and chart.marker[0] == 2
    rows = view.table_rows()
    assert rows and all(r[2] != r[3] for r in rows)  # only what differs, by default
    view.only_diff.setChecked(False)
    assert len(view.table_rows()) == len(cmp.differences) > len(rows)


def test_replay_and_branch_work_for_a_game_kept_in_memory(window, tutorial, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = _game(window, tutorial, None, turns=2)
    assert c.seek(0) and c.state.turn == 1
    assert c.bookmark("Opening") and c.session.bookmarks[-1].at_seq == 0
    assert window.branch_from_here(str(tmp_path / "mem-branch.wgsave"), "From the start")
    assert c.path == tmp_path / "mem-branch.wgsave" and len(c.session.commands) == 0
    assert c.title == "From the start"


def test_export_dialog_previews_and_writes_off_the_gui_thread(window, qtbot, tutorial,
                                                              tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = _game(window, tutorial, tmp_path / "r.wgsave", turns=2)
    dialog = window.export_report()
    assert dialog.available and dialog.message.text() == ""
    assert [dialog.view.itemData(i) for i in range(dialog.view.count())][:2] == [
        "facilitator", "public"]
    qtbot.waitUntil(lambda: "Debrief" in dialog.preview_text(), timeout=20_000)
    dialog.view.setCurrentIndex(dialog.view.findData("PAK"))
    qtbot.waitUntil(lambda: "TEAM EDITION" in dialog.preview_text(), timeout=20_000)
    for fmt, box in dialog.format_boxes.items():
        box.setChecked(fmt in ("md", "json"))
    out = tmp_path / "out"
    dialog.folder.setText(str(out))
    qtbot.mouseClick(dialog.export_button, LEFT)
    assert dialog.export_task is not None and not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.export_task is None, timeout=30_000)
    assert sorted(p.name for p in dialog.written) == ["r-PAK.json", "r-PAK.md"]
    assert all(p.exists() for p in dialog.written) and dialog.open_button.isEnabled()
    assert "r-PAK.md" in dialog.status.text()
    assert c.is_live
    dialog.wait()
    dialog.reject()


def test_export_dialog_explains_an_unsaved_game(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    _game(window, tutorial, None, turns=1)
    dialog = window.export_report()
    assert not dialog.available and "memory" in dialog.message.text()
    assert not dialog.export_button.isEnabled() and dialog.start_export() is None
    dialog.reject()


def test_a_team_never_sees_a_replay(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    from .conftest import human_seats

    c = window.controller
    assert c.new_game(tutorial, seed=7, seats=human_seats(), turns=3, path=None)
    c.submit_orders(OrderSheet("PAK"))
    c.submit_orders(OrderSheet("IND"))
    c.submit_orders(OrderSheet("TAL"))
    assert c.fill_computer_orders() and c.end_turn()
    assert c.seek(0) and not c.is_live
    flow = window.start_team_flow("PAK")
    assert c.is_live and window.replay_bar.locked and not window.replay_toolbar.isVisible()
    window.replay_bar.controls["first"].trigger()
    assert c.is_live
    flow.cover_in.button.click()  # type: ignore[attr-defined]
    assert not c.seek(0) and c.is_live  # the team's view cannot replay
    window._end_team_flow(False)
    assert not window.replay_bar.locked and window.replay_bar.controls["first"].isEnabled()
