"""Statistics of paired experiments, against hand-computed values."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.analysis.stats import holm, mcnemar, mcnemar_p, mean_ci, paired_share_ci


def test_mcnemar_exact_for_few_discordant_pairs() -> None:
    # b=1, c=9: n=10, P(X<=1) = (1 + 10) / 1024, two-sided 22/1024
    assert mcnemar_p(1, 9) == {"method": "exact", "p": pytest.approx(22 / 1024)}
    assert mcnemar_p(9, 1)["p"] == pytest.approx(22 / 1024)
    # b=0, c=5: 2 * 1/32
    assert mcnemar_p(0, 5)["p"] == pytest.approx(1 / 16)
    # balanced: the two tails overlap, capped at 1
    assert mcnemar_p(3, 3)["p"] == 1.0
    assert mcnemar_p(0, 0) == {"method": "exact", "p": 1.0}


def test_mcnemar_chi_square_for_many_discordant_pairs() -> None:
    # b=10, c=20: chi2 = (|10-20| - 1)^2 / 30 = 2.7, p = P(chi2_1 > 2.7) = 0.10035
    result = mcnemar_p(10, 20)
    assert result["method"] == "chi2"
    assert result["p"] == pytest.approx(0.100348, abs=1e-6)


def test_mcnemar_counts_the_discordant_pairs() -> None:
    treated = [True, True, False, False, True]
    baseline = [True, False, True, False, False]
    result = mcnemar(treated, baseline)
    assert result["only_treated"] == 2 and result["only_baseline"] == 1
    assert result["p"] == pytest.approx(1.0)  # n=3, 2 * (1 + 3) / 8 = 1
    with pytest.raises(ValueError, match="pairs"):
        mcnemar([True], [])


def test_holm_on_a_known_vector() -> None:
    # sorted 0.01, 0.02, 0.03, 0.04 times 4, 3, 2, 1 -> 0.04, 0.06, 0.06, 0.06 (monotone)
    assert holm([0.03, 0.01, 0.04, 0.02]) == pytest.approx([0.06, 0.04, 0.06, 0.06])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert holm([]) == []


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_holm_never_lowers_a_p_value_and_keeps_the_order(ps: list[float]) -> None:
    adjusted = holm(ps)
    assert all(a >= p - 1e-12 and a <= 1.0 for a, p in zip(adjusted, ps, strict=True))
    ranked = sorted(range(len(ps)), key=lambda i: ps[i])
    assert all(adjusted[i] <= adjusted[j] + 1e-12 for i, j in itertools.pairwise(ranked))


def test_mean_ci_by_hand() -> None:
    ci = mean_ci([1.0, 2.0, 3.0, 4.0])
    sd = math.sqrt(5 / 3)
    assert ci["mean"] == 2.5 and ci["sd"] == pytest.approx(sd, abs=1e-4)
    assert ci["ci95_low"] == pytest.approx(2.5 - 1.96 * sd / 2, abs=1e-4)
    assert mean_ci([7.0]) == {"mean": 7.0, "sd": 0.0, "ci95_low": 7.0, "ci95_high": 7.0}


def test_paired_share_ci_by_hand_when_every_pair_differs_one_way() -> None:
    # 60 pairs, the event in every baseline game and no treated one: b = 0, c = 60.
    # Agresti-Min: b* = 0.5, c* = 60.5, n* = 62; centre -60/62 = -0.96774;
    # var = (61 - 3600/62) / 62**2 = 2.93548 / 3844 = 0.00076365, half = 1.96 * 0.027634
    # = 0.054162 -> [-1.02190, -0.91358], clipped to [-1, -0.9136].
    ci = paired_share_ci(0, 60, 60)
    assert ci["mean"] == -1.0
    assert ci["ci95_low"] == -1.0
    assert ci["ci95_high"] == pytest.approx(-0.9136, abs=1e-4)


def test_paired_share_ci_by_hand_for_a_mixed_table() -> None:
    # 20 pairs: 6 only treated, 2 only baseline, 12 concordant. b* = 6.5, c* = 2.5,
    # n* = 22; centre 4/22 = 0.181818; var = (9 - 16/22) / 484 = 0.017093,
    # half = 1.96 * 0.130740 = 0.256251 -> [-0.0744, 0.4381]; raw mean 4/20 = 0.2.
    ci = paired_share_ci(6, 2, 20)
    assert ci["mean"] == 0.2
    assert ci["ci95_low"] == pytest.approx(-0.0744, abs=1e-4)
    assert ci["ci95_high"] == pytest.approx(0.4381, abs=1e-4)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=80))
def test_paired_share_ci_stays_in_range_and_holds_its_centre(pairs: list[tuple[bool, bool]]
                                                             ) -> None:
    treated, baseline = [t for t, _ in pairs], [b for _, b in pairs]
    test = mcnemar(treated, baseline)
    ci = paired_share_ci(int(test["only_treated"]), int(test["only_baseline"]), len(pairs))
    assert -1.0 <= ci["ci95_low"] < ci["ci95_high"] <= 1.0
    # mean and sd are those of the raw per-pair differences
    raw = mean_ci([float(t) - float(b) for t, b in pairs])
    assert ci["mean"] == raw["mean"]
    assert ci["sd"] == pytest.approx(raw["sd"], abs=1e-4)
