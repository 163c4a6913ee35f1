"""The projector's feed of the public log: newest entry first, every line wrapped.

Entries come through :class:`~ui.models.log_model.LogTableModel` with the
``PUBLIC`` view (``views.visible_entries``), the same filter as every other
public screen, so nothing restricted or facilitator-only reaches it. Nothing is
cut: long texts wrap to the width of the feed, and after each update the feed
scrolls back to the top, where the newest entry is.
"""

from __future__ import annotations

import html
from itertools import groupby

from PySide6.QtWidgets import QTextBrowser, QWidget

from ui.controller import Controller
from ui.models.log_model import LogTableModel
from wargame.log import LogEntry
from wargame.views import PUBLIC

KIND_COLOURS = {"event": "#c0722a", "inject": "#c0722a", "signal": "#3d85d1",
                "adjudication": "#9b59b6", "ladder": "#d9412b"}
"""Mid-tone colours for the kind tags, readable on the light and the dark palette."""
OTHER_KIND = "#8a8a8a"


class PublicFeed(QTextBrowser):
    """Public log entries, grouped by turn, the newest turn and entry on top."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = LogTableModel(PUBLIC, self)
        self.setOpenLinks(False)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.setObjectName("publicFeed")
        self._shown: tuple[int, LogEntry | None] = (-1, None)
        controller.state_changed.connect(self.refresh)
        controller.session_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_log(self.controller.log)
        entries = self.model.entries()
        key = (len(entries), entries[-1] if entries else None)
        if key != self._shown:
            self._shown = key
            self.setHtml(feed_html(entries))
        self.verticalScrollBar().setValue(0)

    def entries_newest_first(self) -> list[LogEntry]:
        return newest_first(self.model.entries())

    def visible_texts(self) -> list[str]:
        return [e.text for e in self.entries_newest_first()]


def newest_first(entries: list[LogEntry]) -> list[LogEntry]:
    """Later turns first and, within a turn, the later entry first (log order reversed)."""
    return entries[::-1]


def feed_html(entries: list[LogEntry]) -> str:
    if not entries:
        return "<p><i>No public news yet.</i></p>"
    out = []
    for turn, group in groupby(newest_first(entries), key=lambda e: e.turn):
        out.append(f"<h3 style='margin-top:8px; margin-bottom:2px'>Turn {turn}</h3>")
        for e in group:
            kind = e.kind.value
            colour = KIND_COLOURS.get(kind, OTHER_KIND)
            text = html.escape(e.text).replace("\n", "<br>")
            out.append(f"<p style='margin-top:2px; margin-bottom:6px'>"
                       f"<span style='color:{colour}; font-weight:bold'>"
                       f"{html.escape(kind.replace('_', ' '))}</span>&nbsp; {text}</p>")
    return "".join(out)
