"""The after-action report model: built once from a session and a view, rendered to every format.

:func:`build_report` turns a :class:`~wargame.session.Session` and a
:class:`~wargame.views.View` into a :class:`Report`, a tree of frozen pydantic
models that is plain data (``report.model_dump(mode="json")``). The HTML,
Markdown, JSON and PDF renderers only read this model, so every format shows
the same facts.

Redaction is structural. Every section is built from material that has already
gone through the one information filter, :mod:`wargame.views`:

* log entries only through :func:`~wargame.views.visible_entries`, and of those
  only the ``text`` and a few named, view-safe ``data`` fields (never raw
  ``data``: a public order entry carries its rationale there, and the public
  "turn ends" entry carries the true rungs);
* sealed orders only through :func:`~wargame.views.visible_sheets`;
* rungs, beliefs, indicators, objective points and levers of every turn only
  through :func:`~wargame.views.picture` of the turn's closing state (a team sees
  rungs as it perceived them, and only its own beliefs);
* notes and bookmarks only when their log entry is visible.

Contents follow escalation-modeling.md section 8.7: purpose and scenario, seats,
executive summary (turning points, thresholds, near misses, off-ramps), the
per-turn timeline, trajectories, the misperception ledger, spillover chains,
indicators and escalation scores, objectives, levers, annotations, the hot wash
and a replay appendix.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wargame import __version__
from wargame import payloads as pl
from wargame.log import Kind, LogEntry, Scope
from wargame.orders import OrderSheet
from wargame.scenario import models as m
from wargame.session import Session
from wargame.state import GameState
from wargame.views import (
    FacilitatorPicture,
    View,
    picture,
    rung_series,
    visible_entries,
    visible_sheets,
)

FORMAT = "wargame-aar"
FORMAT_VERSION = 2  # 2: spillover.links, unlinked_pressure, misattribution_pressure

#: How many turning points the executive summary lists (the timeline has them all).
TOP_TURNING_POINTS = 8
#: How many belief changes each turn of the timeline lists.
TOP_BELIEF_SHIFTS = 5

LIMITATIONS = (
    "A wargame produces insights, not predictions: one seeded run is one story among many "
    "(Perla 1990), and it cannot be duplicated as an experiment can.",
    "Odds, ladders and drift are modelling choices; docs/rules.md gives their sources. "
    "Treat numbers as the game's internal logic, not as estimates of real-world risk "
    "(Lin-Greenberg, Pauly and Schneider 2022).",
    "Computer-played seats follow a doctrine policy; their choices are explainable but they "
    "are not models of real decision makers (Rivera et al. 2024; Lamparth et al. 2024).",
)

SUSTAIN_PREFIXES = ("sustain:", "keep:")
IMPROVE_PREFIXES = ("improve:", "change:")

RUNG_CHANGE_KINDS = (Kind.LADDER, Kind.DRIFT, Kind.SPILLOVER, Kind.LOSS_OF_CONTROL)


def _r(value: float, digits: int = 4) -> float:
    """A float rounded for stable output (no -0.0)."""
    return round(float(value), digits) + 0.0


class Item(BaseModel):
    """Base of every report model: immutable and closed."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def F(description: str, **kw: Any) -> Any:
    return Field(description=description, **kw)


# =========================================================================== models


class ViewInfo(Item):
    kind: Literal["facilitator", "public", "actor"] = F(
        "Who the report is for: the facilitator (everything), one actor's team, or the public.")
    actor: str | None = F("Actor id for a team report, else null.")
    label: str = F("Short label used in file names: facilitator, public or the actor id.")
    title: str = F("Human title of the edition, e.g. 'Team edition: Pakistan (Team Green)'.")
    description: str = F("What this edition contains and what it leaves out.")


class Source(Item):
    id: str = F("Source id used by the scenario's 'source' fields.")
    citation: str = F("Citation text.")
    url: str | None = F("Link, if the scenario gives one.")


class Linkage(Item):
    a: str = F("First rivalry id.")
    b: str = F("Second rivalry id.")
    weight: float = F("Coupling weight w (share of a rise passed on as pressure).")
    reason: str = F("Why the rivalries are linked.")


class Purpose(Item):
    scenario_id: str = F("Scenario id.")
    scenario_title: str = F("Scenario title.")
    game_title: str = F("Title given to this game when it was created.")
    summary: str = F("Scenario summary: what the exercise is about.")
    scenario_notes: str = F("Further notes from the scenario author.")
    sources: tuple[Source, ...] = F("Sources the scenario cites.")
    start_date: str = F("Game date of turn 1 (ISO 8601).")
    end_date: str = F("Game date of the last finished turn (ISO 8601).")
    days_per_turn: int = F("Game days per turn.")
    turns_planned: int = F("Number of turns the game was set up to last.")
    turns_played: int = F("Number of finished turns.")
    ended: bool = F("True when the game reached its last turn.")
    orders_per_turn: int = F("Orders each actor may give per turn.")
    limitations: tuple[str, ...] = F("Known limitations of what the report can claim.")
    rule_parameters: dict[str, float] | None = F(
        "Numeric rule parameters (facilitator edition only, else null).")
    linkages: tuple[Linkage, ...] = F(
        "Explicit spillover linkages and coupling weights (facilitator edition only).")


class SeatInfo(Item):
    actor: str = F("Actor id.")
    actor_name: str = F("Actor name.")
    kind: Literal["human", "computer", "facilitator"] = F("Who played the actor.")
    team: str = F("Team name for a human seat (player-written), else empty.")
    label: str = F("Display label: the team name, 'Computer' or 'Facilitator'.")
    ai: bool = F("True for a computer-played (AI) seat.")
    playable: bool = F("False for actors that never give orders.")
    nuclear: bool = F("True for nuclear-armed actors.")
    color: str = F("Actor colour (#rrggbb) used in charts.")


class Threshold(Item):
    id: str = F("Threshold id.")
    name: str = F("Threshold name.")
    below: int = F("The rung just under the line: crossing it goes from 'below' to 'below+1'.")


class RungName(Item):
    rung: int = F("Rung number.")
    name: str = F("Rung name for this rivalry.")


class RivalryInfo(Item):
    id: str = F("Rivalry id.")
    name: str = F("Rivalry name.")
    sides: tuple[str, str] = F("The two actor ids.")
    ladder: str = F("Ladder id.")
    cap: int = F("Highest rung this rivalry can reach.")
    start_rung: int = F("Rung the scenario starts on.")
    rungs: tuple[RungName, ...] = F("Names of rungs 0..cap.")
    thresholds: tuple[Threshold, ...] = F("Sticky thresholds of the ladder at or below the cap.")


class RivalryOutcome(Item):
    rivalry: str = F("Rivalry id.")
    name: str = F("Rivalry name.")
    start_rung: int = F("Rung at the start of turn 1, as this view saw it.")
    start_name: str = F("Name of the start rung.")
    final_rung: int = F("Rung after the last finished turn, as this view saw it.")
    final_name: str = F("Name of the final rung.")
    peak_rung: int = F("Highest rung seen during the game.")
    peak_name: str = F("Name of the peak rung.")
    peak_turn: int = F("First turn the peak was reached (0 = start).")
    change: int = F("final_rung - start_rung.")


class TurningPoint(Item):
    turn: int = F("Turn in which the rung changed.")
    rivalry: str = F("Rivalry id.")
    rivalry_name: str = F("Rivalry name.")
    from_rung: int = F("Rung before the change, as seen.")
    to_rung: int = F("Rung after the change, as seen.")
    to_name: str = F("Name of the new rung.")
    magnitude: int = F("Absolute rung change.")
    direction: Literal["up", "down"] = F("Escalation (up) or de-escalation (down).")
    thresholds: tuple[str, ...] = F("Names of thresholds crossed by the change.")
    causes: tuple[str, ...] = F(
        "Log texts (visible to this view) that moved the rung; empty when the view "
        "cannot see why (for a team: a change in its perception).")
    major: bool = F("Magnitude of 2 or more, or a threshold crossed.")


class ThresholdCrossing(Item):
    turn: int = F("Turn of the crossing.")
    rivalry: str = F("Rivalry id.")
    threshold: str = F("Threshold id.")
    name: str = F("Threshold name.")
    direction: Literal["up", "down"] = F("Crossed going up or coming back down.")


class RollRecord(Item):
    turn: int = F("Turn.")
    rivalry: str = F("Rivalry id.")
    probability: float | None = F(
        "Probability of a loss-of-control incident (facilitator only).")
    roll: float | None = F("Uniform roll; an incident when roll < probability (facilitator only).")
    text: str = F("Log text.")


class OffRamp(Item):
    turn: int = F("Turn the off-ramp was offered.")
    rivalry: str = F("Rivalry id.")
    kind: Literal["war_gate", "deescalation_offer"] = F(
        "war_gate: the bargaining test held a move at limited strikes and offered mediation; "
        "deescalation_offer: a side offered to step down.")
    actor: str | None = F("Actor that offered (deescalation_offer) or was held (war_gate).")
    status: Literal["offered", "reciprocated", "unreciprocated", "pending"] = F(
        "reciprocated: the other side answered within the window; unreciprocated: the window "
        "passed without an answer (a missed off-ramp); pending: the game ended first; "
        "offered: mediation offered at the war gate.")
    resolved_turn: int | None = F("Turn the offer was reciprocated, if it was.")
    text: str = F("Log text of the offer.")


class ExecutiveSummary(Item):
    headline: tuple[str, ...] = F("Generated sentences summing up the game for this view.")
    final: tuple[RivalryOutcome, ...] = F("Final situation per rivalry.")
    turning_points: tuple[TurningPoint, ...] = F(
        "The biggest rung changes (at most eight), largest first.")
    threshold_crossings: tuple[ThresholdCrossing, ...] = F("Every threshold crossing, by turn.")
    loss_of_control: tuple[RollRecord, ...] = F("Loss-of-control incidents visible to this view.")
    near_misses: tuple[RollRecord, ...] = F(
        "Loss-of-control rolls that missed by less than the probability (facilitator only).")
    off_ramps: tuple[OffRamp, ...] = F("Off-ramps offered, taken or missed.")


class LogLine(Item):
    seq: int = F("Journal command that produced the entry.")
    turn: int = F("Turn.")
    phase: str = F("Turn phase.")
    kind: str = F("Entry kind (event, order, adjudication, ... see wargame/log.py).")
    text: str = F("Entry text.")
    visibility: str = F("public, restricted (its audience and the facilitator) or facilitator.")
    actor: str | None = F("Actor the entry is about (facilitator edition only).")
    target: str | None = F("Target actor (facilitator edition only).")
    rivalry: str | None = F("Rivalry (facilitator edition only).")


class OrderInfo(Item):
    key: str = F("Order key within the turn, ACTOR#index.")
    move: str = F("Move id.")
    move_name: str = F("Move name.")
    target: str | None = F("Target actor id.")
    rationale: str = F("Rationale written by the team (player-written).")


class SignalInfo(Item):
    toward: str = F("Receiving actor id.")
    rung: int = F("Declared rung.")
    public: bool = F("Public or private signal.")
    stake: float = F("Prestige staked (costly signal).")
    text: str = F("Signal wording (player-written).")


class SheetInfo(Item):
    actor: str = F("Actor id.")
    actor_name: str = F("Actor name.")
    seat: str = F("Seat label (team name, Computer or Facilitator).")
    orders: tuple[OrderInfo, ...] = F("Orders as sealed.")
    signals: tuple[SignalInfo, ...] = F("Signals sent with the orders.")
    reasons: tuple[str, ...] = F("Reasons a computer seat gave for its choice.")


class FactorInfo(Item):
    label: str = F("PRO or CON and where it came from.")
    pros: float = F("+n PROs or -n CONs.")
    source: str = F("rule, scenario or facilitator.")


class DecisionInfo(Item):
    reason: str = F("Why a leadership decision check was needed (jump or threshold).")
    probability: float = F("Probability that leadership approves.")
    roll: float = F("Uniform roll.")
    passed: bool = F("True if approved.")
    substitute: str | None = F("Move played instead when refused.")


class RulingInfo(Item):
    kind: str = F("override, reroll, strong_argument or war_gate.")
    reason: str = F("The White Cell's written reason (player-written).")
    proposed: str | None = F("Outcome the engine proposed.")
    outcome: str | None = F("Outcome that stood.")


class MoveResult(Item):
    key: str | None = F(
        "Order key, ACTOR#index (#9 for a proxy acting on its own); only in the facilitator "
        "edition and for the team's own moves.")
    actor: str = F("Actor id.")
    actor_name: str = F("Actor name.")
    target: str | None = F("Target actor id.")
    target_name: str | None = F("Target actor name.")
    rivalry: str | None = F("Rivalry the move acts on.")
    move: str = F("Move id.")
    move_name: str = F("Move name.")
    category: str = F("Escalation category (Rivera et al. 2024).")
    rung: int = F("Rung of the move.")
    autonomous: bool = F(
        "True when a proxy acted on its own (a spoiler), where this view can see that it did.")
    visibility: str = F("Visibility of the move's log entries.")
    base: float | None = F("Base odds (words of estimative probability).")
    factors: tuple[FactorInfo, ...] = F("PROs and CONs.")
    capability_term: float | None = F("0.5 x ln(capability ratio) added in logit space.")
    probability: float | None = F("Success probability.")
    target_2d6: int | None = F("Equivalent 2d6 target (roll this or more).")
    roll_2d6: int | None = F("Equivalent 2d6 roll.")
    roll: float | None = F("Uniform roll.")
    proposed: str | None = F("Outcome band the engine proposed.")
    outcome: str | None = F(
        "Outcome band that stood: critical, success, partial, failure, blowback.")
    jump: bool = F("More than one rung above the current rung.")
    thresholds: tuple[str, ...] = F("Threshold ids the move would cross.")
    war_gate: bool = F("Held at the war gate.")
    rerolls: int = F("Re-rolls ordered by the White Cell.")
    decision: DecisionInfo | None = F("Leadership decision check, when visible to this view.")
    ruling: RulingInfo | None = F("White Cell ruling other than accept, when visible.")
    effects: tuple[str, ...] = F("Effects applied.")
    rationale: str | None = F(
        "The team's rationale, only when this view may read the actor's sealed orders.")


class NoteInfo(Item):
    seq: int = F("Journal command number.")
    turn: int = F("Turn the note was written in.")
    author: str = F("Author (player-written).")
    scope: Literal["facilitator", "team"] = F("Facilitator annotation or a team's own note.")
    actor: str | None = F("Team actor id for a team note.")
    text: str = F("Note text (player-written).")


class BookmarkInfo(Item):
    seq: int = F("Journal command number.")
    turn: int = F("Turn the bookmark points at.")
    label: str = F("Bookmark label (player-written).")
    text: str = F("Bookmark text (player-written).")
    at_seq: int = F("Command the bookmark points at (0 = start of the turn).")


class RungAt(Item):
    rivalry: str = F("Rivalry id.")
    rung: int = F("Rung as seen by this view.")
    name: str = F("Rung name.")


class BeliefShift(Item):
    observer: str = F("Actor whose belief changed.")
    subject: str = F("Actor the belief is about.")
    old: float = F("P(hostile) before.")
    new: float = F("P(hostile) after.")
    diverged: bool = F("The act exceeded the subject's last signal to the observer.")


class TurnSection(Item):
    turn: int = F("Turn number.")
    date: str = F("Game date the turn opens (ISO 8601).")
    complete: bool = F("False for a turn still open when the report was made.")
    events: tuple[LogLine, ...] = F("Events and injects.")
    signals: tuple[LogLine, ...] = F("Signals.")
    sheets: tuple[SheetInfo, ...] = F("Sealed order sheets this view may read.")
    moves: tuple[MoveResult, ...] = F("Resolved moves visible to this view, with odds and rolls.")
    overrides: tuple[LogLine, ...] = F("White Cell rulings visible to this view.")
    notes: tuple[NoteInfo, ...] = F("Notes entered during the turn.")
    bookmarks: tuple[BookmarkInfo, ...] = F("Bookmarks pointing at the turn.")
    rungs: tuple[RungAt, ...] = F("Rung of each rivalry at the end of the turn, as seen.")
    belief_updates: int = F("Number of belief updates visible in the turn.")
    belief_shifts: tuple[BeliefShift, ...] = F(
        "The largest visible belief changes of the turn (at most five), largest first.")
    log: tuple[LogLine, ...] = F(
        "Other visible log entries of the turn (belief updates, attributions and spillover "
        "pressure are summarised in their own sections; the top-level log has every entry).")


class Trajectory(Item):
    rivalry: str = F("Rivalry id.")
    name: str = F("Rivalry name.")
    basis: Literal["true", "perceived", "public"] = F(
        "true (facilitator), perceived (as the team saw it) or public.")
    rungs: tuple[int, ...] = F("Rung at the start (index 0) and at the end of each finished turn.")
    perceived: dict[str, tuple[int, ...]] = F(
        "Facilitator only: each side's perceived rung, same indexing.")
    tension: tuple[float, ...] | None = F("Facilitator only: mean Richardson tension.")
    turning_points: tuple[TurningPoint, ...] = F("Every rung change, by turn.")


class RungMisread(Item):
    turn: int = F("Turn.")
    rivalry: str = F("Rivalry id.")
    observer: str = F("Actor who misread.")
    perceived: int = F("Rung the observer believed.")
    true: int = F("True rung.")


class AttributionInfo(Item):
    turn: int = F("Turn.")
    key: str | None = F(
        "Order key of the act (ACTOR#index); it names the real actor, so the facilitator "
        "edition only.")
    observer: str = F("Actor who attributed the act.")
    blamed: tuple[str, ...] = F("Actors the observer blamed.")
    correct: bool | None = F("Whether the attribution was right (null if this view cannot know).")
    actual: str | None = F("Actor who really acted (facilitator only).")
    text: str = F("Log text.")


class BeliefCurve(Item):
    observer: str = F("Actor holding the belief.")
    subject: str = F("Actor the belief is about.")
    values: tuple[float, ...] = F("P(subject hostile) at the start and after each finished turn.")


class Divergence(Item):
    turn: int = F("Turn.")
    observer: str = F("Actor who noticed.")
    subject: str = F("Actor whose action exceeded its signal.")
    declared: int | None = F("Rung the subject had signalled.")
    acted: int | None = F("Rung of the move it played.")
    text: str = F("Log text.")


class Misperception(Item):
    basis: str = F("What this view can know about misperception.")
    misreads: tuple[RungMisread, ...] = F("True vs perceived rung gaps (facilitator only).")
    attributions: tuple[AttributionInfo, ...] = F("Attributions of covert and proxy acts.")
    beliefs: tuple[BeliefCurve, ...] = F("Belief trajectories P(hostile).")
    divergences: tuple[Divergence, ...] = F("Signal-action divergences seen.")


class SpillTarget(Item):
    rivalry: str = F("Rivalry receiving pressure.")
    pressure: float = F("Pressure added.")


class SpillChain(Item):
    turn: int = F("Turn.")
    origin: str = F("Rivalry (or 'misattribution') the pressure came from.")
    targets: tuple[SpillTarget, ...] = F("Rivalries that received pressure.")
    texts: tuple[str, ...] = F("Log texts.")


class SpillRise(Item):
    turn: int = F("Turn.")
    rivalry: str = F("Rivalry that rose by spillover.")
    from_rung: int = F("Rung before (outside the facilitator edition: as publicly known).")
    to_rung: int = F("Rung after.")
    probability: float | None = F("Probability of the rise, 1 - exp(-P) (facilitator only).")
    text: str = F("Log text.")


class SpillLink(Item):
    a: str = F("First rivalry id of an explicit linkage of the scenario.")
    b: str = F("Second rivalry id.")
    weight: float = F("Coupling weight w of the linkage.")
    pressure: float = F(
        "Total pressure passed between the two rivalries during the game, either way: the sum "
        "of the pressure entries whose origin is one and target the other (0 if none).")
    turns: tuple[int, ...] = F("Turns in which pressure passed between them.")


class Spillover(Item):
    chains: tuple[SpillChain, ...] = F(
        "Pressure passed along the linkage graph (facilitator only).")
    rises: tuple[SpillRise, ...] = F("Rivalries that rose because tensions spilled over.")
    links: tuple[SpillLink, ...] = F(
        "Pressure passed between each pair of rivalries an explicit linkage joins, in scenario "
        "order, one entry per linked pair (facilitator only; empty otherwise).")
    unlinked_pressure: float | None = F(
        "Pressure passed between rivalries no explicit linkage joins: implicit ties (a shared "
        "actor, an alliance, a patron and its proxy) or two hops (facilitator only, else null).")
    misattribution_pressure: float | None = F(
        "Pressure added by misattributed acts, which has no origin rivalry (facilitator only, "
        "else null).")


class IndicatorSeries(Item):
    id: str = F("Indicator id.")
    name: str = F("Indicator name.")
    better: Literal["higher", "lower"] = F("Which direction is good.")
    min: float = F("Scale minimum.")
    max: float = F("Scale maximum.")
    values: tuple[float, ...] = F("Value at the start and at the end of each finished turn.")


class ScoreSeries(Item):
    actor: str = F("Actor id.")
    name: str = F("Actor name.")
    values: tuple[float, ...] = F("Escalation score for turns 1..n.")
    total: float = F("Sum over the game.")


class EscalationScores(Item):
    basis: str = F("Which moves the scores count (all, or those visible to this view).")
    weights: dict[str, int] = F("Score per move category (Rivera et al. 2024).")
    series: tuple[ScoreSeries, ...] = F("Per actor, per turn.")


class ObjectiveOutcome(Item):
    id: str = F("Objective id.")
    actor: str = F("Actor the objective belongs to.")
    actor_name: str = F("Actor name.")
    description: str = F("What the actor wanted.")
    scoring: Literal["each_turn", "end"] = F("Scored every turn or only at the end.")
    points: float = F("Points per success.")
    met_turns: tuple[int, ...] = F("Turns it was met (scored).")
    points_earned: float = F("Points earned from it.")
    met_at_end: bool | None = F("Met when the game ended (null while the game is running).")


class ActorPoints(Item):
    actor: str = F("Actor id.")
    name: str = F("Actor name.")
    points: float = F("Objective points at the end.")


class Objectives(Item):
    items: tuple[ObjectiveOutcome, ...] = F("Objectives this view may see, against outcomes.")
    totals: tuple[ActorPoints, ...] = F("Objective points per actor this view may see.")


class LeverAim(Item):
    indicator: str = F("Indicator id.")
    name: str = F("Indicator name.")
    direction: Literal["up", "down"] = F("Direction the lever aims to move it.")
    start: float = F("Indicator at the start.")
    end: float = F("Indicator at the end.")
    verdict: Literal["as aimed", "against aim", "no change"] = F("How the indicator moved.")


class LeverInfo(Item):
    id: str = F("Lever id.")
    name: str = F("Lever name.")
    actor: str = F("Actor who pulls it.")
    description: str = F("What the lever is.")
    on_since: int | None = F("Turn it was pulled (null: never).")
    aims: tuple[LeverAim, ...] = F("Indicators it aims to move, with outcomes.")
    side_effects: tuple[str, ...] = F("Side effects the scenario warns of.")


class Annotations(Item):
    notes: tuple[NoteInfo, ...] = F("Notes visible to this view.")
    bookmarks: tuple[BookmarkInfo, ...] = F("Facilitator bookmarks visible to this view.")


class HotWash(Item):
    supposed: tuple[str, ...] = F("What was supposed to happen: scenario aims and objectives.")
    happened: tuple[str, ...] = F("What happened.")
    why: tuple[str, ...] = F("Why: turning points and their causes.")
    sustain: tuple[str, ...] = F("Notes starting 'Sustain:' or 'Keep:'.")
    improve: tuple[str, ...] = F("Notes starting 'Improve:' or 'Change:'.")
    notes: tuple[NoteInfo, ...] = F("All notes entered, for the discussion.")


class TurnHash(Item):
    turn: int = F("Turn.")
    state_hash: str = F("State hash after the turn (16 hex digits).")


class Appendix(Item):
    save_name: str = F("File name of the save the report was made from.")
    engine: str = F("Engine version that recorded the game.")
    report_engine: str = F("Engine version that wrote this report.")
    scenario_id: str = F("Scenario id.")
    scenario_sha256: str = F("sha256 of the scenario embedded in the save.")
    created: str = F("When the game was created (from the save header).")
    seed: int | None = F("Dice seed (facilitator only).")
    command_count: int | None = F(
        "Commands in the journal, including undo/redo (facilitator only).")
    parent: dict[str, Any] | None = F("Save and command a what-if branch started from.")
    turn_hashes: tuple[TurnHash, ...] = F(
        "State hash per turn for replay checks (facilitator only).")
    replay_warnings: tuple[str, ...] = F("Torn lines or hash mismatches found on loading.")
    replay: str = F("How to replay the game exactly.")


class Report(Item):
    format: Literal["wargame-aar"] = F("Always 'wargame-aar'.")
    format_version: Literal[2] = F("Version of this format (2 added the spillover links).")
    view: ViewInfo = F("Who the report is for.")
    title: str = F("Report title.")
    purpose: Purpose = F("Purpose, scenario and assumptions.")
    seats: tuple[SeatInfo, ...] = F("Cells and players.")
    rivalries: tuple[RivalryInfo, ...] = F("Rivalries and their ladders.")
    summary: ExecutiveSummary = F("Executive summary.")
    turns: tuple[TurnSection, ...] = F("Timeline, one section per turn.")
    trajectories: tuple[Trajectory, ...] = F("Escalation trajectory per rivalry.")
    misperception: Misperception = F("Misperception ledger.")
    spillover: Spillover = F("Spillover chains.")
    indicators: tuple[IndicatorSeries, ...] = F("Indicators over time.")
    escalation_scores: EscalationScores = F("Escalation scores per actor per turn.")
    objectives: Objectives = F("Objectives against outcomes.")
    levers: tuple[LeverInfo, ...] = F("Policy levers (treatments) and their aims.")
    annotations: Annotations = F("The facilitator's bookmarks and annotations, and team notes.")
    hot_wash: HotWash = F("Hot wash (US Army TC 25-20).")
    appendix: Appendix = F("Replay appendix.")
    log: tuple[LogLine, ...] = F("Every log entry visible to this view, in order (texts only).")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


# =========================================================================== building


class _Builder:
    """Collects the filtered material once; each method builds one section from it."""

    def __init__(self, session: Session, view: View, save_name: str) -> None:
        self.session = session
        self.scenario = session.scenario
        self.view = view
        self.save_name = save_name
        self.entries: list[LogEntry] = visible_entries(view, session.log)
        self.by_turn: dict[int, list[LogEntry]] = defaultdict(list)
        for entry in self.entries:
            self.by_turn[entry.turn].append(entry)
        self.records = session.turns
        first = self.records[0].opening if self.records else session.state
        self.states: list[GameState] = [first] + [t.closing for t in self.records]
        self.pictures = [picture(view, self.scenario, s) for s in self.states]
        self.final = self.states[-1]
        self.visible_seqs = {e.seq for e in self.entries if e.kind in (Kind.NOTE, Kind.BOOKMARK)}

    # ------------------------------------------------------------------ small helpers

    def name(self, actor: str | None) -> str | None:
        if actor is None:
            return None
        return self.scenario.actor(actor).name if self.scenario.has("actor", actor) else actor

    def rung_name(self, rivalry: str, rung: int) -> str:
        try:
            return self.scenario.rung_name(rivalry, rung)
        except (KeyError, IndexError):
            return f"rung {rung}"

    def date(self, turn: int) -> str:
        meta = self.scenario.metadata
        return (meta.start_date + dt.timedelta(days=meta.days_per_turn * (turn - 1))).isoformat()

    def line(self, entry: LogEntry) -> LogLine:
        # An entry's actor, target and rivalry fields can say more than its text: a team's
        # attribution entry carries the rivalry of the act as it really was. Only the
        # facilitator edition keeps them.
        full = self.view.is_facilitator
        return LogLine(seq=entry.seq, turn=entry.turn, phase=entry.phase, kind=entry.kind.value,
                       text=entry.text, visibility=entry.visibility.value,
                       actor=entry.actor if full else None,
                       target=entry.target if full else None,
                       rivalry=entry.rivalry if full else None)

    @property
    def last_turn(self) -> int:
        return len(self.records)

    def full_pictures(self) -> list[FacilitatorPicture]:
        """The facilitator's pictures, with the whole state (none for any other view)."""
        return [p for p in self.pictures if isinstance(p, FacilitatorPicture)]

    # ------------------------------------------------------------------ sections

    def view_info(self) -> ViewInfo:
        v = self.view
        if v.kind == "facilitator":
            return ViewInfo(kind="facilitator", actor=None, label="facilitator",
                            title="Facilitator edition",
                            description="Everything: true rungs, hidden rolls, every team's "
                            "sealed orders and rationales, and White Cell annotations. Not for "
                            "distribution to teams.")
        if v.kind == "public":
            return ViewInfo(kind="public", actor=None, label="public", title="Public edition",
                            description="Public events and public moves only; rungs as "
                            "publicly known. No sealed orders, beliefs or hidden rolls.")
        actor = v.actor or ""
        seat = self.session.seats.get(actor)
        team = f" ({seat.label})" if seat is not None else ""
        name = self.name(actor) or actor
        return ViewInfo(kind="actor", actor=actor, label=actor,
                        title=f"Team edition: {name}{team}",
                        description=f"Only what {name} saw: its own sealed orders, notes and "
                        f"beliefs, public events, and every rung as {name} perceived it. Other "
                        "teams' orders and the true rungs are withheld.")

    def purpose(self) -> Purpose:
        meta = self.scenario.metadata
        facilitator = self.view.is_facilitator
        params = ({k: _r(float(v), 6) for k, v in self.scenario.rules.model_dump().items()}
                  if facilitator else None)
        links = tuple(Linkage(a=lk.a, b=lk.b, weight=_r(lk.weight), reason=lk.reason)
                      for lk in self.scenario.linkages) if facilitator else ()
        return Purpose(
            scenario_id=meta.id, scenario_title=meta.title,
            game_title=self.session.header.title or meta.title,
            summary=meta.summary.strip(), scenario_notes=meta.notes.strip(),
            sources=tuple(Source(id=s.id, citation=s.citation, url=s.url) for s in meta.sources),
            start_date=meta.start_date.isoformat(),
            end_date=self.date(max(1, self.last_turn)),
            days_per_turn=meta.days_per_turn, turns_planned=self.session.header.turns,
            turns_played=self.last_turn, ended=self.session.ended,
            orders_per_turn=meta.orders_per_turn, limitations=LIMITATIONS,
            rule_parameters=params, linkages=links)

    def seats(self) -> tuple[SeatInfo, ...]:
        out = []
        for actor in self.scenario.actors:
            seat = self.session.seats.get(actor.id)
            kind = seat.kind if seat is not None else "computer"
            out.append(SeatInfo(
                actor=actor.id, actor_name=actor.name, kind=kind,
                team=seat.team if seat is not None and kind == "human" else "",
                label=seat.label if seat is not None else "Computer",
                ai=kind == "computer" and actor.playable, playable=actor.playable,
                nuclear=actor.nuclear, color=actor.color))
        return tuple(out)

    def rivalries(self) -> tuple[RivalryInfo, ...]:
        out = []
        for r in self.scenario.rivalries:
            ladder = self.scenario.ladder(r.ladder)
            top = min(r.cap, len(ladder.rungs) - 1)
            out.append(RivalryInfo(
                id=r.id, name=r.name, sides=r.sides, ladder=r.ladder, cap=top,
                start_rung=r.start_rung,
                rungs=tuple(RungName(rung=i, name=self.rung_name(r.id, i)) for i in range(top + 1)),
                thresholds=tuple(Threshold(id=t.id, name=t.name, below=t.below)
                                 for t in ladder.thresholds if t.below < top)))
        return tuple(out)

    # ---- trajectories and turning points (from pictures of the closing states)

    def rung_series(self, rivalry: str) -> list[int]:
        """Rung at the start and at the end of each finished turn, as this view sees it.

        The one rule of :func:`wargame.views.rung_series`: a team its perceived rung in
        each turn's closing state, the facilitator the true rung, the public the publicly
        known rung.
        """
        return rung_series(self.view, self.scenario, self.states, rivalry)

    def thresholds_between(self, rivalry: str, a: int, b: int) -> list[m.Threshold]:
        ladder = self.scenario.ladder(self.scenario.rivalry(rivalry).ladder)
        low, high = min(a, b), max(a, b)
        return [t for t in ladder.thresholds if low <= t.below < high]

    @staticmethod
    def moves_rung(e: LogEntry, rivalry: str) -> bool:
        """True if a (visible) entry records a rung change of ``rivalry``."""
        if e.kind in RUNG_CHANGE_KINDS:
            return e.rivalry == rivalry and isinstance(e.payload, pl.RUNG_CHANGES)
        if e.kind in (Kind.EVENT, Kind.INJECT, Kind.EFFECT) and isinstance(
                e.payload, pl.WITH_CHANGES):
            # Structured change records of the effects (already cut to this view).
            return any(c.scope == Scope.RUNG and c.quantity == rivalry
                       for c in e.payload.changes)
        return False

    def turning_points(self, rivalry: str, series: Sequence[int]) -> list[TurningPoint]:
        name = self.scenario.rivalry(rivalry).name
        points = []
        for turn in range(1, len(series)):
            a, b = series[turn - 1], series[turn]
            if a == b:
                continue
            crossed = self.thresholds_between(rivalry, a, b)
            causes = tuple(e.text for e in self.by_turn.get(turn, ())
                           if self.moves_rung(e, rivalry))
            points.append(TurningPoint(
                turn=turn, rivalry=rivalry, rivalry_name=name, from_rung=a, to_rung=b,
                to_name=self.rung_name(rivalry, b), magnitude=abs(b - a),
                direction="up" if b > a else "down", thresholds=tuple(t.name for t in crossed),
                causes=causes, major=abs(b - a) >= 2 or bool(crossed)))
        return points

    def trajectories(self) -> tuple[Trajectory, ...]:
        out = []
        basis: Literal["true", "perceived", "public"] = (
            "true" if self.view.is_facilitator else
            "perceived" if self.view.kind == "actor" else "public")
        for r in self.scenario.rivalries:
            series = self.rung_series(r.id)
            perceived: dict[str, tuple[int, ...]] = {}
            tension: tuple[float, ...] | None = None
            full = self.full_pictures()
            if full:
                for side in r.sides:
                    perceived[side] = tuple(
                        int(p.state.perceived.get(side, {}).get(r.id, p.rungs[r.id]))
                        for p in full)
                history = full[-1].tension_history(r.id)
                tension = tuple(_r(t, 3) for t in [r.start_tension, *history[:self.last_turn]])
            out.append(Trajectory(rivalry=r.id, name=r.name, basis=basis, rungs=tuple(series),
                                  perceived=perceived, tension=tension,
                                  turning_points=tuple(self.turning_points(r.id, series))))
        return tuple(out)

    def summary(self, trajectories: Sequence[Trajectory]) -> ExecutiveSummary:
        final = []
        crossings: list[ThresholdCrossing] = []
        for traj in trajectories:
            s = traj.rungs
            peak = max(s)
            final.append(RivalryOutcome(
                rivalry=traj.rivalry, name=traj.name, start_rung=s[0],
                start_name=self.rung_name(traj.rivalry, s[0]), final_rung=s[-1],
                final_name=self.rung_name(traj.rivalry, s[-1]), peak_rung=peak,
                peak_name=self.rung_name(traj.rivalry, peak), peak_turn=s.index(peak),
                change=s[-1] - s[0]))
            for turn in range(1, len(s)):
                up = s[turn] > s[turn - 1]
                for t in self.thresholds_between(traj.rivalry, s[turn - 1], s[turn]):
                    crossings.append(ThresholdCrossing(turn=turn, rivalry=traj.rivalry,
                                                       threshold=t.id, name=t.name,
                                                       direction="up" if up else "down"))
        crossings.sort(key=lambda c: (c.turn, c.rivalry, c.threshold))
        every = [tp for traj in trajectories for tp in traj.turning_points]
        top = sorted(every, key=lambda tp: (-tp.magnitude, -len(tp.thresholds),
                                            tp.direction != "up", tp.turn, tp.rivalry))
        top = top[:TOP_TURNING_POINTS]
        incidents = tuple(self.roll_record(e) for e in self.entries
                          if e.kind == Kind.LOSS_OF_CONTROL and e.rivalry)
        near = tuple(self.roll_record(e) for e in self.entries
                     if e.kind == Kind.NEAR_MISS and e.rivalry)
        off_ramps = self.off_ramps()
        return ExecutiveSummary(
            headline=tuple(self.headline(final, crossings, incidents, near, off_ramps)),
            final=tuple(final), turning_points=tuple(top), threshold_crossings=tuple(crossings),
            loss_of_control=incidents, near_misses=near, off_ramps=off_ramps)

    def roll_record(self, e: LogEntry) -> RollRecord:
        # The dice of an incident are White Cell material.
        dice = e.payload if self.view.is_facilitator and isinstance(
            e.payload, pl.NearMiss) else None
        return RollRecord(turn=e.turn, rivalry=e.rivalry or "",
                          probability=_r(dice.probability) if dice else None,
                          roll=_r(dice.roll) if dice else None, text=e.text)

    def off_ramps(self) -> tuple[OffRamp, ...]:
        window = self.scenario.rules.deescalation_window
        answers: dict[str, list[int]] = defaultdict(list)
        for e in self.entries:
            # A reciprocated round: a ladder entry with no actor (a step down or "one more round").
            if e.kind == Kind.LADDER and e.rivalry and e.actor is None and (
                    not isinstance(e.payload, pl.RUNG_CHANGES)
                    or e.payload.new < e.payload.old):
                answers[e.rivalry].append(e.turn)
        out = []
        for e in self.entries:
            if e.kind == Kind.OFF_RAMP and e.rivalry:
                out.append(OffRamp(turn=e.turn, rivalry=e.rivalry, kind="war_gate",
                                   actor=e.actor, status="offered", resolved_turn=None,
                                   text=e.text))
            elif e.kind == Kind.LADDER and e.rivalry and e.actor and not isinstance(
                    e.payload, pl.RUNG_CHANGES):
                later = [t for t in answers.get(e.rivalry, ()) if e.turn < t <= e.turn + window]
                status: Literal["reciprocated", "unreciprocated", "pending"]
                if later:
                    status = "reciprocated"
                elif self.session.ended or self.last_turn >= e.turn + window:
                    status = "unreciprocated"
                else:
                    status = "pending"
                out.append(OffRamp(turn=e.turn, rivalry=e.rivalry, kind="deescalation_offer",
                                   actor=e.actor, status=status,
                                   resolved_turn=later[0] if later else None, text=e.text))
        return tuple(out)

    def headline(self, final: Sequence[RivalryOutcome], crossings: Sequence[ThresholdCrossing],
                 incidents: Sequence[RollRecord], near: Sequence[RollRecord],
                 off_ramps: Sequence[OffRamp]) -> list[str]:
        seen = {"facilitator": "", "public": " (as publicly known)",
                "actor": f" (as {self.name(self.view.actor)} saw it)"}[self.view.kind]
        lines = []
        played = self.last_turn
        lines.append(f"{played} of {self.session.header.turns} turns played"
                     + ("; the game has ended." if self.session.ended
                        else "; the game is still running."))
        rose = [f for f in final if f.change > 0]
        fell = [f for f in final if f.change < 0]
        lines.append(f"{len(rose)} of {len(final)} rivalries ended higher than they started, "
                     f"{len(fell)} lower{seen}.")
        if rose:
            top = max(rose, key=lambda f: f.change)
            lines.append(f"Sharpest rise: {top.name}, from rung {top.start_rung} to "
                         f"{top.final_rung} ({top.final_name}).")
        if fell:
            low = min(fell, key=lambda f: f.change)
            lines.append(f"Largest fall: {low.name}, from rung {low.start_rung} to "
                         f"{low.final_rung} ({low.final_name}).")
        if final:
            peak = max(final, key=lambda f: f.peak_rung)
            when = f"in turn {peak.peak_turn}" if peak.peak_turn else "from the start"
            lines.append(f"Highest point: {peak.name} at rung {peak.peak_rung} "
                         f"({peak.peak_name}) {when}.")
        ups = [c for c in crossings if c.direction == "up"]
        if ups:
            lines.append(f"{len(ups)} threshold crossing(s) upward"
                         + (f", {len(crossings) - len(ups)} back down" if len(crossings) > len(ups)
                            else "") + ".")
        if incidents:
            lines.append(f"{len(incidents)} loss-of-control incident(s).")
        if near:
            lines.append(f"{len(near)} near miss(es) on loss-of-control rolls.")
        offers = [o for o in off_ramps if o.kind == "deescalation_offer"]
        if offers:
            taken = sum(1 for o in offers if o.status == "reciprocated")
            missed = sum(1 for o in offers if o.status == "unreciprocated")
            lines.append(f"{len(offers)} de-escalation offer(s): {taken} reciprocated, "
                         f"{missed} left unanswered.")
        gates = [o for o in off_ramps if o.kind == "war_gate"]
        if gates:
            lines.append(f"The war gate held {len(gates)} move(s) short of major operations.")
        return lines

    # ---- the timeline

    def sheets_for(self, turn: int) -> Mapping[str, OrderSheet]:
        if turn <= len(self.records):
            return visible_sheets(self.view, self.records[turn - 1].sheets)
        return visible_sheets(self.view, self.session.sheets)

    def sheet_info(self, sheet: OrderSheet) -> SheetInfo:
        seat = self.session.seats.get(sheet.actor)
        return SheetInfo(
            actor=sheet.actor, actor_name=self.name(sheet.actor) or sheet.actor,
            seat=seat.label if seat is not None else "Computer",
            orders=tuple(OrderInfo(key=f"{sheet.actor}#{i}", move=o.move,
                                   move_name=self.move_name(o.move), target=o.target,
                                   rationale=o.rationale)
                         for i, o in enumerate(sheet.orders)),
            signals=tuple(SignalInfo(toward=s.toward, rung=s.rung, public=s.public,
                                     stake=_r(s.stake), text=s.text) for s in sheet.signals),
            reasons=tuple(sheet.reasons))

    def move_name(self, move: str) -> str:
        return self.scenario.move(move).name if self.scenario.has("move", move) else move

    def moves_for(self, turn: int, entries: Sequence[LogEntry], sheets: Mapping[str, OrderSheet],
                  used: set[int]) -> list[MoveResult]:
        played: list[tuple[LogEntry, pl.MoveResolved]] = []
        adjudicated: dict[str, pl.Adjudicated] = {}
        decided: dict[str, pl.DecisionTaken] = {}
        ruled: dict[str, pl.RulingApplied] = {}
        effects: dict[str, list[str]] = defaultdict(list)
        for i, e in enumerate(entries):
            p = e.payload
            if e.phase != "adjudication":
                continue
            if isinstance(p, pl.EffectApplied) and p.key is not None:
                effects[p.key].append(e.text)
            elif isinstance(p, pl.MoveResolved):
                played.append((e, p))
            elif isinstance(p, pl.Adjudicated):
                adjudicated.setdefault(p.key, p)
            elif isinstance(p, pl.DecisionTaken):
                decided.setdefault(p.key, p)
            elif isinstance(p, pl.RulingApplied):
                ruled.setdefault(p.key, p)
            else:
                continue
            used.add(i)
        # A proxy's defiance is known only to those who can see the PROXY entry.
        defiant = {(x.turn, x.actor) for x in entries if x.kind == Kind.PROXY}
        out = []
        for e, order in played:
            key = order.key
            adj = adjudicated.get(key)
            dec = decided.get(key)
            ovr = ruled.get(key)
            rationale: str | None = None
            actor = e.actor or ""
            if actor in sheets and "#" in key:
                index = key.rsplit("#", 1)[1]
                orders = sheets[actor].orders
                if index.isdigit() and int(index) < len(orders):
                    rationale = orders[int(index)].rationale
            decision = None
            if dec is not None:
                c = dec.check
                decision = DecisionInfo(reason=c.reason, probability=_r(c.probability),
                                        roll=_r(c.roll), passed=c.passed,
                                        substitute=c.substitute)
            ruling = None
            if ovr is not None:
                ruling = RulingInfo(kind=ovr.ruling.kind.value, reason=ovr.ruling.reason,
                                    proposed=ovr.proposed.value, outcome=ovr.outcome.value)
            move = order.move
            out.append(MoveResult(
                key=key if self.view.is_facilitator or actor == self.view.actor else None,
                actor=actor, actor_name=self.name(actor) or actor, target=e.target,
                target_name=self.name(e.target), rivalry=e.rivalry, move=move,
                move_name=self.move_name(move), category=order.category.value,
                rung=order.rung, autonomous=order.autonomous and (turn, actor) in defiant,
                visibility=e.visibility.value,
                base=_r(adj.base) if adj else None,
                factors=tuple(FactorInfo(label=f.label, pros=_r(f.pros), source=f.source)
                              for f in adj.factors) if adj else (),
                capability_term=_r(adj.capability_term) if adj else None,
                probability=_r(adj.probability) if adj else None,
                target_2d6=adj.two_d6.target if adj else None,
                roll_2d6=adj.two_d6.roll if adj else None, roll=_r(adj.roll) if adj else None,
                proposed=adj.proposed.value if adj else None,
                outcome=adj.outcome.value if adj else None,
                jump=adj.jump if adj else False, thresholds=adj.thresholds if adj else (),
                war_gate=adj.war_gate if adj else False, rerolls=adj.rerolls if adj else 0,
                decision=decision, ruling=ruling, effects=tuple(effects.get(key, ())),
                rationale=rationale))
        return out

    def note_info(self, note: Any) -> NoteInfo:
        return NoteInfo(seq=note.seq, turn=note.turn, author=note.author,
                        scope="team" if note.actor else "facilitator", actor=note.actor,
                        text=note.text)

    def notes(self) -> tuple[NoteInfo, ...]:
        return tuple(self.note_info(n) for n in self.session.notes if n.seq in self.visible_seqs)

    def bookmarks(self) -> tuple[BookmarkInfo, ...]:
        return tuple(BookmarkInfo(seq=b.seq, turn=b.turn, label=b.label, text=b.text,
                                  at_seq=b.at_seq)
                     for b in self.session.bookmarks if b.seq in self.visible_seqs)

    def turns(self, notes: Sequence[NoteInfo], marks: Sequence[BookmarkInfo]
              ) -> tuple[TurnSection, ...]:
        count = self.last_turn + (0 if self.session.ended else 1)
        series = {r.id: self.rung_series(r.id) for r in self.scenario.rivalries}
        out = []
        for turn in range(1, count + 1):
            entries = self.by_turn.get(turn, [])
            used: set[int] = set()
            sheets = self.sheets_for(turn)
            moves = self.moves_for(turn, entries, sheets, used)
            events, signals, overrides, rest = [], [], [], []
            beliefs = [(e, e.payload) for e in entries
                       if e.kind == Kind.BELIEF and isinstance(e.payload, pl.BeliefShift)]
            shifts = sorted(beliefs, key=lambda b: (-abs(b[1].new - b[1].old), b[0].actor or "",
                                                    b[0].target or ""))[:TOP_BELIEF_SHIFTS]
            for i, e in enumerate(entries):
                if e.kind in (Kind.BELIEF, Kind.ATTRIBUTION) or (
                        e.kind == Kind.SPILLOVER and not isinstance(e.payload, pl.RUNG_CHANGES)):
                    continue
                if e.kind in (Kind.EVENT, Kind.INJECT):
                    events.append(self.line(e))
                elif e.kind == Kind.SIGNAL:
                    signals.append(self.line(e))
                elif e.kind == Kind.OVERRIDE:
                    overrides.append(self.line(e))
                    used.add(i)
                elif e.kind in (Kind.NOTE, Kind.BOOKMARK, Kind.TURN) or i in used or (
                        e.kind == Kind.ORDER and e.phase == "orders"):
                    # Shown elsewhere (notes, sheets), or bookkeeping such as "Turn 3 opens";
                    # the JSON log keeps every entry.
                    continue
                else:
                    rest.append(self.line(e))
            complete = turn <= self.last_turn
            rungs: tuple[RungAt, ...] = ()
            if complete:
                rungs = tuple(RungAt(rivalry=r.id, rung=series[r.id][turn],
                                     name=self.rung_name(r.id, series[r.id][turn]))
                              for r in self.scenario.rivalries)
            out.append(TurnSection(
                turn=turn, date=self.date(turn), complete=complete, events=tuple(events),
                signals=tuple(signals),
                sheets=tuple(self.sheet_info(sheets[a]) for a in sorted(sheets)),
                moves=tuple(moves), overrides=tuple(overrides),
                notes=tuple(n for n in notes if n.turn == turn),
                bookmarks=tuple(b for b in marks if b.turn == turn), rungs=rungs,
                belief_updates=len(beliefs),
                belief_shifts=tuple(BeliefShift(observer=e.actor or "", subject=e.target or "",
                                                old=_r(b.old), new=_r(b.new),
                                                diverged=b.diverged)
                                    for e, b in shifts),
                log=tuple(rest)))
        return tuple(out)

    # ---- misperception

    def misperception(self) -> Misperception:
        v = self.view
        misreads: list[RungMisread] = []
        if v.is_facilitator:
            series = {r.id: self.rung_series(r.id) for r in self.scenario.rivalries}
            for turn, pic in enumerate(self.full_pictures()):
                if turn == 0:
                    continue
                for r in self.scenario.rivalries:
                    true = series[r.id][turn]
                    for side in r.sides:
                        seen = int(pic.state.perceived.get(side, {}).get(r.id, true))
                        if seen != true:
                            misreads.append(RungMisread(turn=turn, rivalry=r.id, observer=side,
                                                        perceived=seen, true=true))
            worse = sum(1 for x in misreads if x.perceived > x.true)
            basis = ("Facilitator edition: true rungs against each side's perceived rung, "
                     "attribution verdicts, and every actor's beliefs. "
                     f"{len(misreads)} end-of-turn misreads: {worse} times a side thought the "
                     f"crisis worse than it was (the spiral risk), {len(misreads) - worse} times "
                     "milder.")
        elif v.kind == "actor":
            basis = (f"Team edition: the rungs {self.name(v.actor)} perceived, the attributions it "
                     "made and its own beliefs. Whether they were right is withheld.")
        else:
            basis = "Public edition: beliefs and attributions are private; nothing to show."
        attributions: dict[tuple[int, str, str], dict[str, Any]] = {}
        for e in self.entries:
            if e.kind != Kind.ATTRIBUTION:
                continue
            p = e.payload
            # The observer's own entry has no key; the facilitator's verdict has one.
            verdict = p if isinstance(p, pl.AttributionVerdict) else None
            key = verdict.key if verdict else ""
            observer = (verdict.observer if verdict else "") or e.actor or ""
            slot = attributions.setdefault((e.turn, key, observer), {"texts": []})
            slot["texts"].append(e.text)
            slot["blamed"] = p.blamed if isinstance(p, pl.Blame | pl.AttributionVerdict) else ()
            if verdict:
                slot["correct"] = verdict.correct
                slot["actual"] = e.actor
        # The key of an act names its real actor: the facilitator edition only.
        attribution_rows = tuple(
            AttributionInfo(turn=t, key=k if v.is_facilitator else None, observer=o,
                            blamed=s.get("blamed", ()),
                            correct=s.get("correct"), actual=s.get("actual"),
                            text=s["texts"][0])
            for (t, k, o), s in attributions.items())
        curves = []
        if v.kind != "public":
            pairs: set[tuple[str, str]] = set()
            for shot in self.pictures:
                pairs.update((o, subj) for o, row in shot.known_beliefs().items()
                             for subj in row)
            for observer, subject in sorted(pairs):
                values = []
                for shot in self.pictures:
                    row = shot.known_beliefs().get(observer, {})
                    values.append(_r(float(row.get(subject, 0.3))))
                curves.append(BeliefCurve(observer=observer, subject=subject,
                                          values=tuple(values)))
        divergences = tuple(
            Divergence(turn=e.turn, observer=e.actor or "", subject=e.target or "",
                       declared=e.payload.declared, acted=e.payload.acted, text=e.text)
            for e in self.entries
            if isinstance(e.payload, pl.BeliefShift) and e.payload.diverged)
        return Misperception(basis=basis, misreads=tuple(misreads), attributions=attribution_rows,
                             beliefs=tuple(curves), divergences=divergences)

    # ---- spillover

    def spillover(self) -> Spillover:
        chains: dict[tuple[int, str], dict[str, Any]] = {}
        rises = []
        # Pressure between two rivalries, either way, and the turns it passed (pressure
        # entries are facilitator-only, so other views collect nothing here).
        passed: dict[frozenset[str], float] = defaultdict(float)
        when: dict[frozenset[str], set[int]] = defaultdict(set)
        misattributed = 0.0
        for e in self.entries:
            if e.kind != Kind.SPILLOVER or not e.rivalry:
                continue
            p = e.payload
            if isinstance(p, pl.RUNG_CHANGES):
                # A rung raised by spillover itself (no rule logs one today: spillover
                # moves tension, not rungs); rung changes carry no dice.
                rises.append(SpillRise(turn=e.turn, rivalry=e.rivalry, from_rung=p.old,
                                       to_rung=p.new, probability=None, text=e.text))
            elif isinstance(p, pl.Pressure):
                origin = p.origin or "misattribution"
                slot = chains.setdefault((e.turn, origin), {"targets": [], "texts": []})
                slot["targets"].append(SpillTarget(rivalry=e.rivalry, pressure=_r(p.pressure)))
                slot["texts"].append(e.text)
                if origin == "misattribution":
                    misattributed += p.pressure
                elif origin != e.rivalry:
                    pair = frozenset((origin, e.rivalry))
                    passed[pair] += p.pressure
                    when[pair].add(e.turn)
        links: list[SpillLink] = []
        unlinked: float | None = None
        if self.view.is_facilitator:
            # One entry per linked pair; a pair listed twice keeps the last weight, as the
            # engine's linkage graph does.
            weights = {frozenset((lk.a, lk.b)): lk.weight for lk in self.scenario.linkages}
            seen: set[frozenset[str]] = set()
            for lk in self.scenario.linkages:
                pair = frozenset((lk.a, lk.b))
                if pair in seen:
                    continue
                seen.add(pair)
                links.append(SpillLink(a=lk.a, b=lk.b, weight=_r(weights[pair]),
                                       pressure=_r(passed.get(pair, 0.0)),
                                       turns=tuple(sorted(when.get(pair, ())))))
            unlinked = _r(sum(v for pair, v in passed.items() if pair not in weights))
        return Spillover(
            chains=tuple(SpillChain(turn=t, origin=o, targets=tuple(s["targets"]),
                                    texts=tuple(s["texts"]))
                         for (t, o), s in chains.items()),
            rises=tuple(rises), links=tuple(links), unlinked_pressure=unlinked,
            misattribution_pressure=_r(misattributed) if self.view.is_facilitator else None)

    # ---- indicators, scores, objectives, levers

    def indicators(self) -> tuple[IndicatorSeries, ...]:
        return tuple(IndicatorSeries(
            id=i.id, name=i.name, better=i.better, min=_r(i.min), max=_r(i.max),
            values=tuple(_r(v) for v in self.indicator_series(i)))
            for i in self.scenario.indicators)

    def indicator_series(self, indicator: m.Indicator) -> list[float]:
        """Value at the start and at the end of each finished turn (indicators are public)."""
        history = self.final.indicator_history.get(indicator.id, ())
        if len(history) >= self.last_turn:
            return [indicator.initial, *history[:self.last_turn]]
        return [float(p.indicators.get(indicator.id, indicator.initial))
                for p in self.pictures]

    def escalation_scores(self) -> EscalationScores:
        """Scores counted from the resolved moves this view can see (all, for the facilitator)."""
        turns = self.last_turn
        per: dict[str, list[float]] = {a.id: [0.0] * turns for a in self.scenario.actors}
        for e in self.entries:
            p = e.payload
            if e.kind != Kind.ORDER or e.phase != "adjudication" or not e.actor or \
                    not isinstance(p, pl.MoveResolved) or not 1 <= e.turn <= turns:
                continue
            per.setdefault(e.actor, [0.0] * turns)[e.turn - 1] += m.ES_WEIGHTS[p.category]
        basis = ("every move played" if self.view.is_facilitator
                 else "the moves this edition can see (covert and private moves of others are "
                 "not counted)")
        series = tuple(ScoreSeries(actor=a.id, name=a.name,
                                   values=tuple(_r(x) for x in per[a.id]),
                                   total=_r(sum(per[a.id])))
                       for a in self.scenario.actors if a.playable)
        return EscalationScores(basis=basis,
                                weights={c.value: w for c, w in m.ES_WEIGHTS.items()},
                                series=series)

    def objectives(self) -> Objectives:
        v = self.view
        shown = [o for o in self.scenario.objectives
                 if v.is_facilitator or (v.kind == "actor" and o.actor == v.actor)]
        met: dict[str, list[int]] = defaultdict(list)
        earned: dict[str, float] = defaultdict(float)
        for e in self.entries:
            if isinstance(e.payload, pl.ObjectiveMet):
                if e.payload.share is None:  # met in full; a partial share only earns
                    met[e.payload.objective].append(e.turn)
                earned[e.payload.objective] += e.payload.points
        items = []
        for o in shown:
            at_end: bool | None = None
            if self.session.ended:
                at_end = self.last_turn in met.get(o.id, ())
            items.append(ObjectiveOutcome(
                id=o.id, actor=o.actor, actor_name=self.name(o.actor) or o.actor,
                description=o.description, scoring=o.scoring, points=_r(o.points),
                met_turns=tuple(met.get(o.id, ())), points_earned=_r(earned.get(o.id, 0.0)),
                met_at_end=at_end))
        final = self.pictures[-1].known_points()
        totals = tuple(ActorPoints(actor=a, name=self.name(a) or a, points=_r(float(p)))
                       for a, p in sorted(final.items()))
        return Objectives(items=tuple(items), totals=totals)

    def levers(self, indicators: Sequence[IndicatorSeries]) -> tuple[LeverInfo, ...]:
        pulled: dict[str, int] = {}
        for e in self.entries:
            p = e.payload
            if isinstance(p, pl.LeverOn | pl.LeverOff | pl.LeverInForce) and e.actor:
                pulled.setdefault(p.lever, e.turn)
        final = self.pictures[-1]
        series = {i.id: i for i in indicators}
        out = []
        for lv in self.scenario.levers:
            on = pulled.get(lv.id)
            if on is None and lv.id in final.levers:
                # The turn it came into force is the White Cell's; other views know only
                # that it is in force.
                on = (int(final.state.levers[lv.id]) if isinstance(final, FacilitatorPicture)
                      else 0)
            aims = []
            for aim in lv.aims:
                ind = series.get(aim.indicator)
                if ind is None:
                    continue
                start, end = ind.values[0], ind.values[-1]
                delta = end - start
                verdict: Literal["as aimed", "against aim", "no change"] = "no change"
                if abs(delta) > 1e-9:
                    up = (delta > 0) == (aim.direction == "up")
                    verdict = "as aimed" if up else "against aim"
                aims.append(LeverAim(indicator=aim.indicator, name=ind.name,
                                     direction=aim.direction, start=start, end=end,
                                     verdict=verdict))
            out.append(LeverInfo(id=lv.id, name=lv.name, actor=lv.actor,
                                 description=lv.description.strip(), on_since=on,
                                 aims=tuple(aims), side_effects=tuple(lv.side_effects)))
        return tuple(out)

    # ---- hot wash and appendix

    def hot_wash(self, summary: ExecutiveSummary, objectives: Objectives,
                 notes: Sequence[NoteInfo]) -> HotWash:
        meta = self.scenario.metadata
        supposed = [meta.summary.strip()] if meta.summary.strip() else []
        for o in objectives.items:
            supposed.append(f"{o.actor_name}: {o.description}")
        happened = list(summary.headline[1:])
        happened += [f"{f.name}: rung {f.start_rung} to {f.final_rung} ({f.final_name})."
                     for f in summary.final if f.change]
        for o in objectives.items:
            if o.scoring == "end":
                state = {True: "met", False: "not met", None: "open"}[o.met_at_end]
                happened.append(f"{o.actor_name}, objective '{o.description}': {state}.")
            else:
                happened.append(f"{o.actor_name}, objective '{o.description}': met in "
                                f"{len(o.met_turns)} of {self.last_turn} turns.")
        why = []
        for tp in summary.turning_points:
            cause = f": {tp.causes[0]}" if tp.causes else (
                " (as perceived)" if self.view.kind == "actor" else "")
            crossed = f", crossing {', '.join(tp.thresholds)}" if tp.thresholds else ""
            why.append(f"Turn {tp.turn}: {tp.rivalry_name} {tp.direction} from rung "
                       f"{tp.from_rung} to {tp.to_rung}{crossed}{cause}")
        for ramp in summary.off_ramps:
            if ramp.status == "unreciprocated":
                why.append(f"Turn {ramp.turn}: a de-escalation offer by {self.name(ramp.actor)} "
                           f"on {self.scenario.rivalry(ramp.rivalry).name} went unanswered.")
        sustain = [n.text.split(":", 1)[1].strip() for n in notes
                   if n.text.lower().startswith(SUSTAIN_PREFIXES)]
        improve = [n.text.split(":", 1)[1].strip() for n in notes
                   if n.text.lower().startswith(IMPROVE_PREFIXES)]
        return HotWash(supposed=tuple(supposed), happened=tuple(happened), why=tuple(why),
                       sustain=tuple(sustain), improve=tuple(improve), notes=tuple(notes))

    def appendix(self) -> Appendix:
        h = self.session.header
        facilitator = self.view.is_facilitator
        warnings = list(self.session.warnings) if facilitator else []
        if facilitator:
            warnings += [f"turn {t}: recorded hash {a} but replay gives {b}"
                         for t, a, b in self.session.hash_mismatches]
        replay = (f"To replay exactly, run: wargame replay --verify {self.save_name} (the save "
                  "embeds the scenario, the seed and every command; each turn's state hash below "
                  "must match)."
                  if facilitator else
                  "Exact replay needs the facilitator's save file; this edition omits the seed, "
                  "the command journal and the state hashes.")
        return Appendix(
            save_name=self.save_name, engine=h.engine, report_engine=__version__,
            scenario_id=self.scenario.metadata.id, scenario_sha256=h.scenario_sha256,
            created=h.created, seed=h.seed if facilitator else None,
            command_count=len(self.session.commands) if facilitator else None,
            parent=dict(h.parent) if facilitator and h.parent else None,
            turn_hashes=tuple(TurnHash(turn=t.turn, state_hash=t.state_hash)
                              for t in self.records) if facilitator else (),
            replay_warnings=tuple(warnings), replay=replay)

    def build(self) -> Report:
        notes = self.notes()
        marks = self.bookmarks()
        trajectories = self.trajectories()
        summary = self.summary(trajectories)
        indicators = self.indicators()
        objectives = self.objectives()
        meta = self.scenario.metadata
        view = self.view_info()
        return Report(
            format=FORMAT, format_version=FORMAT_VERSION, view=view,
            title=f"After-action report: {self.session.header.title or meta.title}",
            purpose=self.purpose(), seats=self.seats(), rivalries=self.rivalries(),
            summary=summary, turns=self.turns(notes, marks), trajectories=trajectories,
            misperception=self.misperception(), spillover=self.spillover(),
            indicators=indicators, escalation_scores=self.escalation_scores(),
            objectives=objectives, levers=self.levers(indicators),
            annotations=Annotations(notes=notes, bookmarks=marks),
            hot_wash=self.hot_wash(summary, objectives, notes), appendix=self.appendix(),
            log=tuple(self.line(e) for e in self.entries))


def _mean(values: Iterable[Any]) -> float:
    items = [float(v) for v in values]
    return sum(items) / len(items) if items else 0.0


def _opt(value: Any) -> float | None:
    return None if value is None else _r(float(value))


def build_report(session: Session, view: View, *, save_name: str | None = None) -> Report:
    """The after-action report of ``session`` as ``view`` may see it.

    ``save_name`` is the file name shown in the appendix (default: the session's
    save path, or ``"unsaved"``).
    """
    if view.kind == "actor" and (view.actor is None or not session.scenario.has("actor",
                                                                                view.actor)):
        from wargame.report.errors import ReportViewError

        known = ", ".join(a.id for a in session.scenario.actors)
        raise ReportViewError(f"unknown view '{view.actor}': use facilitator, public or one of "
                              f"{known}")
    if save_name is None:
        save_name = session.path.name if session.path is not None else "unsaved"
    return _Builder(session, view, save_name).build()
