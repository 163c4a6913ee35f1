"""Which orders are legal: ``why_illegal`` gives a reason code, ``legal_orders`` lists them.

A move is aimed at a target; the rivalry it acts on is the rivalry between actor
and target, or, for an armed group, the rivalry between its patron or sanctuary
host and the target (a TTP attack on Pakistan acts on Pakistan-Taliban).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from types import MappingProxyType

from wargame.errors import IllegalOrderError
from wargame.orders import Order, OrderSheet
from wargame.rules.conditions import Context, holds
from wargame.scenario import models as m
from wargame.state import GameState

NUCLEAR_RUNG = 7
"""First rung that only rivalries between two nuclear-armed sides may reach."""


def backers(scenario: m.Scenario, actor: str) -> tuple[str, ...]:
    """Patrons and sanctuary hosts of an actor, strongest link first."""
    return scenario.backers(actor)


def rivalry_for(scenario: m.Scenario, actor: str, target: str | None) -> m.Rivalry | None:
    """The rivalry a move by ``actor`` against ``target`` acts on (None if none)."""
    if target is None:
        return None
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
    """True if the move's conditions or effects name its rivalry as ``this``."""
    naming = scenario.derived("moves_using_this", lambda: frozenset(
        mv.id for mv in scenario.moves
        if _mentions_this(mv.model_dump(include={"requires", "modifiers", "effects"}))))
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
    return rivalry.cap if nuclear_dyad(scenario, rivalry) else min(rivalry.cap, NUCLEAR_RUNG - 1)


def targets_for(scenario: m.Scenario, move: m.Move, actor: str) -> tuple[str | None, ...]:
    """Possible targets of a move for an actor (``(None,)`` for untargeted moves)."""
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


def why_illegal(scenario: m.Scenario, state: GameState, order: Order) -> tuple[str, str] | None:
    """``(code, reason)`` if the order breaks a rule, else None."""
    if state.ended:
        return ("game_over", "the game has ended")
    if not scenario.has("actor", order.actor):
        return ("unknown_actor", f"no actor '{order.actor}' in this scenario")
    if not scenario.has("move", order.move):
        return ("unknown_move", f"no move '{order.move}' in this scenario")
    move = scenario.move(order.move)
    if order.actor not in move.actors:
        return ("not_your_move", f"{order.actor} cannot play '{move.name}'")
    if order.target is not None and not scenario.has("actor", order.target):
        return ("unknown_target", f"no actor '{order.target}'")
    allowed = targets_for(scenario, move, order.actor)
    if order.target not in allowed:
        wanted = ", ".join(t or "no target" for t in allowed)
        return ("bad_target", f"'{move.name}' must be aimed at: {wanted}")
    rivalry = rivalry_for(scenario, order.actor, order.target)
    if rivalry is not None:
        if state.rivalries[rivalry.id].terminal:
            return ("rivalry_over", f"{rivalry.name} has ended in general war")
        if move.rung > max_rung(scenario, rivalry):
            top = max_rung(scenario, rivalry)
            return ("above_cap", f"{rivalry.name} cannot go above rung {top}")
    elif order.target is not None and (move.rung > 0 or uses_this(scenario, move)):
        return ("no_rivalry", f"no rivalry links {order.actor} and {order.target}")
    ctx = Context(order.actor, order.target, rivalry.id if rivalry else None)
    if not holds(move.requires, scenario, actor_picture(state, order.actor), ctx):
        return ("precondition", f"'{move.name}' is not available yet")
    if move.lever is not None and move.lever in state.levers:
        return ("lever_active", f"lever '{move.lever}' is already on")
    if "resources" in state.variables[order.actor]:
        have = state.variables[order.actor]["resources"]
        if move.cost.resources > have + 1e-9:
            return ("cannot_afford", f"'{move.name}' costs {move.cost.resources:g} resources; "
                    f"{order.actor} has {have:g}")
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


def legal_orders(scenario: m.Scenario, state: GameState, actor: str) -> Iterator[Order]:
    """Every single order the actor may legally give now."""
    for move in scenario.moves:
        if actor not in move.actors:
            continue
        for target in targets_for(scenario, move, actor):
            order = Order(actor, move.id, target)
            if why_illegal(scenario, state, order) is None:
                yield order
