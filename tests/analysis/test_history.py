"""The historical validation suite: case files, percentiles and a short run."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.analysis.history import (
    Case,
    CaseResult,
    Run,
    case_files,
    load_case,
    markdown_table,
    percentile,
    run_case,
)
from wargame.errors import ScenarioError

HISTORY = Path(__file__).resolve().parents[2] / "benchmarks" / "history"


def test_percentile_interpolates_like_numpy() -> None:
    values = [4, 4, 5, 5, 5, 6]
    # positions (n-1)q: 25 % -> 1.25 -> 4 + 0.25 * (5 - 4); 75 % -> 3.75 -> 5
    assert percentile(values, 25) == pytest.approx(4.25)
    assert percentile(values, 50) == 5
    assert percentile(values, 75) == 5
    with pytest.raises(ValueError):
        percentile([], 50)


def test_the_bundled_cases_load_with_their_history() -> None:
    cases = {load_case(p).id: load_case(p) for p in case_files(HISTORY)}
    assert set(cases) >= {"kargil-1999", "twin-peaks-2001", "uri-2016", "pulwama-2019"}
    kargil = cases["kargil-1999"]
    assert (kargil.rivalry, kargil.peak, kargil.ending) == ("IND-PAK", 6, "mediated")
    ind_pak = kargil.scenario.rivalry("IND-PAK")
    assert (ind_pak.start_rung, ind_pak.crisis_from) == (5, 1)
    assert kargil.scenario.metadata.days_per_turn == 7
    assert cases["uri-2016"].ending == "restraint"


def test_a_case_without_expectations_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("base: afghanistan-2022\nexpected: {rivalry: XX, peak: high, ending: maybe}\n"
                   "patches: []\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_case(bad)
    text = str(err.value)
    assert "XX" in text and "peak" in text and "ending" in text


def test_pass_rule_and_table(tmp_path: Path) -> None:
    case = load_case(HISTORY / "uri-2016.yaml")
    runs = tuple(Run(i, peak, ending) for i, (peak, ending) in enumerate(
        [(4, "restraint"), (5, "restraint"), (5, "restraint"), (6, "mediated")]))
    from collections import Counter
    result = CaseResult(case, runs, Counter(r.peak for r in runs),
                        Counter(r.ending for r in runs))
    assert result.interval == (4.75, 5.25) and result.median == 5
    assert result.peak_inside and result.ending_share == 0.75 and result.passed
    assert "| Uri 2016 | 5 | restraint | 5 | 4.75–5.25 | 75% | yes |" in markdown_table([result])
    assert isinstance(result.case, Case)


def test_a_short_run_is_reproducible() -> None:
    case = load_case(HISTORY / "pulwama-2019.yaml")
    first = run_case(case, range(4))
    again = run_case(case, range(4))
    assert first.runs == again.runs
    assert all(r.peak >= 4 for r in first.runs)  # it opens at rung 4
    assert sum(first.endings.values()) == 4
