"""The turn engine: pure functions from (scenario, state, orders, rulings, seed) to a new state.

One turn runs this documented phase sequence (docs/rules.md explains each rule):

1. **events** (when the turn opens): scheduled, conditional and chance events;
   facilitator injects are applied while orders are open (:func:`apply_inject`);
2. **signals**: declared intents, public or private, optionally costly;
3. **orders**: the sealed order sheets are opened;
4. **adjudication**: odds, PROs/CONs, decision checks, the war gate, dice, bands,
   facilitator rulings (:func:`propose` shows the proposal before it is final);
   then effects, rung changes, reciprocated de-escalation, proxy spoilers;
5. **loss of control** rolls (incidents: a choice at the next orders phase);
6. **spillover** over the rivalry linkage graph (tension, not rungs);
7. **upkeep**: levers, lasting effects, Richardson drift, belief decay, income;
8. **perception**: attribution and belief updates;
9. **crisis**: termination (settlement, ceasefire, stand-down, war) of open crises;
10. **picture**: each actor's perceived rungs, formed after everything that moved one;
11. **scoring** and the turn record; then the next turn opens with its events.

Derived indicators (:mod:`wargame.rules.indicators`) are recomputed after the events
phase, after an inject and after each of these phases.

Nothing here performs I/O, reads a clock or uses global randomness: the same
inputs give the same :class:`TurnResult`, bit for bit. The phase list is data
(:data:`PHASES`); :func:`resolve_turn` accepts another list as an extension point.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wargame.log import Kind, LogEntry, Visibility
from wargame.orders import Inject, OrderSheet, Ruling
from wargame.payloads import DiceRolled, TurnEnded, TurnOpened
from wargame.rng import Dice
from wargame.rules.adjudication import Adjudication, adjudicate
from wargame.rules.context import TurnContext
from wargame.rules.crisis import close_open_crises, crisis_phase, reveal_secret_terms
from wargame.rules.events import deliver_inject, events_phase
from wargame.rules.indicators import derive
from wargame.rules.legality import check_sheet
from wargame.rules.perception import attribution_phase, picture_phase
from wargame.rules.resolution import orders_phase, resolution_phase, signals_phase
from wargame.rules.spillover import spillover_phase
from wargame.rules.upkeep import (
    belief_decay_phase,
    drift_phase,
    income_phase,
    levers_phase,
    loss_of_control_phase,
    scoring_phase,
)
from wargame.scenario.models import Scenario
from wargame.state import Draft, GameState, initial_state

Phase = Callable[[TurnContext], None]


@dataclass(frozen=True, slots=True)
class TurnResult:
    """A new state and the log entries that explain how it came about."""

    state: GameState
    entries: tuple[LogEntry, ...]
    adjudications: tuple[Adjudication, ...] = ()


def _upkeep(ctx: TurnContext) -> None:
    ctx.phase = "upkeep"
    levers_phase(ctx)
    drift_phase(ctx)
    belief_decay_phase(ctx)
    income_phase(ctx)
    reveal_secret_terms(ctx)


PHASES: tuple[tuple[str, Phase], ...] = (
    ("signals", signals_phase),
    ("orders", orders_phase),
    ("adjudication", resolution_phase),
    ("loss_of_control", loss_of_control_phase),
    ("spillover", spillover_phase),
    ("upkeep", _upkeep),
    ("perception", attribution_phase),
    ("crisis", crisis_phase),
    ("picture", picture_phase),
)
"""The phases of :func:`resolve_turn` after the events phase, in order."""


def _dice_entry(ctx: TurnContext) -> None:
    if ctx.dice.rolls:
        ctx.private(Kind.TURN, f"{len(ctx.dice.rolls)} dice rolled",
                    payload=DiceRolled.of(ctx.dice.rolls))
        ctx.dice.rolls.clear()


def _context(scenario: Scenario, draft: Draft, seed: int, record: bool,
             **kw: Any) -> TurnContext:
    return TurnContext(scenario, draft, Dice(seed, draft.turn, keep=record), record=record,
                       **kw)


def _open(ctx: TurnContext) -> TurnResult:
    """The events phase of the draft's turn; then orders are open."""
    ctx.log(Kind.TURN, f"Turn {ctx.draft.turn} opens", payload=TurnOpened("events"))
    events_phase(ctx)
    derive(ctx.scenario, ctx.draft)
    _dice_entry(ctx)
    ctx.phase = "orders"
    return TurnResult(ctx.draft.freeze(), tuple(ctx.entries))


def open_turn(scenario: Scenario, state: GameState, seed: int,
              held: Collection[str] = (), *, record: bool = True) -> TurnResult:
    """Run the events phase of the turn ``state.turn`` (orders are then open); events in
    ``held`` do not fire (the White Cell holds them back). ``record=False``: no log
    entries (see :func:`resolve_turn`)."""
    return _open(_context(scenario, state.thaw(), seed, record, held_events=frozenset(held)))


def new_game(scenario: Scenario, seed: int, turns: int, *, record: bool = True) -> TurnResult:
    """The opening state of a game of ``turns`` turns, with turn 1's events applied."""
    start = initial_state(scenario, turns)
    return open_turn(scenario, start, seed, record=record)


def apply_inject(scenario: Scenario, state: GameState, inject: Inject, seed: int, *,
                 seq: int = 0) -> TurnResult:
    """Deliver a facilitator inject while orders are open (``seq``: see :func:`resolve_turn`)."""
    ctx = _context(scenario, state.thaw(), seed, True, phase="events", seq=seq)
    deliver_inject(ctx, inject)
    derive(scenario, ctx.draft)
    return TurnResult(ctx.draft.freeze(), tuple(ctx.entries))


def validate_sheets(scenario: Scenario, state: GameState,
                    sheets: Mapping[str, OrderSheet]) -> None:
    for sheet in sheets.values():
        check_sheet(scenario, state, sheet)


def propose(scenario: Scenario, state: GameState, sheets: Mapping[str, OrderSheet],
            rulings: Mapping[str, Sequence[Ruling]], seed: int) -> tuple[Adjudication, ...]:
    """The adjudication the engine proposes for every order, with rulings applied so far."""
    return adjudicate(scenario, state, sheets, rulings, seed)


def resolve_turn(scenario: Scenario, state: GameState, sheets: Mapping[str, OrderSheet],
                 rulings: Mapping[str, Sequence[Ruling]], seed: int,
                 phases: Sequence[tuple[str, Phase]] = PHASES,
                 held: Collection[str] = (), *, record: bool = True,
                 seq: int = 0) -> TurnResult:
    """Resolve the open turn and open the next one (or end the game after the last turn);
    ``held`` events do not fire when the next turn opens.

    ``record=False`` leaves the log out (:attr:`TurnResult.entries` is empty) for games
    nobody reads the story of (batches, forecasts, rollouts): the state is the same.
    ``seq`` is stamped on every entry (:attr:`LogEntry.seq`: the session's command)."""
    if state.ended:
        raise ValueError("the game has ended")
    validate_sheets(scenario, state, sheets)
    ctx = _context(scenario, state.thaw(), seed, record, sheets=dict(sheets), seq=seq)
    ctx.adjudications = propose(scenario, state, sheets, rulings, seed)
    for _name, phase in phases:
        phase(ctx)
        derive(scenario, ctx.draft)
    final = ctx.draft.turn >= ctx.draft.last_turn
    if final:
        close_open_crises(ctx)
    scoring_phase(ctx, final)
    for riv in ctx.draft.rivalries.values():
        riv.rose_by = 0
        riv.jumped = False
        riv.rung_set_this_turn = False
    ctx.phase = "end"
    ctx.log(Kind.TURN, f"Turn {ctx.draft.turn} ends", payload=TurnEnded({
        rid: r.public_rung for rid, r in ctx.draft.rivalries.items()}))
    _dice_entry(ctx)
    entries = list(ctx.entries)
    adjudications = ctx.adjudications
    if final:
        ctx.draft.phase = "ended"
        why = " after nuclear use" if ctx.draft.outcome == "nuclear" else ""
        if record:
            entries.append(LogEntry(ctx.draft.turn, "end", Kind.TURN, f"The game ends{why}",
                                    Visibility.PUBLIC, seq=seq))
        return TurnResult(ctx.draft.freeze(), tuple(entries), adjudications)
    ctx.draft.turn += 1
    # The next turn opens on the same draft, made what freezing and thawing it would give.
    ctx.draft.refresh()
    opened = _open(_context(scenario, ctx.draft, seed, record, held_events=frozenset(held),
                            seq=seq))
    return TurnResult(opened.state, tuple(entries) + opened.entries, adjudications)
