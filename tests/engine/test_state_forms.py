"""The state's frozen and hashed forms: the fast paths give exactly the general forms."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.scenario.models import Scenario
from wargame.state import GameState, _plain, _plain_any

leaves = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(),
                   st.booleans(), st.none(), st.text(max_size=3))
keys = st.one_of(st.text(max_size=3), st.integers(0, 5))
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.lists(inner, max_size=4).map(tuple),
    st.frozensets(st.integers(0, 9), max_size=4),
    st.dictionaries(keys, inner, max_size=4),
    st.dictionaries(st.text(max_size=3), inner, max_size=4).map(MappingProxyType),
), max_leaves=12)


def _general(value: Any) -> Any:
    """The general plain form applied all the way down (no fast path anywhere)."""
    if isinstance(value, dict | MappingProxyType):
        return {str(k): _general(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | frozenset | set):
        return [_general(v) for v in value]
    return _plain_any(value)


@given(values)
def test_plain_form_matches_the_general_form(value: Any) -> None:
    fast, general = _plain(value), _general(value)
    assert fast == general
    assert repr(fast) == repr(general)  # same key order, -0.0 made 0.0, same types


def test_freezing_a_thawed_state_keeps_its_hash_and_makes_floats(
        tutorial: Scenario, start: GameState) -> None:
    draft = start.thaw()
    draft.variables["PAK"]["capability"] = 7  # an int, as a scenario file may give
    draft.rivalries["IND-PAK"].tension["IND"] = 12
    frozen = draft.freeze()
    assert type(frozen.variables["PAK"]["capability"]) is float
    assert type(frozen.rivalries["IND-PAK"].tension["IND"]) is float
    assert frozen.thaw().freeze().state_hash() == frozen.state_hash()
    with pytest.raises(TypeError):
        frozen.variables["PAK"]["capability"] = 1.0  # type: ignore[index]
    with pytest.raises(TypeError):
        frozen.beliefs["PAK"]["IND"] = 0.9  # type: ignore[index]
