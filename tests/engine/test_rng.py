"""Keyed dice: reproducible, independent streams; 2d6 equivalents."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.rng import Dice, draw, two_d6_chance, two_d6_roll, two_d6_target


def test_same_key_same_value_and_keys_are_independent() -> None:
    assert draw(7, 3, "adjudication", "PAK#0") == draw(7, 3, "adjudication", "PAK#0")
    values = {draw(7, 3, "adjudication", s) for s in ("PAK#0", "PAK#1", "IND#0")}
    assert len(values) == 3
    assert draw(7, 3, "adjudication", "PAK#0") != draw(8, 3, "adjudication", "PAK#0")
    assert draw(7, 3, "adjudication", "PAK#0") != draw(7, 4, "adjudication", "PAK#0")


def test_extra_draw_does_not_shift_other_streams() -> None:
    a = Dice(5, 1)
    first = a.roll("misread", "PAK:IND-PAK")
    b = Dice(5, 1)
    b.roll("attribution", "TTP#0:PAK")  # an extra draw elsewhere
    assert b.roll("misread", "PAK:IND-PAK") == first
    assert len(b.rolls) == 2 and b.rolls[1].value == first


def test_draws_are_roughly_uniform() -> None:
    values = [draw(1, 1, "u", str(i)) for i in range(20000)]
    assert all(0.0 <= v < 1.0 for v in values)
    assert abs(sum(values) / len(values) - 0.5) < 0.01
    assert abs(sum(v < 0.1 for v in values) / len(values) - 0.1) < 0.01


@pytest.mark.parametrize(
    ("target", "chance"),
    [(2, 36 / 36), (7, 21 / 36), (8, 15 / 36), (10, 6 / 36), (12, 1 / 36)],
)
def test_two_d6_chances_hand_computed(target: int, chance: float) -> None:
    assert two_d6_chance(target) == pytest.approx(chance)


def test_two_d6_target_and_roll() -> None:
    assert two_d6_target(0.58) == 7  # 21/36 = 58.3 %
    assert two_d6_target(0.42) == 8  # 15/36 = 41.7 %
    assert two_d6_target(0.93) == 4  # 33/36 = 91.7 %
    assert two_d6_roll(0.0) == 12
    assert two_d6_roll(0.5) == 7  # P(>=8) = 0.417 <= 0.5 < P(>=7) = 0.583
    assert two_d6_roll(0.999) == 2


@given(seed=st.integers(-2**63, 2**63), turn=st.integers(0, 200),
       purpose=st.text(max_size=12), subject=st.text(max_size=24), index=st.integers(0, 9))
def test_draw_is_blake2b_of_the_whole_key(seed: int, turn: int, purpose: str, subject: str,
                                          index: int) -> None:
    """The kept prefix hash gives the digest of hashing the key in one go, every time."""
    key = f"{seed}|{turn}|{purpose}|{subject}|{index}".encode()
    expected = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") * 2.0**-64
    assert draw(seed, turn, purpose, subject, index) == expected
    assert draw(seed, turn, purpose, subject, index) == expected  # from the kept prefix
