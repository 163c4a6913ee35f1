"""Printed order sheets: one page (or more) per team to deliberate on at its table.

A sheet holds only what that team may know, exactly as its team screen shows it
(:func:`ui.widgets.team_screen.briefing_html`: the ladders as the team sees them, its
position, past orders and signals), then its legal moves this turn grouped by rivalry
(the rows of :class:`~ui.models.orders_model.LegalOrdersModel`, rungs as the team sees
them), and blank lines for the orders, their reasons and a signal. The team comes to
the laptop with the sheet filled in; nothing on it is journalled.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from ui.controller import Controller
from ui.models.orders_model import LegalOrdersModel
from ui.printing import page_size, pdf_printer
from ui.widgets.team_screen import briefing_html
from wargame.views import actor_view, rung_seen

STYLE = ("body { font-size: 9pt; } h1 { font-size: 15pt; } h2 { font-size: 12pt; } "
         "h3 { font-size: 10.5pt; } th { background: #e8e8e8; text-align: left; } "
         "td, th { padding: 2px 4px; }")


def legal_moves_html(controller: Controller, actor: str) -> str:
    """The team's legal moves this turn as a table (rungs as the team sees them)."""
    c = controller
    st = c.state
    view = actor_view(actor)
    model = LegalOrdersModel()
    model.load(c.scenario, st, actor, lambda rid: rung_seen(view, st, rid))
    e = html.escape
    head = "".join(f"<th>{e(name)}</th>" for name in model.columns)
    rows = []
    for r in range(model.rowCount()):
        cells = "".join(f"<td>{e(str(model.index(r, col).data()))}</td>"
                        for col in range(model.columnCount()))
        rows.append(f"<tr>{cells}</tr>")
    return ("<h3>Your legal moves this turn</h3>"
            "<table border='1' cellspacing='0' width='100%'>"
            f"<tr>{head}</tr>{''.join(rows)}</table>")


def form_html(controller: Controller, actor: str) -> str:
    """Blank lines for the orders, their reasons and a signal."""
    limit = controller.scenario.metadata.orders_per_turn
    line = "_" * 60
    rows = "".join(f"<tr><td width='6%'><b>{i}.</b></td><td>Move and target: {line}</td></tr>"
                   f"<tr><td></td><td>Why: {line}{'_' * 12}</td></tr>"
                   for i in range(1, limit + 1))
    return (f"<h3>Your orders (up to {limit})</h3><table cellspacing='6' width='100%'>"
            f"{rows}</table>"
            "<h3>A signal (optional)</h3>"
            f"<p>Toward: {'_' * 22} Rung (0–9): ____ Public / private: ________ "
            f"Prestige stake: ____</p><p>What you declare: {line}{'_' * 10}</p>")


def order_sheet_html(controller: Controller, actor: str, *, first: bool = True) -> str:
    """One team's sheet; every sheet after the first starts on a new page."""
    c = controller
    e = html.escape
    st = c.state
    brk = "" if first else " style='page-break-before: always'"
    return (f"<div{brk}><h1>{e(c.team_label(actor))} — {e(c.scenario.actor(actor).name)}</h1>"
            f"<p>{e(c.title)} · turn {st.turn} of {st.last_turn} · order sheet. "
            "<b>For your team only.</b> Bring it to the laptop when it is your turn to "
            "seal orders.</p>"
            + briefing_html(c, actor) + legal_moves_html(c, actor) + form_html(c, actor)
            + "</div>")


def sheets_document(controller: Controller, actors: list[str]) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultStyleSheet(STYLE)
    document.setHtml("".join(order_sheet_html(controller, a, first=i == 0)
                             for i, a in enumerate(actors)))
    return document


def print_order_sheets(controller: Controller, actors: list[str], printer: QPrinter) -> int:
    """Print the sheets of ``actors`` (a page break before each team); returns pages."""
    document = sheets_document(controller, actors)
    document.setPageSize(page_size(printer))
    pages = document.pageCount()
    document.print_(printer)
    return pages


def write_order_sheets_pdf(controller: Controller, actors: list[str], path: Path) -> int:
    """The sheets as an A4 PDF at ``path``; returns the number of pages."""
    return print_order_sheets(controller, actors, pdf_printer(path))
