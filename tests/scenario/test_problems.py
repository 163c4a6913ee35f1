"""Tests for mapping pydantic validation errors to YAML positions (wargame.scenario.problems)."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wargame.errors import Problem, ScenarioError
from wargame.scenario.problems import (
    fields_from_model,
    format_path,
    locate,
    locate_key,
    problems_from_validation_error,
)
from wargame.scenario.yamlpos import LoadedYaml, load_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AddEffect(_Strict):
    kind: Literal["add"]
    actor: str
    amount: int = 1

    @field_validator("actor")
    @classmethod
    def _not_nobody(cls, value: str) -> str:
        if value == "nobody":
            raise ValueError("actor 'nobody' does not exist")
        return value


class RemoveEffect(_Strict):
    kind: Literal["remove"]
    target: str


Effect = Annotated[AddEffect | RemoveEffect, Field(discriminator="kind")]


class Move(_Strict):
    id: str
    label: str = ""
    effects: list[Effect] = []


class Scenario(_Strict):
    name: str
    side: Literal["red", "blue"]
    turns: int
    moves: list[Move] = []
    budget: dict[str, float] = {}


def problems_for(text: str, *, with_model: bool = True) -> list[str]:
    loaded = load_yaml(text, filename="s.yaml")
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate(loaded.data)
    known = fields_from_model(Scenario) if with_model else None
    found = problems_from_validation_error(info.value, loaded, "s.yaml", known_fields=known)
    # The result feeds straight into ScenarioError.
    assert str(ScenarioError(found))
    return [str(p) for p in sorted(found)]


VALID = "name: Test\nside: red\nturns: 3\n"


def test_valid_document_passes() -> None:
    loaded = load_yaml(VALID, filename="s.yaml")
    assert Scenario.model_validate(loaded.data).turns == 3


def test_unknown_field_with_suggestion_from_model() -> None:
    assert problems_for(VALID + "tunrs_max: 4\nlabl: x\n") == [
        "s.yaml:4:1: tunrs_max: unknown field 'tunrs_max'",
        "s.yaml:5:1: labl: unknown field 'labl'",
    ]
    text = "name: Test\nside: red\nturns: 3\nmoves:\n  - id: a\n    lable: x\n"
    assert problems_for(text) == [
        "s.yaml:6:5: moves[0].lable: unknown field 'lable' (did you mean 'label'?)"
    ]


def test_typo_suggested_from_missing_field_without_model() -> None:
    text = "nmae: Test\nside: red\nturns: 3\n"
    assert problems_for(text, with_model=False) == [
        "s.yaml:1:1: missing required field 'name'",
        "s.yaml:1:1: nmae: unknown field 'nmae' (did you mean 'name'?)",
    ]


def test_no_suggestion_of_a_field_already_present() -> None:
    assert problems_for(VALID + "nam: x\n") == ["s.yaml:4:1: nam: unknown field 'nam'"]


def test_missing_field_points_at_parent_mapping() -> None:
    text = "name: Test\nside: red\nturns: 3\nmoves:\n  - label: x\n"
    assert problems_for(text) == ["s.yaml:5:5: moves[0]: missing required field 'id'"]


def test_wrong_types() -> None:
    text = "name: Test\nside: red\nturns: abc\nbudget:\n  usa: lots\n"
    assert problems_for(text) == [
        "s.yaml:3:8: turns: expected an integer, got 'abc'",
        "s.yaml:5:8: budget.usa: expected a number, got 'lots'",
    ]


def test_norway_problem_gets_a_hint() -> None:
    assert problems_for("name: no\nside: red\nturns: 1.5\n") == [
        "s.yaml:1:7: name: expected a string, got false; put it in quotes if you meant text",
        "s.yaml:3:8: turns: expected a whole number, got 1.5",
    ]


def test_wrong_container_types() -> None:
    assert problems_for(VALID + "moves: {id: a}\nbudget: [1]\n") == [
        "s.yaml:4:8: moves: expected a list, got a mapping",
        "s.yaml:5:9: budget: expected a mapping, got a list",
    ]


def test_bad_literal_lists_allowed_values() -> None:
    assert problems_for("name: Test\nside: green\nturns: 3\n") == [
        "s.yaml:2:7: side: expected 'red' or 'blue', got 'green'"
    ]


def test_discriminated_union_paths_drop_tags() -> None:
    text = (
        "name: Test\n"  # 1
        "side: blue\n"  # 2
        "turns: 3\n"  # 3
        "moves:\n"  # 4
        "  - id: a\n"  # 5
        "  - id: b\n"  # 6
        "    effects:\n"  # 7
        "      - kind: add\n"  # 8
        "        actor: nobody\n"  # 9
        "        amount: many\n"  # 10
        "        colour: red\n"  # 11
        "      - {kind: remove}\n"  # 12
        "      - {kind: explode}\n"  # 13
        "      - {target: x}\n"  # 14
    )
    assert problems_for(text) == [
        "s.yaml:9:16: moves[1].effects[0].actor: actor 'nobody' does not exist",
        "s.yaml:10:17: moves[1].effects[0].amount: expected an integer, got 'many'",
        "s.yaml:11:9: moves[1].effects[0].colour: unknown field 'colour'",
        "s.yaml:12:9: moves[1].effects[1]: missing required field 'target'",
        "s.yaml:13:16: moves[1].effects[2].kind: unknown kind 'explode'; "
        "expected one of 'add', 'remove'",
        "s.yaml:14:9: moves[1].effects[3]: missing required field 'kind'",
    ]


def test_suggestion_inside_union_member() -> None:
    text = VALID + "moves:\n  - id: a\n    effects:\n      - {kind: remove, traget: x}\n"
    found = problems_for(text)
    assert "s.yaml:7:24: moves[0].effects[0].traget: unknown field 'traget' " in found[1]
    assert found[1].endswith("(did you mean 'target'?)")


def test_root_level_errors() -> None:
    loaded = load_yaml("other: 1\n", filename="s.yaml")
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate(loaded.data)
    found = problems_from_validation_error(info.value, loaded, "s.yaml")
    assert Problem("s.yaml", 1, 1, "", "missing required field 'turns'") in found
    assert Problem("s.yaml", 1, 1, "other", "unknown field 'other'") in found


def test_fields_from_model() -> None:
    known = fields_from_model(Scenario)
    assert list(known(())) == ["budget", "moves", "name", "side", "turns"]
    assert list(known(("moves", 0))) == ["effects", "id", "label"]
    assert list(known(("moves", 0, "effects", 2))) == ["actor", "amount", "kind", "target"]
    assert list(known(("budget",))) == []
    assert list(known(("nonsense", 1))) == []


def test_locate_falls_back_to_nearest_ancestor() -> None:
    loaded = load_yaml("a:\n  b:\n    - 1\n", filename="s.yaml")
    assert locate(loaded, ("a", "b", 0)) == (3, 7)
    assert locate(loaded, ("a", "b", 5, "x")) == (3, 5)
    assert locate(loaded, ("zzz",)) == (1, 1)
    assert locate_key(loaded, ("a", "b")) == (2, 3)
    assert locate_key(loaded, ("a", "b", 0)) == (3, 7)
    empty = LoadedYaml(data={}, positions={})
    assert locate(empty, ("x",)) == (1, 1)


def test_format_path_reexported() -> None:
    assert format_path(("moves", 3, "effects", 0, "add", "actor")) == (
        "moves[3].effects[0].add.actor"
    )
