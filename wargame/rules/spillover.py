"""Spillover between linked rivalries over a networkx linkage graph (EM 8.4).

Rivalries are nodes; they are linked when they share an actor, when an actor of
one is patron, proxy or sanctuary host of an actor of the other, when sides are
aligned, and by the scenario's explicit linkages (which set the weight). When a
rivalry rises by d rungs (x2 for a jump) every rivalry within two hops gains
pressure w*d (w1*w2*d at two hops). Pressure raises both sides' tension
(``spillover_tension`` per unit) and the rivalry's loss-of-control risk, and then
decays; it never moves a rung: only the actors do (Colaresi & Thompson 2002 on
linked rivalries raising the *likelihood* of escalation, not its fact).
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx costs ~100 ms to import: load it when a graph is first built
    import networkx as nx

from wargame.log import Kind
from wargame.payloads import Pressure
from wargame.rules import timescale
from wargame.rules.context import TurnContext
from wargame.rules.rungs import fixed_rungs
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


def at_or_above_overt_force(scenario: m.Scenario, rivalry: m.Rivalry, rung: int) -> bool:
    """True if climbing from ``rung`` would cross overt force or a higher threshold."""
    return rung + 1 >= fixed_rungs(scenario, rivalry).overt_force


def spillover_phase(ctx: TurnContext) -> None:
    """Rises on one rivalry add pressure and tension to linked ones; no rung moves."""
    ctx.phase = "spillover"
    scenario, draft = ctx.scenario, ctx.draft
    rules = scenario.rules
    graph = linkage_graph(scenario)
    gains: dict[str, float] = {}
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        if riv.rose_by <= 0:
            continue
        amount = riv.rose_by * (2 if riv.jumped else 1)
        reached = spread(graph, rivalry.id, amount, rules.spillover_hops)
        for other, gained in sorted(reached.items()):
            gains[other] = gains.get(other, 0.0) + gained
            if gained < 0.01:
                continue
            ctx.private(Kind.SPILLOVER, f"Pressure {gained:+.2f} on {scenario.rivalry(other).name} "
                        f"from {rivalry.name}", rivalry=other,
                        payload=Pressure(origin=rivalry.id, pressure=round(gained, 4)))
    for rivalry in scenario.rivalries:
        if draft.rivalries[rivalry.id].rung >= fixed_rungs(scenario, rivalry).overt_force:
            for side in rivalry.sides:
                for front in scenario.rivalries_of(side):
                    if front.id != rivalry.id:
                        gains[front.id] = gains.get(front.id, 0.0) + rules.opportunism_pressure
    remain = timescale.remaining_share(rules.spillover_decay, timescale.factor(scenario))
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        gained = gains.get(rivalry.id, 0.0)
        if gained > 0:
            riv.pressure += gained
            for side in riv.tension:
                riv.tension[side] += rules.spillover_tension * gained
            if gained >= 0.1:
                ctx.private(Kind.SPILLOVER, f"Tensions spill over onto {rivalry.name}: "
                            f"{', '.join(ctx.name(s) for s in rivalry.sides)} feel the pressure "
                            "(tension rises; no rung changes)", rivalry=rivalry.id,
                            payload=Pressure(origin=None, pressure=round(gained, 4)))
        riv.pressure *= remain
        if riv.pressure < 0.01:
            riv.pressure = 0.0
