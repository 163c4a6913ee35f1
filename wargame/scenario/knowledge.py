"""Who can see what a scenario's conditions read: the static side of "a computer player
decides on what its actor can know".

A red line's ``when`` is judged by the computer player of the red line's actor, so it
may read only what that actor's view shows (:mod:`wargame.views`): rungs (read as the
actor perceives them), public indicators, levers, the turn, the actor's own variables,
and flags the actor sees raised however they are raised. :func:`hidden_reads` lists
what a condition reads beyond that; the scenario reader refuses such red lines with
the reason (docs/scenario-format.md, "Red lines").
"""

from __future__ import annotations

from collections.abc import Iterator

from wargame.scenario import models as m

EVERYONE: frozenset[str] | None = None
"""The audience of a public act."""


def _raised(effects: tuple[m.Effect, ...]) -> Iterator[str]:
    for effect in effects:
        if isinstance(effect, m.SetFlagEffect) and effect.set_flag.value:
            yield effect.set_flag.flag


def flag_witnesses(scenario: m.Scenario) -> dict[str, list[tuple[str, frozenset[str] | None]]]:
    """For every flag some effect raises: each way it is raised (``"move X"``, ``"event
    Y"``, ...) with who sees it happen (:data:`EVERYONE` for a public act).

    A public move, a public event, a lever's standing effects and an agreement's open
    terms are seen by everyone; a move that is not public by its actors and the targets
    it names (a covert move's victim notices it; a move with no named target, only its
    actors); an event by its audience; an agreement's secret terms by its parties.
    """
    found: dict[str, list[tuple[str, frozenset[str] | None]]] = {}

    def note(flags: Iterator[str], where: str, audience: frozenset[str] | None) -> None:
        for flag in flags:
            found.setdefault(flag, []).append((where, audience))

    for move in scenario.moves:
        public = move.visibility == m.Visibility.PUBLIC
        note(_raised(move.effects), f"move {move.id}",
             EVERYONE if public else frozenset(move.actors) | frozenset(move.targets))
    for event in scenario.events:
        note(_raised(event.effects), f"event {event.id}",
             EVERYONE if event.audience == "public" else frozenset(event.audience))
    for lever in scenario.levers:
        note(_raised(lever.per_turn), f"lever {lever.id}", EVERYONE)
    for agreement in scenario.agreements:
        note(_raised(agreement.terms), f"agreement {agreement.id}", EVERYONE)
        parties = frozenset(scenario.rivalry(agreement.rivalry).sides) if any(
            r.id == agreement.rivalry for r in scenario.rivalries) else frozenset()
        note(_raised(agreement.secret_terms), f"agreement {agreement.id} (secret terms)",
             parties)
    return found


def unseen_raisings(witnesses: dict[str, list[tuple[str, frozenset[str] | None]]],
                    flag: str, actor: str) -> list[str]:
    """The ways of raising ``flag`` (:func:`flag_witnesses`) that ``actor`` does not see;
    empty when it sees the flag raised however it is raised."""
    return [where for where, audience in witnesses.get(flag, [])
            if audience is not None and actor not in audience]


def hidden_reads(scenario: m.Scenario, cond: m.Condition, actor: str,
                 witnesses: dict[str, list[tuple[str, frozenset[str] | None]]] | None = None
                 ) -> list[tuple[tuple[str | int, ...], str]]:
    """What ``cond``, judged by ``actor``, reads that ``actor`` cannot see: a list of
    (path inside the condition, reason). Empty when the condition reads only knowable
    things."""
    seen = flag_witnesses(scenario) if witnesses is None else witnesses
    out: list[tuple[tuple[str | int, ...], str]] = []

    def walk(path: tuple[str | int, ...], c: m.Condition) -> None:
        match c:
            case m.VarAtLeast(var_at_least=v) | m.VarAtMost(var_at_most=v):
                op = "var_at_least" if isinstance(c, m.VarAtLeast) else "var_at_most"
                if v.actor not in (m.SELF, actor):
                    owner = "the 'by' actor" if v.actor == m.TARGET else v.actor
                    out.append(((*path, op, "actor"),
                                f"{owner}'s variable '{v.var}' is hidden from '{actor}' (a "
                                "team sees only its own variables); read what shows it, such "
                                "as a rung or a public indicator"))
            case m.TensionAtLeast():
                out.append(((*path, "tension_at_least"),
                            "tension is rule mechanics, hidden from every team; read a rung "
                            "or a public indicator"))
            case m.FlagSet(flag=flag):
                unseen = unseen_raisings(seen, flag, actor)
                if unseen:
                    out.append(((*path, "flag"),
                                f"'{actor}' does not see flag '{flag}' raised by "
                                f"{', '.join(unseen)}; raise a flag it sees (for example "
                                "by an event whose audience includes it) and read that"))
            case m.AllOf(all=items) | m.AnyOf(any=items):
                op = "all" if isinstance(c, m.AllOf) else "any"
                for k, item in enumerate(items):
                    walk((*path, op, k), item)
            case m.NotCond(not_=inner):
                walk((*path, "not"), inner)
            case _:
                pass

    walk((), cond)
    return out
