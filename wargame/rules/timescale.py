"""Per-turn rule parameters rescaled to the scenario's turn length.

Rule parameters are stated for turns of ``rules.reference_days`` days (14 by
default, the turn of the default scenario). A scenario with another
``metadata.days_per_turn`` keeps the same rates per day: with ``f = days_per_turn /
reference_days``,

* a probability per turn becomes ``1 - (1 - p)^f`` (loss of control);
* a share that decays per turn (belief decay, Richardson restraint) likewise
  becomes ``1 - (1 - r)^f``, and a share that *remains* (spillover decay) ``r^f``;
* an amount added per turn (income, grievance) becomes ``x * f``; a reactivity
  ``k * f`` (the discrete Richardson step is the continuous one times the step);
* a window counted in turns (de-escalation window, mediation, quiet turns before a
  crisis ends) becomes ``max(1, round(n / f))`` turns.

docs/rules.md (section 10) and docs/scenario-format.md document the same table.
"""

from __future__ import annotations

from wargame.scenario import models as m


def factor(scenario: m.Scenario) -> float:
    """Turn length in units of the reference turn."""
    return scenario.metadata.days_per_turn / scenario.rules.reference_days


def probability(p: float, f: float) -> float:
    return p if f == 1.0 else 1.0 - (1.0 - p) ** f


def decay_share(r: float, f: float) -> float:
    """A share lost per reference turn, as a share lost per turn."""
    return r if f == 1.0 else 1.0 - (1.0 - min(r, 1.0)) ** f


def remaining_share(r: float, f: float) -> float:
    """A share kept per reference turn, as a share kept per turn."""
    return r if f == 1.0 else r ** f


def amount(x: float, f: float) -> float:
    return x * f


def turns(n: int, f: float) -> int:
    return n if f == 1.0 else max(1, round(n / f))
