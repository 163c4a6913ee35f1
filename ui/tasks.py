"""Long work off the GUI thread: a ``QRunnable`` with progress, cancel and result signals.

The work function receives a :class:`TaskContext` to report progress and to
check for cancellation; it must only compute (never touch widgets or the
session). Results come back on the GUI thread through :attr:`TaskSignals.done`,
where the controller applies them as journalled commands.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside a task when the user pressed Cancel."""


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    """(done, total, message)"""
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class TaskContext:
    def __init__(self, signals: TaskSignals, cancel: threading.Event) -> None:
        self._signals = signals
        self._cancel = cancel

    def progress(self, done: int, total: int, message: str = "") -> None:
        self.check()
        self._signals.progress.emit(done, total, message)
        # Hand the GIL over for a moment: a CPU-bound worker otherwise keeps the GUI thread
        # waiting for it at every call into Python (progress, Cancel, repaint) for seconds.
        time.sleep(0)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class Task(QRunnable):
    """Run ``work(context)`` in the global thread pool."""

    def __init__(self, work: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self.work(TaskContext(self.signals, self._cancel))
        except Cancelled:
            self._emit(self.signals.cancelled)
        except Exception as exc:  # reported to the GUI, never lost
            self._emit(self.signals.failed,
                       f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}")
        else:
            if self._cancel.is_set():
                self._emit(self.signals.cancelled)
            else:
                self._emit(self.signals.done, result)
        finally:
            self.finished.set()

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        """Emit, unless the receiving side is already gone (its window closed or the app
        quit while the work ran): then there is nobody left to tell."""
        with contextlib.suppress(RuntimeError):  # "Signal source has been deleted"
            signal.emit(*args)

    def start(self) -> Task:
        QThreadPool.globalInstance().start(self)
        return self
