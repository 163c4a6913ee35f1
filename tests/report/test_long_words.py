"""A 10,000-character word in a team name: the PDF lays it out, and one format's failure
does not stop the others (regression of issue 12: reportlab LayoutError, later formats lost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.report import ReportExportError, export_report
from wargame.report import render_pdf as pdf_module
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session

ROOT = Path(__file__).resolve().parents[2]
WORD = "W" * 10_000


@pytest.fixture(scope="module")
def long_save(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    path = tmp_path_factory.mktemp("long") / "long.wgsave"
    session = Session.create(scenario, seed=5, turns=2, path=path,
                             seats={"PAK": Seat("human", WORD)})
    session.fill_computer_orders()
    session.end_turn()
    session.close()
    return path


def test_a_10000_character_team_name_gives_every_format(long_save: Path, tmp_path: Path) -> None:
    paths = export_report(long_save, "all", "facilitator", tmp_path)
    assert [p.suffix for p in paths] == [".html", ".pdf", ".md", ".json", ".csv"]
    assert paths[1].read_bytes().startswith(b"%PDF")


def test_one_failing_format_does_not_stop_the_others(long_save: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(report: object) -> bytes:
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    with pytest.raises(ReportExportError) as info:
        export_report(long_save, "html,pdf,md", "public", tmp_path)
    assert [p.suffix for p in info.value.written] == [".html", ".md"]
    assert all(p.is_file() for p in info.value.written)
    assert list(info.value.failures) == ["pdf"]
    assert "RuntimeError: layout exploded" in info.value.failures["pdf"]
    assert not (tmp_path / "long-public.pdf").exists()


def test_cut_to_width_is_linear_and_exact() -> None:
    """Each piece fits, the pieces rebuild the line, and a 200,000-character word is cut
    at once (the old loop re-measured the rest of the line after every cut)."""
    import time

    from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

    from wargame.report.render_pdf import cut_to_width

    pieces = cut_to_width("abcdefghij" * 30, "Helvetica", 8, 50)
    assert "".join(pieces) == "abcdefghij" * 30
    assert all(stringWidth(p, "Helvetica", 8) <= 50 for p in pieces)
    assert all(stringWidth(p + pieces[i + 1][0], "Helvetica", 8) > 50
               for i, p in enumerate(pieces[:-1]))
    assert cut_to_width("W", "Helvetica", 8, 1) == ["W"]  # one character even if too wide
    started = time.process_time()
    assert len(cut_to_width("W" * 200_000, "Helvetica", 8, 100)) > 1000
    assert time.process_time() - started < 5


def test_print_copy_bounds_names_words_and_texts() -> None:
    from wargame.report.printable import NAME_LIMIT, TEXT_LIMIT, WORD_LIMIT, Fitter

    name = "Team " + "very long name " * 20
    fitter = Fitter({name})
    line = f"{name} plays a move against India"
    fitted = fitter.fit(line)
    assert fitted == name[: NAME_LIMIT - 1].rstrip() + "… plays a move against India"
    word = fitter.fit("see " + "W" * 10_000 + " here")
    assert word == "see " + "W" * (WORD_LIMIT - 1) + "… here"
    text = fitter.fit("word " * 2_000)
    kept, marker = text.split(" … ")
    assert TEXT_LIMIT - 200 <= len(kept) <= TEXT_LIMIT and kept == ("word " * 2_000)[:len(kept)]
    left_out = 10_000 - len(kept)
    assert marker == (f"[{left_out:,} more characters: the HTML, Markdown and JSON reports "
                      "hold the whole text]")
    assert Fitter(set()).fit("short text, short words") == "short text, short words"


def test_a_report_with_nothing_long_is_printed_as_it_is(long_save: Path) -> None:
    from wargame.report.model import build_report
    from wargame.report.printable import printable
    from wargame.views import FACILITATOR

    report = build_report(Session.open(ROOT / "tests" / "data" / "golden-12.wgsave",
                                       readonly=True), FACILITATOR)
    assert printable(report) is report
    long_report = build_report(Session.open(long_save, readonly=True), FACILITATOR)
    printed = printable(long_report)
    assert printed is not long_report
    assert all(len(s.team) <= 80 for s in printed.seats)
    assert any(len(s.team) == 10_000 for s in long_report.seats)
