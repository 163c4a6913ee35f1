"""Policy experiments: arms of lever pulls over the same seeds, compared pair by pair.

An experiment plays every *arm* (the baseline, and lever treatments) over the
same seeds. Games are paired by seed: the keyed dice give each pair common
random numbers, so the per-seed difference isolates the lever. Every
comparison of an arm with the baseline gets a p-value (a normal test of the mean
paired difference for numbers, McNemar's test for yes/no outcomes), and the
p-values of the whole experiment are adjusted together with Holm's method.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from wargame.analysis.batch import (
    NUCLEAR_USE,
    OVERT_FORCE,
    FailedGame,
    GameSummary,
    play_games,
    summarise,
    treatment_report,
)
from wargame.analysis.mechanisms import direct_effect_count, lever_verdicts, without_direct_effects
from wargame.analysis.stats import holm, mcnemar, mean_ci, paired_share_ci
from wargame.runner import LeverPull, Policy, doctrine_without_levers
from wargame.scenario.models import Scenario


@dataclass(frozen=True, slots=True)
class Arm:
    """One treatment of an experiment (no pulls: the baseline)."""

    name: str
    pulls: tuple[LeverPull, ...]

    @property
    def levers(self) -> list[str]:
        """The ids of the levers it pulls."""
        return [p.lever for p in self.pulls]


def arms_for(pulls: Sequence[LeverPull], *, compare: bool) -> list[Arm]:
    """Baseline plus all the levers together; with ``compare`` also each lever alone."""
    arms = [Arm("baseline", ())]
    if compare and len(pulls) > 1:
        arms += [Arm(p.label(), (p,)) for p in pulls]
    if pulls:
        arms.append(Arm(" + ".join(p.label() for p in pulls) if len(pulls) > 1
                        else pulls[0].label(), tuple(pulls)))
    return arms


Number = Callable[[GameSummary], float]
Event = Callable[[GameSummary], bool]


def _final(rid: str) -> Number:
    return lambda g: float(g.final_rungs[rid])


def _peak(rid: str) -> Number:
    return lambda g: float(g.peak_rungs[rid])


def _overt(rid: str) -> Event:
    return lambda g: g.peak_rungs[rid] >= OVERT_FORCE


def _nuclear(g: GameSummary) -> bool:
    return any(p >= NUCLEAR_USE for p in g.peak_rungs.values())


def _indicator(iid: str) -> Number:
    return lambda g: g.indicators[iid]


def _points(actor: str) -> Number:
    return lambda g: g.objective_points[actor]


def _met(objective: str) -> Event:
    return lambda g: objective in g.objectives_met


def _fired(event: str) -> Event:
    return lambda g: event in g.fired_events


def _measures(scenario: Scenario) -> tuple[list[tuple[str, Number]], list[tuple[str, Event]]]:
    """The numbers and the yes/no outcomes every arm is compared on."""
    numbers: list[tuple[str, Number]] = []
    events: list[tuple[str, Event]] = []
    for riv in scenario.rivalries:
        numbers += [(f"final rung {riv.id}", _final(riv.id)),
                    (f"peak rung {riv.id}", _peak(riv.id))]
        events.append((f"peak >= {OVERT_FORCE} {riv.id}", _overt(riv.id)))
    events.append(("nuclear use", _nuclear))
    numbers += [(f"indicator {i.id}", _indicator(i.id)) for i in scenario.indicators]
    numbers += [(f"objective points {a.id}", _points(a.id)) for a in scenario.actors]
    events += [(f"objective met {o.id}", _met(o.id)) for o in scenario.objectives]
    events += [(f"event fired {e.id}", _fired(e.id)) for e in scenario.events]
    return numbers, events


def _z_p(values: Sequence[float]) -> float:
    """Two-sided normal p-value of a zero mean (1 when every value is equal)."""
    ci = mean_ci(values)
    n = len(values)
    if ci["sd"] == 0 or n < 2:
        return 1.0 if ci["mean"] == 0 else 0.0
    z = ci["mean"] / (ci["sd"] / math.sqrt(n))
    return math.erfc(abs(z) / math.sqrt(2))


def compare(scenario: Scenario, arm: str, treated: Sequence[GameSummary | FailedGame],
            baseline: Sequence[GameSummary | FailedGame]) -> list[dict[str, Any]]:
    """Every measure of ``arm`` against the baseline over the seeds both finished."""
    base = {g.seed: g for g in baseline if isinstance(g, GameSummary)}
    pairs = [(t, base[t.seed]) for t in treated
             if isinstance(t, GameSummary) and t.seed in base]
    if not pairs:
        return []
    numbers, events = _measures(scenario)
    rows: list[dict[str, Any]] = []
    for name, value in numbers:
        diffs = [value(t) - value(b) for t, b in pairs]
        rows.append({"arm": arm, "measure": name, "kind": "difference", "pairs": len(pairs),
                     "baseline_mean": round(sum(value(b) for _, b in pairs) / len(pairs), 4),
                     "difference": mean_ci(diffs), "test": "paired z",
                     "p": round(_z_p(diffs), 6)})
    for name, happens in events:
        t_yes = [happens(t) for t, _ in pairs]
        b_yes = [happens(b) for _, b in pairs]
        test = mcnemar(t_yes, b_yes)
        share = paired_share_ci(int(test["only_treated"]), int(test["only_baseline"]),
                                len(pairs))
        rows.append({"arm": arm, "measure": name, "kind": "share", "pairs": len(pairs),
                     "baseline_share": round(sum(b_yes) / len(pairs), 4),
                     "treated_share": round(sum(t_yes) / len(pairs), 4),
                     "difference": share, "test": f"McNemar {test['method']}",
                     "only_treated": test["only_treated"],
                     "only_baseline": test["only_baseline"], "p": round(float(test["p"]), 6)})
    return rows


def _shifted(progress: Callable[[int, int], None] | None, offset: int,
             total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress(offset + done, total)


def _mechanisms_only(arm_name: str) -> str:
    return f"{arm_name} (mechanisms only)"


def run_experiment(scenario: Scenario, arms: Sequence[Arm], *, runs: int, first_seed: int = 0,
                   turns: int | None = None, jobs: int = 1, executor: str = "local",
                   scheduler: str | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   policy: Policy = doctrine_without_levers, split_effects: bool = True
                   ) -> tuple[dict[str, Any], dict[str, list[GameSummary | FailedGame]]]:
    """Play every arm over seeds ``first_seed .. first_seed + runs - 1`` and compare.

    Returns the JSON-ready result and each arm's games (in seed order).
    ``progress(done, total)`` counts games over all arms. ``policy`` plays the seats in
    every arm (doctrine, leaving levers to the treatments, unless told otherwise).
    ``split_effects``: also play each lever arm without its levers' direct indicator
    effects and judge every aim by the emergent effect (``lever_verdicts``).
    """
    seeds = range(first_seed, first_seed + runs)
    # Each lever arm is judged on what play does (wargame.analysis.mechanisms): an arm
    # whose levers move indicators directly is played again without those effects; an
    # arm whose levers have none is its own mechanisms-only arm (built-in part zero).
    judged = [arm for arm in arms if arm.pulls and split_effects]
    split = [arm for arm in judged if direct_effect_count(scenario, arm.levers)]
    plays = [(arm.name, arm, scenario) for arm in arms] + [
        (_mechanisms_only(arm.name), arm, without_direct_effects(scenario, arm.levers))
        for arm in split]
    total = runs * len(plays)
    played: dict[str, list[GameSummary | FailedGame]] = {}
    for number, (name, arm, world) in enumerate(plays):
        played[name] = play_games(
            world, seeds, turns=turns, levers=arm.pulls, jobs=jobs, executor=executor,
            scheduler=scheduler, progress=_shifted(progress, number * runs, total),
            policy=policy)
    out_arms = []
    for arm in arms:
        finished = [g for g in played[arm.name] if isinstance(g, GameSummary)]
        out_arms.append({
            "name": arm.name, "levers": [p.label() for p in arm.pulls],
            "summary": summarise(scenario, finished) if finished else None,
            **treatment_report(played[arm.name])})
    rows = [row for arm in arms[1:]
            for row in compare(scenario, arm.name, played[arm.name], played[arms[0].name])]
    for row, adjusted in zip(rows, holm([r["p"] for r in rows]), strict=True):
        row["p_holm"] = round(adjusted, 6)
    verdicts = [{"arm": arm.name, **row} for arm in judged for row in lever_verdicts(
        scenario, arm.levers, played[arm.name],
        played.get(_mechanisms_only(arm.name), played[arm.name]), played[arms[0].name])]
    return {"scenario": scenario.metadata.id, "runs": runs,
            "seeds": [first_seed, first_seed + runs - 1],
            "turns": turns or scenario.metadata.default_turns,
            "arms": out_arms, "comparisons": rows, "lever_verdicts": verdicts}, played
