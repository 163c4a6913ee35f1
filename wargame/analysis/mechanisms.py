"""Built-in and emergent effects of policy levers: is a lever judged by what it does?

A lever in a scenario may change the indicators it is judged by *directly* (an
``add_indicator`` effect on its move or in its ``per_turn`` effects: release the
funds and the humanitarian indicator rises by a set amount) and *through
mechanisms* (crisis channels, brokering, grievance, the choices the other actors
make in answer). A verdict on the direct part is circular: the scenario author
wrote it in. So every lever arm of an experiment is played a second time on the
same seeds with the levers' direct indicator effects removed — the *mechanisms
only* arm — and each aim of each lever gets three paired differences against the
baseline:

* ``total``: the lever as written;
* ``emergent``: the mechanisms-only arm, what the lever does through play;
* ``built_in``: total − emergent, seed by seed (the hand-set part, plus whatever
  play the direct effects themselves set off).

The verdict is taken on the emergent effect alone (docs/rules.md, section 13).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from wargame.analysis.batch import FailedGame, GameSummary
from wargame.analysis.stats import mean_ci
from wargame.scenario import models as m


def _direct(effect: m.Effect) -> bool:
    return isinstance(effect, m.AddIndicatorEffect)


def direct_effect_count(scenario: m.Scenario, lever_ids: Iterable[str]) -> int:
    """How many ``add_indicator`` effects the levers (and the moves that pull them) have."""
    ids = set(lever_ids)
    count = sum(1 for lv in scenario.levers if lv.id in ids for e in lv.per_turn if _direct(e))
    return count + sum(1 for mv in scenario.moves if mv.lever in ids
                       for e in mv.effects if _direct(e))


def without_direct_effects(scenario: m.Scenario, lever_ids: Iterable[str]) -> m.Scenario:
    """The scenario with the levers' (and their moves') ``add_indicator`` effects removed;
    everything else — channels, brokering, costs, other effects — kept."""
    ids = set(lever_ids)
    levers = [lv.model_copy(update={"per_turn": tuple(e for e in lv.per_turn if not _direct(e))})
              if lv.id in ids else lv for lv in scenario.levers]
    moves = [mv.model_copy(update={"effects": tuple(e for e in mv.effects if not _direct(e))})
             if mv.lever in ids else mv for mv in scenario.moves]
    return scenario.model_copy(update={"levers": levers, "moves": moves})


def _by_seed(games: Sequence[GameSummary | FailedGame]) -> dict[int, GameSummary]:
    return {g.seed: g for g in games if isinstance(g, GameSummary)}


def _verdict(total: dict[str, float], emergent: dict[str, float], up: bool) -> str:
    def shown(ci: dict[str, float]) -> bool:
        return ci["ci95_low"] > 0 if up else ci["ci95_high"] < 0

    def against(ci: dict[str, float]) -> bool:
        return ci["ci95_high"] < 0 if up else ci["ci95_low"] > 0

    if shown(emergent):
        return "supported by its mechanisms"
    if against(emergent):
        return "its mechanisms work against the aim"
    if shown(total):
        return "built-in only: the mechanisms show no effect"
    return "not supported"


def lever_verdicts(scenario: m.Scenario, lever_ids: Sequence[str],
                   treated: Sequence[GameSummary | FailedGame],
                   mechanisms: Sequence[GameSummary | FailedGame],
                   baseline: Sequence[GameSummary | FailedGame]) -> list[dict[str, Any]]:
    """For each aim of each lever, the total, emergent and built-in paired differences
    (95 % intervals) over the seeds all three arms finished, and the verdict."""
    t, mech, base = _by_seed(treated), _by_seed(mechanisms), _by_seed(baseline)
    seeds = sorted(set(t) & set(mech) & set(base))
    rows: list[dict[str, Any]] = []
    for lever_id in lever_ids:
        lever = scenario.lever(lever_id)
        for aim in lever.aims:
            key = aim.indicator
            total = mean_ci([t[s].indicators[key] - base[s].indicators[key] for s in seeds])
            emergent = mean_ci([mech[s].indicators[key] - base[s].indicators[key]
                                for s in seeds])
            built_in = mean_ci([t[s].indicators[key] - mech[s].indicators[key] for s in seeds])
            rows.append({"lever": lever_id, "indicator": key, "direction": aim.direction,
                         "pairs": len(seeds), "total": total, "emergent": emergent,
                         "built_in": built_in,
                         "verdict": _verdict(total, emergent, aim.direction == "up")})
    return rows
