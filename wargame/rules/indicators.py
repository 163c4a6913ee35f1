"""Derived indicators: values computed from the state, never added to by an effect.

A derived indicator (``Indicator.derived`` in the scenario) is ``base`` plus weighted
terms, each reading one quantity of the state: a rivalry's *public* rung (indicators
are public, so they never read a rung the world has not seen), a rivalry's mean
tension, an actor's variable, or a flag. It is recomputed after every phase of the
turn and after an inject (docs/rules.md, section 8a), so a lever can move it only
through what it does to the state: rungs climbed or avoided, groups weakened,
stability kept.
"""

from __future__ import annotations

from wargame.scenario import models as m
from wargame.state import Draft


def derived_indicators(scenario: m.Scenario) -> tuple[m.Indicator, ...]:
    """The scenario's derived indicators, in file order (computed once per scenario)."""
    return scenario.derived("derived_indicators", lambda: tuple(
        i for i in scenario.indicators if i.derived is not None))


def _quantity(term: m.IndicatorTerm, draft: Draft) -> float:
    if term.rung is not None:
        return float(draft.rivalries[term.rung].public_rung)
    if term.tension is not None:
        return draft.rivalries[term.tension].mean_tension
    if term.var is not None:
        return draft.variables[term.var.actor].get(term.var.var, 0.0)
    return 1.0 if term.flag in draft.flags else 0.0


def derive(scenario: m.Scenario, draft: Draft) -> None:
    """Set every derived indicator of ``draft`` from its current state."""
    for ind in derived_indicators(scenario):
        assert ind.derived is not None
        draft.indicators[ind.id] = ind.derived.value(
            lambda t: _quantity(t, draft), ind.min, ind.max)
