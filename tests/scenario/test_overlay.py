"""Scenario overlays: patches applied to a base document, then the normal validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.errors import ScenarioError
from wargame.scenario.overlay import load_overlay, parse_path

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_path_splits_keys_and_selectors() -> None:
    assert parse_path("rivalries[IND-PAK].start_rung") == ["rivalries", "[IND-PAK]", "start_rung"]
    assert parse_path("actors[IND].doctrine.resolve") == ["actors", "[IND]", "doctrine", "resolve"]
    with pytest.raises(ValueError, match="bad path segment"):
        parse_path("rules..x")


def test_set_append_remove_and_shortcuts(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
base: tutorial
title: Patched tutorial
expected: {peak: 5}
patches:
  - {set: "rivalries[IND-PAK].start_rung", value: 3}
  - {set: "rules.loss_of_control_base", value: 0.01}
  - {set: "actors[IND].doctrine.resolve", value: 0.7}
  - {append: "events", value: {id: attack, title: Attack, text: "An attack.",
     trigger: {turn: 1}, effects: [{add_tension: {rivalry: IND-PAK, value: 10}}]}}
""")
    overlay = load_overlay(path, extra_keys=frozenset({"expected"}))
    s = overlay.scenario
    assert s.metadata.title == "Patched tutorial"
    assert s.rivalry("IND-PAK").start_rung == 3
    assert s.rules.loss_of_control_base == 0.01
    assert s.actor("IND").doctrine.resolve == 0.7
    assert s.events[-1].id == "attack"
    assert overlay.extras == {"expected": {"peak": 5}}


def test_remove_a_list_item_by_id(tmp_path: Path) -> None:
    base = load_overlay(_write(tmp_path, "base: afghanistan-2022\n")).scenario
    path = _write(tmp_path, "base: afghanistan-2022\npatches:\n"
                  "  - {remove: \"events[anniversary]\"}\n")
    patched = load_overlay(path).scenario
    assert [e.id for e in patched.events] == [e.id for e in base.events if e.id != "anniversary"]


def test_unknown_id_points_at_the_patch_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "base: tutorial\npatches:\n"
                  "  - {set: \"rivalries[IND-PAQ].start_rung\", value: 2}\n")
    with pytest.raises(ScenarioError) as err:
        load_overlay(path)
    (problem,) = err.value.problems
    assert (problem.file, problem.line) == (str(path), 3)
    assert "no item with id 'IND-PAQ'" in problem.message and "IND-PAK" in problem.message


def test_patched_value_that_no_longer_validates_points_at_the_patch(tmp_path: Path) -> None:
    path = _write(tmp_path, "base: tutorial\npatches:\n"
                  "  - {set: \"rivalries[IND-PAK].start_rung\", value: 12}\n"
                  "  - {set: \"rules.loss_of_control_bse\", value: 0.01}\n")
    with pytest.raises(ScenarioError) as err:
        load_overlay(path)
    lines = {(p.file, p.line): p.message for p in err.value.problems}
    assert "less than or equal to 9" in lines[str(path), 3]
    assert "did you mean 'loss_of_control_base'" in lines[str(path), 4]


def test_removal_that_breaks_references_points_at_the_base_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "base: tutorial\npatches:\n  - {remove: \"rivalries[IND-PAK]\"}\n")
    with pytest.raises(ScenarioError) as err:
        load_overlay(path)
    base_file = str(ROOT / "scenarios" / "tutorial.yaml")
    assert err.value.problems
    assert all(p.file == base_file and p.line > 1 for p in err.value.problems)
    assert all("unknown rivalry 'IND-PAK'" in p.message for p in err.value.problems)
    base_text = (ROOT / "scenarios" / "tutorial.yaml").read_text().splitlines()
    assert all("IND-PAK" in base_text[p.line - 1] for p in err.value.problems)


def test_bad_overlay_keys_and_bad_patches(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="unknown key 'expectd'"):
        load_overlay(_write(tmp_path, "base: tutorial\nexpectd: 1\n"))
    with pytest.raises(ScenarioError, match="needs 'base'"):
        load_overlay(_write(tmp_path, "title: x\n"))
    with pytest.raises(ScenarioError, match="'remove' takes no value"):
        load_overlay(_write(tmp_path, "base: tutorial\npatches:\n"
                            "  - {remove: \"events\", value: 1}\n"))
    with pytest.raises(ScenarioError, match="not a mapping"):
        load_overlay(_write(tmp_path, "base: tutorial\npatches:\n"
                            "  - {set: \"metadata.days_per_turn.x\", value: 1}\n"))
