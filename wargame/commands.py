"""Session commands as typed records: what the journal stores and the wire carries.

Every change to a game is one of the frozen records below (a discriminated union,
:data:`SessionCommand`, tagged by each record's :attr:`NAME`). The journal keeps
its on-disk form, ``{"cmd": NAME, "args": {...}}``, unchanged since format
version 1: :func:`encode` gives the ``(name, args)`` pair a record is written as,
and :func:`decode` turns a pair read from a save (or sent by a team station) back
into a record, with a clear :class:`~wargame.errors.CommandError` when it is
malformed. Decoding is exactly as lenient as the engine has always been with old
saves (a note without an author, a bookmark without a turn).

:class:`wargame.session.Session` folds each record into the game (one fold per
record type); nothing else dispatches on command names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, TypeAlias

from wargame.errors import CommandError, WargameError
from wargame.orders import Inject, OrderSheet, Ruling


class CommandName(StrEnum):
    """The tag of each command record, as written in the journal's ``cmd`` field."""

    SUBMIT_ORDERS = "submit_orders"
    RULE = "rule"
    INJECT = "inject"
    NOTE = "note"
    BOOKMARK = "bookmark"
    HOLD_EVENT = "hold_event"
    MESSAGE = "message"
    END_TURN = "end_turn"
    UNDO = "undo"
    REDO = "redo"


WHITE_CELL = "white_cell"
"""The sender or recipient of a message that is the facilitator (the White Cell)."""
MAX_MESSAGE_CHARS = 4000


@dataclass(frozen=True, slots=True)
class SubmitOrders:
    """An actor's sealed orders for the open turn (replaces any earlier sheet)."""

    NAME: ClassVar[CommandName] = CommandName.SUBMIT_ORDERS
    sheet: OrderSheet

    def to_args(self) -> dict[str, Any]:
        return {"sheet": self.sheet.to_dict()}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> SubmitOrders:
        return cls(OrderSheet.from_dict(args["sheet"]))

    def describe(self) -> str:
        return f"orders of {self.sheet.actor}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A White Cell ruling on one proposed adjudication."""

    NAME: ClassVar[CommandName] = CommandName.RULE
    ruling: Ruling

    def to_args(self) -> dict[str, Any]:
        return {"ruling": self.ruling.to_dict()}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> Rule:
        return cls(Ruling.from_dict(args["ruling"]))

    def describe(self) -> str:
        return f"{self.ruling.kind.value.replace('_', ' ')} on {self.ruling.key}"


@dataclass(frozen=True, slots=True)
class DeliverInject:
    """A scenario event or an ad-hoc event delivered now by the facilitator."""

    NAME: ClassVar[CommandName] = CommandName.INJECT
    inject: Inject

    def to_args(self) -> dict[str, Any]:
        return {"inject": self.inject.to_dict()}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> DeliverInject:
        return cls(Inject.from_dict(args["inject"]))

    def describe(self) -> str:
        return f"inject {self.inject.event or self.inject.title}"


@dataclass(frozen=True, slots=True)
class AddNote:
    """A facilitator note, or (with ``actor``) a team's private note."""

    NAME: ClassVar[CommandName] = CommandName.NOTE
    text: str
    author: str = ""
    actor: str | None = None
    turn: int | None = None
    """The turn it belongs to; ``None`` (old saves) means the turn open when applied."""

    def to_args(self) -> dict[str, Any]:
        return {"text": self.text, "author": self.author, "actor": self.actor,
                "turn": self.turn}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> AddNote:
        return cls(str(args.get("text", "")), str(args.get("author", "")),
                   str(args["actor"]) if args.get("actor") else None, _turn(args))

    def describe(self) -> str:
        return "note"


@dataclass(frozen=True, slots=True)
class AddBookmark:
    """A facilitator's bookmark on a moment of the game (for the debrief)."""

    NAME: ClassVar[CommandName] = CommandName.BOOKMARK
    label: str
    text: str = ""
    turn: int | None = None
    at_seq: int = 0

    def to_args(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text, "turn": self.turn,
                "at_seq": self.at_seq}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> AddBookmark:
        return cls(str(args.get("label", "")), str(args.get("text", "")), _turn(args),
                   int(args.get("at_seq", 0)))

    def describe(self) -> str:
        return f"bookmark {self.label}"


@dataclass(frozen=True, slots=True)
class HoldEvent:
    """Hold a scenario event back (it does not fire while held), or release it."""

    NAME: ClassVar[CommandName] = CommandName.HOLD_EVENT
    event: str
    hold: bool = True

    def to_args(self) -> dict[str, Any]:
        return {"event": self.event, "hold": self.hold}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> HoldEvent:
        return cls(str(args.get("event", "")), bool(args.get("hold", True)))

    def describe(self) -> str:
        return f"{'hold' if self.hold else 'release'} event {self.event}"


@dataclass(frozen=True, slots=True)
class SendMessage:
    """A message on a private channel: team to team, team to White Cell, or back.

    A team's message to the White Cell is a request for information. Only the two
    ends of the channel and the facilitator may read it (:mod:`wargame.views`).
    """

    NAME: ClassVar[CommandName] = CommandName.MESSAGE
    sender: str
    recipient: str
    text: str
    turn: int | None = None

    def to_args(self) -> dict[str, Any]:
        return {"sender": self.sender, "recipient": self.recipient, "text": self.text,
                "turn": self.turn}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> SendMessage:
        return cls(str(args["sender"]), str(args["recipient"]), str(args.get("text", "")),
                   _turn(args))

    @property
    def is_request(self) -> bool:
        """A team asking the White Cell (a request for information)."""
        return self.recipient == WHITE_CELL

    def describe(self) -> str:
        return f"message from {self.sender} to {self.recipient}"


@dataclass(frozen=True, slots=True)
class EndTurn:
    """Resolve the open turn; ``state_hash`` is what the resolution produced when recorded."""

    NAME: ClassVar[CommandName] = CommandName.END_TURN
    turn: int
    state_hash: str = ""

    def to_args(self) -> dict[str, Any]:
        return {"turn": self.turn, "state_hash": self.state_hash}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> EndTurn:
        return cls(int(args.get("turn", -1)), str(args.get("state_hash", "")))

    def describe(self) -> str:
        return f"end of turn {self.turn}"


@dataclass(frozen=True, slots=True)
class Undo:
    """Take back the last applied command (``undoes`` is its sequence number)."""

    NAME: ClassVar[CommandName] = CommandName.UNDO
    undoes: int

    def to_args(self) -> dict[str, Any]:
        return {"undoes": self.undoes}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> Undo:
        return cls(_int_or_missing(args.get("undoes")))

    def describe(self) -> str:
        return "undo"


@dataclass(frozen=True, slots=True)
class Redo:
    """Apply again the last undone command (``redoes`` is its sequence number)."""

    NAME: ClassVar[CommandName] = CommandName.REDO
    redoes: int

    def to_args(self) -> dict[str, Any]:
        return {"redoes": self.redoes}

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> Redo:
        return cls(_int_or_missing(args.get("redoes")))

    def describe(self) -> str:
        return "redo"


SessionCommand: TypeAlias = (SubmitOrders | Rule | DeliverInject | AddNote | AddBookmark
                             | HoldEvent | SendMessage | EndTurn | Undo | Redo)
"""Every command a session accepts, discriminated by ``NAME``."""

_DECODERS: Mapping[str, Callable[[Mapping[str, Any]], SessionCommand]] = {
    kind.NAME: kind.from_args
    for kind in (SubmitOrders, Rule, DeliverInject, AddNote, AddBookmark, HoldEvent,
                 SendMessage, EndTurn, Undo, Redo)
}

REFUSED_AFTER_END: tuple[type[SessionCommand], ...] = (
    SubmitOrders, Rule, DeliverInject, HoldEvent, SendMessage, EndTurn)
"""Commands that make no sense once the game has ended."""


def encode(command: SessionCommand) -> tuple[str, dict[str, Any]]:
    """The ``(cmd, args)`` pair a command is journalled (and sent) as."""
    return command.NAME.value, command.to_args()


def decode(name: str, args: Mapping[str, Any]) -> SessionCommand:
    """The typed command for a journalled ``(cmd, args)`` pair.

    Raises :class:`CommandError` for an unknown name or malformed arguments (its
    message says what is wrong: ``its arguments lack 'sheet'``).
    """
    decoder = _DECODERS.get(name)
    if decoder is None:
        raise CommandError(f"unknown command '{name}'")
    if not isinstance(args, Mapping):
        raise CommandError("its arguments must be a JSON object")
    try:
        return decoder(args)
    except WargameError:
        raise
    except (LookupError, TypeError, ValueError, AttributeError, ArithmeticError,
            RecursionError) as exc:
        raise CommandError(argument_problem(exc)) from None


def argument_problem(exc: BaseException) -> str:
    """What is wrong with a command whose arguments raised ``exc`` while being read."""
    if isinstance(exc, WargameError):
        return str(exc)
    if isinstance(exc, KeyError):
        return f"its arguments lack {exc}"
    return f"its arguments are malformed ({type(exc).__name__}: {exc})"


def _turn(args: Mapping[str, Any]) -> int | None:
    value = args.get("turn")
    return None if value is None else int(value)


_MISSING = -1


def _int_or_missing(value: Any) -> int:
    """An undo/redo target: absent or null reads as a number no command has."""
    return _MISSING if value is None else int(value)
