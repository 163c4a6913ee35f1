"""A generated scenario of any size, for measuring how the engine scales with actors.

``scaled_scenario(n)`` builds a valid scenario of ``n`` actors (``n >= 4``) with the shape
of the default theatre: states in a ring of rivalries with a few cross-links, an armed
group backed by every fifth state, alignments, thresholds, generic moves aimed at any
rival, covert proxy attacks, objectives, events and a lever. The number of rivalries
grows linearly with ``n`` (about 1.1 per actor), so a per-turn cost linear in
actors + rivalries shows as a flat cost per (actor + rivalry).

Run ``.venv/bin/python benchmarks/scaled_scenario.py 100`` to print its summary.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from wargame.scenario.loader import parse_scenario
from wargame.scenario.models import Scenario

_LADDER = {
    "id": "standard",
    "name": "Ten-rung crisis ladder",
    "rungs": [{"rung": i, "name": name} for i, name in enumerate((
        "Managed competition", "Diplomatic pressure", "Coercive non-military measures",
        "Show of force", "Proxy and harassing violence", "Limited overt strikes",
        "Major conventional operations", "Nuclear signalling", "Limited nuclear use",
        "General nuclear war"))],
    "thresholds": [
        {"id": "crisis_onset", "name": "Crisis onset", "below": 1},
        {"id": "overt_force", "name": "Overt force", "below": 4},
        {"id": "nuclear_threshold", "name": "Nuclear threshold", "below": 6},
        {"id": "no_nuclear_use", "name": "No nuclear use", "below": 7},
        {"id": "central_war", "name": "Central war", "below": 8},
    ],
}


def _state_ids(n: int) -> tuple[list[str], list[str]]:
    """States and armed groups: every fifth actor slot after the first four is a group."""
    groups = [f"G{i:03d}" for i in range(max(1, n // 5))]
    states = [f"S{i:03d}" for i in range(n - len(groups))]
    return states, groups


def scenario_document(n: int) -> dict[str, Any]:
    """The scenario of ``n`` actors as a plain document (what a YAML file would hold)."""
    if n < 4:
        raise ValueError("a scaled scenario needs at least 4 actors")
    states, groups = _state_ids(n)
    actors: list[dict[str, Any]] = []
    for i, sid in enumerate(states):
        actors.append({
            "id": sid, "name": f"State {i}", "kind": "state", "nuclear": i % 7 == 0,
            "intel_quality": 0.1 + 0.05 * (i % 3),
            "variables": {"capability": 3 + i % 6, "resources": 3 + i % 4},
            "doctrine": {"risk_appetite": 0.3 + 0.1 * (i % 5), "resolve": 0.5,
                         "reactivity": 0.1, "restraint": 0.3,
                         "red_lines": [{"text": "strikes at home",
                                        "when": {"rung_at_least": {
                                            "rivalry": f"R{i:03d}", "rung": 5}},
                                        "by": states[(i + 1) % len(states)]}]},
        })
    patrons = {gid: states[(5 * k) % len(states)] for k, gid in enumerate(groups)}
    for k, gid in enumerate(groups):
        actors.append({"id": gid, "name": f"Group {k}", "kind": "armed_group",
                       "variables": {"capability": 3, "resources": 2},
                       "doctrine": {"risk_appetite": 0.8, "resolve": 0.8}})
    rivalries: list[dict[str, Any]] = []
    pairs: set[frozenset[str]] = set()

    def rivalry(a: str, b: str, start: int, cap: int = 9) -> None:
        if a == b or frozenset((a, b)) in pairs:
            return
        pairs.add(frozenset((a, b)))
        rivalries.append({"id": f"R{len(rivalries):03d}", "name": f"{a} and {b}",
                          "sides": [a, b], "ladder": "standard", "cap": cap,
                          "start_rung": start, "start_tension": 8 + 4 * start,
                          "drift": {"grievance": 0.5, "band": 10}})

    for i, sid in enumerate(states):  # the ring: R000 is S000-S001, R001 is S001-S002, ...
        rivalry(sid, states[(i + 1) % len(states)], start=1 + i % 3)
    for i in range(0, len(states), 3):  # cross-links
        rivalry(states[i], states[(i + len(states) // 2) % len(states)], start=1)
    relationships: list[dict[str, Any]] = []
    for gid, patron in patrons.items():
        relationships.append({"kind": "patron_proxy", "patron": patron, "proxy": gid,
                              "control": 0.4, "deniability": 0.6})
        relationships.append({"kind": "sanctuary", "host": patron, "group": gid,
                              "deniability": 0.5})
    for i in range(0, len(states) - 2, 4):
        relationships.append({"kind": "alignment", "a": states[i], "b": states[i + 2],
                              "strength": 0.5})
    everyone = [a["id"] for a in actors]
    moves = [
        {"id": "hold", "name": "Hold position", "actors": everyone, "rung": 0,
         "category": "status_quo", "odds": "almost_certain"},
        {"id": "talks", "name": "Propose talks", "actors": states, "rung": 0,
         "category": "de_escalation", "odds": "likely", "likelihood_ratio": 0.5,
         "effects": [{"add_tension": {"rivalry": "this", "value": -3}}]},
        {"id": "demarche", "name": "Demarche", "actors": states, "rung": 1,
         "category": "non_violent", "odds": "almost_certain", "likelihood_ratio": 1.5,
         "effects": [{"add": {"actor": "target", "var": "prestige", "value": -0.5}}]},
        {"id": "sanctions", "name": "Sanctions", "actors": states, "rung": 2,
         "category": "non_violent", "odds": "likely", "cost": {"resources": 0.5},
         "likelihood_ratio": 2,
         "effects": [{"add": {"actor": "target", "var": "resources", "value": -1}}]},
        {"id": "mobilise", "name": "Mobilise", "actors": states, "rung": 3,
         "category": "posturing", "odds": "likely", "cost": {"resources": 0.5},
         "likelihood_ratio": 2},
        {"id": "skirmish", "name": "Border skirmish", "actors": states, "rung": 4,
         "category": "violent", "odds": "even", "likelihood_ratio": 3,
         "modifiers": [{"when": {"var_at_least": {"actor": "self", "var": "capability",
                                                  "value": 5}},
                        "pros": 1, "reason": "strong army"}]},
        {"id": "strike", "name": "Punitive strike", "actors": states, "rung": 5,
         "category": "violent", "odds": "even", "cost": {"resources": 1},
         "likelihood_ratio": 4,
         "requires": {"rung_at_least": {"rivalry": "this", "rung": 3}}},
        {"id": "war", "name": "Major operations", "actors": states, "rung": 6,
         "category": "violent", "odds": "unlikely", "cost": {"resources": 2},
         "likelihood_ratio": 5,
         "requires": {"rung_at_least": {"rivalry": "this", "rung": 5}}},
        {"id": "nuclear_alert", "name": "Nuclear alert", "actors": states, "rung": 7,
         "category": "non_violent", "odds": "likely", "likelihood_ratio": 5,
         "requires": {"rung_at_least": {"rivalry": "this", "rung": 6}},
         "effects": [{"add_indicator": {"indicator": "nuclear_risk", "value": 2}}]},
        {"id": "raid", "name": "Cross-border raid", "actors": groups, "rung": 4,
         "category": "violent", "visibility": "covert", "attribution_difficulty": 0.4,
         "odds": "even", "likelihood_ratio": 3,
         "effects": [{"add": {"actor": "target", "var": "stability", "value": -1}}]},
        {"id": "channel", "name": "Open a hotline", "actors": states, "rung": 0,
         "category": "de_escalation", "odds": "likely", "lever": "hotlines",
         "targets": [states[1]] if states[0] != states[1] else []},
    ]
    moves[-1]["actors"] = [states[0]]
    return {
        "schema_version": 1,
        "metadata": {"id": f"scaled-{n}", "title": f"Generated theatre of {n} actors",
                     "start_date": "2022-08-15", "default_turns": 12, "orders_per_turn": 2},
        "variables": [
            {"id": "capability", "name": "Capability"},
            {"id": "resources", "name": "Resources"},
            {"id": "stability", "name": "Stability"},
            {"id": "prestige", "name": "Prestige"},
        ],
        "indicators": [{"id": "nuclear_risk", "name": "Nuclear risk", "initial": 1,
                        "better": "lower"}],
        "actors": actors,
        "relationships": relationships,
        "ladders": [_LADDER],
        "rivalries": rivalries,
        "moves": moves,
        "levers": [{"id": "hotlines", "name": "Hotlines", "actor": states[0],
                    "crisis_channels": [rivalries[0]["id"]]}],
        "events": [
            {"id": "crisis", "title": "A border incident", "text": "Shots across the line.",
             "trigger": {"turn": 2},
             "effects": [{"add_tension": {"rivalry": rivalries[0]["id"], "value": 6}}]},
            {"id": "floods", "title": "Floods", "text": "Floods strain the treasury.",
             "trigger": {"chance": 0.15, "from_turn": 2},
             "effects": [{"add": {"actor": states[1], "var": "resources", "value": -1}}]},
        ],
        "objectives": [
            {"id": f"calm_{a['id']}", "actor": a["id"],
             "description": "Keep the first rivalry below open strikes",
             "condition": {"rung_at_most": {"rivalry": rivalries[i % len(rivalries)]["id"],
                                            "rung": 4}}, "points": 2, "scoring": "end"}
            for i, a in enumerate(actors)
        ],
    }


def scaled_scenario(n: int) -> Scenario:
    """The generated scenario of ``n`` actors, checked like a scenario file (references too)."""
    return parse_scenario(json.dumps(scenario_document(n)), filename=f"scaled-{n}.yaml")


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    sc = scaled_scenario(size)
    print(f"{sc.metadata.id}: {len(sc.actors)} actors, {len(sc.rivalries)} rivalries, "
          f"{len(sc.moves)} moves, {len(sc.relationships)} relationships")
