"""Computer players by name: ``doctrine``, ``random``, ``hold`` and ``lookahead[-DIFFICULTY]``.

A *player spec* is the text a seat, ``wargame play --difficulty`` or a benchmark
names a player by; :func:`player` turns it into a runner policy
``(scenario, state, actor, seed) -> OrderSheet``. A difficulty on its own
(``cautious``, ``expert``, ``hawkish-novice``) means the lookahead player at that
difficulty. ``allow_levers=False`` gives the players of experiments, which leave
policy levers to the treatments.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from wargame.ai.doctrine import choose_orders
from wargame.ai.lookahead import LEVELS, STYLES, Difficulty, LookaheadPlayer
from wargame.orders import Order, OrderSheet
from wargame.rules.legality import legal_orders
from wargame.scenario import models as m
from wargame.state import GameState

BASELINES = ("doctrine", "random", "hold")


@dataclass(frozen=True, slots=True)
class DoctrinePlayer:
    """Today's one-step doctrine heuristic (:func:`wargame.ai.doctrine.choose_orders`)."""

    allow_levers: bool = True

    def __call__(self, scenario: m.Scenario, state: GameState, actor: str,
                 seed: int) -> OrderSheet:
        return choose_orders(scenario, state, actor, seed, allow_levers=self.allow_levers)


@dataclass(frozen=True, slots=True)
class HoldPlayer:
    """Never orders anything: the always-hold baseline."""

    def __call__(self, scenario: m.Scenario, state: GameState, actor: str,
                 seed: int) -> OrderSheet:
        return OrderSheet(actor, (), (), ("always holds",))


@dataclass(frozen=True, slots=True)
class RandomPlayer:
    """Up to the order limit of legal orders picked at random (its own keyed stream, so it
    shifts no dice of the game), skipping any it cannot afford beside the others."""

    allow_levers: bool = True

    def __call__(self, scenario: m.Scenario, state: GameState, actor: str,
                 seed: int) -> OrderSheet:
        key = f"random-player|{seed}|{actor}|{state.turn}"
        rng = random.Random(int.from_bytes(
            hashlib.blake2b(key.encode(), digest_size=8).digest(), "big"))
        menu = [o for o in legal_orders(scenario, state, actor)
                if self.allow_levers or scenario.move(o.move).lever is None]
        rng.shuffle(menu)
        wanted = rng.randint(0, scenario.metadata.orders_per_turn)
        budget = state.variables[actor].get("resources", float("inf"))
        picked: list[Order] = []
        for order in menu:
            if len(picked) >= wanted:
                break
            cost = scenario.move(order.move).cost.resources
            if cost <= budget + 1e-9:
                budget -= cost
                picked.append(order)
        return OrderSheet(actor, tuple(picked), (), ("picks at random",))


def player(spec: str, *, allow_levers: bool = True) -> (
        DoctrinePlayer | HoldPlayer | RandomPlayer | LookaheadPlayer):
    """The policy a spec names; raises ``ValueError`` with the choices for a bad one."""
    text = spec.strip().lower()
    if text == "doctrine":
        return DoctrinePlayer(allow_levers)
    if text == "random":
        return RandomPlayer(allow_levers)
    if text == "hold":
        return HoldPlayer()
    rest = text.removeprefix("lookahead").lstrip("-:")
    if text.startswith("lookahead") or rest.split("-")[0] in (*STYLES, *LEVELS):
        try:
            difficulty = Difficulty.parse(rest) if rest else Difficulty.parse("balanced")
        except ValueError as exc:
            raise ValueError(f"player {spec!r}: {exc}") from None
        return LookaheadPlayer(difficulty, allow_levers)
    raise ValueError(f"unknown player {spec!r}: use {', '.join(BASELINES)}, lookahead, or a "
                     f"difficulty STYLE-LEVEL (styles: {', '.join(STYLES)}; levels: "
                     f"{', '.join(LEVELS)})")


def player_label(spec: str) -> str:
    """The canonical name of a spec (``expert`` -> ``lookahead-balanced-expert``)."""
    policy = player(spec)
    if isinstance(policy, LookaheadPlayer):
        return f"lookahead-{policy.difficulty.label}"
    return spec.strip().lower()
