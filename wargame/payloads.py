"""The typed payload of every log entry: one frozen record per kind and shape.

A :class:`~wargame.log.LogEntry` carries its structured facts in ``payload``, one of
the records below (all :class:`~wargame.records.Record`). The rules, the session and
the engine build them; the report, the summaries, the app and the station server read
their fields. Their JSON form (:meth:`~wargame.records.Record.to_dict`) is what
``LogEntry.to_dict()["data"]`` has always been, key for key and in the same order, so
golden playthroughs, report exports and the stations' wire are unchanged.

Most kinds have one shape; some have several (an ``order`` entry is a count of sealed
orders, a sealed sheet or a resolved move). :data:`SHAPES` lists the records each kind
may carry and :func:`decode_payload` reads a JSON form back by its kind and its keys.

Fields marked :data:`~wargame.records.HIDDEN` (an adjudication's true
starting rung, the public wording of a rung change) are withheld from every other view
by the information filter (:func:`wargame.views.shown`).

Log entries are derived data: the journal stores commands, and every entry is rebuilt
by replaying them, so no save holds a payload.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, cast

from wargame.log import Change, Kind
from wargame.orders import OrderSheet, Outcome, Ruling
from wargame.records import HIDDEN, OMITTED, Record, RecordError
from wargame.records import NO_PAYLOAD as NO_PAYLOAD  # re-exported
from wargame.records import NoPayload as NoPayload  # re-exported
from wargame.scenario.models import Category

if TYPE_CHECKING:
    from wargame.rng import Roll
    from wargame.rules.adjudication import Adjudication, DecisionCheck




# --------------------------------------------------------------------------- turns

@dataclass(frozen=True, slots=True)
class TurnOpened(Record):
    """``turn``: a turn opens with its first phase."""

    phase_start: str


@dataclass(frozen=True, slots=True)
class TurnEnded(Record):
    """``turn``: a turn ends; the publicly known rung of every rivalry."""

    rungs: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class DieRoll(Record):
    """One logged draw of the dice (value rounded to 6 places, as logged)."""

    turn: int
    purpose: str
    subject: str
    index: int
    value: float


@dataclass(frozen=True, slots=True)
class DiceRolled(Record):
    """``turn`` (facilitator only): every draw of a phase group, for the audit."""

    rolls: tuple[DieRoll, ...]

    @classmethod
    def of(cls, rolls: Iterable[Roll]) -> DiceRolled:
        return cls(tuple(DieRoll(r.turn, r.purpose, r.subject, r.index, round(r.value, 6))
                         for r in rolls))


# --------------------------------------------------------------------------- events

@dataclass(frozen=True, slots=True)
class EventDelivered(Record):
    """``event`` or ``inject``: a scenario event fired or delivered, and what it changed."""

    event: str
    changes: tuple[Change, ...]
    title: str


@dataclass(frozen=True, slots=True)
class AdhocInject(Record):
    """``inject``: an ad-hoc event written by the facilitator, and what it changed."""

    CONSTANTS: ClassVar[Mapping[str, Any]] = {"adhoc": True}
    changes: tuple[Change, ...]
    title: str


@dataclass(frozen=True, slots=True)
class EventHold(Record):
    """``event`` (held when due) or ``inject`` (the White Cell holds or releases it)."""

    event: str
    held: bool


# --------------------------------------------------------------------------- orders

@dataclass(frozen=True, slots=True)
class OrdersSealed(Record):
    """``order``: how many sealed orders an actor handed in, or the turn opened."""

    count: int


@dataclass(frozen=True, slots=True)
class SealedSheet(Record):
    """``order`` (its actor only): the sealed sheet itself."""

    sheet: OrderSheet


@dataclass(frozen=True, slots=True)
class MoveResolved(Record):
    """``order`` in the adjudication phase: a move played (``notes``: why it was held)."""

    key: str
    move: str
    autonomous: bool
    category: Category
    rung: int
    notes: tuple[str, ...] | None = field(default=None, metadata=OMITTED)


@dataclass(frozen=True, slots=True)
class SignalSent(Record):
    """``signal``: a declared intent, with the prestige staked on it."""

    rung: int
    stake: float
    public: bool


@dataclass(frozen=True, slots=True)
class LeadershipCheck(Record):
    """The leadership decision check of a jump or a threshold crossing (rounded)."""

    reason: str
    probability: float
    roll: float
    passed: bool
    substitute: str | None

    @classmethod
    def of(cls, check: DecisionCheck) -> LeadershipCheck:
        return cls(check.reason, round(check.probability, 4), round(check.roll, 4),
                   check.passed, check.substitute)


@dataclass(frozen=True, slots=True)
class DecisionTaken(Record):
    """``decision``: a leadership decision check and how it went."""

    key: str
    check: LeadershipCheck


@dataclass(frozen=True, slots=True)
class OddsFactor(Record):
    """One PRO or CON of an adjudication."""

    label: str
    pros: float
    source: str


@dataclass(frozen=True, slots=True)
class TwoD6(Record):
    """The odds and the roll shown on two six-sided dice."""

    target: int
    roll: int


@dataclass(frozen=True, slots=True)
class Adjudicated(Record):
    """``adjudication``: the odds, the roll and the outcome of one order."""

    key: str
    move: str
    from_rung: int | None = field(metadata=HIDDEN)
    """The true rung the move started from: the facilitator's only."""
    jump: bool
    thresholds: tuple[str, ...]
    base: float
    factors: tuple[OddsFactor, ...]
    capability_term: float
    probability: float
    roll: float
    two_d6: TwoD6
    outcome: Outcome
    proposed: Outcome
    war_gate: bool
    rerolls: int
    ruling: Ruling | None
    notes: tuple[str, ...]

    @classmethod
    def of(cls, adj: Adjudication) -> Adjudicated:
        """The payload of an adjudication (its order, rationale and decision check stay
        with the team's own entries)."""
        return cls(
            key=adj.key, move=adj.move, from_rung=adj.from_rung, jump=adj.jump,
            thresholds=tuple(adj.thresholds), base=adj.base,
            factors=tuple(OddsFactor(f.label, f.pros, f.source) for f in adj.factors),
            capability_term=round(adj.capability_term, 4),
            probability=round(adj.probability, 4), roll=round(adj.roll, 4),
            two_d6=TwoD6(adj.target_2d6, adj.roll_2d6), outcome=adj.outcome,
            proposed=adj.proposed, war_gate=adj.war_gate, rerolls=adj.rerolls,
            ruling=adj.ruling, notes=tuple(adj.notes))


@dataclass(frozen=True, slots=True)
class RulingApplied(Record):
    """``override`` in the adjudication: a White Cell ruling changed a result."""

    key: str
    proposed: Outcome
    outcome: Outcome
    ruling: Ruling


@dataclass(frozen=True, slots=True)
class RulingEntered(Record):
    """``override`` (facilitator only): the White Cell entered a ruling."""

    ruling: Ruling


@dataclass(frozen=True, slots=True)
class OffRampOffered(Record):
    """``off_ramp``: the war gate held a move and offered mediation."""

    key: str


@dataclass(frozen=True, slots=True)
class EffectApplied(Record):
    """``effect``: what a move changed (``key``: the order; none for continuing effects)."""

    key: str | None = field(metadata=OMITTED)
    changes: tuple[Change, ...]


# --------------------------------------------------------------------------- levers

@dataclass(frozen=True, slots=True)
class LeverOn(Record):
    """``lever``: a policy lever comes into force."""

    lever: str


@dataclass(frozen=True, slots=True)
class LeverOff(Record):
    """``lever``: a policy lever is ended."""

    CONSTANTS: ClassVar[Mapping[str, Any]] = {"ended": True}
    lever: str


@dataclass(frozen=True, slots=True)
class LeverInForce(Record):
    """``lever`` (facilitator only): what a lever in force changed this turn."""

    lever: str
    changes: tuple[Change, ...]


# --------------------------------------------------------------------------- rungs

@dataclass(frozen=True, slots=True)
class RungMoved(Record):
    """``ladder``: a move took a rivalry up the ladder."""

    old: int
    new: int
    jump: bool
    key: str
    outcome: Outcome
    public_old: int
    """The publicly known rung before the move."""
    public_text: str | None = field(metadata=HIDDEN)
    """The text for those who did not know the old rung: where the rung went, no more."""


@dataclass(frozen=True, slots=True)
class RungStepped(Record):
    """``ladder``: a reciprocated de-escalation stepped a rivalry down."""

    old: int
    new: int
    public_old: int
    public_text: str | None = field(metadata=HIDDEN)


@dataclass(frozen=True, slots=True)
class RungEased(Record):
    """``drift``: tensions eased and the rung came down by itself."""

    old: int
    new: int
    tension: float
    public_old: int
    public_text: str | None = field(metadata=HIDDEN)


RUNG_CHANGES = (RungMoved, RungStepped, RungEased)
"""The payloads that record a rivalry's rung going from ``old`` to ``new``."""
RungChange: TypeAlias = RungMoved | RungStepped | RungEased


@dataclass(frozen=True, slots=True)
class HostilityBuilds(Record):
    """``drift`` (facilitator only): tension builds with no rung change."""

    tension: float


@dataclass(frozen=True, slots=True)
class NearMiss(Record):
    """``near_miss``: a loss-of-control roll that came close."""

    probability: float
    roll: float


@dataclass(frozen=True, slots=True)
class Pressure(Record):
    """``spillover``: pressure on a rivalry (``origin``: the rivalry it spilled from;
    none when it came from a misattribution or a war next door)."""

    origin: str | None = field(metadata=OMITTED)
    pressure: float


# --------------------------------------------------------------------------- perception

@dataclass(frozen=True, slots=True)
class Blame(Record):
    """``attribution`` (the observer's): whom it blames for an act, and how sure."""

    probability: float
    blamed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AttributionVerdict(Record):
    """``attribution`` (facilitator only): whether the observer blamed the right actor."""

    key: str
    correct: bool
    blamed: tuple[str, ...]
    probability: float
    observer: str


@dataclass(frozen=True, slots=True)
class BeliefShift(Record):
    """``belief``: an observer's suspicion of a subject moved."""

    old: float
    new: float
    likelihood_ratio: float
    diverged: bool
    """The act was above the rung the subject had declared toward the observer."""
    declared: int | None
    acted: int


@dataclass(frozen=True, slots=True)
class Misread(Record):
    """``perception`` (facilitator only): a side believes a rung other than the true one."""

    perceived: int
    true: int
    probability: float


# --------------------------------------------------------------------------- crises

@dataclass(frozen=True, slots=True)
class CrisisEnded(Record):
    """``termination``: how a crisis episode ended."""

    how: str
    opened: int
    peak: int
    mediator: str | None


@dataclass(frozen=True, slots=True)
class IncidentOccurred(Record):
    """``incident``: an accident or provocation that puts a decision to ``deciders``."""

    incident: str
    cause: str
    severity: int
    deciders: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IncidentAnswered(Record):
    """``response``: how one decider answered an incident."""

    incident: str
    answer: str


@dataclass(frozen=True, slots=True)
class MediationStarted(Record):
    """``mediation``: a third party mediates until a turn."""

    until: int


@dataclass(frozen=True, slots=True)
class AgreementDeal(Record):
    """``agreement``: an agreement proposed (``struck`` false) or struck."""

    agreement: str
    struck: bool


@dataclass(frozen=True, slots=True)
class AgreementSecretTerms(Record):
    """``agreement`` (its parties only): the secret terms of an agreement took effect."""

    CONSTANTS: ClassVar[Mapping[str, Any]] = {"secret": True}
    agreement: str


@dataclass(frozen=True, slots=True)
class AgreementRevealed(Record):
    """``agreement``: the secret terms of an agreement came to light."""

    CONSTANTS: ClassVar[Mapping[str, Any]] = {"revealed": True}
    agreement: str


# --------------------------------------------------------------------------- scores

@dataclass(frozen=True, slots=True)
class ObjectiveMet(Record):
    """``score``: an actor met one of its objectives, or part of it."""

    objective: str
    points: float
    share: float | None = field(default=None, metadata=OMITTED)
    """The share of the objective's points earned when it is only partly met (``None``:
    met in full)."""


@dataclass(frozen=True, slots=True)
class TurnScores(Record):
    """``score`` (facilitator only): every actor's escalation score this turn."""

    scores: Mapping[str, float]


# --------------------------------------------------------------------------- session

@dataclass(frozen=True, slots=True)
class Undone(Record):
    """``undo``: the sequence number of the command undone."""

    undoes: int


@dataclass(frozen=True, slots=True)
class NoteAdded(Record):
    """``note``: who wrote it (the text is the entry's)."""

    author: str


@dataclass(frozen=True, slots=True)
class BookmarkAdded(Record):
    """``bookmark``: its label."""

    label: str


@dataclass(frozen=True, slots=True)
class MessageSent(Record):
    """``message``: a message on a private channel (``white_cell`` for the White Cell)."""

    sender: str
    recipient: str
    text: str


Payload: TypeAlias = (
    NoPayload | TurnOpened | TurnEnded | DiceRolled | EventDelivered | AdhocInject
    | EventHold | OrdersSealed | SealedSheet | MoveResolved | SignalSent | DecisionTaken
    | Adjudicated | RulingApplied | RulingEntered | OffRampOffered | EffectApplied | LeverOn
    | LeverOff | LeverInForce | RungMoved | RungStepped | RungEased | HostilityBuilds
    | NearMiss | Pressure | Blame | AttributionVerdict | BeliefShift | Misread | CrisisEnded
    | IncidentOccurred | IncidentAnswered | MediationStarted | AgreementDeal
    | AgreementSecretTerms | AgreementRevealed | ObjectiveMet | TurnScores | Undone
    | NoteAdded | BookmarkAdded | MessageSent)
"""Every payload a log entry may carry."""

WITH_CHANGES = (EventDelivered, AdhocInject, EffectApplied, LeverInForce)
"""The payloads that carry structured :class:`~wargame.log.Change` records."""

SHAPES: Mapping[Kind, tuple[type[Record], ...]] = {
    Kind.TURN: (TurnOpened, TurnEnded, DiceRolled),
    Kind.EVENT: (EventDelivered, EventHold),
    Kind.INJECT: (EventDelivered, AdhocInject, EventHold),
    Kind.SIGNAL: (SignalSent,),
    Kind.ORDER: (OrdersSealed, SealedSheet, MoveResolved),
    Kind.ADJUDICATION: (Adjudicated,),
    Kind.DECISION: (DecisionTaken,),
    Kind.OVERRIDE: (RulingApplied, RulingEntered),
    Kind.LADDER: (RungMoved, RungStepped),
    Kind.EFFECT: (EffectApplied,),
    Kind.PERCEPTION: (Misread,),
    Kind.ATTRIBUTION: (Blame, AttributionVerdict),
    Kind.BELIEF: (BeliefShift,),
    Kind.NEAR_MISS: (NearMiss,),
    Kind.OFF_RAMP: (OffRampOffered,),
    Kind.SPILLOVER: (Pressure,),
    Kind.DRIFT: (RungEased, HostilityBuilds),
    Kind.LEVER: (LeverOn, LeverOff, LeverInForce),
    Kind.SCORE: (ObjectiveMet, TurnScores),
    Kind.UNDO: (Undone,),
    Kind.NOTE: (NoteAdded,),
    Kind.BOOKMARK: (BookmarkAdded,),
    Kind.MESSAGE: (MessageSent,),
    Kind.INCIDENT: (IncidentOccurred,),
    Kind.RESPONSE: (IncidentAnswered,),
    Kind.MEDIATION: (MediationStarted,),
    Kind.AGREEMENT: (AgreementDeal, AgreementSecretTerms, AgreementRevealed),
    Kind.TERMINATION: (CrisisEnded,),
}
"""The payload records each kind may carry besides :class:`NoPayload` (any kind may)."""


def decode_payload(kind: Kind, data: Mapping[str, Any]) -> Payload:
    """The payload of a ``kind`` entry from its JSON form (``LogEntry.to_dict()["data"]``).

    The record is chosen by the keys present; raises :class:`~wargame.records.RecordError`
    when no record of that kind has these keys or a value has the wrong type.
    """
    if not data:
        return NO_PAYLOAD
    for shape in SHAPES.get(kind, ()):
        if shape.matches(data):
            return cast(Payload, shape.from_dict(data))
    raise RecordError(f"no {kind.value} entry has the data fields "
                      f"{', '.join(sorted(data)) or '(none)'}")
