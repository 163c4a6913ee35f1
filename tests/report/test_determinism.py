"""The same save gives byte-identical reports, run after run."""

from __future__ import annotations

import pytest

from tests.report.conftest import GOLDEN
from wargame.report import render
from wargame.report.model import build_report
from wargame.session import Session
from wargame.views import View


@pytest.mark.parametrize("label", ["facilitator", "PAK"])
def test_two_runs_are_byte_identical(label: str) -> None:
    outputs = []
    for _ in range(2):
        session = Session.open(GOLDEN, readonly=True)
        report = build_report(session, View.parse(label, session.scenario), save_name=GOLDEN.name)
        outputs.append({fmt: render(report, fmt) for fmt in ("html", "md", "json", "pdf", "csv")})
    for fmt in ("html", "md", "json", "pdf", "csv"):
        assert outputs[0][fmt] == outputs[1][fmt], fmt
