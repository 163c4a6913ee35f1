"""The turn summary on screen: the facilitator's dialog after *Resolve turn*, the
projector's large print and a team's "how your orders went" panel.

The content is a :class:`wargame.summary.TurnSummary`, built for the view that
looks (facilitator, public or one team) from the filtered log; this module only
lays it out.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ui.controller import Controller
from wargame.summary import TurnSummary, summary_for
from wargame.views import FACILITATOR, View

_OUTCOME_COLOURS = {"critical": "#1b7a3a", "success": "#2c7a2c", "partial": "#9a6a00",
                    "failure": "#555555", "blowback": "#b01c1c"}


def summary_html(summary: TurnSummary | None, *, large: bool = False,
                 own: str | None = None) -> str:
    """HTML for a summary; ``large`` gives the projector's headlines-first version,
    ``own`` (an actor id) puts that team's orders and their outcomes first."""
    e = html.escape
    if summary is None:
        return "<p>No turn has been resolved yet.</p>"
    if large:
        items = "".join(f"<li>{e(line)}</li>" for line in summary.headlines(limit=8))
        return f"<h2>Turn {summary.turn}: what happened</h2><ul>{items}</ul>"
    out = [f"<h3>Turn {summary.turn}: what happened</h3>"]
    if own is not None:
        mine = summary.orders_of(own)
        out.append("<h4>Your orders</h4><ul>")
        out += [f"<li>{_order_html(o.text, o.outcome)}</li>" for o in mine] or [
            "<li>You gave no orders that were adjudicated.</li>"]
        out.append("</ul>")
    for title, lines in summary.sections():
        if own is not None and title == "Who decided what":
            lines = [o.text for o in summary.orders if o.actor != own]
            title = "What the others did (as far as you know)"
            if not lines:
                continue
        out.append(f"<h4>{e(title)}</h4><ul>")
        if title == "Who decided what":
            out += [f"<li>{_order_html(o.text, o.outcome)}</li>" for o in summary.orders]
        else:
            out += [f"<li>{e(line)}</li>" for line in lines]
        out.append("</ul>")
    if summary.is_empty:
        out.append("<p>Nothing moved on the ladders and no order was adjudicated.</p>")
    return "".join(out)


def _order_html(text: str, outcome: str) -> str:
    colour = _OUTCOME_COLOURS.get(outcome, "")
    body = html.escape(text)
    return f"<span style='color:{colour}'>{body}</span>" if colour else body


class TurnSummaryPanel(QTextBrowser):
    """A read-only summary of the last resolved turn for one view."""

    def __init__(self, controller: Controller, view: View = FACILITATOR, *,
                 large: bool = False, own: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.view = view
        self.large = large
        self.own = own
        self.summary: TurnSummary | None = None
        self.setOpenLinks(False)
        self.refresh()

    def refresh(self, turn: int | None = None) -> None:
        c = self.controller
        self.summary = summary_for(c.displayed, self.view, turn) if c.has_game else None
        self.setHtml(summary_html(self.summary, large=self.large, own=self.own))

    def text(self) -> str:
        return self.toPlainText()


class TurnSummaryDialog(QDialog):
    """Shown to the facilitator after *Resolve turn* (and from Game › Turn summary)."""

    def __init__(self, controller: Controller, turn: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = TurnSummaryPanel(controller, FACILITATOR)
        self.panel.refresh(turn)
        shown = self.panel.summary.turn if self.panel.summary else turn
        self.setWindowTitle(f"Turn {shown} summary" if shown else "Turn summary")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 640)
