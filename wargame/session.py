"""A game in progress: the single writer of one save file.

Every change is a command: it is checked against the current state, applied in
memory, written durably to the journal, and only then made current. The current
game is a fold of the commands over the scenario; ``undo`` and ``redo`` are
commands too, so the journal keeps what was undone.

Commands are the typed records of :mod:`wargame.commands` (orders, rulings,
injects, notes, bookmarks, event holds, messages, end of turn, undo, redo), each
folded into the game by one method of :class:`Session`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from operator import attrgetter
from pathlib import Path
from typing import Any, assert_never

from wargame import __version__
from wargame.commands import (
    MAX_MESSAGE_CHARS,
    REFUSED_AFTER_END,
    WHITE_CELL,
    AddBookmark,
    AddNote,
    DeliverInject,
    EndTurn,
    HoldEvent,
    Redo,
    Rule,
    SendMessage,
    SessionCommand,
    SubmitOrders,
    Undo,
    argument_problem,
    decode,
    encode,
)
from wargame.engine import TurnResult, apply_inject, new_game, propose, resolve_turn
from wargame.errors import CommandError, SaveFileError, SaveNotWritableError, WargameError
from wargame.journal import Command, Header, JournalContents, JournalWriter, read_journal
from wargame.log import Kind, LogEntry, Visibility
from wargame.logchain import LogChain
from wargame.orders import Inject, OrderSheet, Ruling, RulingKind
from wargame.payloads import (
    BookmarkAdded,
    EventHold,
    MessageSent,
    NoteAdded,
    OrdersSealed,
    RulingEntered,
    SealedSheet,
    Undone,
)
from wargame.rules.adjudication import Adjudication
from wargame.rules.legality import check_sheet
from wargame.scenario.loader import scenario_document, scenario_from_json
from wargame.scenario.models import Scenario
from wargame.state import GameState


class SeatKind(StrEnum):
    """Who gives an actor's orders."""

    HUMAN = "human"
    COMPUTER = "computer"
    FACILITATOR = "facilitator"


SEAT_KINDS = tuple(kind.value for kind in SeatKind)


@dataclass(frozen=True, slots=True)
class Seat:
    """Who plays an actor: a named human team, the computer, or the facilitator.

    ``kind`` may be given as its text (``Seat("human", "Team A")``); it is stored as
    a :class:`SeatKind`, and an unknown kind raises :class:`ValueError`.
    """

    kind: SeatKind
    team: str = ""
    player: str = ""
    """A computer seat's player spec (:func:`wargame.ai.players.player`); empty: doctrine."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SeatKind(self.kind))

    def to_dict(self) -> dict[str, str]:
        plain = {"kind": self.kind.value, "team": self.team}
        if self.player:
            plain["player"] = self.player
        return plain

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> Seat:
        from wargame.ai.players import player

        kind = str(data.get("kind", "computer"))
        if kind not in SEAT_KINDS:
            raise SaveFileError(f"unknown seat kind {kind!r}")
        spec = str(data.get("player", ""))
        if spec:
            try:
                player(spec)
            except ValueError as exc:
                raise SaveFileError(f"seat: {exc}") from None
        return cls(SeatKind(kind), str(data.get("team", "")), spec)

    @property
    def label(self) -> str:
        if self.kind == SeatKind.HUMAN:
            return self.team or "Human team"
        if self.kind == SeatKind.COMPUTER:
            return f"Computer ({self.player})" if self.player else "Computer"
        return "Facilitator"


@dataclass(frozen=True, slots=True)
class Note:
    seq: int
    turn: int
    author: str
    text: str
    actor: str | None = None
    """If set, a team note private to that actor; else a facilitator note."""


@dataclass(frozen=True, slots=True)
class Message:
    """A message on a private channel (an actor id or ``white_cell`` at each end)."""

    seq: int
    turn: int
    sender: str
    recipient: str
    text: str

    @property
    def is_request(self) -> bool:
        """A team's request for information to the White Cell."""
        return self.recipient == WHITE_CELL


@dataclass(frozen=True, slots=True)
class Bookmark:
    seq: int
    turn: int
    label: str
    text: str = ""
    at_seq: int = 0
    """The command the bookmark points at (0 = the start of its turn)."""


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """A finished turn: the state it opened with and what its resolution produced."""

    turn: int
    opening: GameState
    closing: GameState
    adjudications: tuple[Adjudication, ...]
    sheets: Mapping[str, OrderSheet]
    state_hash: str


@dataclass(frozen=True)
class Record:
    """Everything derived from the applied commands (immutable; one per command)."""

    state: GameState
    entries: LogChain
    sheets: Mapping[str, OrderSheet] = field(default_factory=dict)
    rulings: Mapping[str, tuple[Ruling, ...]] = field(default_factory=dict)
    injects: tuple[Inject, ...] = ()
    turns: tuple[TurnRecord, ...] = ()
    notes: tuple[Note, ...] = ()
    bookmarks: tuple[Bookmark, ...] = ()
    messages: tuple[Message, ...] = ()
    turn_opening: GameState | None = None
    held: frozenset[str] = frozenset()
    """Scenario events the White Cell holds back (they do not fire while held)."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Session:
    """One game: scenario, seed, seats, the journal, and the state derived from it."""

    def __init__(self, scenario: Scenario, header: Header, writer: JournalWriter | None) -> None:
        self.scenario = scenario
        self.header = header
        self.seed = header.seed
        self.seats = {a: Seat.from_dict(s) for a, s in header.seats.items()}
        self.writer = writer
        self.commands: list[Command] = []
        self.warnings: list[str] = []
        self.hash_mismatches: list[tuple[int, str, str]] = []
        """(turn, recorded, recomputed) for end_turn commands that re-derive differently."""
        opening = new_game(scenario, self.seed, header.turns)
        self._base = Record(opening.state, LogChain(self._stamp(opening.entries, 0)),
                            turn_opening=opening.state)
        self._log: tuple[LogChain, tuple[LogEntry, ...]] | None = None
        """The current log as a tuple, for the chain it was built from."""
        self._stack: list[tuple[Command, Record]] = []
        self._redo: list[Command] = []
        self.record = self._base
        self.listeners: list[Callable[[Command], None]] = []
        self.read_only: str | None = None
        """Why this session refuses commands (opened read-only), else None."""

    # ------------------------------------------------------------------ construction

    @classmethod
    def create(cls, scenario: Scenario, *, seed: int, seats: Mapping[str, Seat] | None = None,
               turns: int | None = None, path: str | Path | None = None, title: str = "",
               parent: Mapping[str, Any] | None = None) -> Session:
        """Start a new game; with ``path``, its journal is created there (never overwritten)."""

        seat_map = {a.id: (seats or {}).get(a.id, Seat(SeatKind.COMPUTER))
                    for a in scenario.actors}
        for actor_id in (seats or {}):
            if not scenario.has("actor", actor_id):
                raise CommandError(f"no actor '{actor_id}' to seat")
        document, digest = scenario_document(scenario)
        header = Header(
            scenario=document, scenario_sha256=digest, seed=seed,
            seats={a: s.to_dict() for a, s in seat_map.items()},
            turns=turns or scenario.metadata.default_turns, engine=__version__,
            created=_now(), title=title or scenario.metadata.title, parent=parent)
        writer = JournalWriter.create(path, header) if path is not None else None
        return cls(scenario, header, writer)

    @classmethod
    def from_contents(cls, contents: JournalContents, *, source: str,
                      writer: JournalWriter | None = None, upto: int | None = None) -> Session:
        """Rebuild a session by replaying commands (all, or the first ``upto``).

        A save is untrusted input: anything wrong with its seats or commands, even
        with valid checksums, raises :class:`SaveFileError` naming the command.
        """
        scenario = scenario_from_json(dict(contents.header.scenario), source=source)
        for actor in contents.header.seats:
            if not scenario.has("actor", actor):
                raise SaveFileError(f"{source}:1: malformed header: a seat for '{actor}', "
                                    "which is not an actor of the embedded scenario")
        try:
            session = cls(scenario, contents.header, None)
        except _REPLAY_ERRORS as exc:
            raise SaveFileError(f"{source}:1: the game cannot be set up from the header: "
                                f"{_reason(exc)}") from None
        session.warnings.extend(contents.notes)
        if contents.torn:
            session.warnings.append(contents.torn)
        for command in contents.commands[:upto]:
            try:
                session._apply(command)
            except _REPLAY_ERRORS as exc:
                raise SaveFileError(f"{source}:{command.seq + 1}: command {command.seq} "
                                    f"({command.name}) cannot be replayed: "
                                    f"{_reason(exc)}") from None
            session.commands.append(command)
        if session.hash_mismatches:
            session.warnings.append(_mismatch_warning(session.hash_mismatches,
                                                      contents.header.engine))
        session.writer = writer
        return session

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Session:
        """Load a save file and continue writing to it (unless ``readonly``).

        Writing takes the save's lock first: a second writer gets
        :class:`~wargame.errors.SaveLockedError` naming the holder; a read-only file
        or folder gives :class:`~wargame.errors.SaveNotWritableError`. A read-only
        session refuses commands.
        """
        if readonly:
            session = cls.from_contents(read_journal(path), source=str(path))
            session.read_only = "this game is open read-only: commands are not accepted"
            return session
        writer, contents = JournalWriter.resume(path)
        try:
            session = cls.from_contents(contents, source=str(path))
        except BaseException:
            writer.close()
            raise
        session.writer = writer
        return session

    def save_copy(self, path: str | Path) -> Path:
        """Write the whole game to a new save at ``path`` and go on writing there.

        For a game whose save can no longer be written (disk full, I/O error,
        read-only): the copy holds every command of the game, and the session
        becomes writable again. The old save is closed and left as it is.
        """
        writer = JournalWriter.create(path, self.header)
        try:
            for command in self.commands:
                writer.append(command.name, command.args, command.at)
        except BaseException:
            writer.close()
            Path(path).unlink(missing_ok=True)
            raise
        self.close()
        self.writer, self.read_only = writer, None
        return writer.path

    def branch(self, path: str | Path, *, upto: int, title: str = "") -> Session:
        """A what-if branch: a new save sharing this game's first ``upto`` commands.

        The branch keeps the seed, seats and scenario, so its dice fall the same
        wherever play does not diverge (keyed dice). Its header names the parent
        save and the branch point.
        """
        if not 0 <= upto <= len(self.commands):
            raise CommandError(f"branch point {upto} is outside 0..{len(self.commands)}")
        parent = {"save": str(self.path) if self.path else "", "at_seq": upto,
                  "title": self.header.title}
        header = replace(self.header, created=_now(), parent=parent,
                         title=title or f"{self.header.title} (what-if from command {upto})")
        writer = JournalWriter.create(path, header)
        branch = Session(self.scenario, header, None)
        try:
            for command in self.commands[:upto]:
                branch._apply(command)
                branch.commands.append(command)
                writer.append(command.name, command.args, command.at)
        except Exception:
            writer.close()
            raise
        branch.writer = writer
        return branch

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    # ------------------------------------------------------------------ derived views

    @property
    def state(self) -> GameState:
        return self.record.state

    @property
    def log(self) -> tuple[LogEntry, ...]:
        chain = self.record.entries
        if self._log is None or self._log[0] is not chain:
            self._log = (chain, chain.to_tuple())
        return self._log[1]

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def ended(self) -> bool:
        return self.state.ended

    @property
    def path(self) -> Path | None:
        return self.writer.path if self.writer else None

    @property
    def sheets(self) -> Mapping[str, OrderSheet]:
        return self.record.sheets

    @property
    def rulings(self) -> Mapping[str, tuple[Ruling, ...]]:
        return self.record.rulings

    @property
    def turns(self) -> tuple[TurnRecord, ...]:
        return self.record.turns

    @property
    def notes(self) -> tuple[Note, ...]:
        return self.record.notes

    @property
    def bookmarks(self) -> tuple[Bookmark, ...]:
        return self.record.bookmarks

    @property
    def messages(self) -> tuple[Message, ...]:
        """Every message of the game (facilitator-private: filter with :mod:`wargame.views`)."""
        return self.record.messages

    @property
    def can_undo(self) -> bool:
        return bool(self._stack)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str:
        return describe(self._stack[-1][0]) if self._stack else ""

    def redo_text(self) -> str:
        return describe(self._redo[-1]) if self._redo else ""

    def proposals(self) -> tuple[Adjudication, ...]:
        """What the engine proposes for the orders submitted so far (with rulings)."""
        if self.ended:
            return ()
        return propose(self.scenario, self.state, self.sheets, self.rulings, self.seed)

    def seats_waiting(self) -> list[str]:
        """Actors with a human or facilitator seat that have not submitted orders."""
        return [a for a, seat in self.seats.items()
                if seat.kind != SeatKind.COMPUTER and a not in self.sheets
                and self.scenario.actor(a).playable]

    # ------------------------------------------------------------------ commands

    def submit_orders(self, sheet: OrderSheet) -> Command:
        return self.execute(SubmitOrders(sheet))

    def rule(self, ruling: Ruling) -> Command:
        return self.execute(Rule(ruling))

    def inject(self, inject: Inject) -> Command:
        return self.execute(DeliverInject(inject))

    def note(self, text: str, *, author: str = "facilitator", actor: str | None = None
             ) -> Command:
        return self.execute(AddNote(text, author, actor, self.turn))

    def bookmark(self, label: str, text: str = "", *, turn: int | None = None,
                 at_seq: int = 0) -> Command:
        return self.execute(AddBookmark(label, text, turn or self.turn, at_seq))

    def hold_event(self, event_id: str, hold: bool = True) -> Command:
        """Hold a scenario event back (it does not fire while held), or release it."""
        return self.execute(HoldEvent(event_id, hold))

    def message(self, sender: str, recipient: str, text: str) -> Command:
        """Send a message on a private channel (actor ids, or ``white_cell``)."""
        return self.execute(SendMessage(sender, recipient, text, self.turn))

    @property
    def held_events(self) -> frozenset[str]:
        return self.record.held

    def end_turn(self) -> Command:
        if self.ended:
            raise CommandError("the game has ended")
        turn = self.turn
        result = self._resolve(self.record, len(self.commands) + 1)  # the seq _do gives it
        return self._do(EndTurn(turn, result.state.state_hash()), precomputed=result)

    def undo(self) -> Command:
        if not self._stack:
            raise CommandError("nothing to undo")
        return self.execute(Undo(self._stack[-1][0].seq))

    def redo(self) -> Command:
        if not self._redo:
            raise CommandError("nothing to redo")
        return self.execute(Redo(self._redo[-1].seq))

    def execute(self, command: SessionCommand) -> Command:
        """Check, apply and journal one typed command; the journal line it became.

        Raises :class:`~wargame.errors.WargameError` (the game is unchanged) if the
        command is not valid now.
        """
        if isinstance(command, EndTurn):
            if self.ended:
                raise CommandError("the game has ended")
            if command.turn != self.turn:
                raise CommandError(f"end_turn for turn {command.turn} while turn "
                                   f"{self.turn} is open")
            return self.end_turn()
        return self._do(command)

    def fill_computer_orders(self) -> list[Command]:
        """Let every computer-played seat without orders decide (recorded as commands)."""
        from wargame.runner import computer_sheets, seat_policy

        if self.ended:
            return []
        actors = [actor for actor, seat in sorted(self.seats.items())
                  if seat.kind == SeatKind.COMPUTER and actor not in self.sheets
                  and self.scenario.actor(actor).playable]
        return [self.submit_orders(sheet)
                for sheet in computer_sheets(self.scenario, self.state, actors, self.seed,
                                             seat_policy(self.seats))]

    # ------------------------------------------------------------------ machinery

    def _do(self, typed: SessionCommand, precomputed: TurnResult | None = None) -> Command:
        if self.read_only is not None:
            raise SaveNotWritableError(self.read_only)
        if self.writer is not None and self.writer.failure is not None:
            raise SaveNotWritableError(self.writer.failure)
        seq = len(self.commands) + 1
        name, args = encode(typed)
        command = Command(seq, name, args, _now())
        before = (self.record, list(self._stack), list(self._redo))
        try:
            self._apply(command, typed, precomputed)
        except Exception:
            self.record, self._stack, self._redo = before
            raise
        if self.writer is not None:
            try:
                written = self.writer.append(name, args, command.at)
            except WargameError:  # not recorded (write failed, or text that cannot be saved)
                self.record, self._stack, self._redo = before
                raise
            assert written.seq == seq, "journal and session out of step"
        self.commands.append(command)
        for listener in list(self.listeners):
            listener(command)
        return command

    def _apply(self, command: Command, typed: SessionCommand | None = None,
               precomputed: TurnResult | None = None) -> None:
        if typed is None:
            typed = decode(command.name, command.args)
        if isinstance(typed, Undo):
            if not self._stack or self._stack[-1][0].seq != typed.undoes:
                raise CommandError("undo does not match the last applied command")
            undone, previous = self._stack.pop()
            self._redo.append(undone)
            entry = LogEntry(previous.state.turn, "audit", Kind.UNDO,
                             f"Undone: {describe(undone)}", Visibility.FACILITATOR,
                             seq=command.seq, payload=Undone(undone.seq))
            self.record = replace(previous, entries=previous.entries.extend((entry,)))
            return
        if isinstance(typed, Redo):
            if not self._redo or self._redo[-1].seq != typed.redoes:
                raise CommandError("redo does not match the last undone command")
            redone = self._redo.pop()
            saved_redo = self._redo
            self._push(redone, self._fold(self.record, decode(redone.name, redone.args),
                                          None, command.seq))
            self._redo = saved_redo
            return
        self._push(command, self._fold(self.record, typed, precomputed, command.seq))
        self._redo = []

    def _push(self, command: Command, record: Record) -> None:
        self._stack.append((command, self.record))
        self.record = record

    def _resolve(self, record: Record, seq: int) -> TurnResult:
        return resolve_turn(self.scenario, record.state, record.sheets, record.rulings,
                            self.seed, held=record.held, seq=seq)

    def _stamp(self, entries: Sequence[LogEntry], seq: int) -> tuple[LogEntry, ...]:
        """The entries stamped with ``seq`` (as they come from the engine when it was told
        the command's ``seq``)."""
        if all(entry.seq == seq for entry in entries):
            return tuple(entries)
        return _stamped(entries, seq)

    def _fold(self, rec: Record, command: SessionCommand, precomputed: TurnResult | None,
              seq: int) -> Record:
        """The record after one command (raises WargameError if the command is invalid)."""
        if rec.state.ended and isinstance(command, REFUSED_AFTER_END):
            raise CommandError("the game has ended")
        match command:
            case SubmitOrders():
                return self._fold_submit_orders(rec, command, seq)
            case Rule():
                return self._fold_rule(rec, command, seq)
            case DeliverInject():
                return self._fold_inject(rec, command, seq)
            case AddNote():
                return self._fold_note(rec, command, seq)
            case AddBookmark():
                return self._fold_bookmark(rec, command, seq)
            case HoldEvent():
                return self._fold_hold_event(rec, command, seq)
            case SendMessage():
                return self._fold_message(rec, command, seq)
            case EndTurn():
                return self._fold_end_turn(rec, command, seq, precomputed)
            case Undo() | Redo():
                raise CommandError(f"'{command.NAME}' cannot be redone")
            case _:
                assert_never(command)

    def _fold_submit_orders(self, rec: Record, command: SubmitOrders, seq: int) -> Record:
        sheet = command.sheet
        if not self.scenario.has("actor", sheet.actor):
            raise CommandError(f"no actor '{sheet.actor}'")
        check_sheet(self.scenario, rec.state, sheet)
        sheets = {**rec.sheets, sheet.actor: sheet}
        rulings = {k: v for k, v in rec.rulings.items()
                   if not k.startswith(sheet.actor + "#")}
        seat_label = self.seats.get(sheet.actor, Seat(SeatKind.COMPUTER)).label
        entry = LogEntry(rec.state.turn, "orders", Kind.ORDER,
                         f"{self.scenario.actor(sheet.actor).name} sealed its orders "
                         f"({seat_label})", Visibility.PUBLIC, actor=sheet.actor, seq=seq,
                         payload=OrdersSealed(len(sheet.orders)))
        secret = LogEntry(rec.state.turn, "orders", Kind.ORDER,
                          f"Sealed orders of {self.scenario.actor(sheet.actor).name}: "
                          + "; ".join(f"{self.scenario.move(o.move).name}"
                                      + (f" -> {o.target}" if o.target else "")
                                      for o in sheet.orders)
                          + (f" | reasons: {' / '.join(sheet.reasons)}"
                             if sheet.reasons else ""),
                          Visibility.RESTRICTED, audience=(sheet.actor,), actor=sheet.actor,
                          seq=seq, payload=SealedSheet(sheet))
        return replace(rec, sheets=sheets, rulings=rulings,
                       entries=rec.entries.extend((entry, secret)))

    def _fold_rule(self, rec: Record, command: Rule, seq: int) -> Record:
        ruling = command.ruling
        keys = {a.key for a in propose(self.scenario, rec.state, rec.sheets, {}, self.seed)}
        if ruling.key not in keys:
            raise CommandError(f"no order '{ruling.key}' to rule on this turn")
        if ruling.kind != RulingKind.ACCEPT and not ruling.reason.strip():
            raise CommandError("a reason is required for every ruling except accept")
        if ruling.kind == RulingKind.OVERRIDE and ruling.outcome is None:
            raise CommandError("an override needs an outcome")
        rulings = dict(rec.rulings)
        rulings[ruling.key] = (*rulings.get(ruling.key, ()), ruling)
        text = f"White Cell {ruling.kind.value.replace('_', ' ')} on {ruling.key}"
        if ruling.outcome is not None:
            text += f": {ruling.outcome.value}"
        if ruling.reason:
            text += f" \u2014 {ruling.reason}"
        entry = LogEntry(rec.state.turn, "adjudication", Kind.OVERRIDE, text,
                         Visibility.FACILITATOR, seq=seq, payload=RulingEntered(ruling))
        return replace(rec, rulings=rulings, entries=rec.entries.extend((entry,)))

    def _fold_inject(self, rec: Record, command: DeliverInject, seq: int) -> Record:
        inject = command.inject
        if inject.event is not None and not self.scenario.has("event", inject.event):
            raise CommandError(f"no event '{inject.event}' in the scenario")
        for actor in inject.audience:
            if not self.scenario.has("actor", actor):
                raise CommandError(f"no actor '{actor}' to deliver to")
        if inject.event is None and not inject.title.strip():
            raise CommandError("an ad-hoc inject needs a title")
        try:
            result = apply_inject(self.scenario, rec.state, inject, self.seed, seq=seq)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"inject cannot be applied: {exc}") from None
        return replace(rec, state=result.state, injects=(*rec.injects, inject),
                       entries=rec.entries.extend(self._stamp(result.entries, seq)))

    def _fold_note(self, rec: Record, command: AddNote, seq: int) -> Record:
        text = command.text.strip()
        if not text:
            raise CommandError("a note needs some text")
        team = command.actor
        if team is not None and not self.scenario.has("actor", team):
            raise CommandError(f"no actor '{team}' for a team note")
        turn = rec.state.turn if command.turn is None else command.turn
        note = Note(seq, turn, command.author, text, team)
        entry = LogEntry(note.turn, "notes", Kind.NOTE, f"{note.author}: {text}",
                         Visibility.RESTRICTED if team else Visibility.FACILITATOR,
                         audience=(team,) if team else (), actor=team, seq=seq,
                         payload=NoteAdded(note.author))
        return replace(rec, notes=(*rec.notes, note), entries=rec.entries.extend((entry,)))

    def _fold_bookmark(self, rec: Record, command: AddBookmark, seq: int) -> Record:
        label = command.label.strip()
        if not label:
            raise CommandError("a bookmark needs a label")
        turn = rec.state.turn if command.turn is None else command.turn
        mark = Bookmark(seq, turn, label, command.text, command.at_seq)
        entry = LogEntry(mark.turn, "notes", Kind.BOOKMARK, f"Bookmark: {label}"
                         + (f" \u2014 {mark.text}" if mark.text else ""),
                         Visibility.FACILITATOR, seq=seq, payload=BookmarkAdded(label))
        return replace(rec, bookmarks=(*rec.bookmarks, mark),
                       entries=rec.entries.extend((entry,)))

    def _fold_hold_event(self, rec: Record, command: HoldEvent, seq: int) -> Record:
        event_id, hold = command.event, command.hold
        if not self.scenario.has("event", event_id):
            raise CommandError(f"no event '{event_id}' in the scenario")
        event = self.scenario.event(event_id)
        if hold and event_id in rec.held:
            raise CommandError(f"'{event.title}' is already held")
        if not hold and event_id not in rec.held:
            raise CommandError(f"'{event.title}' is not held")
        if hold and event_id in rec.state.fired_events and not event.repeat:
            raise CommandError(f"'{event.title}' has already fired")
        held = rec.held | {event_id} if hold else rec.held - {event_id}
        text = (f"White Cell holds back the event '{event.title}'" if hold else
                f"White Cell releases the event '{event.title}'")
        entry = LogEntry(rec.state.turn, "events", Kind.INJECT, text, Visibility.FACILITATOR,
                         seq=seq, payload=EventHold(event_id, hold))
        return replace(rec, held=held, entries=rec.entries.extend((entry,)))

    def _channel_end(self, party: str, role: str) -> str:
        """The display name of one end of a message channel (checked)."""
        if party == WHITE_CELL:
            return "White Cell"
        if not self.scenario.has("actor", party):
            raise CommandError(f"no actor '{party}' to be the {role} of a message")
        return self.scenario.actor(party).name

    def _fold_message(self, rec: Record, command: SendMessage, seq: int) -> Record:
        sender = self._channel_end(command.sender, "sender")
        recipient = self._channel_end(command.recipient, "recipient")
        if command.sender == command.recipient:
            raise CommandError("a message needs a recipient other than its sender")
        text = command.text.strip()
        if not text:
            raise CommandError("a message needs some text")
        if len(text) > MAX_MESSAGE_CHARS:
            raise CommandError(f"a message is at most {MAX_MESSAGE_CHARS} characters "
                               f"(this one has {len(text)})")
        turn = rec.state.turn if command.turn is None else command.turn
        message = Message(seq, turn, command.sender, command.recipient, text)
        teams = tuple(p for p in (command.sender, command.recipient) if p != WHITE_CELL)
        label = ("Request for information from" if message.is_request else "Message from")
        entry = LogEntry(turn, "messages", Kind.MESSAGE,
                         f"{label} {sender} to {recipient}: {text}", Visibility.RESTRICTED,
                         audience=teams,
                         actor=None if command.sender == WHITE_CELL else command.sender,
                         target=None if command.recipient == WHITE_CELL else command.recipient,
                         seq=seq, payload=MessageSent(command.sender, command.recipient, text))
        return replace(rec, messages=(*rec.messages, message),
                       entries=rec.entries.extend((entry,)))

    def _fold_end_turn(self, rec: Record, command: EndTurn, seq: int,
                       precomputed: TurnResult | None) -> Record:
        if command.turn != rec.state.turn:
            raise CommandError(f"end_turn for turn {command.turn} while turn "
                               f"{rec.state.turn} is open")
        recorded = command.state_hash
        if precomputed is not None:  # end_turn() just resolved it and recorded its hash
            result, actual = precomputed, recorded
        else:
            result = self._resolve(rec, seq)
            actual = result.state.state_hash()
        if recorded and recorded != actual:
            self.hash_mismatches.append((rec.state.turn, recorded, actual))
        turn_record = TurnRecord(rec.state.turn, rec.turn_opening or rec.state, result.state,
                                 result.adjudications, dict(rec.sheets), actual)
        return Record(state=result.state,
                      entries=rec.entries.extend(self._stamp(result.entries, seq)),
                      turns=(*rec.turns, turn_record), notes=rec.notes,
                      bookmarks=rec.bookmarks, messages=rec.messages,
                      turn_opening=result.state, held=rec.held)


_ENTRY_FIELDS = [f.name for f in fields(LogEntry)]
_ENTRY_VALUES = attrgetter(*_ENTRY_FIELDS)
_SEQ_AT = _ENTRY_FIELDS.index("seq")


def _stamped(entries: Sequence[LogEntry], seq: int) -> tuple[LogEntry, ...]:
    """``replace(e, seq=seq)`` for every entry, without ``replace``'s per-call field scan
    (a game stamps thousands of entries)."""
    stamped = []
    for entry in entries:
        values = list(_ENTRY_VALUES(entry))
        values[_SEQ_AT] = seq
        stamped.append(LogEntry(*values))
    return tuple(stamped)


_REPLAY_ERRORS = (WargameError, LookupError, TypeError, ValueError, AttributeError,
                  ArithmeticError, RecursionError)
"""What replaying a crafted command can raise; each becomes a :class:`SaveFileError`."""


def _reason(exc: BaseException) -> str:
    return argument_problem(exc)


def _mismatch_warning(mismatches: Sequence[tuple[int, str, str]], engine: str) -> str:
    turns = ", ".join(str(t) for t, _, _ in mismatches)
    text = f"turn(s) {turns} re-derive differently from the recorded game"
    if engine != __version__:
        return (f"{text}: the save was recorded with engine {engine} and is replayed with "
                f"{__version__}, whose rules differ; the journal itself is intact")
    return (f"{text}, with the same engine version ({__version__}): the rules changed "
            "without a version change, or the recorded hashes were edited")


def describe(command: Command) -> str:
    """A short human description of a command (undo/redo menu texts, audit trail)."""
    try:
        return decode(command.name, command.args).describe()
    except WargameError:
        return command.name
