"""Statistics of paired experiments: means with 95 % intervals, McNemar tests, Holm correction.

Games of an experiment are paired by seed (common random numbers), so a
treatment is compared with the baseline game by game: the mean of the per-seed
differences with a normal 95 % interval for numbers, the Agresti–Min interval of
the paired difference in shares and McNemar's test on the
discordant pairs for yes/no outcomes (exact binomial below
:data:`EXACT_BELOW` discordant pairs, the continuity-corrected chi-square from
there), and Holm's step-down adjustment across the comparisons of one run.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

EXACT_BELOW = 25
"""McNemar uses the exact binomial test while the discordant pairs number fewer than this."""


def mean_ci(values: Sequence[float]) -> dict[str, float]:
    """Mean, standard deviation and normal 95 % interval of the mean (rounded to 4 places)."""
    n = len(values)
    if n == 0:
        raise ValueError("no values to summarise")
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if n > 1 else 0.0
    half = 1.96 * sd / math.sqrt(n) if n > 1 else 0.0
    return {"mean": round(mean, 4), "sd": round(sd, 4), "ci95_low": round(mean - half, 4),
            "ci95_high": round(mean + half, 4)}


def mcnemar(treated: Sequence[bool], baseline: Sequence[bool]) -> dict[str, float | int | str]:
    """McNemar's test of paired yes/no outcomes.

    ``b`` counts pairs where only the treated game has the event, ``c`` where only
    the baseline has it. Returns both counts, the method and the two-sided p-value.
    """
    if len(treated) != len(baseline):
        raise ValueError("McNemar's test needs pairs")
    b = sum(t and not s for t, s in zip(treated, baseline, strict=True))
    c = sum(s and not t for t, s in zip(treated, baseline, strict=True))
    return {"only_treated": b, "only_baseline": c, **mcnemar_p(b, c)}


def paired_share_ci(only_treated: int, only_baseline: int, pairs: int) -> dict[str, float]:
    """The difference of two paired shares, treated minus baseline, from the discordant
    counts (:func:`mcnemar`) and the number of pairs, with the Agresti–Min (2005) 95 %
    interval: half a pair added to each cell of the 2 × 2 table before the Wald interval,
    clipped to [−1, 1]. Unlike the plain Wald interval it neither leaves [−1, 1] nor
    shrinks to zero width when every pair differs the same way.

    ``mean`` and ``sd`` are those of the raw per-pair differences (+1, −1 or 0), as
    :func:`mean_ci` gives them.
    """
    if pairs < 1 or only_treated + only_baseline > pairs:
        raise ValueError("a paired share needs pairs")
    mean = (only_treated - only_baseline) / pairs
    spread = only_treated + only_baseline - pairs * mean ** 2
    sd = math.sqrt(max(0.0, spread) / (pairs - 1)) if pairs > 1 else 0.0
    b, c, n = only_treated + 0.5, only_baseline + 0.5, pairs + 2
    centre = (b - c) / n
    half = 1.96 * math.sqrt(max(0.0, (b + c) - (b - c) ** 2 / n)) / n
    return {"mean": round(mean, 4), "sd": round(sd, 4),
            "ci95_low": round(max(-1.0, centre - half), 4),
            "ci95_high": round(min(1.0, centre + half), 4)}


def mcnemar_p(b: int, c: int) -> dict[str, float | str]:
    """Two-sided McNemar p-value for ``b`` and ``c`` discordant pairs."""
    n = b + c
    if n == 0:
        return {"method": "exact", "p": 1.0}
    if n < EXACT_BELOW:
        tail = sum(math.comb(n, i) for i in range(min(b, c) + 1)) / 2**n
        return {"method": "exact", "p": min(1.0, 2 * tail)}
    chi2 = (abs(b - c) - 1) ** 2 / n
    return {"method": "chi2", "p": math.erfc(math.sqrt(chi2 / 2))}


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the order given."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def histogram(values: Iterable[float]) -> dict[str, int]:
    """Counts of each distinct value, keys in increasing numeric order (``"2"``, ``"2.5"``)."""
    counts = Counter(values)
    return {f"{k:g}": counts[k] for k in sorted(counts)}
