"""Which orders are legal: ``why_illegal`` gives a reason code, ``legal_orders`` lists them.

A move is aimed at a target; the rivalry it acts on is the rivalry between actor
and target, or, for an armed group, the rivalry between its patron or sanctuary
host and the target (a TTP attack on Pakistan acts on Pakistan-Taliban).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from types import MappingProxyType

from wargame.errors import IllegalOrderError
from wargame.orders import Order, OrderSheet
from wargame.rules.conditions import Context, Predicate, compiled
from wargame.scenario import models as m
from wargame.state import GameState

NUCLEAR_RUNG = 7
"""First rung that only rivalries between two nuclear-armed sides may reach."""


def backers(scenario: m.Scenario, actor: str) -> tuple[str, ...]:
    """Patrons and sanctuary hosts of an actor, strongest link first."""
    return scenario.backers(actor)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the scenario alone says about one order (actor, move, target).

    ``why_illegal`` then only checks what changes during a game: the game's end, a
    rivalry's end, the move's precondition, an active lever and the actor's resources.
    """

    order: Order
    move: m.Move
    problem: tuple[str, str] | None
    """The first rule the order breaks whatever the state (checked before the rest)."""
    rivalry: str | None
    over: tuple[str, str] | None
    """``rivalry_over`` for this rivalry (returned when the rivalry is terminal)."""
    above_cap: tuple[str, str] | None
    ctx: Context
    requires: Predicate | None
    """The move's precondition, judged on the actor's picture (:func:`actor_picture`):
    rungs as the actor perceives them."""


_Check = tuple[Order, str | None, Predicate | None, Context, str | None, float]
"""What :func:`_legal_now` checks of a plan the scenario allows: order, rivalry,
precondition and its context, lever, resource cost (the rules of :func:`_dynamic_problem`)."""


class _Tables:
    """Per-scenario memo tables of the legality rules (filled on first use)."""

    __slots__ = ("checks", "max_rung", "plans", "rivalry_for", "targets")

    def __init__(self) -> None:
        self.rivalry_for: dict[tuple[str, str | None], m.Rivalry | None] = {}
        # Keyed by id, holding the object the value was worked out for: a what-if copy of
        # a move or rivalry (same id, other data) is worked out afresh.
        self.targets: dict[tuple[str, str], tuple[m.Move, tuple[str | None, ...]]] = {}
        self.max_rung: dict[str, tuple[m.Rivalry, int]] = {}
        self.plans: dict[tuple[str, str, str | None], _Plan] = {}
        self.checks: dict[str, tuple[_Check, ...]] = {}


def _tables(scenario: m.Scenario) -> _Tables:
    return scenario.derived("legality_tables", _Tables)


def rivalry_for(scenario: m.Scenario, actor: str, target: str | None) -> m.Rivalry | None:
    """The rivalry a move by ``actor`` against ``target`` acts on (None if none)."""
    if target is None:
        return None
    memo = _tables(scenario).rivalry_for
    key = (actor, target)
    try:
        return memo[key]
    except KeyError:
        found = memo[key] = _find_rivalry(scenario, actor, target)
        return found


def _find_rivalry(scenario: m.Scenario, actor: str, target: str) -> m.Rivalry | None:
    direct = scenario.rivalry_between(actor, target)
    if direct is not None:
        return direct
    for backer in backers(scenario, actor):
        if backer == target:
            continue
        via = scenario.rivalry_between(backer, target)
        if via is not None:
            return via
    return None


def uses_this(scenario: m.Scenario, move: m.Move) -> bool:
    """True if the move needs a rivalry with its target: its conditions or effects name
    it as ``this``, or it acts on one (an appeal for mediation, an agreement)."""
    naming = scenario.derived("moves_using_this", lambda: frozenset(
        mv.id for mv in scenario.moves
        if mv.requests_mediation or mv.agreement is not None
        or _mentions_this(mv.model_dump(include={"requires", "modifiers", "effects"}))))
    return move.id in naming


def _mentions_this(value: object) -> bool:
    if isinstance(value, dict):
        return any((k == "rivalry" and v == "this") or _mentions_this(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_mentions_this(v) for v in value)
    return False


def nuclear_dyad(scenario: m.Scenario, rivalry: m.Rivalry) -> bool:
    return all(scenario.actor(side).nuclear for side in rivalry.sides)


def max_rung(scenario: m.Scenario, rivalry: m.Rivalry) -> int:
    """Highest reachable rung: the cap, and 6 for a dyad that is not nuclear on both sides."""
    memo = _tables(scenario).max_rung
    found = memo.get(rivalry.id)
    if found is not None and found[0] is rivalry:
        return found[1]
    top = rivalry.cap if nuclear_dyad(scenario, rivalry) else min(rivalry.cap, NUCLEAR_RUNG - 1)
    memo[rivalry.id] = (rivalry, top)
    return top


def targets_for(scenario: m.Scenario, move: m.Move, actor: str) -> tuple[str | None, ...]:
    """Possible targets of a move for an actor (``(None,)`` for untargeted moves)."""
    memo = _tables(scenario).targets
    key = (move.id, actor)
    found = memo.get(key)
    if found is not None and found[0] is move:
        return found[1]
    targets = _find_targets(scenario, move, actor)
    memo[key] = (move, targets)
    return targets


def _find_targets(scenario: m.Scenario, move: m.Move, actor: str) -> tuple[str | None, ...]:
    if move.targets:
        return tuple(t for t in move.targets if t != actor)
    if move.lever is not None:
        return (None,)
    rivals = [
        side
        for r in scenario.rivalries
        for side in r.sides
        if actor in r.sides and side != actor
    ]
    for backer in backers(scenario, actor):
        rivals += [s for r in scenario.rivalries_of(backer) for s in r.sides
                   if s not in (backer, actor)]
    if move.rung == 0 and move.category in (m.Category.STATUS_QUO,) and not rivals:
        return (None,)
    unique = tuple(dict.fromkeys(rivals))
    return unique if unique else (None,)


_PICTURES: dict[tuple[int, str], tuple[GameState, GameState]] = {}


def actor_picture(state: GameState, actor: str) -> GameState:
    """The state with every rung replaced by the rung ``actor`` perceives.

    Legality is judged on this picture, so the moves a team is offered never reveal a
    true rung it misreads; adjudication then checks the move against reality.
    """
    key = (id(state), actor)
    cached = _PICTURES.get(key)
    if cached is not None and cached[0] is state:
        return cached[1]
    seen = state.perceived.get(actor, {})
    rivalries = {rid: replace(r, rung=seen.get(rid, r.rung)) if seen.get(rid, r.rung) != r.rung
                 else r for rid, r in state.rivalries.items()}
    picture = replace(state, rivalries=MappingProxyType(rivalries))
    if len(_PICTURES) > 256:
        _PICTURES.clear()
    _PICTURES[key] = (state, picture)
    return picture


def _plan(scenario: m.Scenario, actor: str, move_id: str, target: str | None) -> _Plan | None:
    """The memoised plan of an order, or None when actor or move is not in the scenario."""
    tables = _tables(scenario)
    key = (actor, move_id, target)
    plan = tables.plans.get(key)
    if plan is None:
        if not scenario.has("actor", actor) or not scenario.has("move", move_id):
            return None
        plan = tables.plans[key] = _make_plan(scenario, Order(actor, move_id, target))
    return plan


def _make_plan(scenario: m.Scenario, order: Order) -> _Plan:
    move = scenario.move(order.move)
    problem: tuple[str, str] | None = None
    rivalry: m.Rivalry | None = None
    if order.actor not in move.actors:
        problem = ("not_your_move", f"{order.actor} cannot play '{move.name}'")
    elif order.target is not None and not scenario.has("actor", order.target):
        problem = ("unknown_target", f"no actor '{order.target}'")
    else:
        allowed = targets_for(scenario, move, order.actor)
        if order.target not in allowed:
            wanted = ", ".join(t or "no target" for t in allowed)
            problem = ("bad_target", f"'{move.name}' must be aimed at: {wanted}")
        else:
            rivalry = rivalry_for(scenario, order.actor, order.target)
            if rivalry is None and order.target is not None and (
                    move.rung > 0 or uses_this(scenario, move)):
                problem = ("no_rivalry", f"no rivalry links {order.actor} and {order.target}")
    over = above_cap = None
    if rivalry is not None:
        over = ("rivalry_over", f"{rivalry.name} has ended in general war")
        top = max_rung(scenario, rivalry)
        if move.rung > top:
            above_cap = ("above_cap", f"{rivalry.name} cannot go above rung {top}")
    return _Plan(
        order=order, move=move, problem=problem, rivalry=rivalry.id if rivalry else None,
        over=over, above_cap=above_cap,
        ctx=Context(order.actor, order.target, rivalry.id if rivalry else None),
        requires=None if move.requires is None else compiled(move.requires, as_seen=True))


def why_illegal(scenario: m.Scenario, state: GameState, order: Order) -> tuple[str, str] | None:
    """``(code, reason)`` if the order breaks a rule, else None."""
    if state.ended:
        return ("game_over", "the game has ended")
    plan = _plan(scenario, order.actor, order.move, order.target)
    if plan is None:
        if not scenario.has("actor", order.actor):
            return ("unknown_actor", f"no actor '{order.actor}' in this scenario")
        return ("unknown_move", f"no move '{order.move}' in this scenario")
    if plan.problem is not None:
        return plan.problem
    return _dynamic_problem(state, plan)


def _dynamic_problem(state: GameState, plan: _Plan) -> tuple[str, str] | None:
    """The rules of :func:`why_illegal` that depend on the state, in the same order."""
    if plan.rivalry is not None:
        if state.rivalries[plan.rivalry].terminal:
            return plan.over
        if plan.above_cap is not None:
            return plan.above_cap
    move, actor = plan.move, plan.order.actor
    if plan.requires is not None and not plan.requires(state, plan.ctx):
        return ("precondition", f"'{move.name}' is not available yet")
    if move.lever is not None and move.lever in state.levers:
        return ("lever_active", f"lever '{move.lever}' is already on")
    values = state.variables[actor]
    if "resources" in values:
        have = values["resources"]
        if move.cost.resources > have + 1e-9:
            return ("cannot_afford", f"'{move.name}' costs {move.cost.resources:g} resources; "
                    f"{actor} has {have:g}")
    return None


def check_sheet(scenario: m.Scenario, state: GameState, sheet: OrderSheet) -> None:
    """Raise :class:`IllegalOrderError` for the first broken rule in an order sheet."""
    limit = scenario.metadata.orders_per_turn
    if len(sheet.orders) > limit:
        raise IllegalOrderError("too_many_orders", f"at most {limit} orders per turn")
    spent = 0.0
    seen: set[tuple[str, str | None]] = set()
    for order in sheet.orders:
        if order.actor != sheet.actor:
            raise IllegalOrderError("wrong_actor",
                                    f"an order of {order.actor} on {sheet.actor}'s sheet")
        problem = why_illegal(scenario, state, order)
        if problem is not None:
            raise IllegalOrderError(*problem)
        if (order.move, order.target) in seen:
            raise IllegalOrderError("duplicate", "the same move twice against the same target")
        seen.add((order.move, order.target))
        spent += scenario.move(order.move).cost.resources
    if "resources" in state.variables.get(sheet.actor, {}):
        have = state.variables[sheet.actor]["resources"]
        if spent > have + 1e-9:
            raise IllegalOrderError("cannot_afford", f"orders cost {spent:g} resources; "
                                    f"{sheet.actor} has {have:g}")
    for signal in sheet.signals:
        if signal.actor != sheet.actor or not scenario.has("actor", signal.toward):
            raise IllegalOrderError("bad_signal", f"signal toward unknown actor '{signal.toward}'")
        if not 0 <= signal.rung <= 9:
            raise IllegalOrderError("bad_signal", "a signal declares a rung from 0 to 9")


_LEGAL: dict[tuple[int, str], tuple[GameState, m.Scenario, tuple[Order, ...]]] = {}


def legal_orders(scenario: m.Scenario, state: GameState, actor: str) -> Iterator[Order]:
    """Every single order the actor may legally give now.

    Computed once per (state, actor): a state is immutable, so the list is kept (for the
    last few hundred states) and handed out again to the players, the adjudicator and the UI.
    """
    key = (id(state), actor)
    cached = _LEGAL.get(key)
    if cached is None or cached[0] is not state or cached[1] is not scenario:
        orders = _legal_now(scenario, state, actor)
        if len(_LEGAL) > 512:
            _LEGAL.clear()
        _LEGAL[key] = cached = (state, scenario, orders)
    return iter(cached[2])


def _legal_now(scenario: m.Scenario, state: GameState, actor: str) -> tuple[Order, ...]:
    if state.ended or not scenario.has("actor", actor):
        return ()
    checks = _checks_of(scenario, actor)
    # The rules of _dynamic_problem, inlined: this runs for every actor on every turn.
    rivalries, levers = state.rivalries, state.levers
    have = state.variables[actor].get("resources")
    budget = float("inf") if have is None else have + 1e-9
    return tuple(
        order for order, rivalry, requires, ctx, lever, cost in checks
        if (rivalry is None or not rivalries[rivalry].terminal)
        and (requires is None or requires(state, ctx))
        and (lever is None or lever not in levers)
        and cost <= budget)


def _checks_of(scenario: m.Scenario, actor: str) -> tuple[_Check, ...]:
    """What is left to check of every order the scenario allows the actor, whatever the
    state (orders above a rivalry's cap are never legal, so they are left out here)."""
    tables = _tables(scenario)
    checks = tables.checks.get(actor)
    if checks is None:
        found = []
        for move in scenario.moves_of(actor):
            for target in targets_for(scenario, move, actor):
                plan = _plan(scenario, actor, move.id, target)
                assert plan is not None
                if plan.problem is None and plan.above_cap is None:
                    found.append((plan.order, plan.rivalry, plan.requires, plan.ctx,
                                  move.lever, move.cost.resources))
        checks = tables.checks[actor] = tuple(found)
    return checks
