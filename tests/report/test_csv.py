"""The CSV export: one row per resolved move, from the same redacted model as the rest."""

from __future__ import annotations

import csv
import io

from tests.report.conftest import golden_session, parse
from wargame.report import render
from wargame.report.model import build_report
from wargame.report.render_csv import COLUMNS, _text


def _rows(label: str) -> list[dict[str, str]]:
    session = golden_session()
    report = build_report(session, parse(label), save_name="golden-12.wgsave")
    raw = render(report, "csv")
    assert raw.startswith("\ufeff".encode())  # spreadsheet programs then read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_one_row_per_resolved_move_with_its_odds_and_dice() -> None:
    session = golden_session()
    report = build_report(session, parse("facilitator"))
    rows = _rows("facilitator")
    moves = [(t.turn, m) for t in report.turns for m in t.moves]
    assert len(rows) == len(moves) > 100
    assert list(rows[0]) == list(COLUMNS)
    for row, (turn, move) in zip(rows, moves, strict=True):
        assert (int(row["turn"]), row["actor"], row["move"]) == (turn, move.actor, move.move)
        assert row["outcome"] == (move.outcome or "")
        if move.probability is not None:
            assert abs(float(row["probability"]) - move.probability) < 1e-9
            assert int(row["need_2d6"]) == move.target_2d6
    # one row per adjudication the engine logged: nothing dropped, nothing invented
    assert len(rows) == sum(1 for e in session.log if e.kind.value == "adjudication")


def test_a_team_edition_holds_fewer_moves_and_only_its_own_rationale() -> None:
    everything = _rows("facilitator")
    for label in ("PAK", "public"):
        rows = _rows(label)
        assert 0 < len(rows) < len(everything)
        own = parse(label).actor
        assert all(not r["rationale"] or r["actor"] == own for r in rows)
    public = _rows("public")
    assert all(r["visibility"] == "public" for r in public)


def test_formulas_are_neutralised() -> None:
    assert _text("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _text("-1+2") == "'-1+2" and _text("@SUM(A1)") == "'@SUM(A1)"
    assert _text("plain words") == "plain words" and _text(None) == ""
