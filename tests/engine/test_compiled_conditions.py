"""Compiled conditions agree with a plain reading of the condition language, on random
conditions over random states, also when rungs are read as an actor perceives them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.rules.conditions import Context, compiled, holds
from wargame.rules.legality import actor_picture
from wargame.scenario import models as m
from wargame.state import GameState

RIVALRIES = ("IND-PAK", "PAK-TAL")
ACTORS = ("PAK", "IND", "TAL", "TTP")


def reference(cond: m.Condition, state: GameState, ctx: Context) -> bool:
    """The condition language read literally (docs/scenario-format.md), one case each."""
    def rivalry(name: str) -> str:
        return ctx.rivalry_id(name)

    if isinstance(cond, m.RungAtLeast):
        return state.rivalries[rivalry(cond.rung_at_least.rivalry)].rung >= cond.rung_at_least.rung
    if isinstance(cond, m.RungAtMost):
        return state.rivalries[rivalry(cond.rung_at_most.rivalry)].rung <= cond.rung_at_most.rung
    if isinstance(cond, m.VarAtLeast):
        v = cond.var_at_least
        return state.variables[ctx.actor_id(v.actor)][v.var] >= v.value
    if isinstance(cond, m.VarAtMost):
        v = cond.var_at_most
        return state.variables[ctx.actor_id(v.actor)][v.var] <= v.value
    if isinstance(cond, m.IndicatorAtLeast):
        return state.indicators[cond.indicator_at_least.indicator] >= cond.indicator_at_least.value
    if isinstance(cond, m.IndicatorAtMost):
        return state.indicators[cond.indicator_at_most.indicator] <= cond.indicator_at_most.value
    if isinstance(cond, m.TensionAtLeast):
        t = cond.tension_at_least
        return state.rivalries[rivalry(t.rivalry)].mean_tension >= t.value
    if isinstance(cond, m.TurnAtLeast):
        return state.turn >= cond.turn_at_least
    if isinstance(cond, m.FlagSet):
        return cond.flag in state.flags
    if isinstance(cond, m.LeverActive):
        return cond.lever_active in state.levers
    if isinstance(cond, m.AllOf):
        return all(reference(c, state, ctx) for c in cond.all)
    if isinstance(cond, m.AnyOf):
        return any(reference(c, state, ctx) for c in cond.any)
    if isinstance(cond, m.NotCond):
        return not reference(cond.not_, state, ctx)
    raise AssertionError(cond)


rivalry_names = st.sampled_from((*RIVALRIES, "this"))
actor_names = st.sampled_from((*ACTORS, "self", "target"))
leaves = st.one_of(
    st.builds(lambda r, n: m.RungAtLeast(rung_at_least=m.RungBound(rivalry=r, rung=n)),
              rivalry_names, st.integers(0, 9)),
    st.builds(lambda r, n: m.RungAtMost(rung_at_most=m.RungBound(rivalry=r, rung=n)),
              rivalry_names, st.integers(0, 9)),
    st.builds(lambda a, v, x: m.VarAtLeast(var_at_least=m.VarBound(actor=a, var=v, value=x)),
              actor_names, st.sampled_from(("capability", "resources")), st.floats(0, 10)),
    st.builds(lambda a, v, x: m.VarAtMost(var_at_most=m.VarBound(actor=a, var=v, value=x)),
              actor_names, st.sampled_from(("capability", "resources")), st.floats(0, 10)),
    st.builds(lambda x: m.IndicatorAtLeast(
        indicator_at_least=m.IndicatorBound(indicator="humanitarian", value=x)), st.floats(0, 10)),
    st.builds(lambda x: m.IndicatorAtMost(
        indicator_at_most=m.IndicatorBound(indicator="nuclear_risk", value=x)), st.floats(0, 10)),
    st.builds(lambda r, x: m.TensionAtLeast(tension_at_least=m.TensionBound(rivalry=r, value=x)),
              rivalry_names, st.floats(0, 40)),
    st.builds(lambda n: m.TurnAtLeast(turn_at_least=n), st.integers(1, 8)),
    st.builds(lambda f: m.FlagSet(flag=f), st.sampled_from(("offramp", "ceasefire"))),
    st.builds(lambda lv: m.LeverActive(lever_active=lv), st.sampled_from(("aid", "talks"))),
)
conditions = st.recursive(leaves, lambda inner: st.one_of(
    st.builds(lambda cs: m.AllOf(all=tuple(cs)), st.lists(inner, max_size=3)),
    st.builds(lambda cs: m.AnyOf(any=tuple(cs)), st.lists(inner, max_size=3)),
    st.builds(lambda c: m.NotCond(not_=c), inner),
), max_leaves=6)


@st.composite
def states(draw: st.DrawFn, start: GameState) -> GameState:
    draft = start.thaw()
    draft.turn = draw(st.integers(1, 6))
    for rid in RIVALRIES:
        riv = draft.rivalries[rid]
        riv.rung = draw(st.integers(0, 9))
        riv.tension = {side: draw(st.floats(0, 40)) for side in riv.tension}
        for actor in ACTORS:  # some actors misread some rungs
            draft.perceived[actor][rid] = draw(st.integers(0, 9))
    for actor in ACTORS:
        for var in ("capability", "resources"):
            draft.variables[actor][var] = draw(st.floats(0, 10))
    draft.indicators["humanitarian"] = draw(st.floats(0, 10))
    draft.flags = set(draw(st.sets(st.sampled_from(("offramp", "ceasefire")))))
    draft.levers = {lv: 1 for lv in draw(st.sets(st.sampled_from(("aid", "talks"))))}
    return draft.freeze()


def _outcome(evaluate: object, *args: object) -> object:
    """The result, or the type of the error raised (both readings must fail alike)."""
    try:
        return evaluate(*args)  # type: ignore[operator]
    except (KeyError, ValueError) as exc:
        return type(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # the fixtures are read-only
@given(data=st.data(), cond=conditions)
def test_compiled_condition_matches_the_reference(
        tutorial: m.Scenario, start: GameState, data: st.DataObject, cond: m.Condition) -> None:
    state = data.draw(states(start))
    ctx = data.draw(st.sampled_from((
        Context("PAK", "IND", "IND-PAK"), Context("TTP", "PAK", "PAK-TAL"),
        Context("IND"), Context())))
    expected = _outcome(reference, cond, state, ctx)
    assert _outcome(holds, cond, tutorial, state, ctx) == expected
    if ctx.actor is not None:  # as the actor sees it = the same condition on its picture
        seen = _outcome(reference, cond, actor_picture(state, ctx.actor), ctx)
        assert _outcome(compiled(cond, as_seen=True), state, ctx) == seen


def test_placeholders_outside_a_move_are_errors(tutorial: m.Scenario, start: GameState) -> None:
    this = m.RungAtLeast(rung_at_least=m.RungBound(rivalry="this", rung=1))
    with pytest.raises(ValueError, match="'this' rivalry"):
        holds(this, tutorial, start)
    mine = m.VarAtLeast(var_at_least=m.VarBound(actor="self", var="capability", value=1))
    with pytest.raises(ValueError, match="'self'"):
        holds(mine, tutorial, start)
    unknown = m.RungAtLeast(rung_at_least=m.RungBound(rivalry="nowhere", rung=1))
    with pytest.raises(KeyError):
        holds(unknown, tutorial, start)


def test_a_condition_is_compiled_once(start: GameState) -> None:
    cond = m.TurnAtLeast(turn_at_least=2)
    assert compiled(cond) is compiled(cond)
    assert compiled(cond, as_seen=True) is not compiled(cond)
    assert compiled(cond)(start, Context()) is False
