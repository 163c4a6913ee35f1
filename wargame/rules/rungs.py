"""The rung numbers that carry fixed meaning in the rules, read from a rivalry's ladder.

A ladder's rungs are scenario data, but five rules attach to particular places on
it. They are found from the ladder's named thresholds, with the ten-rung ladder of
escalation-modeling.md 8.1 as the fallback when a threshold is missing:

* ``overt_force``: the first rung above the ``overt_force`` threshold (5): the state
  openly uses force. Only an actor's move may cross it (never an accident, spillover
  or drift).
* ``major_war``: the rung after it (6): moves to it face the war gate.
* ``nuclear_signalling``: the first rung above ``nuclear_threshold`` (7).
* ``nuclear_use``: the first rung above ``no_nuclear_use`` (8): ends the game.
* ``central_war``: the first rung above ``central_war`` (9): terminal for the dyad.

docs/rules.md (section "Rungs with fixed meaning") lists the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.scenario import models as m

_DEFAULT_BELOW = {"overt_force": 4, "nuclear_threshold": 6, "no_nuclear_use": 7,
                  "central_war": 8}


@dataclass(frozen=True, slots=True)
class FixedRungs:
    overt_force: int
    major_war: int
    nuclear_signalling: int
    nuclear_use: int
    central_war: int


def fixed_rungs(scenario: m.Scenario, rivalry: m.Rivalry) -> FixedRungs:
    """The rungs with fixed meaning on ``rivalry``'s ladder (cached per ladder)."""
    memo: dict[str, FixedRungs] = scenario.derived("fixed_rungs", dict)
    found = memo.get(rivalry.ladder)
    if found is None:
        found = memo[rivalry.ladder] = _build(scenario.ladder(rivalry.ladder))
    return found


def _build(ladder: m.Ladder) -> FixedRungs:
    below = dict(_DEFAULT_BELOW)
    below.update({t.id: t.below for t in ladder.thresholds if t.id in below})
    overt = below["overt_force"] + 1
    return FixedRungs(overt_force=overt, major_war=overt + 1,
                      nuclear_signalling=below["nuclear_threshold"] + 1,
                      nuclear_use=below["no_nuclear_use"] + 1,
                      central_war=below["central_war"] + 1)
