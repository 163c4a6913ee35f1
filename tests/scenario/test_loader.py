"""The scenario loader: cross-reference pass, bundled scenarios, hashing, JSON and JSON Schema.

The broken-file corpus (``tests/scenarios/bad``) checks one message per kind of
mistake end to end; these tests cover the rest of the cross-reference rules
(placeholders and where they may appear, nested conditions, every effect that
names something) and the loader's other duties.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from wargame.errors import Problem, ScenarioError
from wargame.scenario import models as m
from wargame.scenario.loader import (
    bundled_dir,
    bundled_paths,
    canonical_json,
    load_scenario,
    parse_scenario,
    resolve_scenario_path,
    scenario_from_json,
    scenario_sha256,
)
from wargame.scenario.yamlpos import load_yaml

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "scenarios" / "minimal.yaml"
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
BASE = MINIMAL.read_text(encoding="utf-8")


def variant(*pairs: tuple[str, str], extra: str = "") -> str:
    text = BASE
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, filename="s.yaml")
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str, after: str = "") -> int:
    """1-based number of the first line containing ``needle`` (at or after ``after``)."""
    start = text.index(after)
    return text.count("\n", 0, text.index(needle, start)) + 1


def col_of(text: str, needle: str, after: str = "") -> int:
    """1-based column of the first ``needle`` (at or after ``after``)."""
    offset = text.index(needle, text.index(after))
    return offset - text.rfind("\n", 0, offset)


def one_problem(text: str) -> str:
    [found] = problems(text)
    return found


# --------------------------------------------------------------------------- cross-references

EVENT_EFFECT = "      - {add_indicator: {indicator: risk, value: 1}}\n"
STRIKE_EFFECT = "      - {add: {actor: target, var: capability, value: -1}}\n"
OBJECTIVE = "    condition: {rung_at_least: {rivalry: RED-BLUE, rung: 2}}\n"
LEVER = "    broker: [RED-BLUE]\n"
RED_VARS = "    variables: {capability: 6}\n"
RED_LINE = "    doctrine:\n      red_lines:\n        - {{text: Line, when: {when}{by}}}\n"
SELF_HERE = (
    "'self' cannot be used here; it stands for the acting actor only in a move (requires, "
    "modifiers, effects), a lever's per_turn, an objective's condition or a red line's when"
)


def test_minimal_is_valid_from_text_and_bytes() -> None:
    a = parse_scenario(BASE, filename="s.yaml")
    b = parse_scenario(BASE.encode(), filename="s.yaml")
    assert a == b
    assert a.metadata.id == "minimal"


@pytest.mark.parametrize(
    "old, new",
    [
        # 'self' is the lever's actor in per_turn effects and the objective's actor
        (LEVER, LEVER + "    per_turn:\n      - {add: {actor: self, var: capability, value: 1}}\n"),
        (OBJECTIVE, "    condition: {var_at_least: {actor: self, var: capability, value: 3}}\n"),
        # 'self', 'target' and 'this' everywhere in a move
        (STRIKE_EFFECT, "      - {move_rung: {rivalry: this, by: 1}}\n"),
        (STRIKE_EFFECT, "      - {update_belief: {observer: target, subject: self, "
                        "likelihood_ratio: 2}}\n"),
        ("    requires: {rung_at_least: {rivalry: RED-BLUE, rung: 1}}\n",
         "    requires: {all: [{tension_at_least: {rivalry: this, value: 1}}, "
         "{not: {var_at_most: {actor: target, var: capability, value: 0}}}]}\n"),
        ("    odds: 0.6\n", "    odds: 0.6\n    modifiers:\n      - {when: {var_at_least: "
                          "{actor: self, var: capability, value: 5}}, pros: 1, reason: strong}\n"),
        # names of things that do exist
        (EVENT_EFFECT, "      - {add_control: {patron: RED, proxy: UN, value: 0.1}}\n"),
        (LEVER, LEVER + "    crisis_channels: [RED-BLUE]\n    aims:\n"
                "      - {indicator: risk, direction: down}\n"),
        ("    kind: organisation\n", "    kind: organisation\n    beliefs: {RED: 0.7}\n"),
        # red lines: plain text, or a condition ('target' = the 'by' actor)
        (RED_VARS, RED_VARS + "    doctrine:\n      red_lines: [plain words]\n"),
        (RED_VARS, RED_VARS + RED_LINE.format(
            when="{var_at_most: {actor: self, var: capability, value: 2}}", by="")),
        (RED_VARS, RED_VARS + RED_LINE.format(
            when="{rung_at_least: {rivalry: RED-BLUE, rung: 2}}", by=", by: BLUE")),
    ],
)
def test_valid_references_accepted(old: str, new: str) -> None:
    parse_scenario(variant((old, new)), filename="s.yaml")


@pytest.mark.parametrize(
    "old, new, needle, expected",
    [
        # a red line reads only what its actor can see: not the 'by' actor's variables
        (RED_VARS, RED_VARS + RED_LINE.format(
            when="{var_at_least: {actor: target, var: capability, value: 9}}", by=", by: BLUE"),
         "actor: target", "actors[0].doctrine.red_lines[0].when.var_at_least.actor: a red "
         "line is judged on what its actor can see: the 'by' actor's variable 'capability' "
         "is hidden from 'RED' (a team sees only its own variables); read what shows it, "
         "such as a rung or a public indicator"),
        # placeholders where they mean nothing
        (OBJECTIVE, "    condition: {var_at_least: {actor: target, var: capability, value: 3}}\n",
         "actor: target", "objectives[0].condition.var_at_least.actor: 'target' cannot be "
         "used here; it stands for the move's target only in a move (requires, modifiers, "
         "effects), and the 'by' actor in the when of a red line that has one"),
        (OBJECTIVE, "    condition: {rung_at_least: {rivalry: this, rung: 2}}\n",
         "rivalry: this", "objectives[0].condition.rung_at_least.rivalry: 'this' cannot be "
         "used here; it stands for the move's rivalry only in a move (requires, modifiers, "
         "effects)"),
        (EVENT_EFFECT, "      - {add: {actor: self, var: capability, value: 1}}\n",
         "actor: self", f"events[0].effects[0].add.actor: {SELF_HERE}"),
        ("    actors: [RED]\n", "    actors: [self]\n", "actors: [self]",
         f"moves[1].actors[0]: {SELF_HERE}"),
        # a red line's when: 'self' is the doctrine's actor, 'target' its 'by' actor
        (RED_VARS, RED_VARS + RED_LINE.format(when="{var_at_least: {actor: target, var: "
                                                   "capability, value: 9}}", by=""),
         "actor: target", "actors[0].doctrine.red_lines[0].when.var_at_least.actor: 'target' "
         "cannot be used here; it stands for the move's target only in a move (requires, "
         "modifiers, effects), and the 'by' actor in the when of a red line that has one"),
        (RED_VARS, RED_VARS + RED_LINE.format(when="{turn_at_least: 3}", by=", by: BLU"),
         "by: BLU", "actors[0].doctrine.red_lines[0].by: unknown actor 'BLU'; did you mean "
         "'BLUE'?"),
        # nested conditions and every effect that names something
        ("    requires: {rung_at_least: {rivalry: RED-BLUE, rung: 1}}\n",
         "    requires: {any: [{turn_at_least: 2}, {not: {indicator_at_least: "
         "{indicator: risky, value: 1}}}]}\n",
         "requires:", "moves[1].requires.any[1].not.indicator_at_least.indicator: unknown "
         "indicator 'risky'; did you mean 'risk'?"),
        (STRIKE_EFFECT, "      - {open_channel: {rivalry: RED-GREEN}}\n", "open_channel",
         "moves[1].effects[0].open_channel.rivalry: unknown rivalry 'RED-GREEN'"),
        (STRIKE_EFFECT, "      - {set: {actor: target, var: morale, value: 1}}\n", "morale",
         "moves[1].effects[0].set.var: unknown variable 'morale'"),
        (EVENT_EFFECT, "      - {add_control: {patron: RED, proxy: BLUES, value: 0.1}}\n",
         "BLUES", "events[0].effects[0].add_control.proxy: unknown actor 'BLUES'; did you mean "
         "'BLUE'?"),
        # other lists that name actors, rivalries, indicators
        ("    kind: organisation\n", "    kind: organisation\n    beliefs: {REED: 0.7}\n", "REED",
         "actors[2].beliefs.REED: unknown actor 'REED'; did you mean 'RED'?"),
        (LEVER, "    broker: [RED-BLU]\n", "RED-BLU",
         "levers[0].broker[0]: unknown rivalry 'RED-BLU'; did you mean 'RED-BLUE'?"),
        (LEVER, LEVER + "    aims:\n      - {indicator: peace, direction: up}\n", "peace",
         "levers[0].aims[0].indicator: unknown indicator 'peace'"),
        ("    variables: {capability: 6}\n", "    variables: {capability: 6, morale: 2}\n",
         "morale", "actors[0].variables.morale: unknown variable 'morale'"),
        ("    actor: RED\n", "    actor: BLACK\n", "actor: BLACK",
         "objectives[0].actor: unknown actor 'BLACK'"),
        # rivalry details
        ("    start_rung: 1\n", "    start_rung: 1\n    rung_names: {7: Total war}\n",
         "rung_names", "rivalries[0].rung_names['7']: rung 7 is not on ladder 'short' (0-3)"),
        ("moves:\n", "linkages:\n  - {a: RED-BLUE, b: RED-BLUE, weight: 0.2}\nmoves:\n",
         "b: RED-BLUE", "linkages[0].b: a linkage needs two different rivalries"),
        # duplicates in nested lists
        ("      - {id: shooting, name: Shooting starts, below: 1}\n",
         "      - {id: shooting, name: Shooting starts, below: 1}\n"
         "      - {id: shooting, name: Shooting again, below: 2}\n", "Shooting again",
         "ladders[0].thresholds[1].id: duplicate id 'shooting' (also ladders[0].thresholds[0])"),
    ],
)
def test_reference_problems(old: str, new: str, needle: str, expected: str) -> None:
    text = variant((old, new))
    found = one_problem(text)
    line = line_of(text, needle, after=new)
    assert found.startswith(f"s.yaml:{line}:"), found
    assert found.split(": ", 1)[1] == expected



@pytest.mark.parametrize(("old", "new", "needle", "expected"), [
    # an effect's value has no bounds: only the finiteness check stands between a .nan and
    # a game whose numbers are all NaN
    (STRIKE_EFFECT, STRIKE_EFFECT.replace("-1", ".nan"), ".nan",
     "moves[1].effects[0].add.value: should be a finite number, got nan"),
    (RED_VARS, "    variables: {capability: .inf}\n", ".inf",
     "actors[0].variables.capability: should be a finite number, got inf"),
    # a negative cost would pay the actor past its variable's range and past affordability
    ("    odds: 0.6\n", "    odds: 0.6\n    cost: {resources: -5}\n", "-5",
     "moves[1].cost.resources: should be greater than or equal to 0, got -5"),
])
def test_numbers_that_are_not_finite_or_negative_costs_are_refused(old: str, new: str, needle: str,
                                                 expected: str) -> None:
    text = variant((old, new))
    found = one_problem(text)
    assert found.startswith(f"s.yaml:{line_of(text, needle)}:{col_of(text, needle)}:"), found
    assert found.split(": ", 1)[1] == expected

def test_marker_problems() -> None:
    second = "    - {id: capital, name: Blue City, lon: 12, lat: 51, actors: [BLU]}\n"
    text = variant(extra=(
        "map:\n"
        "  markers:\n"
        "    - {id: capital, name: Red City, lon: 10, lat: 50, actors: [RED]}\n" + second
    ))
    line = line_of(text, second)
    assert problems(text) == [
        f"s.yaml:{line}:12: map.markers[1].id: duplicate id 'capital' (also map.markers[0])",
        f"s.yaml:{line}:{col_of(text, 'BLU]', second)}: map.markers[1].actors[0]: "
        "unknown actor 'BLU'; did you mean 'BLUE'?",
    ]


def test_problems_are_sorted_by_position() -> None:
    text = variant(
        ("{add_indicator: {indicator: risk,", "{add_indicator: {indicator: riks,"),
        ("    sides: [RED, BLUE]\n", "    sides: [RED, BLUEE]\n"),
    )
    found = problems(text)
    assert len(found) == 2
    assert found == sorted(found, key=lambda s: int(s.split(":")[1]))


def test_model_errors_hide_cross_reference_errors() -> None:
    """The cross-reference pass needs a valid model, so it runs only when there is one."""
    text = variant(("    rung: 2\n", "    rung: 12\n"), ("sides: [RED, BLUE]", "sides: [RED, X]"))
    assert problems(text) == [
        f"s.yaml:{line_of(text, 'rung: 12')}:11: moves[1].rung: should be less than or "
        "equal to 9, got 12"
    ]


def test_unknown_field_suggestion_uses_the_models() -> None:
    text = variant(("    kind: state\n", "    kind: state\n    nucelar: true\n"))
    assert one_problem(text).endswith("actors[0].nucelar: unknown field 'nucelar' "
                                      "(did you mean 'nuclear'?)")


# --------------------------------------------------------------------------- files and bundles


def test_load_missing_file() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(ROOT / "no-such-file.yaml")
    [problem] = info.value.problems
    assert problem.line == 0 and problem.message.startswith("cannot read file: ")


def test_bundled_paths() -> None:
    paths = bundled_paths()
    assert paths == sorted(paths)
    assert all(p.suffix == ".yaml" and p.is_file() and p.parent == bundled_dir() for p in paths)
    assert TUTORIAL.resolve() in [p.resolve() for p in paths]


@pytest.mark.parametrize("path", bundled_paths(), ids=lambda p: p.name)
def test_every_bundled_scenario_loads(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.schema_version == m.SCHEMA_VERSION


def test_resolve_scenario_path() -> None:
    assert resolve_scenario_path("tutorial").resolve() == TUTORIAL.resolve()
    assert resolve_scenario_path(str(MINIMAL)) == MINIMAL
    assert resolve_scenario_path("anything.yaml") == Path("anything.yaml")
    with pytest.raises(ScenarioError) as info:
        resolve_scenario_path("no-such-scenario")
    [problem] = info.value.problems
    assert problem.file == "no-such-scenario"
    assert "no such scenario; bundled: " in problem.message and "tutorial" in problem.message


# --------------------------------------------------------------------------- hashing and JSON


@pytest.fixture(scope="module")
def tutorial() -> m.Scenario:
    return load_scenario(TUTORIAL)


def test_sha256_is_stable(tutorial: m.Scenario) -> None:
    digest = scenario_sha256(tutorial)
    # the hash is SHA-256 of the canonical JSON, computed here independently
    import hashlib

    assert digest == hashlib.sha256(canonical_json(tutorial).encode("utf-8")).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert scenario_sha256(load_scenario(TUTORIAL)) == digest
    assert scenario_sha256(load_scenario(MINIMAL)) != digest
    renamed = tutorial.model_copy(
        update={"metadata": tutorial.metadata.model_copy(update={"title": "Other"})}
    )
    assert scenario_sha256(renamed) != digest


def test_canonical_json_round_trip(tutorial: m.Scenario) -> None:
    for scenario in (tutorial, load_scenario(MINIMAL)):
        text = canonical_json(scenario)
        again = scenario_from_json(json.loads(text), source="save.json")
        assert again == scenario
        assert canonical_json(again) == text
        assert scenario_sha256(again) == scenario_sha256(scenario)


def test_canonical_json_is_canonical(tutorial: m.Scenario) -> None:
    text = canonical_json(tutorial)
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert data["map"]["regions_file"] is None and data["map"]["regions"]
    # the 'not' condition keeps its YAML name (an alias of the field not_)
    cond = m.Objective(id="o", actor="PAK", description="d",
                       condition=m.NotCond.model_validate({"not": {"turn_at_least": 2}}))
    assert json.loads(cond.model_dump_json(by_alias=True))["condition"] == {
        "not": {"turn_at_least": 2}
    }


def test_scenario_from_json_rejects_bad_data(tutorial: m.Scenario) -> None:
    data = json.loads(canonical_json(tutorial))
    data["moves"][0]["rung"] = 12
    with pytest.raises(ScenarioError) as info:
        scenario_from_json(data, source="save.json")
    assert info.value.problems == (
        Problem("save.json", 0, 0, "moves.0.rung", "Input should be less than or equal to 9"),
    )


# --------------------------------------------------------------------------- JSON Schema


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return m.Scenario.model_json_schema()


def _tutorial_data() -> dict[str, Any]:
    """The tutorial YAML as plain data, with the regions file inlined as the loader does."""
    data: dict[str, Any] = load_yaml(TUTORIAL.read_text(encoding="utf-8"),
                                     filename=str(TUTORIAL)).data
    layer = dict(data["map"])
    layer["regions_source"] = layer.pop("regions_file")
    regions_doc = json.loads((TUTORIAL.parent / layer["regions_source"]).read_text("utf-8"))
    layer["regions"] = [
        {"id": r["id"], "name": r["name"], "role": r.get("role", "theatre"),
         "polygons": r["polygons"]}
        for r in regions_doc["regions"]
    ]
    frame = regions_doc["frame"]
    layer.setdefault("frame", [frame[k] for k in ("lon_min", "lat_min", "lon_max", "lat_max")])
    for key in ("note", "source"):
        layer.setdefault(key, regions_doc[key])
    return {**data, "map": layer}


def test_json_schema_is_valid(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    json.dumps(schema)  # plain JSON
    assert set(schema["required"]) == {
        "schema_version", "metadata", "actors", "ladders", "rivalries", "moves"
    }
    assert schema["additionalProperties"] is False


def test_tutorial_validates_against_the_schema(schema: dict[str, Any]) -> None:
    data = _tutorial_data()
    validator = jsonschema.Draft202012Validator(schema)
    assert [e.message for e in validator.iter_errors(data)] == []
    # and the same data makes the same scenario as the loader
    assert m.Scenario.model_validate(data) == load_scenario(TUTORIAL)


@pytest.mark.parametrize(
    "path, value",
    [
        (("moves", 0, "visibility"), "secret"),
        (("moves", 0, "rung"), 12),
        (("actors", 0, "nucelar"), True),
        (("schema_version",), 2),
        (("rivalries", 0, "sides"), ["IND"]),
        (("moves", 1, "effects", 0), {"subtract": {"rivalry": "this", "value": 1}}),
    ],
)
def test_schema_rejects_mistakes(schema: dict[str, Any], path: tuple[Any, ...],
                                 value: Any) -> None:
    data = _tutorial_data()
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


# --------------------------------------------------------------------------- documentation

DOC = ROOT / "docs" / "scenario-format.md"


def _models() -> list[type[m.Model]]:
    found: list[type[m.Model]] = []
    todo: list[type[m.Model]] = [m.Scenario]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for sub in vars(m).values():
            if isinstance(sub, type) and issubclass(sub, m.Model) and sub is not m.Model:
                todo.append(sub)
    return found


def test_every_field_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(
        f"{model.__name__}.{info.alias or name}"
        for model in _models()
        for name, info in model.model_fields.items()
        if f"`{info.alias or name}`" not in text
    )
    assert missing == []


def test_every_allowed_value_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    words = [*m.ActorKind, *m.Category, *m.Visibility, *m.Odds, "theatre", "context",
             "capital", "hotspot", "city", "base", "each_turn", "end", "higher", "lower"]
    assert [w for w in words if f"`{w}`" not in text] == []


def test_documented_example_is_the_minimal_scenario() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("## 2. A complete small example", 1)[1].split("```yaml\n", 1)[1]
    example = block.split("```", 1)[0]
    scenario = parse_scenario(example, filename="example.yaml")
    assert scenario == load_scenario(MINIMAL)


def test_documented_output_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example output in the documentation is what the loader prints."""
    (tmp_path / "broken.yaml").write_text(variant(
        ("  title: Minimal scenario\n", "  titel: Minimal scenario\n"),
        ("    rung: 2\n", "    rung: 12\n"),
        ("    odds: 0.6\n", "    odds: likly\n"),
    ))
    (tmp_path / "crossref.yaml").write_text(variant(
        ("sides: [RED, BLUE]", "sides: [RED, BLEU]"),
        ("var: capability, value: -1", "var: capabilty, value: -1"),
        ("    lever: mediation\n", ""),
    ))
    (tmp_path / "unsafe.yaml").write_text(
        "schema_version: 1\nmetadata:\n  id: x\n  id: y\n"
        "  title: !!python/object/apply:os.system [\"rm -rf ~\"]\n")
    monkeypatch.chdir(tmp_path)
    found: list[str] = []
    for name in ("broken.yaml", "crossref.yaml", "unsafe.yaml"):
        with pytest.raises(ScenarioError) as info:
            load_scenario(name)
        found += [str(p) for p in info.value.problems]
    text = DOC.read_text(encoding="utf-8")
    shown = text.split("$ wargame validate broken.yaml crossref.yaml unsafe.yaml\n", 1)[1]
    assert shown.split("\n$ echo", 1)[0].splitlines() == found


def test_documented_corpus_messages_are_real() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("A few more messages, one per kind of mistake", 1)[1]
    lines = block.split("```\n", 2)[1].splitlines()
    bad = ROOT / "tests" / "scenarios" / "bad"
    assert len(lines) > 10
    for line in lines:
        name = line.split(":", 1)[0]
        assert f"# expect: {line}\n" in (bad / name).read_text(encoding="utf-8", errors="replace")


def test_odds_and_costs_as_players_read_them() -> None:
    move = m.Move(id="x", name="X", actors=("A",), rung=2, category=m.Category.POSTURING,
                  odds=m.Odds.ALMOST_CERTAIN, cost=m.Cost(resources=0.4, prestige=1))
    assert move.odds_text() == "almost certain"
    assert move.cost.describe() == "0.4 res., 1 prestige"
    free = move.model_copy(update={"odds": 0.62, "cost": m.Cost()})
    assert free.odds_text() == "62%" and free.cost.describe() == ""
