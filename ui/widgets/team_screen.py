"""One team's private screen: only what ``views`` lets that actor see, plus its order editor.

Everything shown here goes through :func:`wargame.views.picture`,
:func:`~wargame.views.rung_seen`, :func:`~wargame.views.visible_entries` (via the
log model) and :func:`~wargame.views.visible_sheets`: never the true rung where
the team misperceives it, never another team's sealed orders.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller
from ui.widgets.log_panel import LogPanel
from ui.widgets.order_editor import OrderEditor
from ui.widgets.turn_summary import TurnSummaryPanel
from wargame.log import LogEntry
from wargame.payloads import SignalSent
from wargame.views import TeamPicture, actor_view, picture, visible_entries, visible_sheets


class TeamScreen(QWidget):
    cancelled = Signal()

    def __init__(self, controller: Controller, actor: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.actor = actor
        self.view = actor_view(actor)
        sc, st = controller.scenario, controller.state
        title = QLabel(f"<h2 style='margin:0'>{html.escape(controller.team_label(actor))} — "
                       f"{html.escape(sc.actor(actor).name)}</h2>"
                       f"<p style='margin:0'>Turn {st.turn} of {st.last_turn}: "
                       "sealed orders. Only your team sees this screen.</p>")
        self.briefing = QTextBrowser()
        self.briefing.setHtml(self._briefing_html())
        self.log = LogPanel(controller, self.view, filters=False, compact=True)
        self.results = TurnSummaryPanel(controller, self.view, own=actor)
        """How the last turn went, as this team knows it (its own orders first)."""
        self.editor = OrderEditor(controller, actor)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Private team note for this turn")
        self.note_button = QPushButton("Add note")
        self.note_button.clicked.connect(self.add_note)
        self.cancel_button = QPushButton("Hand back without sealing")
        self.cancel_button.clicked.connect(self.cancelled)

        left = QSplitter(Qt.Orientation.Vertical)
        if self.results.summary is not None:
            left.addWidget(self.results)
        else:
            self.results.hide()
        left.addWidget(self.briefing)
        left.addWidget(self.log)
        left.setSizes([260, 260, 200] if self.results.summary is not None else [300, 260])
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.editor, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.note_button)
        rl.addLayout(note_row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 680])
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        layout.addWidget(split, 1)

    def add_note(self) -> None:
        text = self.note_edit.text().strip()
        if text and self.controller.note(text, author=self.controller.team_label(self.actor),
                                         actor=self.actor):
            self.note_edit.clear()
            self.briefing.setHtml(self._briefing_html())

    def _briefing_html(self) -> str:
        return briefing_html(self.controller, self.actor)

    def sent_signals(self) -> list[LogEntry]:
        """The signals this team sent, as its own log shows them (oldest first)."""
        return [entry for entry, _ in sent_signals(self.controller, self.actor)]

    def displayed_texts(self) -> list[str]:
        """Every text this screen shows (for privacy tests)."""
        from PySide6.QtWidgets import QAbstractItemView
        from PySide6.QtWidgets import QLabel as _QLabel

        texts = [self.briefing.toPlainText(), self.results.toPlainText()]
        texts += self.log.visible_texts()
        for w in self.findChildren(_QLabel):
            texts.append(w.text())
        for view in self.findChildren(QAbstractItemView):
            model = view.model()
            for r in range(model.rowCount()):
                for col in range(model.columnCount()):
                    texts.append(str(model.index(r, col).data() or ""))
        return texts


def briefing_html(controller: Controller, actor: str) -> str:
    """What a team knows, as HTML: the ladders as it sees them, its position, its past
    orders, the signals it sent and its notes (the team screen and its order sheet)."""
    view = actor_view(actor)
    c = controller
    sc, st = c.scenario, c.state
    pic = picture(view, sc, st)
    assert isinstance(pic, TeamPicture)  # an actor's view gives a team's picture
    e = html.escape
    out = ["<h3>The ladders as your team sees them</h3>"]
    for r in sc.rivalries:
        rung = pic.rungs[r.id]
        out.append(f"<p>{e(r.name)} ({e(r.id)}): <b>rung {rung}</b> — "
                   f"{e(sc.rung_name(r.id, rung))}</p>")
    out.append("<h3>Your position</h3><table>")
    for var, value in pic.variables.items():
        name = sc.variable(var).name if sc.has("variable", var) else var
        out.append(f"<tr><td>{e(name)}</td><td align='right'>&nbsp;{value:.1f}</td></tr>")
    out.append(f"</table><p>Objective points: {pic.objective_points:g}</p>")
    if pic.beliefs:
        out.append("<p>Your suspicion of others: " + ", ".join(
            f"{e(k)} {v:.0%}" for k, v in sorted(pic.beliefs.items())) + "</p>")
    out.append("<h3>Your past orders</h3><ul>")
    past = []
    for record in (c.session.turns if c.session else ()):
        sheet = visible_sheets(view, record.sheets).get(actor)
        if sheet is None:
            continue
        for o in sheet.orders:
            target = sc.actor(o.target).name if o.target else "no target"
            past.append(f"<li>Turn {record.turn}: {e(sc.move(o.move).name)} → "
                        f"{e(target)}" + (f" — <i>{e(o.rationale)}</i>" if o.rationale
                                          else "") + "</li>")
    out += past or ["<li>none yet</li>"]
    out.append("</ul>")
    out += signals_html(controller, actor)
    notes = [n for n in (c.session.notes if c.session else ()) if n.actor == actor]
    if notes:
        out.append("<h3>Your notes</h3><ul>" + "".join(
            f"<li>Turn {n.turn}: {e(n.text)}</li>" for n in notes) + "</ul>")
    return "".join(out)


def sent_signals(controller: Controller, actor: str) -> list[tuple[LogEntry, SignalSent]]:
    """The signals ``actor`` sent, as its own log shows them (oldest first), each with
    its payload."""
    return [(e, e.payload) for e in visible_entries(actor_view(actor), controller.log)
            if isinstance(e.payload, SignalSent) and e.actor == actor]


def signals_html(controller: Controller, actor: str) -> list[str]:
    """The "Signals you sent" section: turn, rung, toward whom, public or private, stake,
    and the words declared."""
    e = html.escape
    c = controller
    out = ["<h3>Signals you sent</h3><ul>"]
    for entry, sent in sent_signals(controller, actor):
        toward = c.actor_name(entry.target)
        words = ""  # the declared words, as the log line quotes them
        if " \u2014 \u201c" in entry.text:
            words = e(entry.text[entry.text.index(" \u2014 \u201c"):])
        out.append(f"<li>Turn {entry.turn}: rung {sent.rung} toward {e(toward)}, "
                   f"{'public' if sent.public else 'private'}"
                   + (f", prestige stake {float(sent.stake):g}" if sent.stake else "")
                   + f"{words}</li>")
    if len(out) == 1:
        out.append("<li>none yet</li>")
    out.append("</ul>")
    return out
