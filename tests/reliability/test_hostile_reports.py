"""Hostile strings in every text field never break a report, in any edition or format.

The matrix: each string of :data:`~tests.reliability.hostile.HOSTILE` (a 10,000-character
word, right-to-left and zero-width marks, combining characters, markup and script,
spreadsheet formulas, NUL and other control characters, a very long line, emoji) put in
every text of a 3-turn game of the tutorial (actor, team, rivalry, move, indicator,
objective and event names, notes, bookmarks, injects, order rationales, ruling reasons),
times every edition (facilitator, public, each of the four actors), times every format.

Each output is checked against the same game played with plain text: the HTML has the
same sequence of elements (no text became markup), the Markdown the same line structure
and table columns, the CSV the same rows and columns with no cell a spreadsheet would run
as a formula; no text format holds a control character; the JSON holds every hostile text
exactly; the PDF is a complete file of bounded length. Regression of issue 12: a
10,000-character word took more than ten CPU minutes to export (the PDF is now bounded
for print, :mod:`wargame.report.printable`).

CI renders every format of every edition but the PDF, which it renders for the
facilitator and one team edition; ``WARGAME_SLOW=1`` renders every PDF.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.hostile import HOSTILE, hostile_scenario, play_hostile_game
from wargame.report import FORMATS, render
from wargame.report.common import clean
from wargame.report.model import build_report
from wargame.report.render_csv import COLUMNS, FORMULA_STARTS
from wargame.scenario.loader import load_scenario
from wargame.session import Session
from wargame.views import View

from .conftest import SLOW, TUTORIAL

PLAIN = "plain text"
EDITIONS = ("facilitator", "public", "PAK", "IND", "TAL", "TTP")
PDF_EDITIONS = EDITIONS if SLOW else ("facilitator", "IND")
#: Characters no text format may hold (JSON escapes them; it is checked separately).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                       "\ufffe\uffff]")
ROOT = Path(__file__).resolve().parents[2]


@cache
def game(name: str) -> Path:
    """The save of the 3-turn game with ``name``'s string (or plain text) in every text."""
    import tempfile

    text = PLAIN if name == "plain" else HOSTILE[name]
    folder = Path(tempfile.mkdtemp(prefix=f"wargame-hostile-{name}-"))
    scenario = load_scenario(hostile_scenario(TUTORIAL, text, folder))
    return play_hostile_game(scenario, text, folder / f"{name}.wgsave")


@cache
def session_of(name: str) -> Session:
    return Session.open(game(name), readonly=True)


def output(name: str, edition: str, fmt: str) -> bytes:
    if name == "plain":
        return _plain(edition, fmt)
    session = session_of(name)
    report = build_report(session, View.parse(edition, session.scenario), save_name="game")
    return render(report, fmt)


@cache
def _plain(edition: str, fmt: str) -> bytes:
    session = session_of("plain")
    report = build_report(session, View.parse(edition, session.scenario), save_name="game")
    return render(report, fmt)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)


def html_structure(page: str) -> tuple[list[str], set[str]]:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.tags, set(parser.attributes)


_PIPE = re.compile(r"(?<!\\)\|")


def md_structure(text: str) -> list[str]:
    """Each line's kind: blank, heading level, list item, fence, or table row with its
    number of unescaped cell separators; other text is "text"."""
    kinds = []
    for line in text.splitlines():
        if not line.strip():
            kinds.append("blank")
        elif line.startswith("#"):
            kinds.append(line.split(" ", 1)[0])
        elif line.startswith("```"):
            kinds.append("fence")
        elif line.startswith("|"):
            kinds.append(f"row{len(_PIPE.findall(line))}")
        elif re.match(r"^\s*[-*] ", line):
            kinds.append("item")
        else:
            kinds.append("text")
    return kinds


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def _is_number(cell: str) -> bool:
    """A number the renderer wrote ("-0.28"): a spreadsheet reads it as a number, not a
    formula."""
    return re.fullmatch(r"[-+]?\d+(\.\d+)?(e[-+]?\d+)?", cell) is not None


def _cases() -> list[Any]:
    return [pytest.param(name, edition, id=f"{name}-{edition}")
            for name in HOSTILE for edition in EDITIONS]


@pytest.mark.parametrize(("name", "edition"), _cases())
def test_text_formats_keep_their_structure(name: str, edition: str) -> None:
    texts = {fmt: output(name, edition, fmt).decode("utf-8") for fmt in ("html", "md", "csv")}
    for fmt, text in texts.items():
        bad = FORBIDDEN.search(text)
        assert bad is None, f"{fmt}: character U+{ord(bad.group()):04X} at {bad.start()}"
    tags, attributes = html_structure(texts["html"])
    plain_tags, plain_attributes = html_structure(output("plain", edition, "html").decode())
    assert tags == plain_tags, "hostile text changed the HTML's elements"
    assert attributes == plain_attributes
    assert md_structure(texts["md"]) == md_structure(output("plain", edition, "md").decode())
    rows = csv_rows(texts["csv"].encode("utf-8"))
    assert len(rows) == len(csv_rows(output("plain", edition, "csv")))
    assert rows[0] == list(COLUMNS)
    for row in rows[1:]:
        assert len(row) == len(COLUMNS)
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), cell[:40]


@pytest.mark.parametrize(("name", "edition"), _cases())
def test_json_holds_every_text_exactly(name: str, edition: str) -> None:
    data = json.loads(output(name, edition, "json"))
    assert data["view"]["kind"] == {"facilitator": "facilitator", "public": "public"}.get(
        edition, "actor")
    if edition != "facilitator":
        return
    text = HOSTILE[name]
    turns = data["turns"]
    fields = {
        "team name": [s["team"] for s in data["seats"]],
        "actor name": [s["actor_name"] for s in data["seats"]],
        "rivalry name": [r["name"] for r in data["rivalries"]],
        "move name": [m["move_name"] for t in turns for m in t["moves"]],
        "note": [n["text"] for n in data["annotations"]["notes"]],
        "bookmark": [b["label"] for b in data["annotations"]["bookmarks"]],
        "ruling reason": [m["ruling"]["reason"] for t in turns for m in t["moves"]
                          if m["ruling"]],
        "rationale": [m["rationale"] for t in turns for m in t["moves"]],
        "inject text": [e["text"] for t in turns for e in t["events"]],
    }
    for field, values in fields.items():
        assert any(text in v for v in values), f"the {field} lost the hostile text"


@pytest.mark.parametrize("edition", PDF_EDITIONS)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_pdf_is_complete_and_bounded(name: str, edition: str) -> None:
    started = time.process_time()
    pdf = output(name, edition, "pdf")
    seconds = time.process_time() - started
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    plain = len(re.findall(rb"/Type\s*/Page(?!s)", output("plain", edition, "pdf")))
    # Every text is bounded for print, so a hostile game prints at most a few times the
    # pages of a plain one (before the fix: thousands of pages for the 10,000-character word).
    assert pages <= 4 * plain + 10, (pages, plain)
    assert seconds < 60, f"{seconds:.1f} CPU seconds"


def test_every_format_of_every_edition_of_the_longest_word_is_quick() -> None:
    """Regression: a 10,000-character word took more than ten CPU minutes to export."""
    started = time.process_time()
    for edition in EDITIONS:
        for fmt in FORMATS:
            output("long_word", edition, fmt)
    assert time.process_time() - started < 60


def test_clean_removes_what_no_text_format_may_hold() -> None:
    assert clean("a\x00b\x07c\x1b[31md\x7fe\x85f") == "abc[31mdef"
    assert clean("\u202eevil\u202c \u2067x\u2069 \u200fשלום") == "evil x \u200fשלום"
    assert clean("line\u2028next\u2029para") == "line\nnext\npara"
    assert clean("tab\tnl\ncr\r") == "tab\tnl\ncr\r"
    assert clean("zero\u200bwidth\u200d👩🏽‍🚀") == "zero\u200bwidth\u200d👩🏽‍🚀"
    assert clean("x\ud800y\uffffz") == "xyz"


def test_text_that_cannot_be_saved_is_refused_and_loses_nothing(tmp_path: Path) -> None:
    """A lone UTF-16 surrogate (a paste can carry one) cannot be written as UTF-8.

    Regression: the note raised UnicodeEncodeError after the session had applied it, so
    the screen showed a note the save did not hold; a team name left an empty save file.
    """
    from wargame.errors import CommandError
    from wargame.orders import Inject
    from wargame.session import Seat

    broken = "pasted \ud83d text"
    scenario = load_scenario(TUTORIAL)
    with pytest.raises(CommandError, match="U\\+D83D"):
        Session.create(scenario, seed=1, turns=2, path=tmp_path / "seat.wgsave",
                       seats={"PAK": Seat("human", broken)})
    assert not (tmp_path / "seat.wgsave").exists()
    session = Session.create(scenario, seed=1, turns=2, path=tmp_path / "game.wgsave")
    session.note("kept")
    for command in (lambda: session.note(broken),
                    lambda: session.inject(Inject(title="t", text=broken)),
                    lambda: session.bookmark(broken)):
        with pytest.raises(CommandError, match="cannot be saved"):
            command()
    assert [n.text for n in session.notes] == ["kept"]
    assert session.undo_text() == Session.open(tmp_path / "game.wgsave",
                                               readonly=True).undo_text()
    session.note("after")
    session.close()
    reopened = Session.open(tmp_path / "game.wgsave", readonly=True)
    assert [n.text for n in reopened.notes] == ["kept", "after"]
