"""Every section in every format; the JSON validates; the PDF is a real, paginated PDF."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from tests.report.conftest import GOLDEN, ROOT, VIEWS
from tests.report.helpers import md_text, pdf_pages, pdf_text
from wargame.report.common import SECTION_NUMBER, SECTIONS
from wargame.report.model import Report
from wargame.report.render_md import slug
from wargame.report.schema import REPORT_SCHEMA, field_reference

Output = Callable[[str, str], bytes]


def test_golden_save_replays_exactly(session) -> None:  # type: ignore[no-untyped-def]
    assert session.ended
    assert session.hash_mismatches == []
    assert len(session.turns) == 12
    assert GOLDEN.stat().st_size > 0


@pytest.mark.parametrize("view", VIEWS)
def test_html_has_every_section_and_a_working_contents(view: str, output: Output) -> None:
    page = output(view, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for anchor, title in SECTIONS:
        assert f'id="{anchor}"' in page, anchor
        assert f'href="#{anchor}"' in page, anchor
        assert title in page
    for href in set(re.findall(r'href="#([^"]+)"', page)):
        assert f'id="{href}"' in page, f"contents link #{href} has no target"
    # Self-contained: no scripts, no external resources.
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<svg" in page and "@media print" in page


@pytest.mark.parametrize("view", VIEWS)
def test_markdown_has_every_section_and_gfm_tables(view: str, output: Output) -> None:
    text = output(view, "md").decode("utf-8")
    for anchor, title in SECTIONS:
        heading = f"## {SECTION_NUMBER[anchor]}. {title}"
        assert f"\n{heading}\n" in text, heading
        assert f"(#{slug(f'{SECTION_NUMBER[anchor]}. {title}')})" in text
    # Every table row has as many cells as its header.
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line):
            cells = _cells(lines[i - 1])
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert _cells(lines[j]) == cells, (lines[i - 1], lines[j])
                j += 1


def _cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line.rstrip())) - 1


@pytest.mark.parametrize("view", VIEWS)
def test_json_validates_against_its_schema(view: str, output: Output) -> None:
    data = json.loads(output(view, "json"))
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(data)
    for key in REPORT_SCHEMA["required"]:
        assert key in data
    assert data["view"]["label"] == view
    assert len(data["turns"]) == 12


def test_schema_rejects_what_it_should(output: Output) -> None:
    data = json.loads(output("facilitator", "json"))
    validator = jsonschema.Draft202012Validator(REPORT_SCHEMA)
    bad = {**data, "surprise": 1}
    assert not validator.is_valid(bad)
    bad = {**data, "view": {**data["view"], "kind": "spy"}}
    assert not validator.is_valid(bad)


def test_docs_document_every_field() -> None:
    doc = (ROOT / "docs" / "aar-format.md").read_text(encoding="utf-8")
    assert field_reference() in doc, "regenerate the field reference in docs/aar-format.md"
    for name, obj in [("Report", REPORT_SCHEMA), *REPORT_SCHEMA["$defs"].items()]:
        assert f"### {name}" in doc
        for field in obj.get("properties", {}):
            assert f"`{field}`" in doc


@pytest.mark.parametrize("view", ["facilitator", VIEWS[2]])
def test_pdf_is_paginated_with_contents_and_extractable_text(view: str, output: Output,
                                                              tmp_path: Path) -> None:
    raw = output(view, "pdf")
    assert raw.startswith(b"%PDF-")
    assert raw.rstrip().endswith(b"%%EOF")
    assert pdf_pages(raw) >= 10
    assert b"/Outlines" in raw  # bookmarks for the contents
    text = pdf_text(raw, tmp_path)
    if text is None:
        pytest.fail("pdftotext is missing: install poppler-utils (.ci/run does)")
    assert "Contents" in text
    for _anchor, title in SECTIONS:
        assert title in text, title
    assert "Page 3" in text
    assert "–" in text  # en dash through the DejaVu font


def test_pdf_uses_vector_charts_and_embedded_fonts(output: Output) -> None:
    raw = output("facilitator", "pdf")
    assert b"/Subtype /Image" not in raw  # charts are drawn, not pasted as pictures
    if Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file():
        assert b"DejaVuSans" in raw


def test_markdown_reads_as_plain_text(output: Output) -> None:
    text = md_text(output("facilitator", "md"))
    assert "<details>" in text  # per-turn logs fold on a code-hosting site
    assert "Executive summary" in text


def test_report_model_round_trips(report_for: Callable[[str], Report]) -> None:
    report = report_for("facilitator")
    again = Report.model_validate(json.loads(json.dumps(report.to_dict())))
    assert again == report
