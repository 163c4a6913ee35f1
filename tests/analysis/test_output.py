"""The HTML experiment report's charts: binning, colours, and what a reader sees."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wargame.analysis.output import arm_colours, binned, histogram_svg


def test_few_distinct_values_keep_one_bar_each() -> None:
    keys, counts = binned([{"0": 3, "2.5": 1}, {"1": 4}])
    assert keys == ["0", "1", "2.5"]
    assert counts == [{"0": 3, "2.5": 1}, {"1": 4}]


def test_a_rung_no_game_reached_keeps_its_place() -> None:
    keys, _ = binned([{"1": 3, "2": 1, "4": 2, "5": 1}])
    assert keys == ["1", "2", "3", "4", "5"]


def test_many_values_are_grouped_into_round_intervals_by_hand() -> None:
    # 0.0, 0.5, ..., 9.5 and 10.0: 21 values spanning 10 -> width 10/9 rounds up to 2,
    # five intervals from 0; 10.0 sits on the last edge and belongs to the last one.
    counts = {f"{v / 2:g}": 1 for v in range(21)}
    keys, (bins,) = binned([counts])
    assert keys == ["0–2", "2–4", "4–6", "6–8", "8–10"]
    assert bins == {"0–2": 4, "2–4": 4, "4–6": 4, "6–8": 4, "8–10": 5}


def test_negative_and_fractional_scores_bin_from_a_round_edge() -> None:
    counts = {f"{-3 + v * 0.25:g}": 2 for v in range(17)}  # -3 .. +1 in quarters
    keys, (bins,) = binned([counts])
    assert keys[0].startswith("-3") and keys[-1].endswith("1")
    assert sum(bins.values()) == 34


@given(st.lists(st.dictionaries(st.integers(-400, 400).map(lambda i: f"{i / 8:g}"),
                                st.integers(1, 50), min_size=1, max_size=60),
                min_size=1, max_size=8))
def test_bins_keep_every_game_and_stay_few(series: list[dict[str, int]]) -> None:
    keys, counts = binned(series)
    assert len(keys) <= 12
    for original, grouped in zip(series, counts, strict=True):
        assert sum(grouped.values()) == sum(original.values())
        assert set(grouped) <= set(keys)


def test_colours_are_distinct_for_many_arms() -> None:
    for n in (1, 7, 8, 9, 16):
        colours = arm_colours(n)
        assert len(colours) == n == len(set(colours))
        assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)


def test_a_chart_of_seven_arms_draws_each_in_its_own_colour() -> None:
    series = [(f"arm {i}", {f"{v / 4:g}": 1 + (v + i) % 3 for v in range(40)})
              for i in range(7)]
    svg = histogram_svg("Objective points, X", series)
    fills = re.findall(r'fill="(#[0-9A-F]{6})"', svg)
    assert len(set(fills)) == 7
    labels = re.findall(r'text-anchor="middle">([^<]+)<', svg)
    assert 1 < len(labels) <= 12 and all("–" in label for label in labels)


def test_scattered_fractions_are_binned_even_when_few() -> None:
    keys, (bins,) = binned([{"0": 5, "0.825": 1, "2": 1, "4.625": 1, "5": 2}])
    assert keys == ["0–1", "1–2", "2–3", "3–4", "4–5"]
    assert bins == {"0–1": 6, "1–2": 0, "2–3": 1, "3–4": 0, "4–5": 3}


def test_a_single_fractional_value_is_one_bar() -> None:
    assert binned([{"6.46667": 3}]) == (["6.46667"], [{"6.46667": 3}])
