"""Fixtures for report tests: the committed golden save, its editions and their renderings."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from wargame.report import render
from wargame.report.model import Report, build_report
from wargame.session import Session
from wargame.views import View

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden-12.wgsave"
FORMATS = ("html", "md", "json", "pdf")


@cache
def golden_session() -> Session:
    return Session.open(GOLDEN, readonly=True)


def team_views() -> list[str]:
    session = golden_session()
    humans = sorted(a for a, s in session.seats.items() if s.kind == "human")
    computer = sorted(a for a, s in session.seats.items()
                      if s.kind == "computer" and session.scenario.actor(a).playable)
    return [*humans, *computer[:1]]


VIEWS = ["facilitator", "public", *team_views()]


def parse(label: str) -> View:
    return View.parse(label, golden_session().scenario)


@cache
def golden_report(label: str) -> Report:
    return build_report(golden_session(), parse(label), save_name=GOLDEN.name)


@cache
def rendered(label: str, fmt: str) -> bytes:
    return render(golden_report(label), fmt)


@pytest.fixture(scope="session")
def session() -> Session:
    return golden_session()


@pytest.fixture(scope="session")
def report_for() -> Callable[[str], Report]:
    return golden_report


@pytest.fixture(scope="session")
def output() -> Callable[[str, str], bytes]:
    return rendered
