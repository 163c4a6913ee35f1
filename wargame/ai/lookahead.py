"""Lookahead computer players: sampled rollouts over the engine, on the actor's own picture.

A decision works only from the actor's information set
(:func:`wargame.ai.information.information_set`), never from the true state:

1. **Candidates.** On the most likely world consistent with that picture, the
   actor's doctrine proposes its sheet; the ``k`` best single orders by doctrine's
   score and the ``k`` that do most for the actor's own objectives if they succeed
   (:func:`objective_gain`: doctrine weighs objectives only through its fixed pulls),
   each alone and each beside doctrine's first order, and holding (no orders)
   complete the list. Orders whose precondition the actor cannot judge
   from its picture (a hidden flag, another actor's variable) are never candidates,
   so every candidate is legal in the real game too.
2. **Worlds.** ``worlds`` states are sampled to agree with the picture (hidden rungs,
   tension, other actors' means and minds drawn afresh), each with its own dice
   seed: the game's seed is never used to roll the future, so a player cannot
   foresee the game's dice.
3. **Rollouts.** Every candidate is played in every world (common random numbers:
   candidates meet the same worlds and dice), ``horizon`` turns, everyone else
   and the actor's later turns played by doctrine.
4. **Score.** The actor's objective points won in the rollout, plus the points its
   objectives would bring if things stayed as they are at the horizon, each weighed
   by how nearly it holds (a logistic of the margin to its threshold); the
   difficulty's *style* then weighs the spread over worlds and any rise of the
   actor's own rivalries (cautious players pay for both; hawkish ones seek spread).
   The best candidate is played only if it beats doctrine's sheet in the same worlds
   by more than a standard error of the paired difference; otherwise doctrine's sheet.

The *level* sets the budget: candidates, worlds, horizon and a time budget per
decision. Decisions are deterministic for a given seed: the player's random stream
is its own (hashed from seed, actor, turn and difficulty) and shifts no dice key of
the game. The time budget stops sampling before a world that would overrun it (judged
by the mean time of the worlds so far; at least one world is always played), so a
decision that samples every world within its budget (the normal case on an idle
machine; ``benchmarks/players.py`` reports the p99 and how many were cut short) is
reproducible.
"""

from __future__ import annotations

import hashlib
import math
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wargame.ai.doctrine import choose_orders, score_order
from wargame.ai.information import Information, information_set, sample_world
from wargame.engine import resolve_turn
from wargame.errors import IllegalOrderError
from wargame.orders import Order, OrderSheet
from wargame.rules.conditions import Context, apply_effect, holds, objective_share
from wargame.rules.indicators import derive
from wargame.rules.legality import check_sheet, legal_orders, max_rung, rivalry_for
from wargame.scenario import models as m
from wargame.state import Draft, GameState

# --------------------------------------------------------------------------- difficulty


@dataclass(frozen=True, slots=True)
class Style:
    """How a player weighs risk (the *cautious / balanced / hawkish* axis)."""

    name: str
    risk_shift: float
    """Added to the actor's doctrine risk appetite (clamped to 0..1) for its own choices."""
    restraint_shift: float
    """Added to its doctrine restraint (0..1), which doctrine charges for climbing past the
    overt-force threshold (the rules' Richardson decay keeps the scenario's value)."""
    spread_aversion: float
    """Utility = mean - this x standard deviation of the value over sampled worlds."""
    escalation_cost: float
    """Objective points charged per rung its own rivalries rise within the horizon."""


@dataclass(frozen=True, slots=True)
class Level:
    """How hard a player thinks (the *novice / standard / expert* axis)."""

    name: str
    candidates: int
    """The ``k`` best single orders by doctrine that are weighed besides doctrine's sheet."""
    worlds: int
    horizon: int
    time_budget: float
    """Seconds per decision: no world is sampled that would end after it."""


STYLES: dict[str, Style] = {
    "cautious": Style("cautious", -0.2, 0.3, 0.5, 0.5),
    "balanced": Style("balanced", 0.0, 0.0, 0.0, 0.0),
    "hawkish": Style("hawkish", 0.25, -0.2, -0.25, 0.0),
}
LEVELS: dict[str, Level] = {
    "novice": Level("novice", candidates=2, worlds=2, horizon=1, time_budget=1.0),
    "standard": Level("standard", candidates=3, worlds=4, horizon=2, time_budget=3.0),
    "expert": Level("expert", candidates=5, worlds=8, horizon=3, time_budget=8.0),
}


@dataclass(frozen=True, slots=True)
class Difficulty:
    """A style and a level, e.g. ``hawkish-expert``."""

    style: Style
    level: Level

    @property
    def label(self) -> str:
        return f"{self.style.name}-{self.level.name}"

    @classmethod
    def parse(cls, text: str) -> Difficulty:
        """``STYLE``, ``LEVEL`` or ``STYLE-LEVEL`` (defaults: balanced, standard)."""
        style, level = STYLES["balanced"], LEVELS["standard"]
        parts = [p for p in text.strip().lower().replace(":", "-").split("-") if p]
        if not parts or len(parts) > 2:
            raise ValueError(f"difficulty {text!r}: use STYLE-LEVEL, e.g. balanced-standard")
        seen: set[str] = set()
        for part in parts:
            if part in STYLES and "style" not in seen:
                style = STYLES[part]
                seen.add("style")
            elif part in LEVELS and "level" not in seen:
                level = LEVELS[part]
                seen.add("level")
            else:
                raise ValueError(
                    f"difficulty {text!r}: '{part}' is not a style "
                    f"({', '.join(STYLES)}) or a level ({', '.join(LEVELS)}), once each")
        return cls(style, level)


DEFAULT = Difficulty(STYLES["balanced"], LEVELS["standard"])


def difficulty_labels() -> list[str]:
    """Every difficulty, style by style and level by level (for menus and help)."""
    return [f"{s}-{lv}" for s in STYLES for lv in LEVELS]


# --------------------------------------------------------------------------- the decision


@dataclass(frozen=True, slots=True)
class Decision:
    """A lookahead decision with what it weighed."""

    sheet: OrderSheet
    candidates: tuple[OrderSheet, ...]
    utilities: tuple[float, ...]
    worlds: int
    seconds: float
    cut_short: bool
    """True when the time budget stopped sampling before ``level.worlds`` worlds."""


def _stream(seed: int, info: Information, difficulty: Difficulty, world: int) -> random.Random:
    key = f"lookahead|{seed}|{info.actor}|{info.turn}|{difficulty.label}|{world}"
    return random.Random(int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(),
                                        "big"))


def styled_scenario(scenario: m.Scenario, actor: str, style: Style) -> m.Scenario:
    """The scenario with ``actor``'s doctrine risk appetite and restraint shifted by the style
    (a copy, kept with the scenario, for the actor's own choices only: the rules always run
    on the original)."""
    if style.risk_shift == 0 and style.restraint_shift == 0:
        return scenario
    memo: dict[tuple[str, str], m.Scenario] = scenario.derived("lookahead_styles", dict)
    key = (actor, style.name)
    if key not in memo:
        actors = tuple(
            a.model_copy(update={"doctrine": a.doctrine.model_copy(update={
                "risk_appetite": _unit(a.doctrine.risk_appetite + style.risk_shift),
                "restraint": _unit(a.doctrine.restraint + style.restraint_shift),
            })}) if a.id == actor else a
            for a in scenario.actors)
        memo[key] = scenario.model_copy(update={"actors": actors})
    return memo[key]


def _unit(x: float) -> float:
    return min(1.0, max(0.0, x))


def _reads_hidden(cond: m.Condition | None, actor: str) -> bool:
    """True if judging ``cond`` for ``actor`` needs something its view hides."""
    match cond:
        case None | m.RungAtLeast() | m.RungAtMost() | m.IndicatorAtLeast() | \
                m.IndicatorAtMost() | m.TurnAtLeast() | m.LeverActive():
            return False
        case m.VarAtLeast(var_at_least=b) | m.VarAtMost(var_at_most=b):
            return b.actor not in (m.SELF, actor)
        case m.AllOf(all=parts) | m.AnyOf(any=parts):
            return any(_reads_hidden(p, actor) for p in parts)
        case m.NotCond(not_=inner):
            return _reads_hidden(inner, actor)
    return True  # flags, tension and anything new: not the actor's to judge


def judgeable(scenario: m.Scenario, actor: str, move_id: str) -> bool:
    """Whether ``actor`` can tell from its own picture if the move is available."""
    memo: dict[tuple[str, str], bool] = scenario.derived("lookahead_judgeable", dict)
    key = (actor, move_id)
    if key not in memo:
        memo[key] = not _reads_hidden(scenario.move(move_id).requires, actor)
    return memo[key]


def _legal(scenario: m.Scenario, world: GameState, sheet: OrderSheet) -> bool:
    try:
        check_sheet(scenario, world, sheet)
    except IllegalOrderError:
        return False
    return True


def candidates(scenario: m.Scenario, styled: m.Scenario, world: GameState, actor: str,
               seed: int, k: int, allow_levers: bool) -> list[OrderSheet]:
    """Doctrine's sheet, holding, the ``k`` best single orders by doctrine's score and the
    ``k`` that do most for the actor's objectives by :func:`objective_gain` (those that do
    anything), each alone and beside doctrine's first order; every one legal in ``world``
    and judgeable by the actor."""
    doctrine = choose_orders(styled, world, actor, seed, allow_levers=allow_levers)
    keep = tuple(o for o in doctrine.orders if judgeable(scenario, actor, o.move))
    doctrine = OrderSheet(actor, keep, tuple(s for s in doctrine.signals
                                             if any(o.target == s.toward for o in keep)),
                          doctrine.reasons)
    singles = [o for o in legal_orders(scenario, world, actor)
               if judgeable(scenario, actor, o.move)
               and scenario.move(o.move).category != m.Category.STATUS_QUO
               and (allow_levers or scenario.move(o.move).lever is None)]
    ranked = sorted(singles, key=lambda o: (-score_order(styled, world, o, seed).score,
                                            o.move, o.target or ""))[:k]
    now = objective_value(scenario, world, actor)
    gains = sorted(((objective_gain(scenario, world, o) - now, o) for o in singles),
                   key=lambda g: (-g[0], g[1].move, g[1].target or ""))
    directed = [o for gain, o in gains[:k] if gain > GAIN_FLOOR]
    sheets = [doctrine, OrderSheet(actor, (), (), ("holds: no orders this turn",))]
    first = doctrine.orders[:1]
    for order in (*ranked, *directed):
        sheets.append(_sheet(actor, (order,), doctrine))
        if first and first[0] != order:
            sheets.append(_sheet(actor, (first[0], order), doctrine))
    unique: dict[frozenset[tuple[str, str | None]], OrderSheet] = {}
    for sheet in sheets:
        key = frozenset((o.move, o.target) for o in sheet.orders)
        if key not in unique and _legal(scenario, world, sheet):
            unique[key] = sheet
    return list(unique.values())


GAIN_FLOOR = 1e-6
"""An order whose :func:`objective_gain` is no more than this does nothing for the actor's
objectives and is not proposed for it."""


def objective_gain(scenario: m.Scenario, world: GameState, order: Order) -> float:
    """The :func:`objective_value` of ``world`` once ``order`` has done what its move says,
    in full: its effects applied at full success and, for a climb, its rivalry at the move's
    rung (public or not as the move is seen). A cheap screen for orders aimed at the
    actor's objectives that doctrine's score overlooks; the rollouts judge them (goal
    reasoning proposes, search disposes)."""
    move = scenario.move(order.move)
    rivalry = rivalry_for(scenario, order.actor, order.target)
    draft = world.thaw()
    context = Context(order.actor, order.target, rivalry.id if rivalry else None)
    for effect in move.effects:
        apply_effect(effect, scenario, draft, context)
    if rivalry is not None:
        riv = draft.rivalries[rivalry.id]
        if move.rung > riv.rung:
            riv.set_rung(min(move.rung, max_rung(scenario, rivalry)),
                         public=move.visibility == m.Visibility.PUBLIC)
    derive(scenario, draft)
    return objective_value(scenario, draft, order.actor)


def _sheet(actor: str, orders: tuple[Order, ...], doctrine: OrderSheet) -> OrderSheet:
    """A sheet of ``orders`` keeping doctrine's signals toward their targets."""
    targets = {o.target for o in orders}
    return OrderSheet(actor, orders, tuple(s for s in doctrine.signals if s.toward in targets))


SOFT_SCALE = 1.0
"""How far past a threshold (in units of the bound: points of a variable or an indicator,
rungs) an objective counts as about three-quarters met: the logistic of margin / scale."""


def _logistic(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-margin / SOFT_SCALE))


def soft_holds(cond: m.Condition, scenario: m.Scenario, state: GameState | Draft,
               actor: str) -> float:
    """How nearly ``cond`` holds in ``state``, from 0 to 1: a logistic of the margin by which
    a bound is met (a rung met exactly counts half a rung in), the crisp answer for
    conditions without a margin (flags, levers, turns), min / max / 1 - x for all / any /
    not. The score of a rollout that has not reached the end of the game, so that moving
    toward a threshold counts before it is crossed."""
    match cond:
        case m.RungAtLeast(rung_at_least=b):
            return _logistic(state.rivalries[b.rivalry].rung - b.rung + 0.5)
        case m.RungAtMost(rung_at_most=b):
            return _logistic(b.rung - state.rivalries[b.rivalry].rung + 0.5)
        case m.VarAtLeast(var_at_least=v):
            return _logistic(state.variables[actor if v.actor == m.SELF else v.actor][v.var]
                             - v.value)
        case m.VarAtMost(var_at_most=v):
            return _logistic(v.value - state.variables[actor if v.actor == m.SELF
                                                       else v.actor][v.var])
        case m.IndicatorAtLeast(indicator_at_least=i):
            return _logistic(state.indicators[i.indicator] - i.value)
        case m.IndicatorAtMost(indicator_at_most=i):
            return _logistic(i.value - state.indicators[i.indicator])
        case m.AllOf(all=parts):
            return min(soft_holds(p, scenario, state, actor) for p in parts)
        case m.AnyOf(any=parts):
            return max(soft_holds(p, scenario, state, actor) for p in parts)
        case m.NotCond(not_=inner):
            return 1.0 - soft_holds(inner, scenario, state, actor)
    return 1.0 if holds(cond, scenario, state, Context(actor)) else 0.0


def objective_value(scenario: m.Scenario, state: GameState | Draft, actor: str) -> float:
    """What ``actor``'s objectives would bring if ``state`` held to the last turn, each
    weighed by how nearly it holds (:func:`soft_holds`), a partial-credit objective by
    the credit it would earn now when that is more (:func:`objective_share`: the rules
    pay such an objective in proportion to the way come, so progress there is worth its
    credit, not the logistic's sliver); one scored each turn counts for every turn left."""
    remaining = state.last_turn - state.turn + 1
    total = 0.0
    for objective in scenario.objectives:
        if objective.actor != actor:
            continue
        held = soft_holds(objective.condition, scenario, state, actor)
        if objective.partial_from is not None:
            held = max(held, objective_share(objective, scenario, state))
        total += objective.points * held * (
            remaining if objective.scoring == "each_turn" else 1)
    return total


def value(scenario: m.Scenario, info: Information, start: GameState, end: GameState,
          style: Style) -> float:
    """The actor's objective points won from ``start`` to ``end``, plus, while the game goes
    on, what its objectives would bring if ``end`` held to the last turn
    (:func:`objective_value`), less the style's escalation cost."""
    actor = info.actor
    points = end.objective_points.get(actor, 0.0) - start.objective_points.get(actor, 0.0)
    if not end.ended:
        points += objective_value(scenario, end, actor)
    if style.escalation_cost:
        rise = sum(max(0, end.rivalries[r.id].rung - start.rivalries[r.id].rung)
                   for r in scenario.rivalries_of(actor))
        points -= style.escalation_cost * rise
    return points


def _rollout(scenario: m.Scenario, styled: m.Scenario, world: GameState, actor: str,
             sheet: OrderSheet, others: dict[str, OrderSheet], dice: int, horizon: int,
             allow_levers: bool) -> GameState:
    sheets = {**others, actor: sheet}
    state = resolve_turn(scenario, world, sheets, {}, dice, record=False).state
    for _ in range(horizon - 1):
        if state.ended:
            break
        sheets = {a.id: choose_orders(styled if a.id == actor else scenario, state, a.id, dice,
                                      allow_levers=allow_levers)
                  for a in scenario.actors if a.playable}
        state = resolve_turn(scenario, state, sheets, {}, dice, record=False).state
    return state


def decide(scenario: m.Scenario, info: Information, seed: int,
           difficulty: Difficulty = DEFAULT, *, allow_levers: bool = True,
           time_budget: float | None = None,
           clock: Callable[[], float] = time.perf_counter) -> Decision:
    """The lookahead decision of ``info.actor`` (module docstring); ``time_budget``
    overrides the level's (``math.inf``: always sample every world)."""
    began = clock()
    budget = difficulty.level.time_budget if time_budget is None else time_budget
    actor, level, style = info.actor, difficulty.level, difficulty.style
    styled = styled_scenario(scenario, actor, style)
    likely = sample_world(scenario, info)
    sheets = candidates(scenario, styled, likely, actor, seed, level.candidates, allow_levers)
    values: list[list[float]] = [[] for _ in sheets]
    worlds = 0
    if len(sheets) > 1 and info.phase == "orders":
        sampling = clock()
        for index in range(level.worlds):
            now = clock()
            if worlds and now - began + (now - sampling) / worlds > budget:
                break  # one more world would overrun the budget
            rng = _stream(seed, info, difficulty, index)
            world = sample_world(scenario, info, rng)
            dice = rng.getrandbits(48)
            others = {a.id: choose_orders(scenario, world, a.id, dice, allow_levers=allow_levers)
                      for a in scenario.actors if a.playable and a.id != actor}
            for slot, sheet in enumerate(sheets):
                end = _rollout(scenario, styled, world, actor, sheet, others, dice,
                               level.horizon, allow_levers)
                values[slot].append(value(scenario, info, world, end, style))
            worlds += 1
    utilities = tuple(_utility(v, style) for v in values)
    best = _best(values, utilities)
    chosen = _explained(scenario, styled, likely, sheets, utilities, best, worlds, difficulty,
                        seed)
    return Decision(chosen, tuple(sheets), utilities, worlds, clock() - began,
                    worlds < level.worlds and len(sheets) > 1 and info.phase == "orders")


CONFIDENCE = 1.0
"""How many standard errors of the paired difference over worlds a candidate must beat
doctrine's sheet by before the player departs from doctrine."""


def _best(values: Sequence[Sequence[float]], utilities: Sequence[float]) -> int:
    """The candidate of highest utility, if it beats doctrine's sheet (candidate 0) in the
    same worlds by more than :data:`CONFIDENCE` standard errors; else doctrine's sheet.
    Noise between rollouts never moves the player off doctrine by itself."""
    best = max(range(len(utilities)), key=lambda i: (utilities[i], -i))
    if best == 0 or utilities[best] <= utilities[0]:
        return 0
    gains = [v - d for v, d in zip(values[best], values[0], strict=True)]
    mean = statistics.fmean(gains)
    error = statistics.stdev(gains) / math.sqrt(len(gains)) if len(gains) > 1 else 0.0
    return best if mean > CONFIDENCE * error and mean > 0 else 0


def _utility(values: Sequence[float], style: Style) -> float:
    if not values:
        return 0.0
    spread = statistics.pstdev(values) if len(values) > 1 else 0.0
    return statistics.fmean(values) - style.spread_aversion * spread


def _explained(scenario: m.Scenario, styled: m.Scenario, likely: GameState,
               sheets: Sequence[OrderSheet], utilities: Sequence[float], best: int,
               worlds: int, difficulty: Difficulty, seed: int) -> OrderSheet:
    sheet = sheets[best]
    what = ", ".join(scenario.move(o.move).name + (f" ({o.target})" if o.target else "")
                     for o in sheet.orders) or "hold"
    summary = (f"lookahead {difficulty.label}: {len(sheets)} options x {worlds} sampled worlds "
               f"x {difficulty.level.horizon} turn(s); chose {what}, expected "
               f"{utilities[best]:+.2f} points (doctrine's sheet {utilities[0]:+.2f}, "
               f"holding {utilities[1] if len(utilities) > 1 else 0.0:+.2f})")
    reasons = (summary, *(score_order(styled, likely, o, seed).reason for o in sheet.orders))
    return OrderSheet(sheet.actor, sheet.orders, sheet.signals, reasons)


# --------------------------------------------------------------------------- the player


@dataclass(frozen=True, slots=True)
class LookaheadPlayer:
    """A runner policy ``(scenario, state, actor, seed) -> OrderSheet`` that plans on the
    actor's information set only (picklable, so batches can farm it out)."""

    difficulty: Difficulty = DEFAULT
    allow_levers: bool = True
    time_budget: float | None = None
    """Seconds per decision (``None``: the level's; ``math.inf``: no limit)."""

    def __call__(self, scenario: m.Scenario, state: GameState, actor: str,
                 seed: int) -> OrderSheet:
        return self.decide(scenario, state, actor, seed).sheet

    def decide(self, scenario: m.Scenario, state: GameState, actor: str,
               seed: int) -> Decision:
        info = information_set(scenario, state, actor)
        return decide(scenario, info, seed, self.difficulty, allow_levers=self.allow_levers,
                      time_budget=self.time_budget)

