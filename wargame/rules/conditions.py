"""Evaluating typed conditions and applying typed effects to a draft state.

Conditions and effects are pydantic models from :mod:`wargame.scenario.models`;
this module is the only interpreter of them. Inside a move, the placeholders
``self`` and ``target`` name its actor and target and ``this`` its rivalry.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from wargame.log import Change, Scope
from wargame.rules.rungs import fixed_rungs
from wargame.scenario import models as m
from wargame.state import Draft, GameState

StateLike = Draft | GameState


@dataclass(frozen=True, slots=True)
class Context:
    """Who ``self``, ``target`` and ``this`` stand for while a move is evaluated."""

    actor: str | None = None
    target: str | None = None
    rivalry: str | None = None

    def actor_id(self, name: str) -> str:
        if name == m.SELF:
            if self.actor is None:
                raise ValueError("'self' used outside a move")
            return self.actor
        if name == m.TARGET:
            if self.target is None:
                raise ValueError("'target' used by a move without a target")
            return self.target
        return name

    def rivalry_id(self, name: str) -> str:
        if name == "this":
            if self.rivalry is None:
                raise ValueError("'this' rivalry used by a move without a rivalry")
            return self.rivalry
        return name


NO_CONTEXT = Context()


Predicate = Callable[[StateLike, Context], bool]
"""A compiled condition: ``predicate(state, ctx)`` is ``holds(cond, scenario, state, ctx)``."""


def holds(cond: m.Condition | None, scenario: m.Scenario, state: StateLike,
          ctx: Context = NO_CONTEXT) -> bool:
    """True when the condition holds in ``state`` (``None`` always holds)."""
    if cond is None:
        return True
    return compiled(cond)(state, ctx)


_COMPILED: dict[tuple[int, bool], tuple[m.Condition, Predicate]] = {}
_COMPILED_LIMIT = 4096


def compiled(cond: m.Condition, *, as_seen: bool = False) -> Predicate:
    """The condition compiled once into a closure (cached by object identity).

    ``as_seen``: rungs are read as ``ctx.actor`` perceives them (``state.perceived``),
    which is what :func:`wargame.rules.legality.actor_picture` would show, without
    building the picture. Scenario conditions live as long as their scenario, so each is
    compiled once per process; the cache keeps the condition itself, so an id is never
    reused while cached.
    """
    key = (id(cond), as_seen)
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is cond:
        return hit[1]
    predicate = _compile(cond, as_seen)
    if len(_COMPILED) >= _COMPILED_LIMIT:
        _COMPILED.clear()
    _COMPILED[key] = (cond, predicate)
    return predicate


def _rivalry_of(name: str) -> Callable[[Context], str]:
    if name == "this":
        return lambda ctx: ctx.rivalry_id(name)
    return lambda ctx: name


def _rung_reader(name: str, as_seen: bool) -> Callable[[StateLike, Context], int]:
    """How a rung condition reads the rung of rivalry ``name`` (``this`` = the move's)."""
    if as_seen:
        rival = _rivalry_of(name)

        def seen(s: StateLike, c: Context) -> int:
            rid = rival(c)
            if c.actor is None:
                return s.rivalries[rid].rung
            picture = s.perceived.get(c.actor, {})
            # a rivalry the actor holds no picture of: what everyone knows of it
            return picture[rid] if rid in picture else s.rivalries[rid].public_rung
        return seen
    if name == "this":
        return lambda s, c: s.rivalries[c.rivalry_id("this")].rung
    return lambda s, c: s.rivalries[name].rung


def _compile(cond: m.Condition, as_seen: bool = False) -> Predicate:
    """Translate one condition (and its parts) into a closure; the same errors as before
    (a placeholder outside a move, an unknown id) are raised when it is evaluated."""
    match cond:
        case m.RungAtLeast(rung_at_least=b):
            rung = b.rung
            if b.rivalry != "this" and not as_seen:
                rid = b.rivalry
                return lambda s, c: s.rivalries[rid].rung >= rung
            read = _rung_reader(b.rivalry, as_seen)
            return lambda s, c: read(s, c) >= rung
        case m.RungAtMost(rung_at_most=b):
            rung = b.rung
            if b.rivalry != "this" and not as_seen:
                rid = b.rivalry
                return lambda s, c: s.rivalries[rid].rung <= rung
            read = _rung_reader(b.rivalry, as_seen)
            return lambda s, c: read(s, c) <= rung
        case m.VarAtLeast(var_at_least=v):
            var, value = v.var, v.value
            if v.actor in (m.SELF, m.TARGET):
                who = v.actor
                return lambda s, c: s.variables[c.actor_id(who)][var] >= value
            aid = v.actor
            return lambda s, c: s.variables[aid][var] >= value
        case m.VarAtMost(var_at_most=v):
            var, value = v.var, v.value
            if v.actor in (m.SELF, m.TARGET):
                who = v.actor
                return lambda s, c: s.variables[c.actor_id(who)][var] <= value
            aid = v.actor
            return lambda s, c: s.variables[aid][var] <= value
        case m.IndicatorAtLeast(indicator_at_least=i):
            ind, value = i.indicator, i.value
            return lambda s, c: s.indicators[ind] >= value
        case m.IndicatorAtMost(indicator_at_most=i):
            ind, value = i.indicator, i.value
            return lambda s, c: s.indicators[ind] <= value
        case m.TensionAtLeast(tension_at_least=t):
            value = t.value
            rival = _rivalry_of(t.rivalry)
            return lambda s, c: s.rivalries[rival(c)].mean_tension >= value
        case m.TurnAtLeast(turn_at_least=n):
            return lambda s, c: s.turn >= n
        case m.FlagSet(flag=f):
            return lambda s, c: f in s.flags
        case m.LeverActive(lever_active=lever):
            return lambda s, c: lever in s.levers
        case m.AllOf(all=items):
            parts = tuple(_compile(x, as_seen) for x in items)
            if len(parts) == 2:
                first, second = parts
                return lambda s, c: first(s, c) and second(s, c)
            return lambda s, c: all(p(s, c) for p in parts)
        case m.AnyOf(any=items):
            parts = tuple(_compile(x, as_seen) for x in items)
            if len(parts) == 2:
                first, second = parts
                return lambda s, c: first(s, c) or second(s, c)
            return lambda s, c: any(p(s, c) for p in parts)
        case m.NotCond(not_=inner):
            negated = _compile(inner, as_seen)
            return lambda s, c: not negated(s, c)
    raise TypeError(f"unknown condition {cond!r}")


def bound_quantity(cond: m.Condition, state: StateLike, ctx: Context) -> float:
    """The quantity a single-bound condition (:func:`~wargame.scenario.models.single_bound`)
    reads: the variable or indicator it bounds."""
    match cond:
        case m.VarAtLeast(var_at_least=v) | m.VarAtMost(var_at_most=v):
            return state.variables[ctx.actor_id(v.actor)][v.var]
        case m.IndicatorAtLeast(indicator_at_least=i) | m.IndicatorAtMost(indicator_at_most=i):
            return state.indicators[i.indicator]
    raise TypeError(f"not a single bound: {cond!r}")


def objective_share(objective: m.Objective, scenario: m.Scenario, state: StateLike) -> float:
    """How much of its points an objective earns now, from 0 to 1 (docs/rules.md, section 8):
    1 when its condition holds; with ``partial_from``, the share of the way the quantity has
    come from ``partial_from`` toward the bound; otherwise 0."""
    ctx = Context(objective.actor)
    if holds(objective.condition, scenario, state, ctx):
        return 1.0
    bound = m.single_bound(objective.condition)
    if objective.partial_from is None or bound is None:
        return 0.0
    target = bound[1]
    quantity = bound_quantity(objective.condition, state, ctx)
    share = (quantity - objective.partial_from) / (target - objective.partial_from)
    return min(1.0, max(0.0, share))


def attrition_factor(scenario: m.Scenario, actor: str, capability: float) -> float:
    """Share of a blow against ``actor``'s capability that lands (docs/rules.md, section 3).

    With ``rules.guerrilla_attrition`` an armed group below its starting capability takes
    only ``capability / start`` of a blow: the smaller it gets, the more it disperses into
    the hills and the cities and the harder it is to find (Jones & Libicki 2008: military
    force ended 7 % of 268 groups from 1968 to 2006). States, and groups at or above their
    start, take the blow whole.
    """
    if not scenario.rules.guerrilla_attrition:
        return 1.0
    who = scenario.actor(actor)
    if who.kind != m.ActorKind.ARMED_GROUP:
        return 1.0
    start = who.variables.get("capability", scenario.variable("capability").default)
    return 1.0 if start <= 0 else min(1.0, max(0.0, capability) / start)


def describe(cond: m.Condition | None) -> str:
    """A short human text for a condition (used in logs and the workbench)."""
    if cond is None:
        return "always"
    match cond:
        case m.RungAtLeast(rung_at_least=b):
            return f"{b.rivalry} at rung {b.rung}+"
        case m.RungAtMost(rung_at_most=b):
            return f"{b.rivalry} at rung {b.rung} or lower"
        case m.VarAtLeast(var_at_least=v):
            return f"{v.actor} {v.var} >= {v.value:g}"
        case m.VarAtMost(var_at_most=v):
            return f"{v.actor} {v.var} <= {v.value:g}"
        case m.IndicatorAtLeast(indicator_at_least=i):
            return f"{i.indicator} >= {i.value:g}"
        case m.IndicatorAtMost(indicator_at_most=i):
            return f"{i.indicator} <= {i.value:g}"
        case m.TensionAtLeast(tension_at_least=t):
            return f"tension on {t.rivalry} >= {t.value:g}"
        case m.TurnAtLeast(turn_at_least=n):
            return f"turn {n}+"
        case m.FlagSet(flag=f):
            return f"'{f}' is set"
        case m.LeverActive(lever_active=lever):
            return f"lever '{lever}' is on"
        case m.AllOf(all=items):
            return " and ".join(describe(c) for c in items)
        case m.AnyOf(any=items):
            return " or ".join(describe(c) for c in items)
        case m.NotCond(not_=inner):
            return f"not ({describe(inner)})"
    return repr(cond)


def _clamp(value: float, low: float, high: float) -> float:
    return float(max(low, min(high, value)))


def apply_effect(effect: m.Effect, scenario: m.Scenario, draft: Draft, ctx: Context,
                 scale: float = 1.0) -> Change:
    """Apply one effect (numbers scaled by ``scale``) and return what it changed.

    The :class:`~wargame.log.Change` record says whose quantity moved, from what to
    what; its ``describe()`` is the log phrase, and the information filter
    (:mod:`wargame.views`) decides which views may read it.
    """
    match effect:
        case m.AddEffect(add=c):
            actor = ctx.actor_id(c.actor)
            var = scenario.variable(c.var)
            old = draft.variables[actor][c.var]
            amount = c.value * scale
            if amount < 0 and c.var == "capability":
                amount *= attrition_factor(scenario, actor, old)
            new = _clamp(old + amount, var.min, var.max)
            draft.variables[actor][c.var] = new
            return Change(Scope.VARIABLE, c.var, old, new, (actor,))
        case m.SetEffect(set=c):
            actor = ctx.actor_id(c.actor)
            var = scenario.variable(c.var)
            old = draft.variables[actor][c.var]
            draft.variables[actor][c.var] = _clamp(c.value, var.min, var.max)
            return Change(Scope.VARIABLE, c.var, old, draft.variables[actor][c.var], (actor,),
                          op="set")
        case m.AddIndicatorEffect(add_indicator=c):
            ind = scenario.indicator(c.indicator)
            if ind.derived is not None:
                raise ValueError(f"indicator '{ind.id}' is derived from the state; change "
                                 "what it is derived from instead")
            old = draft.indicators[c.indicator]
            new = _clamp(old + c.value * scale, ind.min, ind.max)
            draft.indicators[c.indicator] = new
            return Change(Scope.INDICATOR, c.indicator, old, new, label=ind.name)
        case m.MoveRungEffect(move_rung=c):
            rid = ctx.rivalry_id(c.rivalry)
            riv = draft.rivalries[rid]
            rivalry = scenario.rivalry(rid)
            # A rung moves whole or not at all: only a full (or critical) success moves it,
            # by exactly ``by``. Upward it stops below overt force: crossing overt force or
            # a nuclear line takes a move of that rung, with its decision check and war
            # gate (docs/rules.md, "Rungs with fixed meaning").
            steps = c.by if scale >= 1.0 else 0
            top = rivalry.cap
            if steps > 0:
                top = min(top, max(riv.rung, fixed_rungs(scenario, rivalry).overt_force - 1))
            public_old = riv.public_rung
            old = riv.set_rung(int(_clamp(riv.rung + steps, 0, top)), public=True)
            return Change(Scope.RUNG, rid, old, riv.rung, scenario.rivalry(rid).sides,
                          public_old=public_old)
        case m.AddTensionEffect(add_tension=c):
            rid = ctx.rivalry_id(c.rivalry)
            riv = draft.rivalries[rid]
            for side in riv.tension:
                riv.tension[side] = max(0.0, riv.tension[side] + c.value * scale)
            return Change(Scope.TENSION, rid, 0.0, c.value * scale,
                          scenario.rivalry(rid).sides, op="delta")
        case m.AddGrievanceEffect(add_grievance=c):
            rid = ctx.rivalry_id(c.rivalry)
            riv = draft.rivalries[rid]
            riv.grievance += c.value * scale
            return Change(Scope.GRIEVANCE, rid, 0.0, c.value * scale,
                          scenario.rivalry(rid).sides, op="delta")
        case m.AddPressureEffect(add_pressure=c):
            rid = ctx.rivalry_id(c.rivalry)
            draft.rivalries[rid].pressure = max(
                0.0, draft.rivalries[rid].pressure + c.value * scale)
            return Change(Scope.PRESSURE, rid, 0.0, c.value * scale,
                          scenario.rivalry(rid).sides, op="delta")
        case m.OpenChannelEffect(open_channel=c):
            rid = ctx.rivalry_id(c.rivalry)
            old_channel = draft.rivalries[rid].channel
            draft.rivalries[rid].channel = True
            return Change(Scope.CHANNEL, rid, float(old_channel), 1.0,
                          scenario.rivalry(rid).sides)
        case m.CloseChannelEffect(close_channel=c):
            rid = ctx.rivalry_id(c.rivalry)
            old_channel = draft.rivalries[rid].channel
            draft.rivalries[rid].channel = False
            return Change(Scope.CHANNEL, rid, float(old_channel), 0.0,
                          scenario.rivalry(rid).sides)
        case m.SetFlagEffect(set_flag=c):
            was = c.flag in draft.flags
            if c.value:
                draft.flags.add(c.flag)
            else:
                draft.flags.discard(c.flag)
            return Change(Scope.FLAG, c.flag, float(was), float(c.value))
        case m.BeliefEffect(update_belief=c):
            observer, subject = ctx.actor_id(c.observer), ctx.actor_id(c.subject)
            old = draft.belief(observer, subject)
            new = bayes_update(old, c.likelihood_ratio ** scale)
            draft.beliefs.setdefault(observer, {})[subject] = new
            return Change(Scope.BELIEF, subject, old, new, (observer,))
        case m.ControlEffect(add_control=c):
            patron, proxy = ctx.actor_id(c.patron), ctx.actor_id(c.proxy)
            key = f"{patron}>{proxy}"
            old = draft.control.get(key, 0.5)
            draft.control[key] = _clamp(old + c.value * scale, 0.0, 1.0)
            return Change(Scope.CONTROL, key, old, draft.control[key], (patron, proxy))
        case m.IncidentEffect(incident=c):
            from wargame.rules.crisis import add_incident  # crisis builds on this module

            rivalry = scenario.rivalry(ctx.rivalry_id(c.rivalry))
            victims = (ctx.actor_id(c.victim),) if c.victim else rivalry.sides
            against = {}
            for victim in victims:
                other = next((s for s in rivalry.sides if s != victim), rivalry.sides[0])
                against[victim] = ctx.actor_id(c.blamed) if c.blamed else other
            add_incident(scenario, draft, rivalry, "seizure" if c.seizure else "event",
                         c.severity, victims, against, c.text or "an incident")
            return Change(Scope.INCIDENT, rivalry.id, 0.0, float(c.severity), victims)
        case m.MediateEffect(mediate=c):
            from wargame.rules.crisis import add_mediation

            rivalry = scenario.rivalry(ctx.rivalry_id(c.rivalry))
            broker = ctx.actor_id(c.broker)
            until = add_mediation(scenario, draft, rivalry, broker, c.turns, "an envoy arrives")
            return Change(Scope.MEDIATION, rivalry.id, 0.0, float(until), (broker,))
        case m.EndLeverEffect(end_lever=c):
            was_on = c.lever in draft.levers
            draft.levers.pop(c.lever, None)
            return Change(Scope.LEVER, c.lever, float(was_on), 0.0)
    raise TypeError(f"unknown effect {effect!r}")


def bayes_update(prior: float, likelihood_ratio: float) -> float:
    """Posterior P(hostile) from a prior and P(move|hostile)/P(move|defensive)."""
    prior = _clamp(prior, 1e-4, 1 - 1e-4)
    odds = prior / (1 - prior) * likelihood_ratio
    return _clamp(odds / (1 + odds), 0.01, 0.99)


def logit(p: float) -> float:
    p = _clamp(p, 1e-6, 1 - 1e-6)
    return math.log(p / (1 - p))


def inv_logit(x: float) -> float:
    if x < -700.0:  # exp would overflow (a scenario's huge cost or modifier): odds nil
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


@cache
def _effect_adapter() -> TypeAdapter[m.Effect]:
    return TypeAdapter(m.Effect)


def parse_effects(raw: tuple[Mapping[str, Any], ...]) -> tuple[m.Effect, ...]:
    """Validate ad-hoc effects written by a facilitator (raises pydantic.ValidationError)."""
    return tuple(_effect_adapter().validate_python(dict(e)) for e in raw)
