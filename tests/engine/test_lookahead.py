"""Lookahead players: difficulty specs, determinism, legality, scoring, and that a decision
reads only the actor's information set (never what its view hides)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.ai.doctrine import choose_orders
from wargame.ai.information import information_set, sample_world
from wargame.ai.lookahead import (
    LEVELS,
    STYLES,
    Difficulty,
    LookaheadPlayer,
    candidates,
    difficulty_labels,
    judgeable,
    objective_gain,
    objective_value,
    soft_holds,
    styled_scenario,
    value,
)
from wargame.ai.players import HoldPlayer, RandomPlayer, player, player_label
from wargame.engine import new_game
from wargame.orders import Order
from wargame.rules.legality import check_sheet, legal_orders
from wargame.runner import doctrine_without_levers, play_turn, run_game, seated
from wargame.scenario import models as m
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Scenario
from wargame.state import ActiveEffect, GameState, RivalryState

ROOT = Path(__file__).resolve().parents[2]
NOVICE = LookaheadPlayer(Difficulty.parse("balanced-novice"), allow_levers=False,
                         time_budget=math.inf)


@pytest.fixture(scope="module")
def afghanistan() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "afghanistan-2022.yaml")


def _game_at(scenario: Scenario, seed: int, turns_played: int) -> GameState:
    state = new_game(scenario, seed, scenario.metadata.default_turns).state
    for _ in range(turns_played):
        state = play_turn(scenario, state, seed).state
    return state


# --------------------------------------------------------------------------- difficulty


def test_difficulty_specs() -> None:
    assert Difficulty.parse("hawkish-expert").label == "hawkish-expert"
    assert Difficulty.parse("expert-hawkish").label == "hawkish-expert"
    assert Difficulty.parse("cautious").label == "cautious-standard"
    assert Difficulty.parse("novice").label == "balanced-novice"
    assert len(difficulty_labels()) == len(STYLES) * len(LEVELS) == 9
    for bad in ("", "reckless", "novice-expert", "a-b-c"):
        with pytest.raises(ValueError, match="difficulty"):
            Difficulty.parse(bad)
    assert player_label("expert") == "lookahead-balanced-expert"
    assert player_label("lookahead") == "lookahead-balanced-standard"
    with pytest.raises(ValueError, match="unknown player 'smart'"):
        player("smart")


def test_levels_think_harder() -> None:
    novice, standard, expert = LEVELS["novice"], LEVELS["standard"], LEVELS["expert"]
    for a, b in ((novice, standard), (standard, expert)):
        assert a.worlds < b.worlds and a.horizon < b.horizon and a.time_budget < b.time_budget


def test_styled_scenario_shifts_only_that_actor(afghanistan: Scenario) -> None:
    hawk = styled_scenario(afghanistan, "USA", STYLES["hawkish"])
    base = afghanistan.actor("USA").doctrine.risk_appetite
    assert hawk.actor("USA").doctrine.risk_appetite == pytest.approx(min(1.0, base + 0.25))
    restraint = afghanistan.actor("USA").doctrine.restraint
    assert hawk.actor("USA").doctrine.restraint == pytest.approx(max(0.0, restraint - 0.2))
    assert hawk.actor("PAK").doctrine == afghanistan.actor("PAK").doctrine
    assert styled_scenario(afghanistan, "USA", STYLES["balanced"]) is afghanistan
    assert styled_scenario(afghanistan, "USA", STYLES["hawkish"]) is hawk


def test_moves_gated_by_hidden_quantities_are_not_judgeable(afghanistan: Scenario) -> None:
    # requires {flag: india_engaged}: a flag is for the facilitator's eyes only
    assert not judgeable(afghanistan, "IND", "in_ct_cooperation")
    # requires FAT's capability: another actor's variable
    fund = next(mv.id for mv in afghanistan.moves if mv.name.startswith("Fund and train"))
    assert not judgeable(afghanistan, "IRN", fund)
    # requires the actor's own capability, or a rung: judgeable from its own picture
    own = [mv.id for mv in afghanistan.moves if mv.requires is not None
           and "'actor': 'self'" in str(mv.requires.model_dump())
           and "flag" not in str(mv.requires.model_dump())]
    assert own and all(judgeable(afghanistan, afghanistan.move(m).actors[0], m) for m in own)


# --------------------------------------------------------------------------- scoring


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_value_counts_objectives_as_they_would_score(afghanistan: Scenario) -> None:
    """USA: terror <= 5 (3 points, partial credit from 6), nuclear risk <= 3 (3),
    humanitarian >= 3.5 (2, partial credit from 2.5), all at the end. In an open turn with
    terror at 4, nuclear risk at 1 and humanitarian at 2 the margins are +1, +2 and -1.5:
    terror is met, so its credit (1) beats the logistic L(1); nuclear risk, with no partial
    credit, counts L(2); humanitarian earns no credit below 2.5, so it counts L(-1.5). The
    value is 3 + 3 L(2) + 2 L(-1.5) = 6.01; with humanitarian at 3 (credit 0.5 against
    L(-0.5) = 0.38) it is 3 + 3 L(2) + 1 = 6.64. A cautious player pays 0.5 per rung its
    rivalries rose; an ended game counts the points it scored."""
    state = _game_at(afghanistan, 1, 0)
    info = information_set(afghanistan, state, "USA")
    end = replace(state, indicators=MappingProxyType(
        {**state.indicators, "terrorism_threat": 4.0, "nuclear_risk": 1.0, "humanitarian": 2.0}))
    expected = 3 + 3 * _logistic(2) + 2 * _logistic(-1.5)
    assert value(afghanistan, info, state, end, STYLES["balanced"]) == pytest.approx(expected)
    assert expected == pytest.approx(6.0072, abs=1e-4)
    better = replace(end, indicators=MappingProxyType({**end.indicators, "humanitarian": 3.0}))
    assert value(afghanistan, info, state, better, STYLES["balanced"]) == pytest.approx(
        3 + 3 * _logistic(2) + 2 * 0.5)
    usa_rivalry = afghanistan.rivalries_of("USA")[0].id
    risen = replace(end, rivalries=MappingProxyType({
        **end.rivalries, usa_rivalry: replace(end.rivalries[usa_rivalry],
                                              rung=end.rivalries[usa_rivalry].rung + 2)}))
    assert value(afghanistan, info, state, risen, STYLES["cautious"]) == pytest.approx(
        expected - 2 * 0.5)
    ended = replace(end, phase="ended", objective_points=MappingProxyType(
        {**end.objective_points, "USA": 3.0}))
    assert value(afghanistan, info, state, ended, STYLES["balanced"]) == 3.0


def test_soft_holds_of_rungs_and_compounds(afghanistan: Scenario) -> None:
    """A rung met exactly counts half a rung inside: rung_at_most 4 at rung 4 is L(0.5),
    at rung 5 L(-0.5); 'all' takes the least, 'not' the complement."""
    state = _game_at(afghanistan, 1, 0)
    at = {"IND-PAK": 4}
    four = replace(state, rivalries=MappingProxyType({**state.rivalries, "IND-PAK": replace(
        state.rivalries["IND-PAK"], rung=at["IND-PAK"])}))
    five = replace(four, rivalries=MappingProxyType({**four.rivalries, "IND-PAK": replace(
        four.rivalries["IND-PAK"], rung=5)}))
    cond = m.RungAtMost(rung_at_most=m.RungBound(rivalry="IND-PAK", rung=4))
    assert soft_holds(cond, afghanistan, four, "PAK") == pytest.approx(_logistic(0.5))
    assert soft_holds(cond, afghanistan, five, "PAK") == pytest.approx(_logistic(-0.5))
    both = m.AllOf(all=(cond, m.NotCond(not_=cond)))
    assert soft_holds(both, afghanistan, four, "PAK") == pytest.approx(1 - _logistic(0.5))


def test_objective_gain_applies_the_move_in_full(afghanistan: Scenario) -> None:
    """Russia's Moscow-Taliban channel adds 0.3 to its influence (goal: 7 or more, 3 points)
    and takes 0.1 off US influence (goal: 3 or below, 2 points); its rung (0) leaves the
    Central Asia ladder (goal: rung 3 or below) alone. So its gain over the value now is
    3 [L(i + 0.3 - 7) - L(i - 7)] + 2 [L(3 - u + 0.1) - L(3 - u)] for influence i and US
    influence u, and the world it is judged on is left as it was."""
    state = _game_at(afghanistan, 1, 0)
    i, u = state.variables["RUS"]["influence"], state.indicators["us_influence"]
    order = Order("RUS", "ru_taliban_channel", "TAL")
    expected = 3 * (_logistic(i + 0.3 - 7) - _logistic(i - 7)) + \
        2 * (_logistic(3 - u + 0.1) - _logistic(3 - u))
    before = objective_value(afghanistan, state, "RUS")
    assert objective_gain(afghanistan, state, order) - before == pytest.approx(expected)
    assert expected > 0.05
    assert objective_value(afghanistan, state, "RUS") == before


def test_objective_gain_of_a_climb_reads_its_rung(afghanistan: Scenario) -> None:
    """A climb counts at the move's rung: China's goal is the Himalayan border at rung 4 or
    below (2 points), so a rung-5 move there from rung r costs 2 [L(-0.5) - L(4.5 - r)]
    on that goal, whatever else its effects do."""
    state = _game_at(afghanistan, 1, 0)
    climbs = [mv for mv in afghanistan.moves if "CHN" in mv.actors and mv.rung == 5 and
              "IND" in mv.targets]
    assert climbs, "the scenario has a rung-5 Chinese move against India"
    move = climbs[0]
    r = state.rivalries["CHN-IND"].rung
    bare = move.model_copy(update={"effects": ()})
    scenario = afghanistan.model_copy(update={"moves": tuple(
        bare if mv.id == move.id else mv for mv in afghanistan.moves)})
    gain = objective_gain(scenario, state, Order("CHN", move.id, "IND")) - \
        objective_value(scenario, state, "CHN")
    assert gain == pytest.approx(2 * (_logistic(-0.5) - _logistic(4.5 - r)))


def test_candidates_include_what_serves_the_objectives(afghanistan: Scenario) -> None:
    """Besides doctrine's sheet, holding and doctrine's best singles, the orders that do most
    for the actor's objectives are weighed: Russia's best such order on the opening turn is
    among its candidates."""
    state = _game_at(afghanistan, 1, 0)
    world = sample_world(afghanistan, information_set(afghanistan, state, "RUS"))
    now = objective_value(afghanistan, world, "RUS")
    best = max(legal_orders(afghanistan, world, "RUS"),
               key=lambda o: objective_gain(afghanistan, world, o) - now)
    sheets = candidates(afghanistan, afghanistan, world, "RUS", 1, 2, True)
    assert any(sheet.orders == (best,) for sheet in sheets)
    assert len({frozenset(s.orders) for s in sheets}) == len(sheets)


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_game_and_the_games_dice_untouched(afghanistan: Scenario) -> None:
    policy = seated({"PAK": NOVICE})
    a = run_game(afghanistan, 5, 3, policy=policy).final
    b = run_game(afghanistan, 5, 3, policy=policy).final
    assert a.state_hash() == b.state_hash()
    # the lookahead's sampling never draws from the game's dice: doctrine decides the same
    # on a state whatever lookahead ran before
    state = _game_at(afghanistan, 5, 1)
    before = choose_orders(afghanistan, state, "IND", 5, allow_levers=False)
    NOVICE(afghanistan, state, "PAK", 5)
    assert choose_orders(afghanistan, state, "IND", 5, allow_levers=False) == before


def test_lookahead_sheets_are_legal_in_the_real_game(afghanistan: Scenario) -> None:
    for seed in range(3):
        state = _game_at(afghanistan, seed, seed)
        for actor in ("USA", "IND", "IRN", "TAL"):
            check_sheet(afghanistan, state, NOVICE(afghanistan, state, actor, seed))


def test_explains_its_choice(afghanistan: Scenario) -> None:
    decision = NOVICE.decide(afghanistan, _game_at(afghanistan, 2, 1), "IND", 2)
    assert decision.sheet.reasons[0].startswith("lookahead balanced-novice: ")
    assert decision.worlds == LEVELS["novice"].worlds and not decision.cut_short
    assert len(decision.utilities) == len(decision.candidates) >= 2


def test_time_budget_stops_sampling_after_one_world(afghanistan: Scenario) -> None:
    """A clock that moves 10 s per reading: after the first world, another would overrun
    the 1 s budget, so the decision stops there (and says so)."""
    ticks = iter(range(0, 10_000, 10))
    from wargame.ai.lookahead import decide
    info = information_set(afghanistan, _game_at(afghanistan, 2, 0), "IND")
    decision = decide(afghanistan, info, 2, Difficulty.parse("expert"), time_budget=1.0,
                      clock=lambda: float(next(ticks)))
    assert decision.worlds == 1 and decision.cut_short


def test_time_budget_foresees_the_next_world(afghanistan: Scenario,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Worlds taking 0.4 s each under a 1 s budget: two fit (0.8 s), a third would end at
    1.2 s, so two are sampled although 0.8 s is still within the budget."""
    import wargame.ai.lookahead as la

    info = information_set(afghanistan, _game_at(afghanistan, 2, 0), "IND")
    now = [0.0]
    real = la.sample_world

    def slow_world(*args: Any) -> GameState:
        if len(args) == 3:  # a sampled world (not the most likely one)
            now[0] += 0.4
        return real(*args)

    monkeypatch.setattr(la, "sample_world", slow_world)
    decision = la.decide(afghanistan, info, 2, Difficulty.parse("expert"), time_budget=1.0,
                         clock=lambda: now[0])
    assert decision.worlds == 2 and decision.cut_short


# --------------------------------------------------------------------------- baselines


def test_hold_and_random_players(afghanistan: Scenario) -> None:
    state = _game_at(afghanistan, 3, 1)
    assert HoldPlayer()(afghanistan, state, "USA", 3).orders == ()
    rand = RandomPlayer(allow_levers=False)
    sheets = [rand(afghanistan, state, "USA", s) for s in range(20)]
    for sheet in sheets:
        check_sheet(afghanistan, state, sheet)
        assert all(afghanistan.move(o.move).lever is None for o in sheet.orders)
    assert len({sh.orders for sh in sheets}) > 3
    assert rand(afghanistan, state, "USA", 7) == sheets[7]


def test_seated_gives_each_seat_its_player(afghanistan: Scenario) -> None:
    state = _game_at(afghanistan, 4, 0)
    policy = seated({"USA": HoldPlayer()})
    assert policy(afghanistan, state, "USA", 4).orders == ()
    assert policy(afghanistan, state, "PAK", 4) == doctrine_without_levers(
        afghanistan, state, "PAK", 4)


# --------------------------------------------------------------------------- information only


def _hidden_variant(scenario: Scenario, state: GameState, actor: str,
                    data: st.DataObject) -> GameState:
    """``state`` with everything the actor's view hides redrawn by hypothesis."""
    num = st.floats(0, 10, allow_nan=False)
    others = [a.id for a in scenario.actors if a.id != actor]
    variables = {a: (dict(v) if a == actor else {k: data.draw(num) for k in v})
                 for a, v in state.variables.items()}
    beliefs = {a: (dict(b) if a == actor else {k: data.draw(st.floats(0, 1)) for k in b})
               for a, b in state.beliefs.items()}
    perceived = {a: (dict(p) if a == actor else {k: data.draw(st.integers(0, 9)) for k in p})
                 for a, p in state.perceived.items()}
    own = {r.id for r in scenario.rivalries_of(actor)}
    rivalries: dict[str, RivalryState] = {}
    for rid, riv in state.rivalries.items():
        changed = replace(
            riv, tension=MappingProxyType({k: data.draw(num) * 5 for k in riv.tension}),
            pressure=data.draw(num), grievance=data.draw(num), credit=data.draw(st.integers(0, 3)),
            history=tuple(data.draw(st.integers(0, 8)) for _ in riv.history),
            tension_history=tuple(data.draw(num) for _ in riv.tension_history),
            peak=data.draw(st.integers(0, 9)))
        if not riv.terminal:
            changed = replace(changed, rung=data.draw(st.integers(riv.public_rung, 8)))
        if rid not in own:
            changed = replace(changed, channel=data.draw(st.booleans()),
                              deescalation=MappingProxyType(
                                  {s: data.draw(st.integers(1, 12)) for s in riv.tension
                                   if data.draw(st.booleans())}))
        rivalries[rid] = changed
    hidden_events = [e.id for e in scenario.events
                     if e.audience != "public" and actor not in e.audience]
    quiet = [a for a in others if a not in state.signals.get(actor, {})]
    signals = {s: dict(v) for s, v in state.signals.items()}
    for sender in quiet[:3]:
        toward = data.draw(st.sampled_from([o for o in others if o != sender]))
        signals.setdefault(sender, {})[toward] = data.draw(st.integers(0, 9))
    return replace(
        state, variables=MappingProxyType(variables), beliefs=MappingProxyType(beliefs),
        perceived=MappingProxyType(perceived), rivalries=MappingProxyType(rivalries),
        signals=MappingProxyType(signals),
        control=MappingProxyType({k: data.draw(st.floats(0, 1)) for k in state.control}),
        flags=frozenset(data.draw(st.sets(st.sampled_from(
            ["india_engaged", "pak_licence", "fatemiyoun_mobilised", "anything"])))),
        fired_events=state.fired_events | frozenset(
            data.draw(st.sets(st.sampled_from(hidden_events))) if hidden_events else ()),
        active_effects=(*state.active_effects, ActiveEffect("x", others[0], None, None, 1.0, 2)),
        objective_points=MappingProxyType({a: (p if a == actor else data.draw(num))
                                           for a, p in state.objective_points.items()}),
        escalation_scores=MappingProxyType({a: tuple(data.draw(num) for _ in v)
                                            for a, v in state.escalation_scores.items()}))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(seed=st.integers(0, 10_000), played=st.integers(0, 3),
       actor=st.sampled_from(["USA", "PAK", "IND", "IRN", "TAL"]), data=st.data())
def test_states_differing_only_in_hidden_things_give_the_same_decision(
        afghanistan: Scenario, seed: int, played: int, actor: str, data: st.DataObject) -> None:
    state = _game_at(afghanistan, seed, played)
    variant = _hidden_variant(afghanistan, state, actor, data)
    assert information_set(afghanistan, variant, actor) == information_set(
        afghanistan, state, actor)
    assert NOVICE(afghanistan, variant, actor, seed) == NOVICE(afghanistan, state, actor, seed)


def test_what_the_actor_may_know_does_reach_the_information_set(afghanistan: Scenario) -> None:
    """The test above could not fail if the information set ignored everything: a change
    the actor may see (its own resources, a public rung, an indicator) shows in it."""
    state = _game_at(afghanistan, 1, 1)
    base = information_set(afghanistan, state, "USA")
    rid = afghanistan.rivalries[0].id
    seen = [
        replace(state, variables=MappingProxyType({**state.variables, "USA": MappingProxyType(
            {**state.variables["USA"], "resources": 0.5})})),
        replace(state, rivalries=MappingProxyType({**state.rivalries, rid: replace(
            state.rivalries[rid], public_rung=state.rivalries[rid].public_rung + 1)})),
        replace(state, indicators=MappingProxyType({**state.indicators, "nuclear_risk": 9.0})),
    ]
    for changed in seen:
        assert information_set(afghanistan, changed, "USA") != base


# --------------------------------------------------------------------------- the guard


class HiddenRead(AssertionError):
    """A player read a field of the game state that its view hides."""


class _Guarded(Mapping[str, Any]):
    """A mapping that answers only for ``allowed`` keys (wrapped by ``inner``)."""

    def __init__(self, name: str, real: Mapping[str, Any], allowed: set[str],
                 inner: Any = None) -> None:
        self._name, self._real, self._allowed, self._inner = name, real, allowed, inner

    def __getitem__(self, key: str) -> Any:
        if key not in self._allowed:
            raise HiddenRead(f"{self._name}[{key!r}]")
        return self._real[key]

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._allowed:
            return self._real.get(key, default)
        if self._inner is not None:
            return self._inner(key, self._real.get(key, {}))
        raise HiddenRead(f"{self._name}.get({key!r})")

    def __iter__(self) -> Iterator[str]:
        raise HiddenRead(f"iterating {self._name}")

    def __len__(self) -> int:
        raise HiddenRead(f"len({self._name})")

    def __contains__(self, key: object) -> bool:
        raise HiddenRead(f"'in' {self._name}")


class _Forbidden:
    """A field that may not be read at all."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        raise HiddenRead(f"{self._name}.{attr}")

    def __iter__(self) -> Iterator[Any]:
        raise HiddenRead(f"iterating {self._name}")

    def __contains__(self, item: object) -> bool:
        raise HiddenRead(f"'in' {self._name}")

    def __len__(self) -> int:
        raise HiddenRead(f"len({self._name})")


class _Events:
    """A set of names (fired events, flags): may be asked only about the names the actor
    could have seen happen."""

    def __init__(self, real: frozenset[str], visible: set[str],
                 name: str = "fired_events") -> None:
        self._real, self._visible, self._name = real, visible, name

    def __contains__(self, item: object) -> bool:
        if item not in self._visible:
            raise HiddenRead(f"{self._name}: {item!r}")
        return item in self._real

    def __iter__(self) -> Iterator[str]:
        raise HiddenRead(f"iterating {self._name}")


PUBLIC_RIVALRY = {"public_rung", "public_history", "terminal"}
SIDES_ONLY = {"channel", "deescalation"}


class _Rivalry:
    def __init__(self, rid: str, real: RivalryState, mine: bool) -> None:
        self._rid, self._real, self._mine = rid, real, mine

    def __getattr__(self, attr: str) -> Any:
        if attr in PUBLIC_RIVALRY or (self._mine and attr in SIDES_ONLY):
            return getattr(self._real, attr)
        raise HiddenRead(f"rivalries[{self._rid!r}].{attr}")


def guarded_state(scenario: Scenario, state: GameState, actor: str) -> GameState:
    """``state`` as seen through a guard: reading anything ``actor``'s view hides raises."""
    me = {actor}
    own = {r.id for r in scenario.rivalries_of(actor)}
    visible = {e.id for e in scenario.events if e.audience == "public" or actor in e.audience}

    def toward_me(sender: str, real: Mapping[str, int]) -> _Guarded:
        return _Guarded(f"signals[{sender!r}]", real, me)

    return replace(
        state,
        variables=_Guarded("variables", state.variables, me),
        beliefs=_Guarded("beliefs", state.beliefs, me),
        perceived=_Guarded("perceived", state.perceived, me),
        objective_points=_Guarded("objective_points", state.objective_points, me),
        signals=_Guarded("signals", state.signals, me, inner=toward_me),
        rivalries=MappingProxyType({rid: _Rivalry(rid, riv, rid in own)  # type: ignore[misc]
                                    for rid, riv in state.rivalries.items()}),
        control=_Forbidden("control"), flags=_Forbidden("flags"),  # type: ignore[arg-type]
        fired_events=_Events(state.fired_events, visible),  # type: ignore[arg-type]
        active_effects=_Forbidden("active_effects"),  # type: ignore[arg-type]
        escalation_scores=_Forbidden("escalation_scores"))  # type: ignore[arg-type]


def test_the_guard_catches_a_player_that_peeks(afghanistan: Scenario) -> None:
    """Doctrine reads the true state (red lines, others' quantities, legality on the whole
    state), so on a guarded state it trips the guard: the guard can fail."""
    state = guarded_state(afghanistan, _game_at(afghanistan, 1, 1), "PAK")
    with pytest.raises(HiddenRead):
        choose_orders(afghanistan, state, "PAK", 1)
    with pytest.raises(HiddenRead):
        _ = state.flags.issubset  # type: ignore[union-attr]
    with pytest.raises(HiddenRead):
        _ = state.rivalries[afghanistan.rivalries[0].id].rung


@pytest.mark.parametrize("actor", ["USA", "PAK", "IRN", "TAL"])
@pytest.mark.parametrize("seed,played", [(1, 0), (8, 2)])
def test_lookahead_decides_on_a_guarded_state(afghanistan: Scenario, actor: str, seed: int,
                                              played: int) -> None:
    """The lookahead player decides on a state whose hidden fields refuse to be read, and
    decides as on the open state."""
    state = _game_at(afghanistan, seed, played)
    guarded = guarded_state(afghanistan, state, actor)
    assert NOVICE(afghanistan, guarded, actor, seed) == NOVICE(afghanistan, state, actor, seed)


def test_sampled_worlds_agree_with_the_picture(afghanistan: Scenario) -> None:
    import random

    state = _game_at(afghanistan, 6, 2)
    info = information_set(afghanistan, state, "IND")
    for k in range(5):
        world = sample_world(afghanistan, info, random.Random(k))
        assert information_set(afghanistan, world, "IND") == info


def test_departs_from_doctrine_only_when_confident() -> None:
    """Gains over doctrine of +1 and -0.1 in two worlds: mean 0.45, standard error 0.55, so
    doctrine stays; gains of +0.5 and +0.4: mean 0.45, standard error 0.05, so it departs."""
    from wargame.ai.lookahead import _best

    doctrine = [1.0, 1.0]
    assert _best([doctrine, [2.0, 0.9]], [1.0, 1.45]) == 0
    assert _best([doctrine, [1.5, 1.4]], [1.0, 1.45]) == 1
    assert _best([doctrine, [1.5, 1.4], [0.0, 0.0]], [1.0, 1.45, 0.0]) == 1
    assert _best([doctrine, [1.0, 1.0]], [1.0, 1.0]) == 0  # a tie keeps doctrine
