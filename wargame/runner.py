"""The one game loop: computer seats decide, treatments pull levers, turns resolve.

Every place that lets the computer play goes through here: a session's computer
seats (:func:`computer_sheets`, called by ``Session.fill_computer_orders`` and by
the app's background decision task), a session turn played by the computer
(:func:`play_session_turn`: the terminal game and the app's solo play), and the
journal-free games of batches and forecasts (:func:`play_turn`, :func:`play_on`,
:func:`run_game`).

A *policy* is a function ``(scenario, state, actor, seed) -> OrderSheet``. The
session's computer seats use :func:`doctrine`; experiments use
:func:`doctrine_without_levers` so that only a treatment pulls policy levers. Other
players (random, hold, the lookahead players) are named by a spec
(:func:`wargame.ai.players.player`); :func:`seated` gives each seat its own.

When a treatment pulls a lever (:class:`LeverPull`)
----------------------------------------------------
A pull is *due* on every turn from its ``turn`` on (``None``: from the first turn
played by :func:`play_on`) for as long as the lever is not in force. On a due
turn the lever's move is appended **after** the policy's orders on its actor's
sheet; policy orders are dropped from the end while the sheet breaks a rule (too
many orders, too expensive together). If the lever's move cannot be ordered at
all that turn (for example it costs more than the actor has), the policy's sheet
stands, the reason is recorded in :attr:`GameRecord.lever_problems` and the pull
is tried again on the next turn. A lever move that is ordered but fails leaves the
lever out of force, so it is ordered again on the next turn too.

Appending keeps common random numbers: adjudication dice are keyed by the
order's place on its sheet (``actor#index``), so the policy's orders keep their
keys and the lever's move takes a key no kept order of the baseline used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wargame.ai.doctrine import choose_orders
from wargame.engine import TurnResult, new_game, resolve_turn
from wargame.errors import IllegalOrderError
from wargame.orders import Order, OrderSheet
from wargame.rules.legality import check_sheet
from wargame.scenario.models import Scenario
from wargame.state import GameState

if TYPE_CHECKING:
    from wargame.session import Seat, Session

Policy = Callable[[Scenario, GameState, str, int], OrderSheet]


def doctrine(scenario: Scenario, state: GameState, actor: str, seed: int) -> OrderSheet:
    """The doctrine player of a session's computer seat (it may pull levers itself)."""
    return choose_orders(scenario, state, actor, seed)


def doctrine_without_levers(scenario: Scenario, state: GameState, actor: str,
                            seed: int) -> OrderSheet:
    """The doctrine player of batches and forecasts: levers are left to treatments."""
    return choose_orders(scenario, state, actor, seed, allow_levers=False)


@dataclass(frozen=True, slots=True)
class Seated:
    """A policy that gives each seat its own player: ``seats[actor]``, else ``default``
    (picklable when its players are, so batches can farm it out)."""

    seats: tuple[tuple[str, Policy], ...]
    default: Policy = doctrine_without_levers

    def __call__(self, scenario: Scenario, state: GameState, actor: str,
                 seed: int) -> OrderSheet:
        for seat, policy in self.seats:
            if seat == actor:
                return policy(scenario, state, actor, seed)
        return self.default(scenario, state, actor, seed)


def seated(seats: Mapping[str, Policy], default: Policy = doctrine_without_levers) -> Seated:
    """The policy of a game whose seats are played by different players."""
    return Seated(tuple(sorted(seats.items(), key=lambda kv: kv[0])), default)


def seat_policy(seats: Mapping[str, Seat]) -> Policy:
    """The policy of a session's computer seats: each seat's named player
    (:attr:`Seat.player <wargame.session.Seat.player>`), doctrine where none is named."""
    from wargame.ai.players import player

    named: dict[str, Policy] = {a: player(s.player) for a, s in seats.items()
                                if s.kind == "computer" and s.player}
    return seated(named, doctrine) if named else doctrine


def computer_sheets(scenario: Scenario, state: GameState, actors: Iterable[str], seed: int,
                    policy: Policy = doctrine,
                    progress: Callable[[int, int, str], None] | None = None
                    ) -> list[OrderSheet]:
    """The order sheet of each of ``actors`` (in that order) under ``policy``.

    ``progress(done, total, actor)`` is called before each decision; an exception it
    raises stops the loop (a cancel).
    """
    todo = list(actors)
    sheets = []
    for done, actor in enumerate(todo):
        if progress is not None:
            progress(done, len(todo), actor)
        sheets.append(policy(scenario, state, actor, seed))
    return sheets


def play_session_turn(session: Session) -> None:
    """Computer seats decide and the turn resolves with the engine's proposed outcomes."""
    session.fill_computer_orders()
    session.end_turn()


# --------------------------------------------------------------------------- treatments


@dataclass(frozen=True, slots=True)
class LeverPull:
    """A treatment's lever: pulled from ``turn`` on (``None``: the first turn played)."""

    lever: str
    turn: int | None = None

    @classmethod
    def parse(cls, text: str, default_turn: int | None = None) -> LeverPull:
        """``lever`` or ``lever@turn``; raises ``ValueError`` for a bad turn."""
        lever, at, turn = text.partition("@")
        if not at:
            return cls(lever, default_turn)
        if not turn.isdigit() or int(turn) < 1:
            raise ValueError(f"{text!r}: the turn after '@' must be a whole number from 1")
        return cls(lever, int(turn))

    def label(self) -> str:
        return self.lever if self.turn is None else f"{self.lever}@{self.turn}"


@dataclass(slots=True)
class GameRecord:
    """A finished (or stopped) computer-played game and what its treatment did."""

    seed: int
    start: GameState
    final: GameState
    lever_turns: dict[str, int | None] = field(default_factory=dict)
    """Each treatment lever and the turn it came into force (``None``: never)."""
    lever_problems: list[str] = field(default_factory=list)
    """Why a due lever could not be ordered, one line per turn and lever."""


def _lever_orders(scenario: Scenario, actor: str, lever: str) -> list[Order]:
    return [Order(actor, mv.id, mv.targets[0] if mv.targets else None,
                  "treatment: lever pulled")
            for mv in scenario.moves if mv.lever == lever]


def _legal(scenario: Scenario, state: GameState, sheet: OrderSheet) -> IllegalOrderError | None:
    try:
        check_sheet(scenario, state, sheet)
    except IllegalOrderError as exc:
        return exc
    return None


def treated_sheet(scenario: Scenario, state: GameState, sheet: OrderSheet,
                  pulls: Sequence[LeverPull], first_turn: int,
                  problems: list[str] | None = None) -> OrderSheet:
    """``sheet`` with the due levers of its actor appended (see the module's docstring)."""
    due = [p.lever for p in pulls
           if scenario.lever(p.lever).actor == sheet.actor and p.lever not in state.levers
           and state.turn >= (first_turn if p.turn is None else p.turn)]
    if not due:
        return sheet
    policy: list[Order] = list(sheet.orders)
    added: list[Order] = []
    for lever in due:
        extra = _lever_orders(scenario, sheet.actor, lever)
        error = _legal(scenario, state, OrderSheet(sheet.actor, (*added, *extra)))
        if error is not None:
            if problems is not None:
                problems.append(f"turn {state.turn}: {lever} not ordered: {error}")
            continue
        for keep in range(len(policy), -1, -1):
            if _legal(scenario, state,
                      OrderSheet(sheet.actor, (*policy[:keep], *added, *extra))) is None:
                policy, added = policy[:keep], [*added, *extra]
                break
    if not added:
        return sheet
    return OrderSheet(sheet.actor, (*policy, *added), sheet.signals,
                      (*sheet.reasons, "treatment: pulls " + ", ".join(o.move for o in added)))


def play_turn(scenario: Scenario, state: GameState, seed: int, *,
              policy: Policy = doctrine_without_levers, pulls: Sequence[LeverPull] = (),
              first_turn: int | None = None, problems: list[str] | None = None,
              record: bool = True) -> TurnResult:
    """Every playable actor decides under ``policy`` (levers of ``pulls`` added when due)
    and the open turn resolves with the engine's proposals (no rulings); ``record=False``
    leaves the log out (the state is the same)."""
    first = state.turn if first_turn is None else first_turn
    actors = [a.id for a in scenario.actors if a.playable]
    sheets = {s.actor: treated_sheet(scenario, state, s, pulls, first, problems)
              for s in computer_sheets(scenario, state, actors, seed, policy)}
    return resolve_turn(scenario, state, sheets, {}, seed, record=record)


def play_on(scenario: Scenario, state: GameState, seed: int, *,
            pulls: Sequence[LeverPull] = (), policy: Policy = doctrine_without_levers
            ) -> GameRecord:
    """Computer-played turns from ``state`` (a turn open for orders) to the end of the game,
    every turn resolved with ``seed`` whatever dice made ``state`` (no log is kept)."""
    record = GameRecord(seed, state, state)
    current, first = state, state.turn
    while not current.ended:
        current = play_turn(scenario, current, seed, policy=policy, pulls=pulls,
                            first_turn=first, problems=record.lever_problems,
                            record=False).state
    record.final = current
    record.lever_turns = {p.lever: current.levers.get(p.lever) for p in pulls}
    return record


def run_game(scenario: Scenario, seed: int, turns: int | None = None, *,
             pulls: Sequence[LeverPull] = (), policy: Policy = doctrine_without_levers
             ) -> GameRecord:
    """A fresh computer-played game of ``turns`` turns (the scenario's default if None)."""
    start = new_game(scenario, seed, turns or scenario.metadata.default_turns,
                     record=False).state
    return play_on(scenario, start, seed, pulls=pulls, policy=policy)
