"""The ``wargame`` command end to end: exit codes, messages on stderr, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["scenarios", "validate", "schema", "play", "resume", "replay", "simulate",
            "forecast", "report"]


def wargame(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "wargame", *args], cwd=ROOT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    out = wargame(command, "--help")
    assert out.returncode == 0 and "usage: wargame" in out.stdout
    assert "%%" not in out.stdout  # argparse leaves a description's %% doubled


def test_scenarios_lists_the_bundled_ones() -> None:
    out = wargame("scenarios")
    assert out.returncode == 0
    assert "tutorial" in out.stdout and "rivalries (2): IND-PAK, PAK-TAL" in out.stdout


def test_schema_is_json_schema() -> None:
    out = wargame("schema")
    schema = json.loads(out.stdout)
    assert schema["title"] == "wargame scenario" and "metadata" in schema["properties"]


def test_play_auto_then_replay_verify(tmp_path: Path) -> None:
    save = tmp_path / "g.wgsave"
    out = wargame("play", "tutorial", "--auto", "--seed", "5", "--save", str(save))
    assert out.returncode == 0, out.stderr
    assert "Turn 1 opens" in out.stdout and "final" in out.stdout
    replay = wargame("replay", str(save), "--verify")
    assert replay.returncode == 0
    assert replay.stdout.count(" ok ") == 6


def test_replay_verify_fails_on_a_changed_hash(tmp_path: Path) -> None:
    from wargame.journal import chain

    save = tmp_path / "g.wgsave"
    assert wargame("play", "tutorial", "--auto", "--seed", "5", "--turns", "2",
                   "--save", str(save), "--quiet").returncode == 0
    lines = save.read_text().splitlines()
    previous = json.loads(lines[0])["checksum"]
    rewritten = [lines[0]]
    for line in lines[1:]:
        body = json.loads(line)
        body.pop("checksum")
        if body["cmd"] == "end_turn" and body["args"]["turn"] == 2:
            body["args"]["state_hash"] = "0123456789abcdef"  # a consistent but wrong record
        previous = chain(previous, body)
        rewritten.append(json.dumps({**body, "checksum": previous}))
    save.write_text("\n".join(rewritten) + "\n")
    out = wargame("replay", str(save), "--verify")
    assert out.returncode == 1
    assert "MISMATCH" in out.stdout and "re-derive differently" in out.stderr


def test_play_as_a_seat_in_the_terminal(tmp_path: Path) -> None:
    save = tmp_path / "g.wgsave"
    answers = "1\n" + "\n" * 10
    out = wargame("play", "tutorial", "--as", "PAK", "--seed", "3", "--turns", "2",
                  "--save", str(save), stdin=answers)
    assert out.returncode == 0, out.stderr
    assert "Pakistan: your view" in out.stdout and "you see rung" in out.stdout
    assert "final" in out.stdout
    from wargame.scenario.loader import load_scenario

    talks = load_scenario(ROOT / "scenarios" / "tutorial.yaml").move("talks")
    assert f"{talks.name} -> IND [IND-PAK] rung 0, de_escalation, public, odds " \
           f"{talks.odds_text()}" in out.stdout  # every option shows its base odds


def test_quit_saves_and_resume_continues(tmp_path: Path) -> None:
    save = tmp_path / "g.wgsave"
    out = wargame("play", "tutorial", "--as", "IND", "--seed", "3", "--save", str(save),
                  stdin="q\n")
    assert out.returncode == 0 and "wargame resume" in out.stdout
    out = wargame("resume", str(save), "--quiet", stdin="\n" * 20)
    assert out.returncode == 0 and "final" in out.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("play", "tutorial"), "--as ACTOR"),
        (("play", "tutorial", "--as", "XXX"), "no actor 'XXX'"),
        (("play", "no-such-scenario", "--auto"), "no such scenario"),
        (("replay", "missing.wgsave"), "cannot read save file"),
        (("simulate", "tutorial", "--runs", "0"), "--runs must be at least 1"),
        (("simulate", "tutorial", "--runs", "2", "--lever", "nope"), "no lever 'nope'"),
        (("simulate", "tutorial", "--runs", "2", "--jobs", "0"),
         "argument --jobs: at least 1 worker process is needed, got 0"),
        (("sensitivity", "tutorial", "--jobs", "two"),
         "argument --jobs: expected a whole number, got 'two'"),
    ],
)
def test_bad_input_exits_2_without_traceback(args: tuple[str, ...], message: str) -> None:
    out = wargame(*args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_damaged_save_is_reported_not_overwritten(tmp_path: Path) -> None:
    save = tmp_path / "g.wgsave"
    assert wargame("play", "tutorial", "--auto", "--turns", "1", "--save", str(save),
                   "--quiet").returncode == 0
    damaged = save.read_bytes().replace(b'"cmd":"end_turn"', b'"cmd":"end_turm"')
    save.write_bytes(damaged)
    out = wargame("resume", str(save))
    assert out.returncode == 2 and "checksum mismatch" in out.stderr
    assert "Traceback" not in out.stderr and save.read_bytes() == damaged


def test_simulate_writes_a_summary(tmp_path: Path) -> None:
    target = tmp_path / "sim.json"
    out = wargame("simulate", "tutorial", "--runs", "20", "--seed", "100", "--out", str(target))
    assert out.returncode == 0, out.stderr
    result = json.loads(target.read_text())
    assert result["runs"] == 20 and result["seeds"] == [100, 119]
    summary = result["arms"][0]["summary"]
    assert summary["games"] == 20 and summary["seeds"] == [100, 119]
    dist = summary["rivalries"]["IND-PAK"]["final_rung_distribution"]
    assert sum(dist.values()) == 20


def _tutorial_save(path: Path, turns_played: int) -> Path:
    from wargame.scenario.loader import load_scenario
    from wargame.session import Session

    session = Session.create(load_scenario(ROOT / "scenarios" / "tutorial.yaml"), seed=4,
                             turns=6, path=path)
    for _ in range(turns_played):
        session.fill_computer_orders()
        session.end_turn()
    session.close()
    return path


def test_forecast_reads_a_save_and_summarises_its_continuations(tmp_path: Path) -> None:
    from wargame.analysis.batch import forecast, summarise_forecast
    from wargame.session import Session

    save = _tutorial_save(tmp_path / "g.wgsave", 2)
    before = save.read_bytes()
    target = tmp_path / "f.json"
    out = wargame("forecast", str(save), "--runs", "12", "--out", str(target))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("12 continuations from turn 3 of 6")
    assert "IND-PAK" in out.stdout and "PAK-TAL" in out.stdout
    assert save.read_bytes() == before  # the save is only read
    summary = json.loads(target.read_text())
    session = Session.open(save, readonly=True)
    expected = summarise_forecast(session.scenario, forecast(
        session.scenario, session.state, runs=12, game_seed=session.seed))
    assert summary == json.loads(json.dumps(expected))
    assert 4 not in summary["seeds"] and len(summary["seeds"]) == 12  # the game's own seed


def test_forecast_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    ended = wargame("forecast", str(_tutorial_save(tmp_path / "end.wgsave", 6)))
    assert ended.returncode == 2 and "nothing left to forecast" in ended.stderr
    lever = wargame("forecast", str(_tutorial_save(tmp_path / "g.wgsave", 0)), "--runs", "2",
                    "--lever", "nope")
    assert lever.returncode == 2 and "unknown lever 'nope'" in lever.stderr
    assert "Traceback" not in ended.stderr + lever.stderr


def test_simulate_compares_levers_and_writes_every_output(tmp_path: Path) -> None:
    paths = {ext: tmp_path / f"x.{ext}" for ext in ("json", "csv", "html")}
    out = wargame("simulate", "afghanistan-2022", "--runs", "4", "--turns", "3",
                  "--lever", "release_funds", "--lever", "engage_china@2", "--compare-levers",
                  "--jobs", "2", "--out", str(paths["json"]), "--csv", str(paths["csv"]),
                  "--html", str(paths["html"]))
    assert out.returncode == 0, out.stderr
    assert "A3 = release_funds + engage_china@2" in out.stdout and "Holm" in out.stdout
    result = json.loads(paths["json"].read_text())
    assert [a["name"] for a in result["arms"]] == [
        "baseline", "release_funds", "engage_china@2", "release_funds + engage_china@2"]
    assert all(0 <= r["p_holm"] <= 1 and r["p_holm"] >= r["p"] for r in result["comparisons"])
    # 4 seeds x (4 arms + each lever arm replayed without its direct indicator effects)
    assert len(paths["csv"].read_text().splitlines()) == 1 + 4 * (4 + 3)
    verdicts = result["lever_verdicts"]
    assert {(v["arm"], v["lever"]) for v in verdicts} == {
        ("release_funds", "release_funds"), ("engage_china@2", "engage_china"),
        ("release_funds + engage_china@2", "release_funds"),
        ("release_funds + engage_china@2", "engage_china")}
    assert "built-in and emergent" in out.stdout
    # Columns fit their longest entry: no lever or aim is cut short.
    assert re.search(r"^A2 +engage_china +great_power_rivalry down +[+-]", out.stdout, re.M)
    html = paths["html"].read_text()
    assert "<svg" in html and "McNemar" in html and "Emergent" in html


def test_simulate_lever_help_names_no_actor() -> None:
    out = wargame("simulate", "--help")
    assert out.returncode == 0
    assert "US" not in out.stdout.split()  # levers belong to any actor
    assert "ID[@TURN]" in out.stdout and "--compare-levers" in out.stdout
