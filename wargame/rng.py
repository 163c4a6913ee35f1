"""Keyed dice: every random draw comes from a stream named by (seed, turn, purpose, subject).

A draw is a pure function of its key, so adding a draw in one place never shifts
the dice anywhere else. A what-if branch therefore replays with the same luck
everywhere it did not change (common random numbers), and every roll can be
logged and shown to players.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field
from functools import lru_cache

_SCALE = 2.0**-64


_unpack = struct.Struct(">Q").unpack
_PREFIXES: dict[tuple[int, int], hashlib.blake2b] = {}


def draw(seed: int, turn: int, purpose: str, subject: str, index: int = 0) -> float:
    """Return the uniform number in [0, 1) for one key; the same key gives the same number.

    The key ``seed|turn|purpose|subject|index`` is hashed with BLAKE2b (8 bytes), read as
    a big-endian integer and scaled by 2**-64. The hash of the ``seed|turn|`` prefix is
    kept and copied (hashing is streaming, so the digest is the same as hashing the key
    in one go, at two thirds of the cost).
    """
    return draw_keyed(seed, turn, f"{purpose}|{subject}|{index}".encode())


def draw_key(purpose: str, subject: str, index: int = 0) -> bytes:
    """The part of a draw's key after ``seed|turn|``, for a caller that makes the same
    draw on many turns (:func:`draw_keyed`)."""
    return f"{purpose}|{subject}|{index}".encode()


def draw_keyed(seed: int, turn: int, key: bytes) -> float:
    """:func:`draw` of the key whose tail is ``key`` (:func:`draw_key`): the same number."""
    prefix = _PREFIXES.get((seed, turn))
    if prefix is None:
        if len(_PREFIXES) > 4096:
            _PREFIXES.clear()
        prefix = _PREFIXES[(seed, turn)] = hashlib.blake2b(f"{seed}|{turn}|".encode(),
                                                           digest_size=8)
    hasher = prefix.copy()
    hasher.update(key)
    value: int = _unpack(hasher.digest())[0]
    return value * _SCALE


@dataclass(frozen=True, slots=True)
class Roll:
    """One logged draw: its key and the value it produced."""

    turn: int
    purpose: str
    subject: str
    index: int
    value: float

    def as_dict(self) -> dict[str, object]:
        return {
            "turn": self.turn,
            "purpose": self.purpose,
            "subject": self.subject,
            "index": self.index,
            "value": round(self.value, 6),
        }


@dataclass(slots=True)
class Dice:
    """A recorder of keyed draws for one game and one turn.

    The dice hold no generator state: ``roll`` hashes its key. The recorder only
    keeps the list of rolls made so the engine can log each one.
    """

    seed: int
    turn: int
    rolls: list[Roll] = field(default_factory=list)
    keep: bool = True
    """Keep the list of rolls (False: nobody will log them)."""

    def roll(self, purpose: str, subject: str, index: int = 0) -> float:
        value = draw(self.seed, self.turn, purpose, subject, index)
        if self.keep:
            self.rolls.append(Roll(self.turn, purpose, subject, index, value))
        return value

    def chance(self, probability: float, purpose: str, subject: str, index: int = 0) -> bool:
        """True with the given probability (a roll below it)."""
        return self.roll(purpose, subject, index) < probability


# 2d6 equivalents, for showing odds to players the way tabletop games do.
_TWO_D6_AT_LEAST: dict[int, float] = {
    total: sum(1 for a in range(1, 7) for b in range(1, 7) if a + b >= total) / 36
    for total in range(2, 14)
}


@lru_cache(maxsize=4096)
def two_d6_target(probability: float) -> int:
    """The 2d6 target number N ("N or more") whose chance is closest to ``probability``."""
    return min(range(2, 13), key=lambda n: (abs(_TWO_D6_AT_LEAST[n] - probability), n))


def two_d6_roll(value: float) -> int:
    """Map a uniform roll to the 2d6 total it stands for (low values = high totals)."""
    for total in range(12, 1, -1):
        if value < _TWO_D6_AT_LEAST[total]:
            return total
    return 2


def two_d6_chance(target: int) -> float:
    """Chance of rolling ``target`` or more on 2d6."""
    return _TWO_D6_AT_LEAST[max(2, min(13, target))] if target <= 13 else 0.0
