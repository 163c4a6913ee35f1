"""The short debrief edition: a few pages beside the full report, the same view filter,
and never anything its full edition lacks."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.report.conftest import GOLDEN, golden_report, rendered
from tests.report.helpers import pdf_pages
from tests.tools import needs
from wargame.cli import main
from wargame.report import ReportFormatError, export_report, render
from wargame.report.common import debrief_hot_wash, grouped_off_ramps

needs_poppler = needs("pdfinfo", "pdftotext")


def short(label: str, fmt: str) -> bytes:
    return render(golden_report(label), fmt, short=True)


def pdfinfo_pages(raw: bytes, tmp: Path) -> int:
    path = tmp / "count.pdf"
    path.write_bytes(raw)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)$", out.stdout, re.M)
    assert match, out.stdout
    return int(match.group(1))


def pdf_words(raw: bytes, tmp: Path) -> set[str]:
    path = tmp / "words.pdf"
    path.write_bytes(raw)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    return set(re.findall(r"[\w'.·→+-]+", text))


#: Words only the short edition's cover, banner and headings use.
EDITION_WORDS = {"SHORT", "DEBRIEF", "debrief"}


@needs_poppler
def test_the_short_facilitator_pdf_is_a_few_pages(tmp_path: Path) -> None:
    full = pdfinfo_pages(rendered("facilitator", "pdf"), tmp_path)
    brief = pdfinfo_pages(short("facilitator", "pdf"), tmp_path)
    assert brief <= 6
    assert brief * 5 <= full  # 5 against 71 pages for the 12-turn golden game
    assert pdf_pages(short("facilitator", "pdf")) == brief


@needs_poppler
def test_the_short_pdf_has_the_summary_turning_points_objectives_and_hot_wash(
        tmp_path: Path) -> None:
    raw = short("facilitator", "pdf")
    path = tmp_path / "s.pdf"
    path.write_bytes(raw)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    for heading in ("1. Executive summary", "Turning points", "Threshold crossings",
                    "Decision points and off-ramps", "2. Objectives", "3. Hot wash",
                    "What was supposed to happen", "Sustain", "Improve"):
        assert heading in text, heading
    for absent in ("Timeline, turn by turn", "Misperception ledger", "Appendix: replay",
                   "Orders, odds and dice", "Policy levers"):
        assert absent not in text, absent
    report = golden_report("facilitator")
    biggest = report.summary.turning_points[0]
    assert biggest.rivalry_name in text
    assert re.search(rf"{biggest.from_rung}\s*→\s*{biggest.to_rung}", text)
    assert "SHORT DEBRIEF · FACILITATOR EDITION" in text


@needs_poppler
@pytest.mark.parametrize("label", ["PAK", "public"])
def test_a_short_edition_carries_nothing_its_full_edition_lacks(label: str,
                                                                tmp_path: Path) -> None:
    brief, full = pdf_words(short(label, "pdf"), tmp_path), pdf_words(rendered(label, "pdf"),
                                                                       tmp_path)
    assert brief - full - EDITION_WORDS == set()
    # The comparison can fail: the facilitator's short edition has what this one lacks.
    assert pdf_words(short("facilitator", "pdf"), tmp_path) - full - EDITION_WORDS
    # Every bullet and headline sentence of the short Markdown is in the full one.
    lines = [x for x in short(label, "md").decode("utf-8").splitlines() if x.startswith("- ")]
    full_md = set(rendered(label, "md").decode("utf-8").splitlines())
    assert len(lines) > 10 and [x for x in lines if x not in full_md] == []


def test_the_short_markdown_and_html_print_only_the_short_sections() -> None:
    md = short("facilitator", "md").decode("utf-8")
    assert re.findall(r"^## .*$", md, re.M) == [
        "## Contents", "## 1. Executive summary", "## 2. Objectives", "## 3. Hot wash"]
    html = short("facilitator", "html").decode("utf-8")
    assert re.findall(r'<h2 class="section" id="(\w+)"', html) == [
        "summary", "objectives", "hotwash"]
    assert 'href="#turn-' not in html  # no links to the timeline it does not have
    assert '<body class="short">' in html  # print CSS: no page per section, one-column contents
    assert "<body>" in rendered("facilitator", "html").decode("utf-8")
    assert len(html) * 10 < len(rendered("facilitator", "html"))


def test_the_debrief_hot_wash_drops_only_what_the_short_edition_already_shows() -> None:
    report = golden_report("facilitator")
    full, brief = report.hot_wash, debrief_hot_wash(report)
    dropped = full.supposed[len(brief.supposed):]
    assert [o.description in line for o, line in zip(report.objectives.items, dropped,
                                                     strict=True)] == [True] * len(dropped)
    assert brief.supposed == full.supposed[:1]  # the scenario's own summary
    assert all(line in full.happened for line in brief.happened)
    assert not set(brief.happened) & set(report.summary.headline)
    # Why: one line per turning point; the 19 unanswered offers are in the off-ramp table.
    assert len(brief.why) == len(report.summary.turning_points)
    assert len(full.why) - len(brief.why) == 19
    assert all("went unanswered" in line for line in full.why[len(brief.why):])


def test_off_ramps_fold_into_one_row_per_rivalry_actor_and_fate() -> None:
    report = golden_report("facilitator")
    groups = grouped_off_ramps(report)
    assert sum(len(g.turns) for g in groups) == len(report.summary.off_ramps) == 19
    keys = [(g.rivalry, g.kind, g.actor, g.fate) for g in groups]
    assert len(keys) == len(set(keys)) == 3  # PAK and TAL on PAK-TAL, USA
    assert all(list(g.turns) == sorted(g.turns) for g in groups)
    assert {g.fate for g in groups} == {"not reciprocated (missed)"}


def test_export_writes_short_files_beside_the_full_ones(tmp_path: Path) -> None:
    full = export_report(GOLDEN, "md", "PAK", tmp_path)
    brief = export_report(GOLDEN, "all", "PAK", tmp_path, short=True)
    assert [p.name for p in full] == ["golden-12-PAK.md"]
    assert [p.name for p in brief] == [f"golden-12-PAK-short.{x}" for x in ("html", "pdf", "md")]
    assert full[0].exists()


@pytest.mark.parametrize("formats", ["json", "pdf,csv"])
def test_short_data_formats_are_refused_clearly(formats: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ReportFormatError, match="short debrief edition has no"):
        export_report(GOLDEN, formats, "facilitator", tmp_path, short=True)
    assert main(["report", str(GOLDEN), "--short", "--format", formats,
                 "--out", str(tmp_path)]) == 2
    assert "drop --short" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_short_writes_the_three_short_formats(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(GOLDEN), "--short", "--view", "public",
                 "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "golden-12-public-short.html", "golden-12-public-short.md", "golden-12-public-short.pdf"]
    assert "golden-12-public-short.pdf" in capsys.readouterr().out
