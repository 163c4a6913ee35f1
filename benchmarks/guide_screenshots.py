"""The pictures of the facilitator's guide, from the real app: docs/screenshots/guide-*.png.

    QT_QPA_PLATFORM=offscreen python benchmarks/guide_screenshots.py [--out DIR]

Walks through one exercise of the default scenario the way docs/facilitator-guide.md
tells it: the new-game dialog with a preset, the console, the hand-over cover, a team
screen filtered to one rivalry with an order and a signal, the question before sealing,
the workbench at the default window size with an override, the turn summary, an
ad-hoc inject, the question before undoing an end of turn, and the export dialog.
Then docs/quick-reference.pdf, the one-page card printed from docs/quick-reference.md
(exit status 1 if it no longer fits one page). A question box (a separate window) is
pictured over the window it belongs to.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from offscreen import Camera, arguments, start_app  # first: it sets up headless Qt


def main() -> int:
    args = arguments().parse_args()
    app = start_app("light")
    shot = Camera(args.out, prefix="guide-").shot

    from ui.app import default_scenario_path
    from ui.main_window import MainWindow
    from wargame.ai.doctrine import choose_orders
    from wargame.orders import Outcome, RulingKind

    folder = Path(tempfile.mkdtemp())
    window = MainWindow()
    window.resize(1440, 900)
    window.show()

    # 1. set-up: the new-game dialog with the default preset
    dialog = window.new_game_dialog(str(default_scenario_path()))
    dialog.seed.setValue(2022)
    dialog.turns.setValue(6)
    dialog.path.setText("/home/facilitator/exercises/afghanistan-day-1.wgsave")  # pictured
    shot(dialog, "new-game")
    dialog.path.setText(str(folder / "exercise.wgsave"))  # where this run really saves
    dialog.accept()
    c = window.controller
    assert c.has_game, "the new game did not start"
    scenario, seed = c.scenario, c.session.seed  # type: ignore[union-attr]
    window.map_view.fit()
    shot(window, "console")

    # 2. a turn: the hand-over, a team screen, the question before sealing
    teams = c.human_seats_waiting()
    for actor in teams[1:]:
        c.submit_orders(choose_orders(scenario, c.state, actor, seed))
    flow = window.start_team_flow(teams[0])
    shot(window, "handover")
    flow.cover_in.button.click()  # type: ignore[attr-defined]
    editor = flow.team_screen.editor  # type: ignore[attr-defined]
    rivalry = next(r.rivalry for r in editor.model.rows() if r.rivalry)
    editor.filter_rivalry(rivalry)
    editor.table.selectRow(min(1, editor.proxy.rowCount() - 1))
    editor.rationale.setText("Keep channels open while we reinforce")
    editor.add_selected()
    editor.signal_box.setChecked(True)
    editor.signal_rung.setValue(1)
    editor.stake.setValue(0.5)
    editor.signal_text.setText("We seek calm, not weakness")
    shot(window, "team-screen")
    box = editor.confirm_seal()
    assert box is not None
    shot(window, "seal-question", over=box)
    box.button(box.StandardButton.Yes).click()
    flow.cover_out.button.click()  # type: ignore[attr-defined]

    # 3. an inject while orders are open
    window.docks["injects"].raise_()
    window.injects.title.setText("Refugee column at Chaman")
    window.injects.text.setPlainText("Thousands gather at the crossing; Pakistan closes it.")
    window.injects.send_button.click()
    shot(window, "inject")

    # 4. computer seats, the workbench and a ruling
    c.fill_computer_orders()
    window.show_workbench()
    bench = window.workbench
    bench.table.selectRow(0)
    ruling = bench.request(RulingKind.OVERRIDE)
    assert ruling is not None
    ruling.outcome.setCurrentIndex(ruling.outcome.findData(Outcome.PARTIAL.value))
    ruling.reason.setText("The crossing was already half closed")
    shot(window, "ruling", over=ruling)
    ruling.accept()
    shot(window, "workbench")

    # 5. resolve: the turn summary
    window.resolve_turn()
    summary = window.summary_dialog
    assert summary is not None
    summary.resize(900, 760)
    shot(summary, "turn-summary")
    summary.close()

    # 6. undo: the question before taking back a resolved turn
    window.show_map()
    question = window.confirm_undo(lambda: None)
    assert question is not None
    shot(window, "undo-question", over=question)
    question.close()

    # 7. debrief: the export dialog
    export = window.export_report()
    assert export is not None
    export.wait()
    shot(export, "export")
    export.reject()
    c.close_game()

    # 8. the one-page quick reference, printed to PDF as Help › Quick reference does
    from ui.dialogs.help_viewer import write_pdf

    docs = Path(args.out).resolve().parent
    pages = write_pdf(docs / "quick-reference.md", docs / "quick-reference.pdf", one_page=True)
    print(docs / "quick-reference.pdf", f"({pages} page{'s' if pages != 1 else ''})")
    app.quit()  # type: ignore[attr-defined]
    return 0 if pages == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
