"""The corpus of broken scenario files in ``bad/``: every problem is reported, exactly.

Each file is a small variant of ``minimal.yaml`` with one deliberate mistake (or
several, for the "all at once" files). Its first lines say what it checks and
which problems it must produce, as the loader prints them::

    # a misspelt optional key gets a did-you-mean
    # expect: unknown_key.yaml:53:5: moves[1].visiblity: unknown field 'visiblity' ...

Every ``# expect:`` line must be reported, in order, and nothing else; a file
with more problems than is reasonable to list (the alias bomb) lists the first
few and gives the total with ``# expect-count: N``. A file that cannot carry
comments (the empty file) has its expectations in ``bad/expected.txt``.

The same files are run through ``wargame validate`` in a subprocess: exit code 2,
every expected ``file:line:col`` message on stderr, no traceback, within 2 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from wargame.errors import ScenarioError
from wargame.scenario.loader import load_scenario
from wargame.scenario.reader import MAX_BYTES

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
MINIMAL = HERE / "minimal.yaml"
REPO = HERE.parents[1]
TIME_LIMIT = 2.0


# What each kind of mistake is, and the file(s) in bad/ that check it. Every file
# in bad/ must be listed here, and every file listed must exist.
CATEGORIES: dict[str, tuple[str, ...]] = {
    # -- checked by the YAML reader, before any field is looked at
    "YAML syntax error": ("yaml_syntax_error",),
    "tab used for indentation": ("tab_indent",),
    "duplicate key in a mapping": ("duplicate_key",),
    "!!python/object/apply tag (code execution attempt)": ("python_tag",),
    "alias bomb (billion laughs), refused without expanding": ("alias_bomb",),
    "anchor and alias": ("anchor_alias",),
    "bytes that are not UTF-8": ("non_utf8",),
    "empty file": ("empty",),
    "list at the top level": ("top_level_list",),
    "more than one YAML document": ("multiple_documents",),
    "several YAML-level problems at once": ("many_yaml_problems",),
    # -- the regions file of the map layer
    "regions_file escaping the scenario folder": ("regions_file_escape",),
    "regions_file that does not exist": ("regions_file_missing",),
    # (problems inside a regions file are reported in that file, bad/maps/*.json)
    "regions file that is a JSON list of numbers": ("regions_file_list_of_ints",),
    "regions file with a region without an id": ("regions_file_region_without_id",),
    "regions file with regions as an object": ("regions_file_regions_dict",),
    "regions file with a frame missing keys": ("regions_file_frame_keys",),
    "regions file nested too deeply": ("regions_file_too_deep",),
    # -- checked by the pydantic models
    "unknown key, with a did-you-mean": (
        "unknown_key",
        "unknown_key_required",
        "unknown_top_level_key",
    ),
    "wrong type (text for a number)": ("wrong_type", "wrong_type_number"),
    "missing required field": ("missing_required",),
    "unknown relationship kind": ("bad_relationship_kind",),
    "unknown event-trigger kind": ("unknown_trigger_kind",),
    "event trigger that is a plain value (trigger: 5)": ("trigger_plain_value",),
    "unknown effect operator": ("unknown_effect_operator",),
    "unknown condition operator": ("unknown_condition_operator",),
    "out of range: rung 12": ("rung_out_of_range",),
    "out of range: probability 1.5": ("probability_out_of_range",),
    "neither an odds word nor a probability": ("odds_not_a_word",),
    "out of range: start_rung above cap": ("start_rung_above_cap",),
    "bad enum value (visibility: secret; a misspelt category)": ("bad_enum", "bad_enum_typo"),
    "malformed id": ("bad_id",),
    "impossible date": ("bad_date",),
    "ladder rungs out of order": ("rungs_out_of_order",),
    "rivalry with the same actor on both sides": ("same_actor_both_sides",),
    "too few actors": ("too_few_actors",),
    "schema_version: 2": ("schema_version_2",),
    "several model-level problems at once": ("many_problems",),
    # -- checked by the cross-reference pass
    "duplicate id in a list": ("duplicate_id",),
    "unknown actor in a rivalry's sides": ("unknown_rivalry_side",),
    "unknown actor in a move's actors": ("unknown_move_actor",),
    "unknown actor in a move's targets": ("unknown_move_target",),
    "unknown actor in a relationship": ("unknown_actor_in_relationship",),
    "unknown actor in an event audience": ("unknown_audience",),
    "unknown actor in a doctrine red line": ("unknown_actor_in_red_line",),
    "placeholder ('target') used outside a move": ("placeholder_misused",),
    "unknown rivalry in a condition": ("unknown_rivalry_in_condition",),
    "unknown rivalry in a linkage": ("unknown_rivalry_in_linkage",),
    "unknown variable in an effect": ("unknown_variable_in_effect",),
    "unknown indicator": ("unknown_indicator",),
    "unknown ladder": ("unknown_ladder",),
    "unknown lever": ("unknown_lever",),
    "out of range: variable value outside its range": ("variable_out_of_range",),
    "out of range: cap above the ladder's top rung": ("cap_above_ladder_top",),
    "threshold above the top rung": ("threshold_above_top",),
    "two rivalries between the same pair": ("duplicate_rivalry_pair",),
    "lever that no move pulls": ("lever_not_pulled",),
    "red line reading what its actor cannot see": ("red_line_reads_hidden",),
    "several cross-reference problems at once": ("many_reference_problems",),
}


@dataclass(frozen=True)
class Expectation:
    name: str
    lines: tuple[str, ...]
    count: int


def _from_expected_txt() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            found.setdefault(line.split(":", 1)[0], []).append(line)
    return found


def expectation(path: Path) -> Expectation:
    lines: list[str] = []
    count: int | None = None
    for raw in path.read_bytes().splitlines():
        if not raw.startswith(b"#"):
            break
        text = raw.decode("utf-8")
        if text.startswith("# expect: "):
            lines.append(text[len("# expect: ") :])
        elif text.startswith("# expect-count: "):
            count = int(text[len("# expect-count: ") :])
    if not lines:
        lines = _from_expected_txt().get(path.name, [])
    assert lines, f"{path.name} says nothing about what it expects"
    return Expectation(path.name, tuple(lines), len(lines) if count is None else count)


BAD_FILES = sorted(BAD.glob("*.yaml"))
EXPECTATIONS = [expectation(p) for p in BAD_FILES]
IDS = [e.name for e in EXPECTATIONS]


def problem_files(exp: Expectation) -> set[str]:
    """The files a scenario's problems may be in: itself, and the regions file it names."""
    text = (BAD / exp.name).read_bytes().decode("utf-8", errors="replace")
    named = [line.split(":", 1)[1].strip() for line in text.split("\n")
             if line.strip().startswith("regions_file:")]
    return {exp.name, *(name for name in named if (BAD / name).is_file())}


def _check(found: list[str], exp: Expectation) -> None:
    assert found[: len(exp.lines)] == list(exp.lines)
    assert len(found) == exp.count


# --------------------------------------------------------------------------- the corpus


def test_corpus_is_large_enough() -> None:
    assert len(BAD_FILES) >= 30


def test_every_category_has_a_file_and_every_file_a_category() -> None:
    listed = {name for names in CATEGORIES.values() for name in names}
    present = {p.stem for p in BAD_FILES}
    assert listed - present == set(), "categories without a file"
    assert present - listed == set(), "files without a category"


def test_minimal_scenario_is_valid() -> None:
    scenario = load_scenario(MINIMAL)
    assert scenario.metadata.id == "minimal"
    assert [a.id for a in scenario.actors] == ["RED", "BLUE", "UN"]
    assert len(scenario.ladders[0].rungs) == 4


def test_expectations_are_positioned_in_the_file() -> None:
    """Every expected line:col lies inside its file (a cheap guard on hand edits)."""
    for exp in EXPECTATIONS:
        for line in exp.lines:
            name, row, col, _ = line.split(":", 3)
            assert name in problem_files(exp), line
            text = (BAD / name).read_bytes().decode("utf-8", errors="replace").split("\n")
            row_n, col_n = int(row), int(col)
            assert 1 <= row_n <= max(len(text), 1), line
            assert 1 <= col_n <= len(text[row_n - 1]) + 1, line


# --------------------------------------------------------------------------- through the loader


@pytest.mark.parametrize("exp", EXPECTATIONS, ids=IDS)
def test_loader_reports_exactly_the_expected_problems(
    exp: Expectation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from inside bad/ with a relative name, as a user would: the file name in
    # each message is then the name given, and regions_file resolves next to it.
    monkeypatch.chdir(BAD)
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(exp.name)
    assert time.perf_counter() - start < TIME_LIMIT
    _check([str(p) for p in info.value.problems], exp)
    for problem in info.value.problems:
        assert problem.file in problem_files(exp)
        assert problem.line >= 1 and problem.col >= 1


def _big_file(tmp_path: Path) -> Path:
    """A 50 MB file: a valid scenario followed by a huge comment."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:
        out.write(MINIMAL.read_bytes())
        block = b"# " + b"x" * 998 + b"\n"
        for _ in range(50_000):
            out.write(block)
    return path


def test_50_mb_file_rejected_quickly(tmp_path: Path) -> None:
    path = _big_file(tmp_path)
    size = path.stat().st_size
    assert size > 50_000_000 > MAX_BYTES
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert time.perf_counter() - start < TIME_LIMIT
    [problem] = info.value.problems
    assert str(problem) == f"{path}:1:1: file is 50.1 MB; the limit is 5 MB"


# --------------------------------------------------------------------------- through the CLI


Run = subprocess.CompletedProcess[str]


def _validate(*paths: str | Path, cwd: Path = BAD) -> tuple[Run, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "wargame", "validate", *map(str, paths)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done, time.perf_counter() - start


@pytest.mark.parametrize("exp", EXPECTATIONS, ids=IDS)
def test_cli_validate_reports_problems(exp: Expectation) -> None:
    done, elapsed = _validate(exp.name)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    for line in exp.lines:
        assert line in done.stderr
    assert elapsed < TIME_LIMIT


def test_cli_validate_reports_every_file_at_once() -> None:
    names = [e.name for e in EXPECTATIONS]
    done, _ = _validate(*names)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    for exp in EXPECTATIONS:
        for line in exp.lines:
            assert line in done.stderr


def test_cli_validate_accepts_a_valid_file() -> None:
    done, elapsed = _validate(MINIMAL.name, cwd=HERE)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert elapsed < TIME_LIMIT


def test_cli_validate_rejects_a_50_mb_file_quickly(tmp_path: Path) -> None:
    path = _big_file(tmp_path)
    done, elapsed = _validate(path.name, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert "huge.yaml:1:1: file is 50.1 MB; the limit is 5 MB" in done.stderr
    assert elapsed < TIME_LIMIT
