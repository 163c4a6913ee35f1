"""The rule-parameter catalogue covers every RuleParams field, with ranges the model accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.scenario.models import RuleParams
from wargame.scenario.overlay import load_overlay
from wargame.scenario.param_sources import (
    DESIGN_JUDGEMENT,
    RULE_PARAMS,
    doctrine_params,
)


def test_every_rule_parameter_is_catalogued() -> None:
    missing = sorted(set(RuleParams.model_fields) - set(RULE_PARAMS))
    stale = sorted(set(RULE_PARAMS) - set(RuleParams.model_fields))
    assert not missing, f"catalogue these in wargame/scenario/param_sources.py: {missing}"
    assert not stale, f"no longer RuleParams fields: {stale}"


@pytest.mark.parametrize("name", sorted(RULE_PARAMS))
def test_range_holds_the_default_and_is_accepted(name: str) -> None:
    entry = RULE_PARAMS[name]
    default = RuleParams.model_fields[name].default
    assert entry.low < entry.high
    assert entry.low <= default <= entry.high
    assert entry.source.strip()
    for value in (entry.low, entry.high):
        RuleParams.model_validate({name: int(value) if entry.integer else value})


def test_loss_of_control_base_is_unsourced() -> None:
    assert RULE_PARAMS["loss_of_control_base"].source == DESIGN_JUDGEMENT
    assert not RULE_PARAMS["loss_of_control_base"].sourced
    assert RULE_PARAMS["pro_weight"].sourced


def test_doctrine_entries_are_addressable_as_patches(tmp_path: Path) -> None:
    entries = doctrine_params("IND", {"resolve": 0.55, "risk_appetite": 0.4, "restraint": 0.35,
                                      "reactivity": 0.1}, "")
    entry = entries["IND.resolve"]
    assert (entry.low, entry.high) == pytest.approx((0.40, 0.70))
    assert entry.source == DESIGN_JUDGEMENT
    path = tmp_path / "o.yaml"
    path.write_text(f"base: tutorial\npatches:\n  - {{set: \"{entry.path}\", value: 0.7}}\n"
                    f"  - {{set: \"{RULE_PARAMS['spillover_hops'].path}\", value: 3}}\n")
    scenario = load_overlay(path).scenario
    assert scenario.actor("IND").doctrine.resolve == 0.7
    assert scenario.rules.spillover_hops == 3
