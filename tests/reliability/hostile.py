"""Hostile strings and a hostile game: text that has broken report renderers before.

:data:`HOSTILE` maps a short name to a string a player, facilitator or scenario
author could type (or paste): a 10,000-character word, right-to-left and
zero-width marks, combining characters, markup and script, spreadsheet formula
injection, NUL and other control characters, a very long line, emoji.
:func:`hostile_scenario` writes a copy of a bundled scenario whose names and texts
(actor, rivalry, move, event, objective names) carry one of them;
:func:`play_hostile_game` plays a short game that puts it in every text a session
records (team names, notes, bookmarks, injects, order rationales, ruling reasons).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from wargame.ai.doctrine import choose_orders
from wargame.orders import Inject, OrderSheet, Outcome, Ruling, RulingKind
from wargame.scenario.models import Scenario
from wargame.session import Seat, Session

#: The scenario format's own bounds (wargame/scenario/models.py): longer texts are refused
#: with a clear error, so a hostile scenario is cut to them; names have no bound.
TITLE_LIMIT, TEXT_LIMIT = 200, 4000
CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\n") + "\x7f\x85\u2028\u2029"

HOSTILE: dict[str, str] = {
    "long_word": "W" * 10_000,
    "long_line": " ".join(["word"] * 4_000),
    "rtl": "\u202eevil\u202c \u200fשלום\u200f مرحبا \u2067isolate\u2069",
    "zero_width": "zero\u200bwidth\u200c\u200djoin\ufeffbom\u2060",
    "combining": "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357" * 40 + "e\u0301\u0301\u0301",
    "markup": "<script>alert(1)</script> **b** | <img src=x onerror=y> ](javascript:z) &amp;",
    "formula": "=cmd|' /C calc'!A0",
    "formula_plus": "+1+cmd|' /C calc'!A0;@SUM(1)-2",
    "nul_control": "nul\x00bell\x07esc\x1b[31mred\x1b[0m\x08back\rcr\x0cff\x0bvt" + CONTROL,
    "emoji": "🏳️‍🌈👩🏽‍🚀🇵🇰🇮🇳 \U0001f9ea\ufe0f",
    "surrogate_like": "\ufffd\uffff\U0010ffff",
}


def _name(text: str, suffix: str) -> str:
    """A hostile name kept distinct per item (scenarios reject duplicate names nowhere,
    but distinct names make a leak between items visible)."""
    return f"{text} {suffix}"


def hostile_scenario(source: Path, text: str, folder: Path) -> Path:
    """A copy of ``source`` (with its map folder) whose names and texts carry ``text``."""
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["metadata"]["title"] = _name(text, "title")[:TITLE_LIMIT]
    for key, field in (("actors", "name"), ("rivalries", "name"), ("moves", "name"),
                       ("events", "title"), ("events", "text"), ("objectives", "description"),
                       ("indicators", "name"), ("variables", "name")):
        for item in data.get(key) or ():
            limit = TEXT_LIMIT if field == "text" else None
            item[field] = _name(text, str(item["id"]))[:limit]
    for actor in data.get("actors") or ():
        if isinstance(actor.get("doctrine"), dict):
            actor["doctrine"]["summary"] = _name(text, "doctrine")[:TEXT_LIMIT]
    shutil.copytree(source.parent / "maps", folder / "maps", dirs_exist_ok=True)
    path = folder / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def play_hostile_game(scenario: Scenario, text: str, path: Path, *, turns: int = 3,
                      seed: int = 7) -> Path:
    """Play ``turns`` turns with ``text`` in every text the session records; close the save."""
    actors = [a.id for a in scenario.actors]
    human = actors[:2]
    seats = {a: Seat("human", _name(text, f"team {a}")) for a in human}
    session = Session.create(scenario, seed=seed, turns=turns, path=path, seats=seats)
    for turn in range(turns):
        session.note(_name(text, f"note {turn}"))
        session.note(_name(text, "team note"), author=_name(text, "author"), actor=human[0])
        session.bookmark(_name(text, "bookmark"), _name(text, "bookmark text"))
        session.inject(Inject(title=_name(text, "inject"), text=_name(text, "inject text")))
        session.inject(Inject(title=_name(text, "private inject"), text=text,
                              audience=(human[1],)))
        for actor in human:
            sheet = choose_orders(scenario, session.state, actor, seed)
            orders = tuple(o.__class__(o.actor, o.move, o.target, _name(text, "rationale"))
                           for o in sheet.orders)
            session.submit_orders(OrderSheet(actor, orders, sheet.signals, ()))
        session.fill_computer_orders()
        for number, proposal in enumerate(session.proposals()):
            kind = (RulingKind.OVERRIDE, RulingKind.REROLL, RulingKind.STRONG_ARGUMENT,
                    RulingKind.ACCEPT)[number % 4]
            reason = "" if kind is RulingKind.ACCEPT else _name(text, f"ruling {number}")
            session.rule(Ruling(proposal.key, kind, reason,
                                Outcome.SUCCESS if kind is RulingKind.OVERRIDE else None,
                                1.0 if kind is RulingKind.STRONG_ARGUMENT else 0.0))
        session.end_turn()
        if session.ended:
            break
    session.close()
    return path
