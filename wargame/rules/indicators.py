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

from collections.abc import Callable

from wargame.scenario import models as m
from wargame.state import Draft


def derived_indicators(scenario: m.Scenario) -> tuple[m.Indicator, ...]:
    """The scenario's derived indicators, in file order (computed once per scenario)."""
    return scenario.derived("derived_indicators", lambda: tuple(
        i for i in scenario.indicators if i.derived is not None))


Reader = Callable[[Draft], float]


def _reader(term: m.IndicatorTerm) -> Reader:
    """The term's contribution read from a draft (quantity, curve, weight) in one call."""
    if term.rung is not None:
        rung = term.rung

        def quantity(d: Draft) -> float:
            return float(d.rivalries[rung].public_rung)
    elif term.tension is not None:
        tension = term.tension

        def quantity(d: Draft) -> float:
            return d.rivalries[tension].mean_tension
    elif term.var is not None:
        actor, var = term.var.actor, term.var.var

        def quantity(d: Draft) -> float:
            return d.variables[actor].get(var, 0.0)
    else:
        flag = term.flag

        def quantity(d: Draft) -> float:
            return 1.0 if flag in d.flags else 0.0
    if term.curve:
        mapped = term.mapped
        return lambda d: mapped(quantity(d))
    weight = term.weight
    return lambda d: weight * quantity(d)


def _plan(scenario: m.Scenario) -> tuple[tuple[str, float, float, float, tuple[Reader, ...]], ...]:
    """Per derived indicator: its id, base, range and term readers (once per scenario)."""
    def build() -> tuple[tuple[str, float, float, float, tuple[Reader, ...]], ...]:
        plan = []
        for ind in derived_indicators(scenario):
            assert ind.derived is not None
            plan.append((ind.id, ind.derived.base, ind.min, ind.max,
                         tuple(_reader(t) for t in ind.derived.terms)))
        return tuple(plan)
    return scenario.derived("derived_indicator_plan", build)


def derive(scenario: m.Scenario, draft: Draft) -> None:
    """Set every derived indicator of ``draft`` from its current state, as
    :meth:`~wargame.scenario.models.Derivation.value` computes it."""
    indicators = draft.indicators
    for iid, base, low, high, readers in _plan(scenario):
        indicators[iid] = m.derived_value(base, [read(draft) for read in readers], low, high)
