"""The historical validation suite: documented crises replayed by the computer players.

A *case* is a scenario overlay (:mod:`wargame.scenario.overlay`) on a base theatre
that sets the start of a historical crisis — the rung, the incident that opened it,
a mediator already at work — and says, under ``expected:``, what history did::

    expected:
      rivalry: IND-PAK
      peak: 5                # the highest rung the crisis reached
      ending: mediated       # how it ended: settlement, mediated, restraint, war, nuclear
      source: "..."

:func:`run_case` plays the case from many seeds with the computer players (each
seat under its doctrine, the same players as a solo game) and reports the
distribution of the rivalry's peak rung and of how its crisis ended. A case
*passes* when the documented peak lies inside the model's central 50 % interval
(25th to 75th percentile of the peaks) and most runs end the crisis the way history
did. The bundled cases are in ``benchmarks/history/``; docs/rules.md, section 12,
has the table.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from wargame.analysis.executors import run_chunks
from wargame.errors import ScenarioError
from wargame.runner import doctrine, run_game
from wargame.scenario import models as m
from wargame.scenario.overlay import load_overlay
from wargame.state import GameState

ENDINGS = ("settlement", "mediated", "restraint", "war", "nuclear", "unresolved")


@dataclass(frozen=True, slots=True)
class Case:
    """One historical crisis: its start state (a scenario) and what history did."""

    id: str
    title: str
    path: str
    scenario: m.Scenario
    rivalry: str
    peak: int
    ending: str
    source: str


@dataclass(frozen=True, slots=True)
class Run:
    """What one computer-played run of a case did on the case's rivalry."""

    seed: int
    peak: int
    ending: str


@dataclass(frozen=True, slots=True)
class CaseResult:
    case: Case
    runs: tuple[Run, ...]
    peaks: Counter[int] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)

    @property
    def median(self) -> float:
        return percentile([r.peak for r in self.runs], 50)

    @property
    def interval(self) -> tuple[float, float]:
        """The central 50 % interval of the peak rung (25th and 75th percentiles)."""
        peaks = [r.peak for r in self.runs]
        return percentile(peaks, 25), percentile(peaks, 75)

    @property
    def ending_share(self) -> float:
        """Share of runs whose crisis ended as it did in history."""
        return self.endings[self.case.ending] / len(self.runs) if self.runs else 0.0

    @property
    def peak_inside(self) -> bool:
        low, high = self.interval
        return low <= self.case.peak <= high

    @property
    def passed(self) -> bool:
        return self.peak_inside and self.ending_share > 0.5

    def to_dict(self) -> dict[str, Any]:
        low, high = self.interval
        return {"case": self.case.id, "title": self.case.title, "rivalry": self.case.rivalry,
                "documented_peak": self.case.peak, "documented_ending": self.case.ending,
                "runs": len(self.runs), "median_peak": self.median,
                "peak_interval_50": [low, high], "peak_inside": self.peak_inside,
                "ending_share": round(self.ending_share, 4), "passed": self.passed,
                "peaks": {str(k): v for k, v in sorted(self.peaks.items())},
                "endings": dict(self.endings.most_common()), "source": self.case.source}


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile of ``values`` by linear interpolation (NumPy's default)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    at = (len(ordered) - 1) * q / 100
    low, high = math.floor(at), math.ceil(at)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def load_case(path: str | Path) -> Case:
    """Read a case file; a missing or malformed ``expected:`` is a positioned error."""
    overlay = load_overlay(path, extra_keys=frozenset({"expected"}))
    expected = overlay.extras.get("expected")
    problems = []
    if not isinstance(expected, dict):
        problems.append("needs an 'expected:' mapping with rivalry, peak and ending")
        expected = {}
    rivalry, peak, ending = expected.get("rivalry"), expected.get("peak"), expected.get("ending")
    if not overlay.scenario.has("rivalry", str(rivalry)):
        problems.append(f"expected.rivalry {rivalry!r} is not a rivalry of the scenario")
    if not isinstance(peak, int) or isinstance(peak, bool):
        problems.append(f"expected.peak must be a rung number, not {peak!r}")
    if ending not in ENDINGS:
        problems.append(f"expected.ending must be one of {', '.join(ENDINGS)}, not {ending!r}")
    if problems:
        raise ScenarioError.at(str(path), 1, 1, "; ".join(problems))
    assert isinstance(peak, int)
    meta = overlay.scenario.metadata
    return Case(id=str(overlay.extras.get("id") or meta.id), path=str(path),
                title=str(overlay.extras.get("title") or meta.title),
                scenario=overlay.scenario, rivalry=str(rivalry), peak=peak,
                ending=str(ending), source=str(expected.get("source", "")))


def play_run(case: Case, seed: int) -> Run:
    """One computer-played game of the case from ``seed``."""
    return case_run(run_game(case.scenario, seed, policy=doctrine).final, case.rivalry, seed)


def case_run(final: GameState, rivalry: str, seed: int) -> Run:
    """The case's crisis in a finished game: the first crisis episode on ``rivalry`` (the
    one the case opens), scored by the sides' own peak during it and how it ended. Later
    crises of the same game are other crises, as ICB counts them."""
    ended = next((e for e in final.endings if e.rivalry == rivalry), None)
    if ended is not None:
        return Run(seed, ended.side_peak, ended.how)
    riv = final.rivalries[rivalry]
    return Run(seed, riv.crisis.side_peak if riv.crisis else riv.side_peak, "unresolved")


def _play_seeds(case: Case, seeds: Sequence[int]) -> list[Run]:
    return [play_run(case, seed) for seed in seeds]


def run_case(case: Case, seeds: Sequence[int], *, jobs: int = 1,
             progress: Callable[[int], None] | None = None) -> CaseResult:
    """Play the case from every seed (on ``jobs`` worker processes) and sum it up."""
    runs = tuple(run_chunks(partial(_play_seeds, case), seeds, jobs=jobs, progress=progress))
    return CaseResult(case, runs, Counter(r.peak for r in runs), Counter(r.ending for r in runs))


def case_files(folder: str | Path) -> list[Path]:
    """The case files of a folder, in name order."""
    return sorted(Path(folder).glob("*.yaml"))


def markdown_table(results: Sequence[CaseResult]) -> str:
    """The suite's results as the table of docs/rules.md."""
    rows = ["| Case | Documented peak | Documented ending | Model median peak | "
            "Model 50 % interval | Runs ending as history did | Pass |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        low, high = r.interval
        rows.append(f"| {r.case.title} | {r.case.peak} | {r.case.ending} | {r.median:g} | "
                    f"{low:g}–{high:g} | {r.ending_share:.0%} | "
                    f"{'yes' if r.passed else 'no'} |")
    return "\n".join(rows)
