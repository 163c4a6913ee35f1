"""export_report: file names, atomic writes, clear errors, and games still running."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.conftest import GOLDEN, ROOT
from wargame.errors import SaveFileError, WargameError
from wargame.report import (
    ReportError,
    ReportFormatError,
    ReportViewError,
    export_report,
    parse_formats,
)
from wargame.report.model import build_report
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session
from wargame.views import FACILITATOR, PUBLIC


def test_writes_each_format_with_predictable_names(tmp_path: Path) -> None:
    out = tmp_path / "new" / "folder"
    paths = export_report(GOLDEN, "html,pdf,md,json", "PAK", out)
    assert [p.name for p in paths] == [f"golden-12-PAK.{ext}" for ext in
                                       ("html", "pdf", "md", "json")]
    assert all(p.stat().st_size > 1000 for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)  # no temp files


def test_overwrites_atomically(tmp_path: Path) -> None:
    first = export_report(GOLDEN, ["md"], "public", tmp_path)[0]
    before = first.read_bytes()
    first.write_text("stale")
    again = export_report(GOLDEN, ["md"], "public", tmp_path)[0]
    assert again == first and again.read_bytes() == before


@pytest.mark.parametrize("formats", [["docx"], "html,xml", [], ""])
def test_bad_formats_are_clear_errors(formats: list[str] | str, tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match="html, pdf, md, json"):
        export_report(GOLDEN, formats, "facilitator", tmp_path)


def test_format_names_are_forgiving() -> None:
    assert parse_formats(["HTML", "markdown", "html"]) == ["html", "md"]
    assert parse_formats("all") == ["html", "pdf", "md", "json", "csv"]


@pytest.mark.parametrize("view", ["XYZ", "", "pak"])
def test_bad_views_are_clear_errors(view: str, tmp_path: Path) -> None:
    with pytest.raises(ReportViewError, match="facilitator, public") as info:
        export_report(GOLDEN, ["json"], view, tmp_path)
    assert isinstance(info.value, WargameError)
    assert list(tmp_path.iterdir()) == []



def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("kept")
    with pytest.raises(ReportError, match=r"notes\.txt: it is a file, not a folder"):
        export_report(GOLDEN, ["md"], "public", taken)
    assert taken.read_text() == "kept"

def test_missing_save_is_a_save_file_error(tmp_path: Path) -> None:
    with pytest.raises(SaveFileError):
        export_report(tmp_path / "nope.wgsave", ["json"], "facilitator", tmp_path)


def test_report_of_a_game_still_running(tmp_path: Path) -> None:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    save = tmp_path / "running.wgsave"
    session = Session.create(scenario, seed=9, path=save, seats={"PAK": Seat("human", "Green")})
    session.fill_computer_orders()
    session.end_turn()
    session.note("Mid-game note")
    session.fill_computer_orders()  # turn 2 orders sealed but not resolved
    session.close()
    paths = export_report(save, "all", "facilitator", tmp_path / "out")
    assert len(paths) == 5
    report = build_report(Session.open(save, readonly=True), FACILITATOR)
    assert report.purpose.ended is False and report.purpose.turns_played == 1
    assert [t.complete for t in report.turns] == [True, False]
    assert report.turns[-1].sheets  # the facilitator sees the sealed orders of the open turn
    public = build_report(Session.open(save, readonly=True), PUBLIC)
    assert public.turns[-1].sheets == ()


def test_report_before_any_turn(tmp_path: Path) -> None:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    session = Session.create(scenario, seed=1)
    report = build_report(session, FACILITATOR)
    assert report.purpose.turns_played == 0
    assert all(len(t.rungs) == 1 for t in report.trajectories)
    from wargame.report import render

    for fmt in ("html", "md", "json", "pdf"):
        assert render(report, fmt)


def test_report_package_is_free_of_qt() -> None:
    import subprocess
    import sys

    code = ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('PySide6', 'ui'):\n"
            "            raise ImportError('Qt must not be imported by wargame.report')\n"
            "sys.meta_path.insert(0, Block())\n"
            "import wargame.report, wargame.report.render_pdf, wargame.report.render_html\n"
            "import wargame.report.render_md, wargame.report.render_json, wargame.report.schema\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
