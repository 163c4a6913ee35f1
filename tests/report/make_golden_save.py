"""Generate tests/data/golden-12.wgsave: a seeded 12-turn game with everything a report shows.

Run ``python -m tests.report.make_golden_save`` from the repository root to
regenerate it (the committed save embeds its scenario, so it keeps replaying
even when the scenario file changes later). It plays the default scenario
(scenarios/afghanistan-2022.yaml, else the tutorial) with two human teams,
Pakistan and India, whose orders come from the doctrine policy but carry
team-written rationales; the other seats are computer-played. Along the way the
facilitator adds notes, team notes, a bookmark, an override and a strong
argument with reasons, a restricted inject for one team, a public ad-hoc inject
with hostile markup, a private signal, and an undone note.

Texts only some teams may read are tagged with ``SECRET`` strings; :data:`SECRETS`
says which teams may see each one.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from wargame.ai.doctrine import choose_orders
from wargame.orders import Inject, OrderSheet, Outcome, Ruling, RulingKind, Signal
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden-12.wgsave"
SEED = 20220815
TURNS = 12
HUMANS = {"PAK": "Team Green", "IND": "Team Saffron \u2013 Delhi \u00e9quipe"}
HOSTILE = "<script>alert(1)</script> **bold** | pipe <b>x</b> & ampersand [link](javascript:x)"

#: Planted secret -> the teams that may see it (the facilitator sees them all).
SECRETS: dict[str, frozenset[str]] = {
    "PAK-SECRET-RATIONALE": frozenset({"PAK"}),
    "PAK-SECRET-NOTE": frozenset({"PAK"}),
    "PAK-SECRET-INJECT": frozenset({"PAK"}),
    "IND-SECRET-RATIONALE": frozenset({"IND"}),
    "IND-SECRET-NOTE": frozenset({"IND"}),
    "IND-SECRET-SIGNAL": frozenset({"IND", "PAK"}),  # a private signal from India to Pakistan
}


def default_scenario() -> Path:
    preferred = ROOT / "scenarios" / "afghanistan-2022.yaml"
    return preferred if preferred.is_file() else ROOT / "scenarios" / "tutorial.yaml"


def human_sheet(session: Session, actor: str) -> OrderSheet:
    """The doctrine's choice, written up as a human team would: rationales, no AI reasons."""
    sheet = choose_orders(session.scenario, session.state, actor, session.seed)
    turn = session.turn
    orders = tuple(replace(o, rationale=f"{actor}-SECRET-RATIONALE turn {turn}: "
                                        f"we judge {o.target or 'the region'} will back down")
                   for o in sheet.orders)
    signals = sheet.signals
    if actor == "IND" and turn == 3:
        rival = "PAK"
        signals = (*signals, Signal("IND", rival, 1, public=False, stake=0.0,
                                    text="IND-SECRET-SIGNAL: we will not cross the LoC"))
    return OrderSheet(actor, orders, signals, ())


def make_save(path: Path, scenario_path: Path | None = None, *, seed: int = SEED,
              turns: int = TURNS) -> Path:
    scenario = load_scenario(scenario_path or default_scenario())
    if path.exists():
        path.unlink()
    seats = {a: Seat("human", team) for a, team in HUMANS.items()}
    session = Session.create(scenario, seed=seed, turns=turns, path=path, seats=seats,
                             title=f"Golden game: {scenario.metadata.title}")
    session.note("Opening brief done; teams briefed on the " + scenario.metadata.title,
                 author="White Cell")
    session.note("PAK-SECRET-NOTE: we suspect an Indian hand behind the TTP", author="Team Green",
                 actor="PAK")
    session.note("IND-SECRET-NOTE: hold the line, aid to Kabul is our lever",
                 author=HUMANS["IND"], actor="IND")
    while not session.ended:
        turn = session.turn
        if turn == 2:
            session.inject(Inject(title="Intercepted cable",
                                  text="PAK-SECRET-INJECT: a source reports movement near the LoC",
                                  audience=("PAK",)))
        if turn == 4:
            session.inject(Inject(title="Leaked memo " + HOSTILE, text="Ad-hoc text " + HOSTILE))
        for actor in HUMANS:
            session.submit_orders(human_sheet(session, actor))
        session.fill_computer_orders()
        keys = [a.key for a in session.proposals()]
        if turn == 3 and "PAK#0" in keys:
            session.rule(Ruling("PAK#0", RulingKind.OVERRIDE,
                                "White Cell: the army is overstretched " + HOSTILE,
                                Outcome.FAILURE))
        if turn == 5 and "IND#0" in keys:
            session.rule(Ruling("IND#0", RulingKind.STRONG_ARGUMENT,
                                "Strong and credible argument: back-channel via the Gulf", pros=1))
        if turn == 6:
            session.bookmark("Crisis peak?", "Ask both teams what they read into turn 6",
                             turn=6)
            session.note("A note the facilitator takes back", author="White Cell")
            session.undo()
        if turn == 8:
            session.note(HOSTILE, author="White Cell")
        session.end_turn()
    session.note("Sustain: teams wrote rationales for every order", author="White Cell")
    session.note("Improve: brief the misperception rules before turn 1", author="White Cell")
    session.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GOLDEN)
    parser.add_argument("--scenario", type=Path, default=None)
    parser.add_argument("--turns", type=int, default=TURNS)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    print(make_save(args.out, args.scenario, turns=args.turns))


if __name__ == "__main__":
    main()
