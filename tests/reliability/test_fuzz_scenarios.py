"""Fuzzing scenario files: structured mutations of the bundled scenarios.

Each example takes the tutorial or the Afghanistan scenario, makes one to three
mutations of its YAML document (delete a key or list item, give a field a value of the
wrong type, a huge or non-finite number, an id that does not exist, a duplicate id, a
reference from an item to itself, a duplicated mapping key, an anchor and alias, a cut
in the middle of the text) and parses the result. Allowed outcomes: the scenario loads
(and then one turn of computer play runs, or stops with a documented error), or a
:class:`~wargame.errors.ScenarioError` whose every problem names a file and a line;
any other exception fails the test.

500 examples by default (CI, about 30 s on two shared cores); ``WARGAME_SLOW=1`` runs
10,000 and ``WARGAME_SCENARIO_FUZZ`` sets the number. The test fails unless exactly that
many examples ran. Figures print at the end (``-s``) and, every 250 examples, go to
the file ``WARGAME_SCENARIO_FUZZ_PROGRESS`` names, if set.
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.errors import ScenarioError, WargameError
from wargame.scenario.loader import parse_scenario
from wargame.scenario.models import Scenario

from .conftest import ROOT, SLOW

SCENARIOS = ROOT / "scenarios"
EXAMPLES = int(os.environ.get("WARGAME_SCENARIO_FUZZ", "10000" if SLOW else "500"))
PROGRESS = os.environ.get("WARGAME_SCENARIO_FUZZ_PROGRESS", "")
"""A file the figures are written to every 250 examples (for the slow run), if set."""
FILENAME = "fuzz.yaml"
FIGURES: Counter[str] = Counter()

WRONG = [None, True, False, "text", "", 7, -1, 0, 3.5, [], {}, [1, 2], {"x": 1}, [[{}]],
         "2022-13-45", "#zzzzzz"]
HUGE = [10**30, -10**30, 2**63, -2**63 - 1, 1e308, -1e308, float("inf"), float("-inf"),
        float("nan"), 10**400, 1e-320]


@cache
def _document(name: str) -> str:
    return (SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8")


@cache
def _data(name: str) -> str:
    """The parsed document as JSON (copied per example by parsing it again)."""
    return json.dumps(yaml.load(_document(name), Loader=yaml.CSafeLoader), default=str)


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for key, value in obj.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            out += _paths(value, (*prefix, index))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    return _parent(data, path)[path[-1]]


def _ids(data: Any) -> list[str]:
    return [v for p in _paths(data) if p[-1] == "id" and isinstance(v := _get(data, p), str)]


def _mutate(draw: st.DrawFn, data: dict[str, Any], kind: str) -> bool:
    """Apply one mutation of ``kind``; False if the document offered no place for it."""
    paths = _paths(data)
    if not paths:
        return False
    if kind == "delete":
        path = draw(st.sampled_from(paths))
        del _parent(data, path)[path[-1]]
    elif kind == "wrong type":
        path = draw(st.sampled_from(paths))
        _parent(data, path)[path[-1]] = copy.deepcopy(draw(st.sampled_from(WRONG)))
    elif kind == "huge number":
        numbers = [p for p in paths if isinstance(_get(data, p), (int, float))
                   and not isinstance(_get(data, p), bool)]
        if not numbers:
            return False
        path = draw(st.sampled_from(numbers))
        _parent(data, path)[path[-1]] = draw(st.sampled_from(HUGE))
    elif kind == "unknown id":
        texts = [p for p in paths if isinstance(_get(data, p), str)]
        if not texts:
            return False
        path = draw(st.sampled_from(texts))
        _parent(data, path)[path[-1]] = draw(st.sampled_from(["no_such_id", "PAK ", "x" * 49]))
    elif kind == "duplicate id":
        lists = [p for p in paths if isinstance(_get(data, p), list)
                 and len(_get(data, p)) > 1 and isinstance(_get(data, p)[0], dict)
                 and "id" in _get(data, p)[0]]
        if not lists:
            return False
        items = _get(data, draw(st.sampled_from(lists)))
        i, j = draw(st.integers(0, len(items) - 1)), draw(st.integers(0, len(items) - 1))
        if not (isinstance(items[i], dict) and isinstance(items[j], dict) and "id" in items[i]):
            return False
        if draw(st.booleans()):
            items.append(copy.deepcopy(items[i]))
        else:
            items[j]["id"] = items[i]["id"]
    elif kind == "self reference":
        ids = set(_ids(data))
        owners = [p for p in paths if p[-1] == "id" and isinstance(_get(data, p), str)]
        if not owners:
            return False
        owner = draw(st.sampled_from(owners))[:-1]
        inside = [p for p in _paths(_get(data, owner)) if p[-1] != "id"
                  and isinstance(_get(_get(data, owner), p), str)
                  and _get(_get(data, owner), p) in ids]
        if not inside:
            return False
        path = (*owner, *draw(st.sampled_from(inside)))
        _parent(data, path)[path[-1]] = _get(data, (*owner, "id"))
    return True


DATA_KINDS = ["delete", "wrong type", "huge number", "unknown id", "duplicate id",
              "self reference"]
TEXT_KINDS = ["duplicate key", "anchor and alias", "cut"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, str]:
    name = draw(st.sampled_from(["tutorial", "tutorial", "afghanistan-2022"]))
    kinds = draw(st.lists(st.sampled_from(DATA_KINDS + TEXT_KINDS), min_size=1, max_size=3))
    data = json.loads(_data(name))
    applied = [kind for kind in kinds if kind in DATA_KINDS and _mutate(draw, data, kind)]
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
    lines = text.split("\n")
    for kind in kinds:
        if kind == "duplicate key":
            keys = [i for i, line in enumerate(lines) if ":" in line]
            if not keys:
                continue
            at = draw(st.sampled_from(keys))
            lines.insert(at, lines[at])
        elif kind == "anchor and alias":
            # a mapping that contains an alias of itself: a cycle in the YAML graph
            opens = [i for i, line in enumerate(lines) if line.rstrip().endswith(":")]
            if not opens:
                continue
            at = draw(st.sampled_from(opens))
            indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
            lines[at] = lines[at].rstrip() + " &loop"
            lines.insert(at + 1, indent + "  again: *loop")
        elif kind == "cut":
            at = draw(st.integers(0, len(lines) - 1))
            lines = [*lines[:at], lines[at][: draw(st.integers(0, len(lines[at])))]]
        else:
            continue
        applied.append(kind)
    return name, "+".join(applied) or "unchanged", "\n".join(lines)


def _play_one_turn(scenario: Scenario) -> str:
    """A scenario that loads must also play: one turn of computer orders."""
    from wargame.session import Session

    try:
        session = Session.create(scenario, seed=3, turns=2)
        session.fill_computer_orders()
        session.end_turn()
    except WargameError as exc:
        return f"loaded, play refused: {type(exc).__name__}"
    return "loaded and played"


def check(name: str, kinds: str, text: str) -> None:
    try:
        scenario = parse_scenario(text, filename=FILENAME, base_dir=SCENARIOS)
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError without a problem"
        for problem in exc.problems:
            assert problem.file, f"no file: {problem}"
            assert problem.line >= 1, f"no line: {problem}"
            assert problem.message.strip(), f"no message: {problem}"
        outcome = "refused with positioned problems"
    else:
        outcome = _play_one_turn(scenario)
    FIGURES["tried"] += 1
    FIGURES[outcome] += 1
    for kind in set(kinds.split("+")):
        FIGURES[f"{kind}: {outcome}"] += 1
    if PROGRESS and FIGURES["tried"] % 250 == 0:  # a long run shows how far it has got
        Path(PROGRESS).write_text(json.dumps(dict(sorted(FIGURES.items())), indent=1))


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(mutated())
def _fuzz(case: tuple[str, str, str]) -> None:
    check(*case)


def test_mutated_scenarios_load_or_give_positioned_errors() -> None:
    """Every example loads (and plays) or is refused with positioned problems; the run
    really tried ``EXAMPLES`` scenarios (hypothesis stops early on an exhausted search)."""
    FIGURES.clear()
    _fuzz()
    print("\nscenario fuzz:", json.dumps(dict(sorted(FIGURES.items())), indent=1))
    assert FIGURES["tried"] == EXAMPLES, FIGURES["tried"]


def test_a_reference_to_itself_is_a_positioned_error(tmp_path: Path) -> None:
    """A hand-made case of the fuzz suite: a move whose rivalry is its own id."""
    data = yaml.safe_load(_document("tutorial"))
    data["moves"][1]["effects"][0]["add_tension"]["rivalry"] = data["moves"][1]["id"]
    text = yaml.safe_dump(data, sort_keys=False)
    try:
        parse_scenario(text, filename=FILENAME, base_dir=SCENARIOS)
    except ScenarioError as exc:
        assert any(p.path.startswith("moves[1].effects[0]") and p.line >= 1
                   for p in exc.problems), exc
    else:
        raise AssertionError("a move naming itself as its rivalry was accepted")


def test_a_huge_cost_loads_and_plays_and_a_negative_one_is_refused() -> None:
    """Regression (found by this suite): a move costing -1e30 resources loaded, then the
    first turn died with OverflowError in the success probability (math.exp). A huge cost
    still loads and plays; a negative one is now refused where it is written (a gain is an
    ``add`` effect, bounded by the variable's range)."""
    for cost, refused in (("1e30", False), ("-1e30", True)):
        text = _document("tutorial").replace("cost: {resources: 0.5}",
                                             f"cost: {{resources: {cost}}}", 1)
        assert text != _document("tutorial")
        try:
            scenario = parse_scenario(text, filename=FILENAME, base_dir=SCENARIOS)
        except ScenarioError as exc:
            assert refused, exc
            problem = exc.problems[0]
            assert problem.path == "moves[3].cost.resources" and problem.line >= 1
            assert "greater than or equal to 0" in problem.message
        else:
            assert not refused, f"a cost of {cost} was accepted"
            assert _play_one_turn(scenario) == "loaded and played"


def test_a_duplicate_source_id_is_a_positioned_error() -> None:
    """Regression (found by this suite): two sources with one id were accepted, while a
    duplicate id is refused everywhere else in a scenario."""
    data = yaml.safe_load(_document("tutorial"))
    data["metadata"]["sources"].append(dict(data["metadata"]["sources"][0]))
    try:
        parse_scenario(yaml.safe_dump(data, sort_keys=False), filename=FILENAME,
                       base_dir=SCENARIOS)
    except ScenarioError as exc:
        (problem,) = exc.problems
        assert problem.path == "metadata.sources[2].id" and problem.line >= 1
        assert "duplicate id 'essay'" in problem.message
    else:
        raise AssertionError("a duplicate source id was accepted")
