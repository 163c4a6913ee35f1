"""Memory of a game grows linearly with its length (issue 12: it grew with the square).

Every command keeps an undo record; each used to hold its own copy of the whole
log. The test measures (tracemalloc) what replaying the first half and the whole
of one game allocates and keeps: linear growth gives a ratio near 2, the old
quadratic growth about 3 for this game.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from wargame.journal import read_journal
from wargame.scenario.models import Scenario
from wargame.session import Session


def _kept(contents: object, upto: int) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        session = Session.from_contents(contents, source="m", upto=upto)  # type: ignore[arg-type]
        gc.collect()
        size = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert session.commands
    return size


def test_replay_memory_is_linear_in_the_number_of_commands(tutorial: Scenario,
                                                           tmp_path: Path) -> None:
    save = tmp_path / "long.wgsave"
    session = Session.create(tutorial, seed=8, turns=60, path=save)
    while not session.ended:
        for _ in range(3):
            session.note("a note " * 5)
        session.fill_computer_orders()
        session.end_turn()
    session.close()
    contents = read_journal(save)
    total = len(contents.commands)
    base = _kept(contents, 1)
    half = _kept(contents, total // 2) - base
    full = _kept(contents, total) - base
    print(f"half {half} B, full {full} B")
    assert full / half < 2.6, f"half {half} B, full {full} B: ratio {full / half:.2f}"
