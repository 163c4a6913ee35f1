"""The turn countdown on screen: a ticking clock, its big display and the controls.

The counting itself is :class:`wargame.countdown.Countdown` (no Qt); this module
only polls it with a ``QTimer`` while it runs and paints what it reads. One
:class:`CountdownClock` is shared by the projector's display and the
facilitator's controls, so both always show the same time.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from ui import settings
from wargame.countdown import Clock, Countdown, Phase

_MINUTES_KEY = "projector/countdown_minutes"
DEFAULT_MINUTES = 10
MAX_MINUTES = 180

PHASE_STYLES = {
    Phase.WARNING: "background: #f0a020; color: #111111;",
    Phase.EXPIRED: "background: #c62828; color: #ffffff;",
}
"""Label colours per phase (the last minute and time up); other phases use the palette."""


def remembered_minutes() -> int:
    try:
        value = int(str(settings.settings().value(_MINUTES_KEY, DEFAULT_MINUTES)))
    except ValueError:
        return DEFAULT_MINUTES
    return max(1, min(MAX_MINUTES, value))


class CountdownClock(QObject):
    """A :class:`Countdown` plus a timer that emits :attr:`changed` while it runs."""

    changed = Signal()

    def __init__(self, countdown: Countdown | None = None, *, interval_ms: int = 200,
                 clock: Clock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if countdown is None:
            seconds = remembered_minutes() * 60.0
            countdown = Countdown(seconds, clock=clock) if clock else Countdown(seconds)
        self.countdown = countdown
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.countdown.start()
        if self.countdown.running:
            self.timer.start()
        self.changed.emit()

    def pause(self) -> None:
        self.countdown.pause()
        self.timer.stop()
        self.changed.emit()

    def toggle(self) -> None:
        self.pause() if self.countdown.running else self.start()

    def reset(self) -> None:
        self.countdown.reset()
        self.timer.stop()
        self.changed.emit()

    def set_minutes(self, minutes: int) -> None:
        """A new length (stops and resets); remembered for the next session."""
        self.countdown.set_duration(minutes * 60.0)
        self.timer.stop()
        store = settings.settings()
        store.setValue(_MINUTES_KEY, int(minutes))
        store.sync()
        self.changed.emit()

    def _tick(self) -> None:
        if not self.countdown.running:
            self.timer.stop()
        self.changed.emit()


class CountdownLabel(QLabel):
    """``mm:ss`` in large print, amber in the last minute, red when time is up."""

    def __init__(self, clock: CountdownClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.phase = Phase.READY
        self.setObjectName("countdown")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setToolTip("Turn countdown")
        clock.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        countdown = self.clock.countdown
        self.phase = countdown.phase()
        caption = " time is up" if self.phase == Phase.EXPIRED else (
            " paused" if countdown.paused else "")
        self.setText(countdown.text() + caption)
        style = PHASE_STYLES.get(self.phase, "")
        self.setStyleSheet(f"#countdown {{ {style} border-radius: 6px; padding: 2px 12px; }}")


class CountdownControls(QWidget):
    """The facilitator's side: minutes, Start/Pause, Reset, and the time left."""

    def __init__(self, clock: CountdownClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(max(1, round(clock.countdown.duration / 60)))
        self.minutes.setToolTip("Length of the countdown; changing it resets the clock")
        self.minutes.valueChanged.connect(clock.set_minutes)
        self.start_button = QPushButton("Start")
        self.start_button.clicked.connect(clock.toggle)
        self.reset_button = QPushButton("Reset")
        self.reset_button.clicked.connect(clock.reset)
        self.display = CountdownLabel(clock)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Countdown"))
        layout.addWidget(self.minutes)
        layout.addWidget(self.start_button)
        layout.addWidget(self.reset_button)
        layout.addWidget(self.display, 1)
        clock.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        countdown = self.clock.countdown
        self.start_button.setText("Pause" if countdown.running else "Start")
        self.start_button.setEnabled(countdown.phase() != Phase.EXPIRED)
