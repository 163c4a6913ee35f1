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
