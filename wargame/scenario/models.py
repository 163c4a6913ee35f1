"""Pydantic models of a scenario file: the single source of truth for its format.

Every model is frozen and forbids unknown keys. Conditions and effects are typed
data (tagged unions keyed by a single operator name, such as ``{add: {...}}`` or
``{rung_at_least: {...}}``); nothing in a scenario is ever evaluated as code.
The JSON Schema printed by ``wargame schema`` is generated from these models, and
``docs/scenario-format.md`` explains each field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Any, Literal, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

SCHEMA_VERSION = 1
T = TypeVar("T")

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$",
        min_length=1,
        max_length=48,
        description="Identifier: a letter, then letters, digits, '_' or '-'.",
    ),
]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Rung = Annotated[int, Field(ge=0, le=9)]
Text = Annotated[str, Field(max_length=4000)]

# Actor placeholders usable wherever a move's condition or effect names an actor.
SELF = "self"
TARGET = "target"


class Model(BaseModel):
    """Base of every scenario model: immutable; unknown keys and numbers that are not
    finite (.nan, .inf) are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, defer_build=True,
                              allow_inf_nan=False)


# --------------------------------------------------------------------------- enums


class ActorKind(StrEnum):
    STATE = "state"
    DE_FACTO_GOVERNMENT = "de_facto_government"
    ARMED_GROUP = "armed_group"
    ORGANISATION = "organisation"
    POPULATION = "population"


class Category(StrEnum):
    """Escalation class of a move, after Rivera et al. (2024)."""

    DE_ESCALATION = "de_escalation"
    STATUS_QUO = "status_quo"
    POSTURING = "posturing"
    NON_VIOLENT = "non_violent"
    VIOLENT = "violent"
    NUCLEAR = "nuclear"


#: Rivera et al. (2024) exponential escalation-score weights (2^k - 4).
ES_WEIGHTS: dict[Category, int] = {
    Category.DE_ESCALATION: -2,
    Category.STATUS_QUO: 0,
    Category.POSTURING: 4,
    Category.NON_VIOLENT: 12,
    Category.VIOLENT: 28,
    Category.NUCLEAR: 60,
}


class Visibility(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"
    COVERT = "covert"


class Odds(StrEnum):
    """Words of estimative probability (Kent; ICD 203) used as base odds."""

    ALMOST_CERTAIN = "almost_certain"
    LIKELY = "likely"
    EVEN = "even"
    UNLIKELY = "unlikely"
    REMOTE = "remote"


ODDS_VALUES: dict[Odds, float] = {
    Odds.ALMOST_CERTAIN: 0.93,
    Odds.LIKELY: 0.75,
    Odds.EVEN: 0.50,
    Odds.UNLIKELY: 0.30,
    Odds.REMOTE: 0.07,
}


# --------------------------------------------------------------------------- metadata


class SourceRef(Model):
    id: Id
    citation: Text
    url: str | None = None


class Metadata(Model):
    id: Id
    title: Annotated[str, Field(min_length=1, max_length=200)]
    summary: Text = ""
    sources: tuple[SourceRef, ...] = ()
    start_date: dt.date
    days_per_turn: Annotated[int, Field(ge=1, le=365)] = 14
    default_turns: Annotated[int, Field(ge=1, le=200)] = 12
    orders_per_turn: Annotated[int, Field(ge=1, le=5)] = 2
    notes: Text = ""


# --------------------------------------------------------------------------- variables


class VariableDef(Model):
    """A per-actor variable (capability, resources, ...) with its range."""

    id: Id
    name: str
    description: Text = ""
    min: float = 0.0
    max: float = 10.0
    default: float = 5.0

    @model_validator(mode="after")
    def _range(self) -> VariableDef:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside [{self.min}, {self.max}]")
        return self


class VarName(Model):
    actor: Id
    var: Id


class IndicatorTerm(Model):
    """One quantity of the state a derived indicator reads: a rivalry's public rung or
    tension, an actor's variable or a flag (1 when set, else 0); mapped through
    ``curve`` (piecewise linear, flat beyond its ends) when one is given, then
    multiplied by ``weight``."""

    rung: Id | None = Field(None, description="A rivalry whose public rung is read.")
    tension: Id | None = Field(None, description="A rivalry whose tension is read.")
    var: VarName | None = Field(None, description="An actor's variable.")
    flag: Id | None = Field(None, description="A flag: 1 when set, else 0.")
    weight: float = 1.0
    curve: tuple[tuple[float, float], ...] = Field(
        (), description="Points (quantity, value), quantity increasing: the quantity is "
        "mapped through the line joining them before it is weighted.")

    @model_validator(mode="after")
    def _one_quantity(self) -> IndicatorTerm:
        given = [k for k in ("rung", "tension", "var", "flag") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a term reads exactly one of rung, tension, var or flag"
                             + (f" (got {', '.join(given)})" if given else ""))
        xs = [x for x, _ in self.curve]
        if len(self.curve) == 1 or any(b <= a for a, b in pairwise(xs)):
            raise ValueError("a curve needs two or more points with increasing quantities")
        return self

    def mapped(self, quantity: float) -> float:
        """The term's contribution for this value of its quantity."""
        points = self.curve
        if not points:
            return self.weight * quantity
        if quantity <= points[0][0]:
            return self.weight * points[0][1]
        for (x0, y0), (x1, y1) in pairwise(points):
            if quantity <= x1:
                return self.weight * (y0 + (y1 - y0) * (quantity - x0) / (x1 - x0))
        return self.weight * points[-1][1]


class Derivation(Model):
    """How an indicator is computed from the state: ``base`` plus its terms, clamped to
    the indicator's range (docs/rules.md, section 8a)."""

    base: float = 0.0
    terms: tuple[IndicatorTerm, ...] = Field(min_length=1)

    def value(self, read: Callable[[IndicatorTerm], float], low: float, high: float) -> float:
        """The indicator's value, ``read`` giving each term's quantity."""
        return derived_value(self.base, [t.mapped(read(t)) for t in self.terms], low, high)


def derived_value(base: float, contributions: list[float], low: float, high: float) -> float:
    """``base`` plus the terms' contributions, clamped to [low, high] and rounded to 6
    places: a derived indicator's value (:meth:`Derivation.value`; the rules' compiled
    readers in :func:`wargame.rules.indicators.derive`)."""
    return round(min(high, max(low, base + sum(contributions))), 6)


class Indicator(Model):
    """A global indicator shown over turns (humanitarian situation, nuclear risk, ...).

    A *stock* indicator starts at ``initial`` and moves only by ``add_indicator``
    effects; a *derived* one is a function of the state (``derived``), recomputed after
    every phase, and no effect can add to it."""

    id: Id
    name: str
    description: Text = ""
    initial: float = Field(0.0, description="Starting value of a stock indicator (required "
                           "then); a derived indicator starts at its formula's value.")
    min: float = 0.0
    max: float = 10.0
    better: Literal["higher", "lower"] = "higher"
    derived: Derivation | None = None
    source: Text = ""

    @model_validator(mode="after")
    def _range(self) -> Indicator:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if self.derived is None and "initial" not in self.model_fields_set:
            raise ValueError("a stock indicator needs an initial value (or make it derived)")
        if not self.min <= self.initial <= self.max:
            raise ValueError(f"initial {self.initial} is outside [{self.min}, {self.max}]")
        return self


# --------------------------------------------------------------------------- conditions


class RungBound(Model):
    rivalry: Id
    rung: Rung


class VarBound(Model):
    actor: str = Field(description="Actor id, or 'self' / 'target' inside a move.")
    var: Id
    value: float


class IndicatorBound(Model):
    indicator: Id
    value: float


class TensionBound(Model):
    rivalry: Id
    value: float


class RungAtLeast(Model):
    rung_at_least: RungBound


class RungAtMost(Model):
    rung_at_most: RungBound


class VarAtLeast(Model):
    var_at_least: VarBound


class VarAtMost(Model):
    var_at_most: VarBound


class IndicatorAtLeast(Model):
    indicator_at_least: IndicatorBound


class IndicatorAtMost(Model):
    indicator_at_most: IndicatorBound


class TensionAtLeast(Model):
    tension_at_least: TensionBound


class TurnAtLeast(Model):
    turn_at_least: Annotated[int, Field(ge=1)]


class FlagSet(Model):
    flag: Id


class LeverActive(Model):
    lever_active: Id


class AllOf(Model):
    all: tuple[Condition, ...]


class AnyOf(Model):
    any: tuple[Condition, ...]


class NotCond(Model):
    not_: Condition = Field(alias="not")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


def _operator(value: Any) -> str | None:
    """Tag of a one-key operator mapping such as ``{add: {...}}`` (None if not one)."""
    if isinstance(value, dict) and len(value) == 1:
        return str(next(iter(value)))
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        if len(fields) == 1:
            name = next(iter(fields))
            return fields[name].alias or name
    return None


Condition = Annotated[
    Annotated[RungAtLeast, Tag("rung_at_least")]
    | Annotated[RungAtMost, Tag("rung_at_most")]
    | Annotated[VarAtLeast, Tag("var_at_least")]
    | Annotated[VarAtMost, Tag("var_at_most")]
    | Annotated[IndicatorAtLeast, Tag("indicator_at_least")]
    | Annotated[IndicatorAtMost, Tag("indicator_at_most")]
    | Annotated[TensionAtLeast, Tag("tension_at_least")]
    | Annotated[TurnAtLeast, Tag("turn_at_least")]
    | Annotated[FlagSet, Tag("flag")]
    | Annotated[LeverActive, Tag("lever_active")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotCond, Tag("not")],
    Discriminator(
        _operator,
        custom_error_type="unknown_operator",
        custom_error_message="expected one condition operator such as rung_at_least",
    ),
]


# --------------------------------------------------------------------------- effects


class VarChange(Model):
    actor: str = Field(description="Actor id, or 'self' / 'target' inside a move.")
    var: Id
    value: float


class IndicatorChange(Model):
    indicator: Id
    value: float


class RungChange(Model):
    rivalry: str = Field(description="Rivalry id, or 'this' for the move's rivalry.")
    by: Annotated[int, Field(ge=-9, le=9)]


class RivalryValue(Model):
    rivalry: str = Field(description="Rivalry id, or 'this' for the move's rivalry.")
    value: float


class ChannelChange(Model):
    rivalry: str = Field(description="Rivalry id, or 'this' for the move's rivalry.")


class FlagChange(Model):
    flag: Id
    value: bool = True


class BeliefChange(Model):
    observer: str
    subject: str
    likelihood_ratio: Annotated[float, Field(gt=0, le=20)]


class ControlChange(Model):
    patron: str
    proxy: str
    value: Annotated[float, Field(ge=-1, le=1)]


class AddEffect(Model):
    add: VarChange


class SetEffect(Model):
    set: VarChange


class AddIndicatorEffect(Model):
    add_indicator: IndicatorChange


class MoveRungEffect(Model):
    move_rung: RungChange


class AddTensionEffect(Model):
    add_tension: RivalryValue


class AddGrievanceEffect(Model):
    add_grievance: RivalryValue


class AddPressureEffect(Model):
    add_pressure: RivalryValue


class OpenChannelEffect(Model):
    open_channel: ChannelChange


class CloseChannelEffect(Model):
    close_channel: ChannelChange


class SetFlagEffect(Model):
    set_flag: FlagChange


class BeliefEffect(Model):
    update_belief: BeliefChange


class ControlEffect(Model):
    add_control: ControlChange


class IncidentSpec(Model):
    """An incident an event creates: an accident or provocation that demands a decision."""

    rivalry: Id
    victim: Id | None = Field(
        None, description="The side that must decide; none = both sides of the rivalry.")
    blamed: Id | None = Field(
        None, description="Who the victim holds responsible (default: the other side).")
    severity: Annotated[int, Field(ge=1, le=3)] = 1
    seizure: bool = Field(
        False, description="The blamed side has taken ground by force (a fait accompli): the "
        "victim's bargaining test gains fait_accompli_weight (docs/rules.md, section 5).")
    text: Text = ""


class IncidentEffect(Model):
    incident: IncidentSpec


class MediationSpec(Model):
    """A third party starts mediating on a rivalry (an event or inject: a shuttle mission)."""

    rivalry: Id
    broker: Id
    turns: Annotated[int, Field(ge=1, le=50)] | None = Field(
        None, description="How long it mediates; none = rules.mediation_turns.")


class MediateEffect(Model):
    mediate: MediationSpec


class LeverChange(Model):
    lever: Id


class EndLeverEffect(Model):
    end_lever: LeverChange


Effect = Annotated[
    Annotated[AddEffect, Tag("add")]
    | Annotated[SetEffect, Tag("set")]
    | Annotated[AddIndicatorEffect, Tag("add_indicator")]
    | Annotated[MoveRungEffect, Tag("move_rung")]
    | Annotated[AddTensionEffect, Tag("add_tension")]
    | Annotated[AddGrievanceEffect, Tag("add_grievance")]
    | Annotated[AddPressureEffect, Tag("add_pressure")]
    | Annotated[OpenChannelEffect, Tag("open_channel")]
    | Annotated[CloseChannelEffect, Tag("close_channel")]
    | Annotated[SetFlagEffect, Tag("set_flag")]
    | Annotated[BeliefEffect, Tag("update_belief")]
    | Annotated[ControlEffect, Tag("add_control")]
    | Annotated[IncidentEffect, Tag("incident")]
    | Annotated[EndLeverEffect, Tag("end_lever")]
    | Annotated[MediateEffect, Tag("mediate")],
    Discriminator(
        _operator,
        custom_error_type="unknown_operator",
        custom_error_message="expected one effect operator such as add or move_rung",
    ),
]


# --------------------------------------------------------------------------- actors


class RedLine(Model):
    """A red line: when ``when`` holds, the actor treats ``by`` as hostile and takes more risk."""

    text: str
    when: Condition
    by: Id | None = Field(None, description="The actor held responsible for crossing it.")


class Doctrine(Model):
    """How an actor thinks: computer-played seats follow it, the debrief quotes it."""

    summary: Text = ""
    priorities: tuple[str, ...] = ()
    risk_appetite: Probability = 0.4
    red_lines: tuple[RedLine | str, ...] = Field(
        (), description="Plain text, or {text, when, by} that computer players act on.")
    reads_as_hostile: tuple[str, ...] = Field(
        (), description="Move ids this actor reads as doubly hostile (LR x2), or plain text.")
    resolve: Probability = Field(
        0.5, description="Base probability that leadership approves a jump or threshold."
    )
    reactivity: Annotated[float, Field(ge=0, le=1)] = Field(
        0.1, description="Richardson k: how strongly this actor reacts to a rival's tension."
    )
    restraint: Annotated[float, Field(ge=0, le=1)] = Field(
        0.3, description="Richardson a: how fast this actor's own tension decays."
    )
    source: Text = ""


class Actor(Model):
    id: Id
    name: str
    kind: ActorKind
    nuclear: bool = False
    playable: bool = True
    description: Text = ""
    color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#777777"
    intel_quality: Annotated[float, Field(ge=0, le=0.5)] = 0.1
    variables: dict[Id, float] = Field(default_factory=dict)
    doctrine: Doctrine = Field(default_factory=Doctrine)
    location: tuple[float, float] | None = Field(
        None, description="[lon, lat] where the actor is drawn on the map."
    )
    beliefs: dict[Id, Probability] = Field(
        default_factory=dict,
        description="Initial P(hostile) this actor holds about others (default from relations).",
    )
    source: Text = ""


# --------------------------------------------------------------------------- relationships


class Alignment(Model):
    kind: Literal["alignment"]
    a: Id
    b: Id
    strength: Annotated[float, Field(ge=-1, le=1)]
    source: Text = ""


class PatronProxy(Model):
    kind: Literal["patron_proxy"]
    patron: Id
    proxy: Id
    control: Probability
    deniability: Probability = 0.5
    source: Text = ""


class Sanctuary(Model):
    kind: Literal["sanctuary"]
    host: Id
    group: Id
    deniability: Probability = 0.5
    source: Text = ""


Relationship = Annotated[Alignment | PatronProxy | Sanctuary, Field(discriminator="kind")]


# --------------------------------------------------------------------------- ladders


class RungDef(Model):
    rung: Rung
    name: str
    description: Text = ""


class Threshold(Model):
    """A sticky, salient line between ``below`` and ``below + 1`` (Schelling; Kahn)."""

    id: Id
    name: str
    below: Annotated[int, Field(ge=0, le=8, description="The rung just under the line.")]
    description: Text = ""


class Ladder(Model):
    id: Id
    name: str
    rungs: tuple[RungDef, ...]
    thresholds: tuple[Threshold, ...] = ()
    source: Text = ""

    @model_validator(mode="after")
    def _rungs_in_order(self) -> Ladder:
        numbers = [r.rung for r in self.rungs]
        if numbers != list(range(len(numbers))):
            raise ValueError(f"rungs must be numbered 0, 1, 2, ... in order; got {numbers}")
        return self


class DriftParams(Model):
    """Parameters of Richardson-style tension drift for one rivalry."""

    grievance: float = Field(0.0, description="g: tension added each turn by standing grievances.")
    band: Annotated[float, Field(gt=0)] = Field(
        10.0, description="Tension per rung band: above band*(rung+1) the rung drifts up."
    )


class Rivalry(Model):
    id: Id
    name: str
    sides: tuple[Id, Id]
    ladder: Id
    cap: Rung = 9
    start_rung: Rung = 0
    start_tension: float = 0.0
    rung_names: dict[int, str] = Field(default_factory=dict)
    drift: DriftParams = Field(default_factory=DriftParams)
    background: bool = Field(False, description="Slow great-power ladder that modifies others.")
    crisis_channel: bool = False
    brokers: tuple[Id, ...] = Field(
        (), description="Third parties either side may appeal to for mediation.")
    crisis_from: Rung | None = Field(
        None, description="The game opens in the middle of a crisis that began at this rung "
        "(below start_rung): it ends once the rivalry is back there (docs/rules.md, 6).")
    description: Text = ""
    source: Text = ""

    @model_validator(mode="after")
    def _check(self) -> Rivalry:
        if self.sides[0] == self.sides[1]:
            raise ValueError("a rivalry needs two different sides")
        if self.start_rung > self.cap:
            raise ValueError(f"start_rung {self.start_rung} is above cap {self.cap}")
        if self.crisis_from is not None and self.crisis_from > self.start_rung:
            raise ValueError(f"crisis_from {self.crisis_from} is above start_rung "
                             f"{self.start_rung}")
        return self


class Linkage(Model):
    """An explicit spillover link between two rivalries with its coupling weight."""

    a: Id
    b: Id
    weight: Annotated[float, Field(ge=0, le=0.5)]
    reason: Text = ""
    source: Text = ""


# --------------------------------------------------------------------------- moves


class Modifier(Model):
    """A PRO (positive) or CON (negative) that applies when its condition holds."""

    when: Condition
    pros: Annotated[float, Field(ge=-3, le=3)] = Field(description="+n = n PROs, -n = n CONs.")
    reason: str


class Cost(Model):
    """What a move costs its actor (paid even on failure). Never negative: a move that
    brings resources or prestige says so with an ``add`` effect, which the variable's
    range bounds; a negative cost would slip past both that range and affordability."""

    resources: float = Field(0, ge=0)
    prestige: float = Field(0, ge=0)

    def describe(self) -> str:
        """``0.4 res., 1 prestige``; empty when the move is free."""
        parts = [f"{self.resources:g} res."] if self.resources else []
        if self.prestige:
            parts.append(f"{self.prestige:g} prestige")
        return ", ".join(parts)


class Move(Model):
    id: Id
    name: str
    description: Text = ""
    actors: tuple[Id, ...] = Field(min_length=1)
    targets: tuple[Id, ...] = Field(
        (), description="Who the move may be aimed at; empty = any rival of the actor."
    )
    rung: Rung
    category: Category
    visibility: Visibility = Visibility.PUBLIC
    attribution_difficulty: Probability = 0.0
    odds: Odds | Probability = Odds.EVEN
    cost: Cost = Field(default_factory=Cost)
    requires: Condition | None = None
    modifiers: tuple[Modifier, ...] = ()
    effects: tuple[Effect, ...] = ()
    duration: Annotated[int, Field(ge=1, le=20)] = 1
    likelihood_ratio: Annotated[float, Field(gt=0, le=20)] = 1.0
    lever: Id | None = Field(None, description="Policy lever this move pulls, if any.")
    ends_lever: Id | None = Field(None, description="Policy lever this move switches off.")
    requests_mediation: bool = Field(
        False, description="On success, asks the rivalry's brokers to mediate (section 6).")
    agreement: Id | None = Field(
        None, description="Agreement this move proposes, or accepts when the other side "
        "has proposed it (section 4).")
    incident: Annotated[int, Field(ge=1, le=3)] | None = Field(
        None, description="When it succeeds, the target suffers an incident of this "
        "severity and must decide how to answer (1 minor, 2 mass casualties).")
    source: Text = ""

    def odds_text(self) -> str:
        """The base odds players see: words of estimative probability, or a percentage."""
        if isinstance(self.odds, Odds):
            return self.odds.value.replace("_", " ")
        return f"{float(self.odds):.0%}"


# --------------------------------------------------------------------------- events


class TurnTrigger(Model):
    turn: Annotated[int, Field(ge=1)]


class ConditionTrigger(Model):
    condition: Condition


class ChanceTrigger(Model):
    chance: Probability
    from_turn: Annotated[int, Field(ge=1)] = 1
    condition: Condition | None = None


def _trigger_kind(value: Any) -> str | None:
    """Tag of a trigger mapping (or model) by its keys; None for anything else (``trigger: 5``)."""
    if isinstance(value, dict):
        keys = set(value)
    elif isinstance(value, BaseModel):
        keys = set(type(value).model_fields)
    else:
        return None
    for tag in ("turn", "chance", "condition"):
        if tag in keys:
            return tag
    return None


Trigger = Annotated[
    Annotated[TurnTrigger, Tag("turn")]
    | Annotated[ChanceTrigger, Tag("chance")]
    | Annotated[ConditionTrigger, Tag("condition")],
    Discriminator(
        _trigger_kind,
        custom_error_type="unknown_trigger",
        custom_error_message="a trigger needs 'turn', 'chance' or 'condition'",
    ),
]


class Event(Model):
    id: Id
    title: str
    text: Text
    trigger: Trigger | None = Field(None, description="None: only the facilitator injects it.")
    repeat: bool = False
    effects: tuple[Effect, ...] = ()
    audience: Literal["public"] | tuple[Id, ...] = "public"
    source: Text = ""


# --------------------------------------------------------------------------- levers, goals


class Lever(Model):
    """A policy lever: a standing policy that a move switches on."""

    id: Id
    name: str
    actor: Id
    description: Text = ""
    per_turn: tuple[Effect, ...] = Field((), description="Effects applied every turn it is on.")
    crisis_channels: tuple[Id, ...] = Field((), description="Rivalries given a crisis channel.")
    broker: tuple[Id, ...] = Field((), description="Rivalries the lever's actor brokers.")
    aims: tuple[IndicatorAim, ...] = ()
    side_effects: tuple[str, ...] = ()
    source: Text = ""


class Agreement(Model):
    """A negotiated agreement: a conditional exchange that steps a ladder down.

    One side proposes it (a move with ``agreement: id``), the other accepts it the
    same way within the de-escalation window; then ``terms`` apply, the rung steps
    down ``steps_down`` rungs (across thresholds: the agreement is the reciprocated
    act), and ``secret_terms`` apply too, known only to the parties until
    ``reveal_after`` turns have passed.
    """

    id: Id
    name: str
    rivalry: Id
    description: Text = ""
    requires: Condition | None = None
    terms: tuple[Effect, ...] = ()
    secret_terms: tuple[Effect, ...] = ()
    reveal_after: Annotated[int, Field(ge=0, le=50)] | None = Field(
        None, description="Turns after which the secret terms become public (none: never).")
    steps_down: Annotated[int, Field(ge=0, le=9)] = 1
    ends_crisis: bool = True
    source: Text = ""


class IndicatorAim(Model):
    indicator: Id
    direction: Literal["up", "down"]


def single_bound(cond: Condition) -> tuple[bool, float] | None:
    """``(at_least, value)`` of a condition that is one bound on a variable or indicator
    (``var_at_least``, ``var_at_most``, ``indicator_at_least``, ``indicator_at_most``)."""
    match cond:
        case VarAtLeast(var_at_least=b) | IndicatorAtLeast(indicator_at_least=b):
            return True, b.value
        case VarAtMost(var_at_most=b) | IndicatorAtMost(indicator_at_most=b):
            return False, b.value
    return None


class Objective(Model):
    id: Id
    actor: Id
    description: str
    condition: Condition
    points: Annotated[float, Field(ge=0, le=100)] = 1
    scoring: Literal["each_turn", "end"] = "end"
    partial_from: float | None = Field(
        None, description="Partial credit: with a condition that is one bound, the points "
        "grow in proportion from this value of the quantity up to the bound (docs/rules.md, "
        "section 8); without it the objective is met or not.")

    @model_validator(mode="after")
    def _partial_credit_needs_one_bound(self) -> Objective:
        if self.partial_from is None:
            return self
        bound = single_bound(self.condition)
        if bound is None:
            raise ValueError("partial_from needs a condition that is a single bound "
                             "(var_at_least, var_at_most, indicator_at_least or "
                             "indicator_at_most)")
        at_least, value = bound
        if at_least and self.partial_from >= value:
            raise ValueError(f"partial_from ({self.partial_from:g}) must be below the bound "
                             f"({value:g}): credit grows from it up to the bound")
        if not at_least and self.partial_from <= value:
            raise ValueError(f"partial_from ({self.partial_from:g}) must be above the bound "
                             f"({value:g}): credit grows from it down to the bound")
        return self


# --------------------------------------------------------------------------- map


class Marker(Model):
    id: Id
    name: str
    lon: Annotated[float, Field(ge=-180, le=180)]
    lat: Annotated[float, Field(ge=-90, le=90)]
    kind: Literal["capital", "hotspot", "city", "base"] = "hotspot"
    description: Text = ""
    actors: tuple[Id, ...] = ()


class Region(Model):
    id: Id
    name: str
    role: Literal["theatre", "context"] = "theatre"
    polygons: tuple[tuple[tuple[float, float], ...], ...]


class MapLayer(Model):
    regions_file: str | None = Field(
        None, description="JSON file of region outlines, relative to the scenario file."
    )
    regions_source: str | None = Field(
        None, description="Set by the loader: the file the region outlines were read from.")
    regions: tuple[Region, ...] = ()
    markers: tuple[Marker, ...] = ()
    frame: tuple[float, float, float, float] | None = Field(
        None, description="lon_min, lat_min, lon_max, lat_max"
    )
    note: Text = ""
    source: Text = ""


# --------------------------------------------------------------------------- scenario


class RuleParams(Model):
    """Numeric parameters of the generic rules; docs/rules.md gives their sources."""

    pro_weight: float = 0.65
    capability_weight: float = 0.5
    misread_base: Probability = 1 / 6
    misread_jump: Probability = 1 / 6
    misread_contradiction: Probability = 1 / 6
    misread_channel: Probability = 1 / 6
    loss_of_control_base: Probability = 0.02
    loss_of_control_cap: Probability = 0.25
    spillover_decay: Probability = 0.5
    spillover_hops: Annotated[int, Field(ge=0, le=5)] = 2
    default_coupling: Annotated[float, Field(ge=0, le=0.5)] = 0.15
    deescalation_window: Annotated[int, Field(ge=1, le=5)] = 2
    belief_gamma: float = 1.0
    belief_decay: Probability = Field(
        0.1, description="Share of the way suspicion returns to its prior each turn.")
    signal_divergence_lr: float = 1.5
    broker_moral_hazard: float = 0.5
    resource_income: float = Field(0.5, description="Resources every actor regains each turn.")
    covert_tension_weight: Probability = 0.5
    opportunism_pressure: float = 0.15
    reference_days: Annotated[int, Field(ge=1, le=365)] = Field(
        14, description="Turn length the per-turn parameters are stated for; the engine "
        "rescales them to metadata.days_per_turn (docs/rules.md, section 10).")
    incident_tension: float = Field(
        8.0, description="Tension an incident adds on its rivalry, times its severity.")
    spillover_tension: float = Field(
        10.0, description="Tension one unit of spillover pressure adds to each side.")
    war_cost: Probability = Field(
        0.1, description="Each side's cost of major war as a share of the stakes (Fearon c).")
    nuclear_war_cost: Probability = Field(
        0.15, description="Extra cost of major war for each side of a nuclear dyad.")
    war_estimate_noise: Annotated[float, Field(ge=0, le=3)] = Field(
        0.6, description="Spread (logit scale) of each side's private estimate of its "
        "chances in war; crisis channels and mediators halve it.")
    power_shift_weight: Annotated[float, Field(ge=0, le=5)] = Field(
        1.0, description="Weight of a declining side's preventive motive (Powell 2006).")
    mediation_turns: Annotated[int, Field(ge=1, le=20)] = 3
    broker_initiative: bool = Field(
        True, description="A rivalry's broker steps in unasked when force is used between "
        "two nuclear-armed sides and an answer is pending (Yusuf 2018, brokered bargaining).")
    crisis_quiet_turns: Annotated[int, Field(ge=1, le=10)] = Field(
        2, description="Turns without escalation or incident after which a crisis ends.")
    audience_cost: float = Field(
        1.0, description="Prestige lost for backing down from a public, staked threat.")
    fait_accompli_weight: Annotated[float, Field(ge=0, le=2)] = Field(
        0.6, description="Commitment term of a side whose ground the other has seized: a "
        "settlement that leaves the seizure standing is no bargain (Fearon 1995; Altman 2017).")
    guerrilla_attrition: bool = Field(
        True, description="Blows against an armed group's capability lose force as the "
        "group shrinks below its start (dispersal: Jones & Libicki 2008, RAND).")
    domestic_resolve_weight: Annotated[float, Field(ge=0, le=0.5)] = Field(
        0.05, description="Resolve gained per point of domestic stability below the "
        "variable's default (diversion and outbidding under domestic pressure).")


class Scenario(Model):
    schema_version: Literal[1]
    metadata: Metadata
    variables: tuple[VariableDef, ...] = ()
    actors: tuple[Actor, ...] = Field(min_length=2)
    relationships: tuple[Relationship, ...] = ()
    ladders: tuple[Ladder, ...] = Field(min_length=1)
    rivalries: tuple[Rivalry, ...] = Field(min_length=1)
    linkages: tuple[Linkage, ...] = ()
    moves: tuple[Move, ...] = Field(min_length=1)
    events: tuple[Event, ...] = ()
    levers: tuple[Lever, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    objectives: tuple[Objective, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    rules: RuleParams = Field(default_factory=RuleParams)
    map: MapLayer = Field(default_factory=MapLayer)

    @model_validator(mode="after")
    def _derived_indicator_starts(self) -> Scenario:
        """Each derived indicator's ``initial`` is its formula's value at the start (the
        start rungs and tensions, the actors' variables, no flags)."""
        if not any(i.derived is not None for i in self.indicators):
            return self
        rivalries = {r.id: r for r in self.rivalries}
        defaults = {v.id: v.default for v in self.variables}
        actors = {a.id: a for a in self.actors}

        def start(term: IndicatorTerm) -> float:
            if term.rung is not None:
                r = rivalries.get(term.rung)
                return float(r.start_rung) if r else 0.0
            if term.tension is not None:
                r = rivalries.get(term.tension)
                return r.start_tension if r else 0.0
            if term.var is not None:
                a = actors.get(term.var.actor)
                default = defaults.get(term.var.var, 0.0)
                return a.variables.get(term.var.var, default) if a else default
            return 0.0

        indicators = []
        for ind in self.indicators:
            if ind.derived is not None:
                value = ind.derived.value(start, ind.min, ind.max)
                if "initial" in ind.model_fields_set and abs(ind.initial - value) > 1e-6:
                    raise ValueError(
                        f"indicator '{ind.id}' is derived: its initial ({ind.initial:g}) "
                        f"differs from its formula's value at the start ({value:g}); "
                        "remove initial")
                ind = ind.model_copy(update={"initial": value})
            indicators.append(ind)
        self.__dict__["indicators"] = tuple(indicators)
        return self

    # ---- lookups (pure helpers over cached indexes; the model stays frozen)

    @cached_property
    def _index(self) -> dict[str, dict[Any, Any]]:
        pairs: dict[tuple[str, str], Rivalry] = {}
        for r in self.rivalries:
            pairs[(r.sides[0], r.sides[1])] = r  # the last one wins, as before
            pairs[(r.sides[1], r.sides[0])] = r
        return {
            "actor": {a.id: a for a in self.actors},
            "rivalry": {r.id: r for r in self.rivalries},
            "move": {m.id: m for m in self.moves},
            "ladder": {ld.id: ld for ld in self.ladders},
            "event": {e.id: e for e in self.events},
            "lever": {lv.id: lv for lv in self.levers},
            "agreement": {ag.id: ag for ag in self.agreements},
            "variable": {v.id: v for v in self.variables},
            "indicator": {i.id: i for i in self.indicators},
            "pair": pairs,
            "backers": self._backers(),
            "rivalries_of": {a.id: tuple(r for r in self.rivalries if a.id in r.sides)
                             for a in self.actors},
            "moves_of": {a.id: tuple(mv for mv in self.moves if a.id in mv.actors)
                         for a in self.actors},
        }

    def _backers(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[tuple[float, str]]] = {}
        for rel in self.relationships:
            if rel.kind == "patron_proxy":
                found.setdefault(rel.proxy, []).append((rel.control, rel.patron))
            elif rel.kind == "sanctuary":
                found.setdefault(rel.group, []).append((0.5 - rel.deniability / 2, rel.host))
        return {actor: tuple(name for _, name in sorted(links, key=lambda x: (-x[0], x[1])))
                for actor, links in found.items()}

    def model_copy(self, *, update: Mapping[str, Any] | None = None,
                   deep: bool = False) -> Scenario:
        """A copy with ``update`` applied; the lookup index is rebuilt, never shared."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("_index", None)
        copy.__dict__.pop("_derived", None)
        return copy

    def __getstate__(self) -> dict[Any, Any]:
        """Pickle the fields only; lookups and derived data are rebuilt on demand."""
        state = super().__getstate__()
        state["__dict__"] = {k: v for k, v in state["__dict__"].items()
                             if k not in ("_index", "_derived")}
        return state

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """A value computed once from this (immutable) scenario and kept with it.

        For data the rules derive from a scenario again and again: the linkage graph,
        prior beliefs, the document a save embeds. The model is frozen, so the value
        cannot go stale; :meth:`model_copy` starts with none.
        """
        try:
            return self.__dict__["_derived"][name]  # type: ignore[no-any-return]
        except KeyError:
            store: dict[str, Any] = self.__dict__.setdefault("_derived", {})
            if name not in store:
                store[name] = build()
            return cast(T, store[name])

    def _get(self, what: str, item_id: str) -> Any:
        try:
            return self._index[what][item_id]
        except KeyError:
            raise KeyError(f"unknown {what} '{item_id}'") from None

    # Each lookup indexes its table directly (the hot loops of the rules call these
    # hundreds of thousands of times per batch); unknown ids fall back to :meth:`_get`
    # for the error message.

    def actor(self, actor_id: str) -> Actor:
        try:
            return self._index["actor"][actor_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(Actor, self._get("actor", actor_id))

    def rivalry(self, rivalry_id: str) -> Rivalry:
        try:
            return self._index["rivalry"][rivalry_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(Rivalry, self._get("rivalry", rivalry_id))

    def move(self, move_id: str) -> Move:
        try:
            return self._index["move"][move_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(Move, self._get("move", move_id))

    def ladder(self, ladder_id: str) -> Ladder:
        try:
            return self._index["ladder"][ladder_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(Ladder, self._get("ladder", ladder_id))

    def event(self, event_id: str) -> Event:
        try:
            return self._index["event"][event_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(Event, self._get("event", event_id))

    def lever(self, lever_id: str) -> Lever:
        try:
            return self._index["lever"][lever_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(Lever, self._get("lever", lever_id))

    def agreement(self, agreement_id: str) -> Agreement:
        try:
            return self._index["agreement"][agreement_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(Agreement, self._get("agreement", agreement_id))

    def variable(self, var_id: str) -> VariableDef:
        try:
            return self._index["variable"][var_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(VariableDef, self._get("variable", var_id))

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self._index["indicator"][indicator_id]  # type: ignore[no-any-return]
        except KeyError:
            return cast(Indicator, self._get("indicator", indicator_id))

    def has(self, what: str, item_id: str) -> bool:
        return item_id in self._index[what]

    def rung_name(self, rivalry_id: str, rung: int) -> str:
        rivalry = self.rivalry(rivalry_id)
        if rung in rivalry.rung_names:
            return rivalry.rung_names[rung]
        return self.ladder(rivalry.ladder).rungs[rung].name

    def rivalries_of(self, actor_id: str) -> tuple[Rivalry, ...]:
        """Rivalries the actor is a side of, in scenario order."""
        found = self._index["rivalries_of"].get(actor_id)
        if found is None:
            return tuple(r for r in self.rivalries if actor_id in r.sides)
        return cast("tuple[Rivalry, ...]", found)

    def moves_of(self, actor_id: str) -> tuple[Move, ...]:
        """Moves the actor may play, in scenario order."""
        found = self._index["moves_of"].get(actor_id)
        if found is None:
            return tuple(mv for mv in self.moves if actor_id in mv.actors)
        return cast("tuple[Move, ...]", found)

    def rivalry_between(self, a: str, b: str) -> Rivalry | None:
        return self._index["pair"].get((a, b))

    def backers(self, actor_id: str) -> tuple[str, ...]:
        """Patrons and sanctuary hosts of an actor, strongest link first."""
        return cast("tuple[str, ...]", self._index["backers"].get(actor_id, ()))


# Models build their validators on first use (defer_build): importing stays cheap.
