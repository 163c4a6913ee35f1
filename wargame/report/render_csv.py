"""CSV rendering: the adjudication table of the report, one row per resolved move.

For spreadsheets and scripts: who did what to whom on which rivalry, the odds with
their PROs and CONs, the dice, the outcome that stood and any White Cell ruling.
Rows come from the report model, so an edition holds exactly the moves, rationales
and rolls its view may read. Text written by players or scenario authors that a
spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) is
prefixed with an apostrophe. Control characters (NUL, escape sequences, C1 controls,
bidirectional overrides) are removed from every text first. UTF-8 with a byte-order
mark, so spreadsheet programs pick the right encoding.
"""

from __future__ import annotations

import csv
import io

from wargame.report.common import clean
from wargame.report.model import MoveResult, Report

COLUMNS = ("turn", "date", "actor", "actor_name", "move", "move_name", "target",
           "target_name", "rivalry", "rung", "category", "visibility", "jump", "base_odds",
           "pros_and_cons", "capability_term", "probability", "need_2d6", "roll_2d6", "roll",
           "proposed", "outcome", "rerolls", "war_gate", "decision", "ruling", "ruling_reason",
           "effects", "rationale")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    """A cell of written text: control characters removed (a NUL stops many CSV readers,
    see :func:`~wargame.report.common.clean`), then guarded against formula injection."""
    text = clean(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}"


def _row(turn: int, date: str, m: MoveResult) -> list[str]:
    factors = "; ".join(f"{f.label} {f.pros:+g}" for f in m.factors)
    decision = ""
    if m.decision is not None:
        verdict = "approved" if m.decision.passed else "refused"
        decision = f"{m.decision.reason}: {verdict} ({m.decision.probability:.0%})"
    return [str(turn), date, m.actor, _text(m.actor_name), m.move, _text(m.move_name),
            m.target or "", _text(m.target_name), m.rivalry or "", str(m.rung), m.category,
            m.visibility, "yes" if m.jump else "", _number(m.base), _text(factors),
            _number(m.capability_term), _number(m.probability), _number(m.target_2d6),
            _number(m.roll_2d6), _number(m.roll), m.proposed or "", m.outcome or "",
            _number(m.rerolls or None), "yes" if m.war_gate else "", _text(decision),
            m.ruling.kind if m.ruling else "", _text(m.ruling.reason if m.ruling else None),
            _text("; ".join(m.effects)), _text(m.rationale)]


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for section in report.turns:
        for move in section.moves:
            writer.writerow(_row(section.turn, section.date, move))
    return "\ufeff" + out.getvalue()
