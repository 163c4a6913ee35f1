"""Spillover between linked rivalries over a networkx linkage graph (EM 8.4).

Rivalries are nodes; they are linked when they share an actor, when an actor of
one is patron, proxy or sanctuary host of an actor of the other, when sides are
aligned, and by the scenario's explicit linkages (which set the weight). When a
rivalry rises by d rungs (x2 for a jump) every rivalry within two hops gains
pressure w*d (w1*w2*d at two hops). At the end of the turn a rivalry with
pressure P climbs one rung with probability 1 - exp(-P); pressure then decays.
Spillover never pushes a rivalry across the overt-force threshold or above:
crossing into open state violence stays a decision (design judgement).
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx costs ~100 ms to import: load it when a graph is first built
    import networkx as nx

from wargame.log import Kind
from wargame.rules.context import TurnContext
from wargame.rules.legality import max_rung
from wargame.scenario import models as m


def _links(scenario: m.Scenario, a: set[str], b: set[str]) -> list[str]:
    reasons = []
    if a & b:
        reasons.append("shared actor " + ", ".join(sorted(a & b)))
    for rel in scenario.relationships:
        if rel.kind == "patron_proxy":
            pair = (rel.patron, rel.proxy)
        elif rel.kind == "sanctuary":
            pair = (rel.host, rel.group)
        elif rel.strength >= 0.3:
            pair = (rel.a, rel.b)
        else:
            continue
        if (pair[0] in a and pair[1] in b) or (pair[0] in b and pair[1] in a):
            reasons.append(f"{rel.kind} {pair[0]}-{pair[1]}")
    return reasons


def linkage_graph(scenario: m.Scenario) -> nx.Graph[str]:
    """The rivalry linkage graph (built once per scenario; treat it as read-only)."""
    return scenario.derived("linkage_graph", lambda: _build_graph(scenario))


def _build_graph(scenario: m.Scenario) -> nx.Graph[str]:
    import networkx

    graph: nx.Graph[str] = networkx.Graph()
    for r in scenario.rivalries:
        graph.add_node(r.id, background=r.background)
    for r, s in combinations(scenario.rivalries, 2):
        reasons = _links(scenario, set(r.sides), set(s.sides))
        if reasons:
            graph.add_edge(r.id, s.id, weight=scenario.rules.default_coupling,
                           reason="; ".join(reasons))
    for link in scenario.linkages:
        graph.add_edge(link.a, link.b, weight=link.weight, reason=link.reason or "linkage")
    return graph


def spread(graph: nx.Graph[str], origin: str, amount: float, hops: int) -> dict[str, float]:
    """Pressure reaching each rivalry from ``amount`` at ``origin`` (best path, <= hops)."""
    reached: dict[str, float] = {}
    frontier = {origin: amount}
    for _ in range(hops):
        nxt: dict[str, float] = {}
        for node, value in frontier.items():
            for neighbour, attrs in graph[node].items():
                if neighbour == origin:
                    continue
                gained = value * float(attrs["weight"])
                if gained > max(reached.get(neighbour, 0.0), nxt.get(neighbour, 0.0)):
                    nxt[neighbour] = gained
        reached.update({k: max(v, reached.get(k, 0.0)) for k, v in nxt.items()})
        frontier = nxt
    return reached


def spill_probability(pressure: float) -> float:
    """Chance that pressure P lifts a rivalry one rung this turn: 1 - exp(-P)."""
    return 1.0 - math.exp(-pressure)


def at_or_above_overt_force(scenario: m.Scenario, rivalry: m.Rivalry, rung: int) -> bool:
    """True if climbing from ``rung`` would cross overt force or a higher threshold."""
    ladder = scenario.ladder(rivalry.ladder)
    overt = next((t.below for t in ladder.thresholds if t.id == "overt_force"), 3)
    return rung >= overt


def spillover_phase(ctx: TurnContext) -> None:
    ctx.phase = "spillover"
    scenario, draft = ctx.scenario, ctx.draft
    rules = scenario.rules
    graph = linkage_graph(scenario)
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        if riv.rose_by <= 0:
            continue
        amount = riv.rose_by * (2 if riv.jumped else 1)
        reached = spread(graph, rivalry.id, amount, rules.spillover_hops)
        for other, gained in sorted(reached.items()):
            draft.rivalries[other].pressure += gained
            if gained < 0.01:
                continue
            ctx.private(Kind.SPILLOVER, f"Pressure {gained:+.2f} on {scenario.rivalry(other).name} "
                        f"from {rivalry.name}", rivalry=other, origin=rivalry.id,
                        pressure=round(gained, 4))
    for rivalry in scenario.rivalries:
        if draft.rivalries[rivalry.id].rung >= 5:
            for side in rivalry.sides:
                for front in scenario.rivalries_of(side):
                    if front.id != rivalry.id:
                        draft.rivalries[front.id].pressure += rules.opportunism_pressure
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        if riv.pressure <= 0 or riv.terminal:
            continue
        p = spill_probability(riv.pressure)
        climbs = ctx.dice.chance(p, "spillover", rivalry.id)
        if climbs and riv.rung < max_rung(scenario, rivalry) and not at_or_above_overt_force(
                scenario, rivalry, riv.rung) and not riv.rung_set_this_turn:
            public_old = riv.public_rung
            old = riv.set_rung(riv.rung + 1, public=True, spreads=False)
            ctx.log(Kind.SPILLOVER, f"Tensions spill over: {rivalry.name} rises from rung {old} "
                    f"to {riv.rung} ({scenario.rung_name(rivalry.id, riv.rung)})",
                    rivalry=rivalry.id, old=old, new=riv.rung, probability=round(p, 4),
                    public_old=public_old,
                    public_text=f"Tensions spill over: {rivalry.name} rises to rung {riv.rung} "
                    f"({scenario.rung_name(rivalry.id, riv.rung)})")
        riv.pressure *= rules.spillover_decay
        if riv.pressure < 0.01:
            riv.pressure = 0.0
