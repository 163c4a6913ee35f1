"""The ``wargame`` command: validate, list and play scenarios, replay saves, simulate, report.

Exit codes: 0 success, 1 failure (e.g. a replay that does not verify), 2 bad
input (a broken scenario or save, a bad option). Errors go to stderr as plain
messages, never as tracebacks.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from wargame import __version__
from wargame.errors import IllegalOrderError, ScenarioError, WargameError

if TYPE_CHECKING:
    from wargame.scenario.models import Scenario

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2

DIFFICULTY_HELP = ("computer player: doctrine (the one-step heuristic, default), random, hold, "
                   "or a lookahead player STYLE-LEVEL: style cautious, balanced or hawkish; "
                   "level novice, standard or expert (e.g. hawkish-expert; one part alone "
                   "keeps the other's default, balanced or standard)")


class UsageError(WargameError):
    """A command-line option or argument is wrong."""


def _workers(text: str) -> int:
    """``--jobs``: a whole number of worker processes, 1 or more."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"at least 1 worker process is needed, got {jobs}")
    return jobs


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wargame",
        description="Turn-based political-military wargame engine with escalation ladders.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    sub.add_parser("scenarios", help="list the bundled scenarios",
                   description="List bundled scenarios: id, title, actors and rivalries.")

    p = sub.add_parser("validate", help="check scenario files and report every problem",
                       description="Check scenario files; print every problem as "
                       "file:line:col: field.path: message; exit 2 if any.")
    p.add_argument("paths", nargs="+", metavar="PATH")

    sub.add_parser("schema", help="print the JSON Schema of scenario files",
                   description="Print the JSON Schema generated from the scenario models "
                   "(for editor completion and checking).")

    p = sub.add_parser("play", help="play in the terminal against computer players",
                       description="Play a game in the terminal. You hold the seats named with "
                       "--as; the computer plays the rest. --auto plays every seat.")
    p.add_argument("scenario", nargs="?", help="bundled scenario id or YAML path "
                   "(default: the Afghanistan 2022 scenario)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    p.add_argument("--turns", type=int, default=None, help="number of turns")
    p.add_argument("--as", dest="seats", default="", metavar="ACTOR,...",
                   help="actors you play (comma-separated ids)")
    p.add_argument("--auto", action="store_true", help="no human seat: the computer plays all")
    p.add_argument("--save", type=Path, default=None, metavar="FILE", help="save file to write")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p.add_argument("--difficulty", default="doctrine", metavar="STYLE-LEVEL",
                   help=DIFFICULTY_HELP + " for every computer seat")

    p = sub.add_parser("resume", help="continue a saved game",
                       description="Continue a saved game in the terminal.")
    p.add_argument("save", type=Path, metavar="FILE")
    p.add_argument("--quiet", action="store_true", help="print only the summary")

    p = sub.add_parser("replay", help="re-derive a saved game and print state hashes",
                       description="Replay a save file from its journal and print the state "
                       "hash after each turn; --verify exits 1 where a recorded hash differs.")
    p.add_argument("save", type=Path, metavar="FILE")
    p.add_argument("--verify", action="store_true", help="compare with the recorded hashes")

    p = sub.add_parser("simulate", help="play many computer games and compare policy levers",
                       description="Play N computer games per arm (the baseline, and lever "
                       "treatments over the same seeds) and print a table: peaks, nuclear "
                       "use, objective points, and paired differences from the baseline with "
                       "95 % CIs, McNemar tests and Holm-adjusted p-values. A lever is pulled "
                       "from its turn on, each turn until it is in force; a game in which it "
                       "cannot be ordered is reported, never aborted.")
    p.add_argument("scenario", nargs="?", help="bundled scenario id or YAML path")
    p.add_argument("--runs", type=int, required=True, help="games per arm")
    p.add_argument("--seed", type=int, default=0, help="first seed (games use seed..seed+N-1)")
    p.add_argument("--turns", type=int, default=None, help="turns per game")
    p.add_argument("--lever", action="append", default=[], metavar="ID[@TURN]",
                   help="treatment: pull this policy lever (of whichever actor owns it) from "
                   "turn 1, or from TURN (repeatable; all together form one arm)")
    p.add_argument("--lever-turn", type=int, default=None, metavar="N",
                   help="pull levers given without @TURN from turn N instead of turn 1")
    p.add_argument("--compare-levers", action="store_true",
                   help="arms: baseline, each lever alone, all together (every lever of the "
                   "scenario when no --lever is given)")
    p.add_argument("--no-split-effects", dest="split_effects", action="store_false",
                   help="do not replay each lever arm without its levers' direct indicator "
                   "effects (faster; no built-in/emergent verdicts on the levers' aims)")
    p.add_argument("--difficulty", default="doctrine", metavar="STYLE-LEVEL",
                   help=DIFFICULTY_HELP + " for the seats of --difficulty-seats")
    p.add_argument("--difficulty-seats", default="", metavar="ACTOR,...",
                   help="seats --difficulty plays (default: every seat); doctrine plays "
                   "the rest; levers are left to the treatments either way")
    p.add_argument("--jobs", type=_workers, default=1,
                   help="local worker processes (default 1)")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where games are played (dask: needs the [dask] extra)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--out", type=Path, default=None, metavar="FILE.json",
                   help="write the whole result as JSON")
    p.add_argument("--csv", type=Path, default=None, metavar="FILE.csv",
                   help="write one row per arm and game as CSV")
    p.add_argument("--html", type=Path, default=None, metavar="FILE.html",
                   help="write an HTML experiment report (distributions, comparisons)")

    p = sub.add_parser("forecast", help="doctrine-played continuations of a saved game",
                       description="From where a saved game stands, play N continuations "
                       "in which every seat follows its doctrine to the last turn (each with "
                       "other dice; the save is only read), and summarise how they end; with "
                       "--lever, each is played again pulling the lever now (paired).")
    p.add_argument("save", type=Path, metavar="SAVE")
    p.add_argument("--runs", type=int, default=200, help="continuations (default 200)")
    p.add_argument("--lever", action="append", default=[], metavar="ID",
                   help="treatment: pull this lever now (repeatable)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE.json",
                   help="also write the summary as JSON")

    p = sub.add_parser("serve", help="serve a saved game to team stations (browsers)",
                       description="Serve a saved game to team stations: each team plays "
                       "from its own browser with its join link; this terminal is the White "
                       "Cell's console (type 'help'). See docs/team-stations.md.")
    p.add_argument("save", type=Path, metavar="SAVE", nargs="?")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on: 127.0.0.1 (this machine only, the default), "
                   "this machine's address on the room's network, or 0.0.0.0 for all")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any free)")
    p.add_argument("--teams", default=None, metavar="ACTOR,...",
                   help="only these team seats join from stations (default: every team seat)")
    p.add_argument("--auto-end", action="store_true",
                   help="resolve each turn as soon as every team seat has sealed its orders")
    p.add_argument("--self-check", action="store_true",
                   help="serve a throw-away game on loopback, use it as a station would and "
                   "exit (0 if every step worked); no SAVE needed")

    p = sub.add_parser("sensitivity", help="how much each rule parameter moves the headline",
                       description="One-at-a-time and Latin-hypercube sensitivity of the "
                       "share of games reaching overt force on the scenario's nuclear "
                       "rivalry, over the catalogued ranges of the rule parameters "
                       "(wargame/scenario/param_sources.py); writes JSON and a tornado chart.")
    p.add_argument("scenario", nargs="?", default=None, help="scenario id or file")
    p.add_argument("--runs", type=int, default=200, help="games per variant (default 200)")
    p.add_argument("--lhs", type=int, default=0, metavar="N",
                   help="also run a Latin-hypercube sweep of N joint draws")
    p.add_argument("--jobs", type=_workers, default=1, help="worker processes (default 1)")
    p.add_argument("--param", action="append", default=[], metavar="NAME",
                   help="only these rule parameters (repeatable)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="write sensitivity.json and tornado.svg here")
    p.add_argument("--fail-unsourced-above", type=float, default=None, metavar="POINTS",
                   help="exit 1 if an unsourced parameter swings the headline more than this")

    p = sub.add_parser("report", help="export an after-action report from a save",
                       description="Export the after-action report of a saved game.")
    p.add_argument("save", type=Path, metavar="SAVE")
    p.add_argument("--format", default="all",
                   help="comma-separated formats: html, pdf, md, json, csv (default: all)")
    p.add_argument("--view", default="facilitator",
                   help="facilitator, public, or an actor id for that team's redacted report")
    p.add_argument("--short", action="store_true",
                   help="the short debrief edition: executive summary, turning points, "
                        "objectives and hot wash, no turn-by-turn record (html, pdf, md; "
                        "written as SAVE-VIEW-short.EXT beside the full edition)")
    p.add_argument("--out", type=Path, default=Path("."), metavar="DIR")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "scenarios": cmd_scenarios, "validate": cmd_validate, "schema": cmd_schema,
        "play": cmd_play, "resume": cmd_resume, "replay": cmd_replay,
        "simulate": cmd_simulate, "forecast": cmd_forecast, "report": cmd_report,
        "serve": cmd_serve, "sensitivity": cmd_sensitivity,
    }
    try:
        return handlers[args.command](args)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (UsageError, IllegalOrderError) as exc:
        print(f"wargame: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except WargameError as exc:
        print(f"wargame: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("wargame: interrupted", file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # e.g. a full disk while writing a report: a message, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"wargame: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


# --------------------------------------------------------------------------- simple commands


def cmd_scenarios(args: argparse.Namespace) -> int:
    from wargame.scenario.loader import bundled_paths, load_scenario

    for path in bundled_paths():
        try:
            s = load_scenario(path)
        except ScenarioError as exc:
            print(f"{path.stem}: INVALID ({len(exc.problems)} problems)")
            continue
        print(f"{s.metadata.id}  {s.metadata.title}")
        print(f"    actors ({len(s.actors)}): {', '.join(a.id for a in s.actors)}")
        print(f"    rivalries ({len(s.rivalries)}): {', '.join(r.id for r in s.rivalries)}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from wargame.scenario.loader import load_scenario

    bad = 0
    for name in args.paths:
        try:
            s = load_scenario(name)
        except ScenarioError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        print(f"{name}: ok ({s.metadata.id}: {len(s.actors)} actors, {len(s.rivalries)} "
              f"rivalries, {len(s.moves)} moves, {len(s.events)} events)")
    return EXIT_BAD_INPUT if bad else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from wargame.scenario.models import Scenario

    schema = Scenario.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "wargame scenario"
    print(json.dumps(schema, indent=2, sort_keys=True))
    return EXIT_OK


# --------------------------------------------------------------------------- play


def _seed(value: int | None) -> int:
    return value if value is not None else int.from_bytes(os.urandom(4), "big")


def cmd_play(args: argparse.Namespace) -> int:
    from wargame.scenario.loader import load_scenario, resolve_scenario_path
    from wargame.session import Seat, SeatKind, Session

    scenario = load_scenario(resolve_scenario_path(args.scenario))
    humans = [] if args.auto else [a.strip() for a in args.seats.split(",") if a.strip()]
    if not args.auto and not humans:
        raise UsageError("name the seats you play with --as ACTOR,... or use --auto")
    for actor in humans:
        if not scenario.has("actor", actor):
            known = ", ".join(a.id for a in scenario.actors if a.playable)
            raise UsageError(f"no actor '{actor}'; choose from {known}")
    if args.turns is not None and not 1 <= args.turns <= 200:
        raise UsageError("--turns must be between 1 and 200")
    spec = _player_spec(args.difficulty)
    seats = {a.id: Seat(SeatKind.COMPUTER, "", spec) for a in scenario.actors if spec}
    seats.update({a: Seat(SeatKind.HUMAN, f"Player ({a})") for a in humans})
    session = Session.create(scenario, seed=_seed(args.seed), seats=seats, turns=args.turns,
                             path=args.save)
    return _run(session, humans, quiet=args.quiet)


def _player_spec(text: str) -> str:
    """The seat player spec of ``--difficulty`` (empty for doctrine, the default player)."""
    from wargame.ai.players import player_label

    try:
        label = player_label(text)
    except ValueError as exc:
        raise UsageError(f"--difficulty: {exc}") from None
    return "" if label == "doctrine" else label


def _seated_policy(scenario: Scenario, args: argparse.Namespace) -> tuple[Any, dict[str, str]]:
    """The experiment's players (``--difficulty`` on ``--difficulty-seats``) and who plays
    which seat, for the result."""
    from wargame.ai.players import player
    from wargame.runner import doctrine_without_levers, seated

    spec = _player_spec(args.difficulty) or "doctrine"
    playable = [a.id for a in scenario.actors if a.playable]
    chosen = [a.strip() for a in args.difficulty_seats.split(",") if a.strip()] or playable
    for actor in chosen:
        if actor not in playable:
            raise UsageError(f"--difficulty-seats: no playable actor '{actor}'; choose from "
                             f"{', '.join(playable)}")
    seats = {a: (spec if a in chosen else "doctrine") for a in playable}
    if spec == "doctrine":
        return doctrine_without_levers, seats
    policy = player(spec, allow_levers=False)
    return seated({a: policy for a in chosen}, doctrine_without_levers), seats


def cmd_resume(args: argparse.Namespace) -> int:
    from wargame.session import Session

    session = Session.open(args.save)
    for warning in session.warnings:
        print(f"wargame: {warning}", file=sys.stderr)
    humans = [a for a, seat in session.seats.items() if seat.kind != "computer"]
    return _run(session, humans, quiet=args.quiet)


def _run(session: object, humans: list[str], *, quiet: bool) -> int:
    from wargame.cli_play import play_loop
    from wargame.session import Session

    assert isinstance(session, Session)
    try:
        play_loop(session, humans, quiet=quiet, stdin=sys.stdin, stdout=sys.stdout)
    finally:
        session.close()
    return EXIT_OK


# --------------------------------------------------------------------------- replay


def cmd_replay(args: argparse.Namespace) -> int:
    from wargame.journal import read_journal
    from wargame.session import Session

    contents = read_journal(args.save)
    if contents.torn:
        print(f"wargame: {args.save}: {contents.torn}", file=sys.stderr)
    session = Session.from_contents(contents, source=str(args.save))
    recorded = {int(c.args["turn"]): str(c.args.get("state_hash", ""))
                for c in contents.commands if c.name == "end_turn"}
    mismatches = 0
    for record in session.turns:
        expected = recorded.get(record.turn, "")
        mark = ""
        if args.verify:
            ok = expected == record.state_hash
            mark = "  ok" if ok else f"  MISMATCH (recorded {expected})"
            mismatches += not ok
        rungs = " ".join(f"{rid}={r.rung}" for rid, r in record.closing.rivalries.items())
        print(f"turn {record.turn:>3}  {record.state_hash}{mark}  {rungs}")
    print(f"{len(contents.commands)} commands, {len(session.turns)} turns resolved, "
          f"now {'ended' if session.ended else f'at turn {session.turn}'}")
    if args.verify and mismatches:
        print(f"wargame: {mismatches} turn(s) re-derive differently", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


# --------------------------------------------------------------------------- simulate


def _lever_pulls(scenario: Scenario, args: argparse.Namespace) -> list[Any]:
    """The ``--lever`` options as pulls, checked against the scenario."""
    from wargame.runner import LeverPull

    if args.lever_turn is not None and args.lever_turn < 1:
        raise UsageError("--lever-turn must be at least 1")
    texts = args.lever or ([lv.id for lv in scenario.levers] if args.compare_levers else [])
    pulls = []
    for text in texts:
        try:
            pull = LeverPull.parse(text, args.lever_turn)
        except ValueError as exc:
            raise UsageError(f"--lever {exc}") from None
        if not scenario.has("lever", pull.lever):
            known = ", ".join(lv.id for lv in scenario.levers) or "none"
            raise UsageError(f"no lever '{pull.lever}'; levers: {known}")
        owner = scenario.lever(pull.lever).actor
        if not scenario.actor(owner).playable:
            raise UsageError(f"lever '{pull.lever}' belongs to {owner}, which does not play")
        if not any(mv.lever == pull.lever for mv in scenario.moves):
            raise UsageError(f"no move pulls lever '{pull.lever}'")
        pulls.append(pull)
    if len({p.lever for p in pulls}) != len(pulls):
        raise UsageError("a lever is given twice")
    return pulls


def cmd_simulate(args: argparse.Namespace) -> int:
    from wargame.analysis.executors import ExecutorError
    from wargame.analysis.experiment import arms_for, run_experiment
    from wargame.analysis.output import csv_rows, html_report, text_table
    from wargame.journal import write_atomic
    from wargame.scenario.loader import load_scenario, resolve_scenario_path

    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS")
    path = resolve_scenario_path(args.scenario)
    scenario = load_scenario(path)
    arms = arms_for(_lever_pulls(scenario, args), compare=args.compare_levers)
    policy, players = _seated_policy(scenario, args)
    progress = _Progress(args.runs * (2 * len(arms) - 1 if args.split_effects else len(arms)),
                         sys.stderr) if sys.stderr.isatty() else None
    try:
        result, games = run_experiment(
            scenario, arms, runs=args.runs, first_seed=args.seed, turns=args.turns,
            jobs=args.jobs, executor=args.executor, scheduler=args.scheduler,
            progress=(lambda done, _total: progress.update(done)) if progress else None,
            policy=policy, split_effects=args.split_effects)
    except ExecutorError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if progress:
            progress.done()
    result["players"] = players
    if set(players.values()) != {"doctrine"}:
        print("players: " + ", ".join(f"{a} {p}" for a, p in players.items() if p != "doctrine")
              + "; doctrine plays the other seats")
    print(text_table(scenario, result))
    written = []
    if args.out:
        write_atomic(args.out, (json.dumps(result, indent=2, sort_keys=True) + "\n").encode())
        written.append(str(args.out))
    if args.csv:
        write_atomic(args.csv, csv_rows(scenario, games).encode())
        written.append(str(args.csv))
    if args.html:
        write_atomic(args.html, html_report(scenario, result).encode())
        written.append(str(args.html))
    if written:
        print(f"\nwritten: {', '.join(written)}")
    return EXIT_OK


def cmd_sensitivity(args: argparse.Namespace) -> int:
    import json

    from wargame.analysis import sensitivity as sens
    from wargame.scenario.loader import load_scenario, resolve_scenario_path
    from wargame.scenario.param_sources import RULE_PARAMS

    unknown = [n for n in args.param if n not in RULE_PARAMS]
    if unknown:
        print(f"error: unknown rule parameter(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    scenario = load_scenario(resolve_scenario_path(args.scenario))
    seeds = range(args.runs)
    names = args.param or None
    swings = sens.one_at_a_time(scenario, seeds, jobs=args.jobs, names=names,
                                progress=lambda n: print(f"  {n}", file=sys.stderr))
    rid = sens.headline_rivalry(scenario)
    print(f"Headline: share of games with {rid} at overt force; baseline "
          f"{100 * swings[0].baseline:.1f} % over {args.runs} games" if swings else "")
    print(f"{'parameter':28s} {'range':>16s} {'low':>7s} {'high':>7s} {'swing':>7s}  source")
    for s in swings:
        print(f"{s.name:28s} {f'[{s.low:g}, {s.high:g}]':>16s} {100 * s.at_low:6.1f}% "
              f"{100 * s.at_high:6.1f}% {s.swing:+6.1f}  "
              f"{'sourced' if s.source.sourced else 'UNSOURCED'}")
    result: dict[str, object] = {"scenario": scenario.metadata.id, "headline_rivalry": rid,
                                 "runs": args.runs, "oat": [s.to_dict() for s in swings]}
    if args.lhs:
        result["lhs"] = sens.lhs_sweep(scenario, seeds, args.lhs, jobs=args.jobs, names=names)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "sensitivity.json").write_text(json.dumps(result, indent=2) + "\n",
                                                   encoding="utf-8")
        (args.out / "tornado.svg").write_text(sens.tornado_svg(
            swings, title=f"{scenario.metadata.title}: {rid} at overt force"),
            encoding="utf-8")
    if args.fail_unsourced_above is not None:
        bad = sens.unsourced_above(swings, args.fail_unsourced_above)
        for s in bad:
            print(f"unsourced parameter {s.name} swings the headline by {s.swing:+.1f} "
                  f"points (limit {args.fail_unsourced_above:g})", file=sys.stderr)
        if bad:
            return 1
    return 0


def cmd_forecast(args: argparse.Namespace) -> int:
    from wargame.analysis.batch import forecast, summarise_forecast
    from wargame.session import Session

    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    session = Session.open(args.save, readonly=True)
    for warning in session.warnings:
        print(f"wargame: {warning}", file=sys.stderr)
    scenario, state = session.scenario, session.state
    progress = _Progress(args.runs, sys.stderr) if sys.stderr.isatty() else None
    try:
        result = forecast(scenario, state, runs=args.runs, game_seed=session.seed,
                          levers=tuple(args.lever),
                          progress=(lambda done, _total: progress.update(done))
                          if progress else None)
    except ValueError as exc:
        free = [lv.id for lv in scenario.levers if lv.id not in state.levers]
        hint = f" (levers not in force yet: {', '.join(free) or 'none'})" if args.lever else ""
        raise UsageError(f"{exc}{hint}") from None
    if progress:
        progress.done()
    summary = summarise_forecast(scenario, result)
    print(_forecast_text(scenario, summary))
    if args.out:
        from wargame.journal import write_atomic

        write_atomic(args.out, (json.dumps(summary, indent=2, sort_keys=True) + "\n").encode())
        print(f"summary written to {args.out}")
    return EXIT_OK


def _forecast_text(scenario: Scenario, summary: dict[str, Any]) -> str:
    """The forecast as a terminal table: one line per rivalry, then the indicators."""

    def ci(d: dict[str, float], scale: float = 1.0, unit: str = "") -> str:
        return (f"{d['mean'] * scale:+.2f}{unit} [{d['ci95_low'] * scale:+.2f}, "
                f"{d['ci95_high'] * scale:+.2f}]")

    treated = bool(summary["levers"])
    lines = [f"{summary['runs']} continuations from turn {summary['start_turn']} of "
             f"{summary['last_turn']}, every seat played by doctrine"
             + (f"; treatment: {', '.join(summary['levers'])} pulled now" if treated else ""),
             "",
             f"{'rivalry':<10} {'now':>3} {'mean end':>8} {'P(end>=5)':>9} {'P(peak>=5)':>10}"
             + ("  change in mean end rung" if treated else "")]
    for rid, r in summary["rivalries"].items():
        line = (f"{rid:<10} {r['current_rung']:>3} {r['mean_final_rung']:>8.2f} "
                f"{r['final_at_least_5_share']:>9.0%} {r['peak_at_least_5_share']:>10.0%}")
        if r["difference"]:
            line += "  " + ci(r["difference"]["mean_final_rung"])
        lines.append(line)
    lines += ["", f"{'indicator':<44} {'now':>5} {'mean at the end':>16}"
              + ("  change with the lever" if treated else "")]
    for iid, i in summary["indicators"].items():
        line = (f"{scenario.indicator(iid).name[:44]:<44} {i['current']:>5.2f} "
                f"{i['final']['mean']:>16.2f}")
        if i["difference"]:
            line += "  " + ci(i["difference"])
        lines.append(line)
    lines.append(f"\nnuclear use in {summary['nuclear_use_share']:.1%} of continuations")
    return "\n".join(lines)


class _Progress:
    """A one-line progress bar on a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream

    def update(self, done: int) -> None:
        width = 30
        filled = int(width * done / self.total)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}")
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("\n")


# --------------------------------------------------------------------------- report


def cmd_serve(args: argparse.Namespace) -> int:
    from wargame.server.console import serve

    if args.self_check:
        from wargame.server.selfcheck import self_check

        print("stations self-check:")
        steps = self_check(report=print)
        print(f"stations self-check passed ({len(steps)} steps)")
        return EXIT_OK
    if args.save is None:
        raise UsageError("serve needs a SAVE (or --self-check)")
    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be from 0 to 65535")
    teams = None if args.teams is None else [t.strip() for t in args.teams.split(",")
                                             if t.strip()]
    return serve(args.save, address=args.host, port=args.port, teams=teams,
                 auto_end=args.auto_end, stdin=sys.stdin, stdout=sys.stdout)


def cmd_report(args: argparse.Namespace) -> int:
    from wargame.report import ReportExportError, export_report

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    try:
        paths = export_report(args.save, formats, args.view, args.out, short=args.short)
    except ReportExportError as exc:  # the other formats were written: say which
        for path in exc.written:
            print(path)
        for fmt, why in exc.failures.items():
            print(f"wargame: {fmt}: not written: {why}", file=sys.stderr)
        return EXIT_FAIL
    for path in paths:
        print(path)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
