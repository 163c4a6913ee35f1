"""The validated-scenario cache the desktop app uses: hits are equal, changes invalidate."""

from __future__ import annotations

import shutil
from pathlib import Path

from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def _copy_tutorial(tmp_path: Path) -> Path:
    folder = tmp_path / "scen"
    shutil.copytree(ROOT / "scenarios" / "maps", folder / "maps")
    shutil.copy(ROOT / "scenarios" / "tutorial.yaml", folder / "tutorial.yaml")
    return folder / "tutorial.yaml"


def test_cache_hit_equals_a_full_load(tmp_path: Path) -> None:
    path = _copy_tutorial(tmp_path)
    cache = tmp_path / "cache"
    first = load_scenario(path, cache_dir=cache)
    assert len(list(cache.iterdir())) == 1
    assert load_scenario(path, cache_dir=cache) == first == load_scenario(path)
    assert first.map.regions_source == "maps/theatre.json"


def test_changed_files_are_not_served_from_the_cache(tmp_path: Path) -> None:
    path = _copy_tutorial(tmp_path)
    cache = tmp_path / "cache"
    load_scenario(path, cache_dir=cache)
    path.write_text(path.read_text().replace("default_turns: 6", "default_turns: 7"))
    assert load_scenario(path, cache_dir=cache).metadata.default_turns == 7
    regions = path.parent / "maps" / "theatre.json"
    regions.write_text(regions.read_text().replace('"Afghanistan"', '"Afghanistan (edited)"'))
    names = {r.name for r in load_scenario(path, cache_dir=cache).map.regions}
    assert "Afghanistan (edited)" in names


def test_damaged_or_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    path = _copy_tutorial(tmp_path)
    cache = tmp_path / "cache"
    expected = load_scenario(path, cache_dir=cache)
    for entry in cache.iterdir():
        entry.write_text("{not json")
    assert load_scenario(path, cache_dir=cache) == expected
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    assert load_scenario(path, cache_dir=blocker / "sub") == expected
