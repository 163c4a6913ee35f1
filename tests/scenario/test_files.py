"""Files a scenario consists of: only regular files inside its folder, read with a bound.

Regressions of issue 12: a ``regions_file`` that was a symbolic link (or lay under a
linked folder) escaped the folder check and was embedded in saves, and a link to
``/dev/zero`` took 3.4 GB in 6 s. Every refusal must be a ScenarioError naming the
scenario's ``map.regions_file`` line, quickly, without reading the target.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import time
from pathlib import Path

import pytest

from wargame.errors import ScenarioError
from wargame.scenario import files
from wargame.scenario.loader import load_scenario
from wargame.scenario.regions import MAX_DEPTH

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "scenarios" / "minimal.yaml"
THEATRE = ROOT / "scenarios" / "maps" / "theatre.json"
REGIONS_LINE = len(MINIMAL.read_text(encoding="utf-8").splitlines()) + 2
FAST = 2.0


def scenario_dir(tmp_path: Path, rel: str = "maps/r.json") -> Path:
    """A folder holding s.yaml, the minimal scenario with ``map.regions_file: rel``."""
    folder = tmp_path / "scen"
    (folder / "maps").mkdir(parents=True)
    text = MINIMAL.read_text(encoding="utf-8") + f"map:\n  regions_file: {rel}\n"
    (folder / "s.yaml").write_text(text, encoding="utf-8")
    return folder


def refusal(folder: Path) -> str:
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder / "s.yaml")
    assert time.perf_counter() - start < FAST
    [problem] = info.value.problems
    assert (problem.line, problem.col, problem.path) == (REGIONS_LINE, 17, "map.regions_file")
    return problem.message


def test_a_regions_file_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    shutil.copy(THEATRE, folder / "maps" / "r.json")
    scenario = load_scenario(folder / "s.yaml")
    assert scenario.map.regions_source == "maps/r.json"
    assert len(scenario.map.regions) == len(json.loads(THEATRE.read_text())["regions"])


def test_a_link_inside_the_folder_to_a_file_inside_it_is_allowed(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    shutil.copy(THEATRE, folder / "maps" / "real.json")
    (folder / "maps" / "r.json").symlink_to("real.json")
    assert load_scenario(folder / "s.yaml").map.regions


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    (folder / "maps" / "r.json").symlink_to("/dev/zero")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    message = refusal(folder)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert message == ("must be a file inside the scenario's folder; 'maps/r.json' leads "
                       "to '/dev/zero' through a symbolic link")
    assert grown_kb < 50_000


def test_a_link_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.json"
    shutil.copy(THEATRE, outside)
    folder = scenario_dir(tmp_path)
    (folder / "maps" / "r.json").symlink_to(outside)
    assert refusal(folder) == ("must be a file inside the scenario's folder; 'maps/r.json' "
                               f"leads to '{outside}' through a symbolic link")


def test_a_file_under_a_linked_folder_outside_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(THEATRE, elsewhere / "r.json")
    folder = scenario_dir(tmp_path)
    (folder / "maps").rmdir()
    (folder / "maps").symlink_to(elsewhere, target_is_directory=True)
    assert "leads to" in refusal(folder)


def test_a_scenario_in_a_linked_folder_still_reads_its_own_files(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    shutil.copy(THEATRE, folder / "maps" / "r.json")
    link = tmp_path / "link"
    link.symlink_to(folder, target_is_directory=True)
    assert load_scenario(link / "s.yaml").map.regions


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    os.mkfifo(folder / "maps" / "r.json")
    assert refusal(folder) == "cannot read regions from 'maps/r.json': is a pipe (FIFO), not a file"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    (folder / "maps" / "r.json").mkdir()
    assert refusal(folder) == "cannot read regions from 'maps/r.json': is a folder, not a file"


def test_the_folder_itself_is_refused(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path, rel=".")
    assert refusal(folder) == "must be a file inside the scenario's folder, not the folder"


def test_a_regions_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    (folder / "maps" / "r.json").write_bytes(b" " * (files.REGIONS_MAX_BYTES + 1))
    assert refusal(folder) == ("cannot read regions from 'maps/r.json': file is 2.1 MB; "
                               "the limit is 2 MB")


def test_nesting_is_checked_before_parsing(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    deep = "[" * 500_000 + "]" * 500_000  # json.loads alone raises RecursionError
    (folder / "maps" / "r.json").write_text('{"regions": ' + deep + "}")
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder / "s.yaml")
    [problem] = info.value.problems
    assert problem.file == str(folder / "maps" / "r.json")
    assert (problem.line, problem.col) == (1, 13 + MAX_DEPTH - 1)
    assert problem.message.startswith(f"nested more than {MAX_DEPTH} levels deep")


@pytest.mark.parametrize("scenario_path", ["/dev/zero", "dir", "fifo"])
def test_the_scenario_file_itself_must_be_a_regular_file(tmp_path: Path,
                                                         scenario_path: str) -> None:
    if scenario_path == "dir":
        target = tmp_path
        kind = "a folder"
    elif scenario_path == "fifo":
        target = tmp_path / "s.yaml"
        os.mkfifo(target)
        kind = "a pipe (FIFO)"
    else:
        target = Path(scenario_path)
        kind = "a device"
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(target)
    assert time.perf_counter() - start < FAST
    assert str(info.value) == f"{target}:0:0: cannot read file: is {kind}, not a file"


def test_a_cached_scenario_is_reread_when_its_regions_file_becomes_a_link(
        tmp_path: Path) -> None:
    """The cache checks the included file the guarded way too: no stale pass, no escape."""
    folder = scenario_dir(tmp_path)
    shutil.copy(THEATRE, folder / "maps" / "r.json")
    cache = tmp_path / "cache"
    assert load_scenario(folder / "s.yaml", cache_dir=cache).map.regions
    assert list(cache.glob("*.pickle"))
    outside = tmp_path / "outside.json"
    shutil.move(folder / "maps" / "r.json", outside)
    (folder / "maps" / "r.json").symlink_to(outside)
    with pytest.raises(ScenarioError, match="through a symbolic link"):
        load_scenario(folder / "s.yaml", cache_dir=cache)


def test_read_regular_file_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"abc")
    assert files.read_regular_file(path, 3) == b"abc"
    with pytest.raises(files.FileRefused, match="file is 3 bytes; the limit is 2 bytes"):
        files.read_regular_file(path, 2)
