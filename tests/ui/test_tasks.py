"""Long work off the GUI thread: results arrive, failures are reported, and a window that
closes while its work runs does not make the worker blow up."""

from __future__ import annotations

import threading

import shiboken6

from ui.tasks import Task, TaskContext


def test_result_and_failure_reach_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    ok = Task(lambda ctx: 6 * 7)
    with qtbot.waitSignal(ok.signals.done, timeout=5000) as done:
        ok.start()
    assert done.args == [42]

    def broken(ctx: TaskContext) -> None:
        raise ValueError("bad input")

    bad = Task(broken)
    with qtbot.waitSignal(bad.signals.failed, timeout=5000) as failed:
        bad.start()
    assert failed.args[0].startswith("ValueError: bad input")


def test_a_receiver_gone_mid_run_is_not_an_error(qtbot, capfd) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    task = Task(lambda ctx: release.wait(5))
    task.start()
    shiboken6.delete(task.signals)  # the dialog that owned the task closed
    release.set()
    assert task.finished.wait(5)
    assert "Signal source has been deleted" not in capfd.readouterr().err
