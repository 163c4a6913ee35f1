"""Reading scenario YAML text: positions -> pydantic models -> cross-reference pass.

Every problem in a text is collected and raised at once in a
:class:`~wargame.errors.ScenarioError`, each as ``file:line:col: field.path: message``.
:func:`wargame.scenario.loader.load_scenario` is the usual way in; this module is
imported only when a file has to be read (not when a validated copy is cached).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic

from wargame.errors import Problem, ScenarioError
from wargame.scenario import models as m
from wargame.scenario.files import SCENARIO_MAX_BYTES, FileRefused
from wargame.scenario.knowledge import flag_witnesses, hidden_reads
from wargame.scenario.problems import fields_from_model, locate, problems_from_validation_error
from wargame.scenario.regions import load_regions
from wargame.scenario.yamlpos import LoadedYaml, format_path, load_yaml

MAX_BYTES = SCENARIO_MAX_BYTES


def parse_scenario(text: str | bytes, *, filename: str, base_dir: Path | None = None
                   ) -> m.Scenario:
    loaded = load_yaml(text, filename=filename, max_bytes=MAX_BYTES)
    data = loaded.data
    problems: list[Problem] = []
    if isinstance(data, dict):
        data = _inline_regions(data, loaded, filename, base_dir, problems)
    try:
        scenario = m.Scenario.model_validate(data)
    except pydantic.ValidationError as err:
        raise ScenarioError(problems + problems_from_validation_error(
            err, loaded, filename, known_fields=fields_from_model(m.Scenario))) from None
    problems += cross_check(scenario, loaded, filename)
    if problems:
        raise ScenarioError(problems)
    return scenario



def _inline_regions(data: dict[str, Any], loaded: LoadedYaml, filename: str,
                    base_dir: Path | None, problems: list[Problem]) -> dict[str, Any]:
    """``data`` with the outlines of ``map.regions_file`` copied into its map layer.

    A file that may not or cannot be read is a problem of the scenario (at its
    ``regions_file``); a problem inside the regions file is reported in that file.
    """
    layer = data.get("map")
    if not isinstance(layer, dict) or not isinstance(layer.get("regions_file"), str):
        return data
    rel = layer["regions_file"]
    display = str(Path(filename).parent / rel)
    try:
        doc = load_regions(base_dir or Path("."), rel, display)
    except FileRefused as exc:
        line, col = locate(loaded, ("map", "regions_file"))
        message = str(exc)
        if not message.startswith("must be"):
            message = f"cannot read regions from '{rel}': {message}"
        problems.append(Problem(filename, line, col, "map.regions_file", message))
        return data
    except ScenarioError as exc:
        problems.extend(exc.problems)
        return data
    new_layer = dict(layer)
    new_layer["regions_file"] = None
    new_layer["regions_source"] = rel
    inline = layer.get("regions", [])
    new_layer["regions"] = [r.model_dump() for r in doc.regions] + (
        list(inline) if isinstance(inline, list) else [])
    if "frame" not in layer and doc.frame is not None:
        new_layer["frame"] = list(doc.frame.as_tuple())
    if "note" not in layer and doc.note:
        new_layer["note"] = doc.note
    if "source" not in layer and doc.source:
        new_layer["source"] = doc.source
    return {**data, "map": new_layer}


# --------------------------------------------------------------------------- cross-references


class _Checker:
    # Placeholders allowed where a condition or effect is evaluated: (actors, rivalries).
    Scope = tuple[tuple[str, ...], tuple[str, ...]]
    IN_MOVE: Scope = ((m.SELF, m.TARGET), ("this",))  # the move's actor, target and rivalry
    FOR_ACTOR: Scope = ((m.SELF,), ())  # a lever's or an objective's own actor
    RED_LINE: Scope = ((m.SELF, m.TARGET), ())  # the doctrine's actor and the line's 'by'
    GLOBAL: Scope = ((), ())  # events, and every plain reference
    IN_MOVE_TEXT = "a move (requires, modifiers, effects)"
    PLACEHOLDERS: types.MappingProxyType[tuple[str, str], str] = types.MappingProxyType({
        ("actor", m.SELF): f"the acting actor only in {IN_MOVE_TEXT}, a lever's per_turn, "
                           "an objective's condition or a red line's when",
        ("actor", m.TARGET): f"the move's target only in {IN_MOVE_TEXT}, and the 'by' actor "
                             "in the when of a red line that has one",
        ("rivalry", "this"): f"the move's rivalry only in {IN_MOVE_TEXT}",
        ("actor", "this"): "a rivalry, not an actor; use 'self' or 'target'",
    })

    def __init__(self, scenario: m.Scenario, loaded: LoadedYaml, filename: str) -> None:
        self.s = scenario
        self.loaded = loaded
        self.filename = filename
        self.problems: list[Problem] = []
        self.actors = {a.id for a in scenario.actors}
        self.rivalries = {r.id for r in scenario.rivalries}
        self.variables = {v.id for v in scenario.variables}
        self.indicators = {i.id for i in scenario.indicators}
        self.derived = {ind.id: k for k, ind in enumerate(scenario.indicators)
                        if ind.derived is not None}
        self.levers = {lv.id for lv in scenario.levers}
        self.ladders = {ld.id for ld in scenario.ladders}
        self.events = {e.id for e in scenario.events}
        self.witnesses: dict[str, list[tuple[str, frozenset[str] | None]]] | None = None

    def add(self, path: tuple[str | int, ...], message: str) -> None:
        line, col = locate(self.loaded, path)
        self.problems.append(Problem(self.filename, line, col, format_path(path), message))

    def ref(self, path: tuple[str | int, ...], value: str, known: set[str], what: str,
            extra: tuple[str, ...] = ()) -> None:
        if value in known or value in extra:
            return
        if (what, value) in self.PLACEHOLDERS:
            self.add(path, f"'{value}' cannot be used here; it stands for "
                     f"{self.PLACEHOLDERS[what, value]}")
            return
        import difflib

        hint = ""
        close = difflib.get_close_matches(value, sorted(known), n=1)
        if close:
            hint = f"; did you mean '{close[0]}'?"
        self.add(path, f"unknown {what} '{value}'{hint}")

    def duplicates(self, field: tuple[str | int, ...], items: tuple[Any, ...]) -> None:
        seen: dict[str, int] = {}
        where = format_path(field)
        for i, item in enumerate(items):
            if item.id in seen:
                self.add((*field, i, "id"),
                         f"duplicate id '{item.id}' (also {where}[{seen[item.id]}])")
            else:
                seen[item.id] = i

    def actor_ref(self, path: tuple[str | int, ...], value: str, scope: _Checker.Scope) -> None:
        self.ref(path, value, self.actors, "actor", scope[0])

    def rivalry_ref(self, path: tuple[str | int, ...], value: str, scope: _Checker.Scope) -> None:
        self.ref(path, value, self.rivalries, "rivalry", scope[1])

    def condition(self, path: tuple[str | int, ...], cond: m.Condition | None,
                  scope: _Checker.Scope) -> None:
        if cond is None:
            return
        match cond:
            case m.RungAtLeast(rung_at_least=b) | m.RungAtMost(rung_at_most=b):
                op = "rung_at_least" if isinstance(cond, m.RungAtLeast) else "rung_at_most"
                self.rivalry_ref((*path, op, "rivalry"), b.rivalry, scope)
            case m.VarAtLeast(var_at_least=v) | m.VarAtMost(var_at_most=v):
                op = "var_at_least" if isinstance(cond, m.VarAtLeast) else "var_at_most"
                self.actor_ref((*path, op, "actor"), v.actor, scope)
                self.ref((*path, op, "var"), v.var, self.variables, "variable")
            case m.IndicatorAtLeast(indicator_at_least=i) | m.IndicatorAtMost(
                    indicator_at_most=i):
                op = "indicator_at_least" if isinstance(cond, m.IndicatorAtLeast) \
                    else "indicator_at_most"
                self.ref((*path, op, "indicator"), i.indicator, self.indicators, "indicator")
            case m.TensionAtLeast(tension_at_least=t):
                self.rivalry_ref((*path, "tension_at_least", "rivalry"), t.rivalry, scope)
            case m.LeverActive(lever_active=lv):
                self.ref((*path, "lever_active"), lv, self.levers, "lever")
            case m.AllOf(all=items) | m.AnyOf(any=items):
                op = "all" if isinstance(cond, m.AllOf) else "any"
                for k, c in enumerate(items):
                    self.condition((*path, op, k), c, scope)
            case m.NotCond(not_=inner):
                self.condition((*path, "not"), inner, scope)
            case _:
                pass

    def effect(self, path: tuple[str | int, ...], effect: m.Effect, scope: _Checker.Scope) -> None:
        match effect:
            case m.AddEffect(add=c) | m.SetEffect(set=c):
                op = "add" if isinstance(effect, m.AddEffect) else "set"
                self.actor_ref((*path, op, "actor"), c.actor, scope)
                self.ref((*path, op, "var"), c.var, self.variables, "variable")
            case m.AddIndicatorEffect(add_indicator=c):
                self.ref((*path, "add_indicator", "indicator"), c.indicator, self.indicators,
                         "indicator")
                if c.indicator in self.derived:
                    self.add((*path, "add_indicator", "indicator"),
                             f"indicator '{c.indicator}' is derived from the state "
                             f"(indicators[{self.derived[c.indicator]}].derived): no effect "
                             "can add to it; change what it is derived from (a rung, a "
                             "variable, a flag), or make it a stock indicator")
            case m.MoveRungEffect(move_rung=c):
                self.rivalry_ref((*path, "move_rung", "rivalry"), c.rivalry, scope)
            case m.AddTensionEffect(add_tension=c) | m.AddGrievanceEffect(add_grievance=c) | \
                    m.AddPressureEffect(add_pressure=c):
                op = next(iter(type(effect).model_fields))
                self.rivalry_ref((*path, op, "rivalry"), c.rivalry, scope)
            case m.OpenChannelEffect(open_channel=c) | m.CloseChannelEffect(close_channel=c):
                op = next(iter(type(effect).model_fields))
                self.rivalry_ref((*path, op, "rivalry"), c.rivalry, scope)
            case m.BeliefEffect(update_belief=c):
                self.actor_ref((*path, "update_belief", "observer"), c.observer, scope)
                self.actor_ref((*path, "update_belief", "subject"), c.subject, scope)
            case m.ControlEffect(add_control=c):
                self.actor_ref((*path, "add_control", "patron"), c.patron, scope)
                self.actor_ref((*path, "add_control", "proxy"), c.proxy, scope)
            case _:
                pass

    def run(self) -> list[Problem]:
        s = self.s
        for field in ("variables", "actors", "ladders", "rivalries", "moves", "events",
                      "levers", "objectives", "indicators"):
            self.duplicates((field,), getattr(s, field))
        self.duplicates(("map", "markers"), s.map.markers)
        self.duplicates(("metadata", "sources"), s.metadata.sources)
        for i, actor in enumerate(s.actors):
            for var, value in actor.variables.items():
                if var not in self.variables:
                    self.ref(("actors", i, "variables", var), var, self.variables, "variable")
                    continue
                vdef = s.variable(var)
                if not vdef.min <= value <= vdef.max:
                    self.add(("actors", i, "variables", var),
                             f"{value:g} is outside the range of '{var}' "
                             f"[{vdef.min:g}, {vdef.max:g}]")
            for other in actor.beliefs:
                self.actor_ref(("actors", i, "beliefs", other), other, self.GLOBAL)
            for j, line in enumerate(actor.doctrine.red_lines):
                if isinstance(line, m.RedLine):
                    where = ("actors", i, "doctrine", "red_lines", j)
                    if line.by is not None:
                        self.actor_ref((*where, "by"), line.by, self.GLOBAL)
                    scope = self.RED_LINE if line.by is not None else self.FOR_ACTOR
                    before = len(self.problems)
                    self.condition((*where, "when"), line.when, scope)
                    if len(self.problems) > before:  # a broken reference says enough
                        continue
                    if self.witnesses is None:
                        self.witnesses = flag_witnesses(s)
                    for inner, why in hidden_reads(s, line.when, actor.id, self.witnesses):
                        self.add((*where, "when", *inner),
                                 f"a red line is judged on what its actor can see: {why}")
        for i, rel in enumerate(s.relationships):
            for name in ("a", "b", "patron", "proxy", "host", "group"):
                who = getattr(rel, name, None)
                if who is not None:
                    self.actor_ref(("relationships", i, name), who, self.GLOBAL)
        for i, ladder in enumerate(s.ladders):
            self.duplicates(("ladders", i, "thresholds"), ladder.thresholds)
            top = len(ladder.rungs) - 1
            for j, t in enumerate(ladder.thresholds):
                if t.below >= top:
                    self.add(("ladders", i, "thresholds", j, "below"),
                             f"must be under the top rung {top} (the line lies between "
                             f"rung 'below' and the next one up), got {t.below}")
        for i, r in enumerate(s.rivalries):
            for j, side in enumerate(r.sides):
                self.actor_ref(("rivalries", i, "sides", j), side, self.GLOBAL)
            self.ref(("rivalries", i, "ladder"), r.ladder, self.ladders, "ladder")
            if r.ladder in self.ladders:
                top = len(s.ladder(r.ladder).rungs) - 1
                if r.cap > top:
                    self.add(("rivalries", i, "cap"),
                             f"cap {r.cap} is above the top rung {top} of ladder '{r.ladder}'")
                for rung in r.rung_names:
                    if not 0 <= rung <= top:
                        self.add(("rivalries", i, "rung_names", str(rung)),
                                 f"rung {rung} is not on ladder '{r.ladder}' (0-{top})")
        seen_pairs: dict[frozenset[str], int] = {}
        for i, r in enumerate(s.rivalries):
            pair = frozenset(r.sides)
            if pair in seen_pairs:
                self.add(("rivalries", i, "sides"),
                         f"'{r.sides[0]}' and '{r.sides[1]}' already have a rivalry "
                         f"(rivalries[{seen_pairs[pair]}]); a pair of actors can have only one")
            else:
                seen_pairs[pair] = i
        for i, link in enumerate(s.linkages):
            self.rivalry_ref(("linkages", i, "a"), link.a, self.GLOBAL)
            self.rivalry_ref(("linkages", i, "b"), link.b, self.GLOBAL)
            if link.a == link.b:
                self.add(("linkages", i, "b"), "a linkage needs two different rivalries")
        for i, move in enumerate(s.moves):
            for j, a in enumerate(move.actors):
                self.actor_ref(("moves", i, "actors", j), a, self.GLOBAL)
            for j, a in enumerate(move.targets):
                self.actor_ref(("moves", i, "targets", j), a, self.GLOBAL)
            self.condition(("moves", i, "requires"), move.requires, self.IN_MOVE)
            for j, mod in enumerate(move.modifiers):
                self.condition(("moves", i, "modifiers", j, "when"), mod.when, self.IN_MOVE)
            for j, eff in enumerate(move.effects):
                self.effect(("moves", i, "effects", j), eff, self.IN_MOVE)
            if move.lever is not None:
                self.ref(("moves", i, "lever"), move.lever, self.levers, "lever")
        for i, event in enumerate(s.events):
            trig = event.trigger
            if isinstance(trig, m.ConditionTrigger | m.ChanceTrigger):
                self.condition(("events", i, "trigger", "condition"), trig.condition, self.GLOBAL)
            for j, eff in enumerate(event.effects):
                self.effect(("events", i, "effects", j), eff, self.GLOBAL)
            if event.audience != "public":
                for j, a in enumerate(event.audience):
                    self.actor_ref(("events", i, "audience", j), a, self.GLOBAL)
        for i, lever in enumerate(s.levers):
            self.actor_ref(("levers", i, "actor"), lever.actor, self.GLOBAL)
            for j, eff in enumerate(lever.per_turn):
                self.effect(("levers", i, "per_turn", j), eff, self.FOR_ACTOR)
            for j, rid in enumerate(lever.crisis_channels):
                self.rivalry_ref(("levers", i, "crisis_channels", j), rid, self.GLOBAL)
            for j, rid in enumerate(lever.broker):
                self.rivalry_ref(("levers", i, "broker", j), rid, self.GLOBAL)
            for j, aim in enumerate(lever.aims):
                self.ref(("levers", i, "aims", j, "indicator"), aim.indicator, self.indicators,
                         "indicator")
            if not any(mv.lever == lever.id for mv in s.moves):
                self.add(("levers", i, "id"), f"no move pulls lever '{lever.id}' (set lever: "
                         f"{lever.id} on a move)")
        for i, ind in enumerate(s.indicators):
            for j, term in enumerate(ind.derived.terms if ind.derived else ()):
                where = ("indicators", i, "derived", "terms", j)
                if term.rung is not None:
                    self.rivalry_ref((*where, "rung"), term.rung, self.GLOBAL)
                elif term.tension is not None:
                    self.rivalry_ref((*where, "tension"), term.tension, self.GLOBAL)
                elif term.var is not None:
                    self.actor_ref((*where, "var", "actor"), term.var.actor, self.GLOBAL)
                    self.ref((*where, "var", "var"), term.var.var, self.variables, "variable")
        for i, obj in enumerate(s.objectives):
            self.actor_ref(("objectives", i, "actor"), obj.actor, self.GLOBAL)
            self.condition(("objectives", i, "condition"), obj.condition, self.FOR_ACTOR)
        for i, marker in enumerate(s.map.markers):
            for j, a in enumerate(marker.actors):
                self.actor_ref(("map", "markers", i, "actors", j), a, self.GLOBAL)
        return self.problems


def cross_check(scenario: m.Scenario, loaded: LoadedYaml, filename: str) -> Iterator[Problem]:
    """Problems that only show when the whole file is read: unknown ids, duplicates, ranges."""
    yield from _Checker(scenario, loaded, filename).run()
