"""The validated-scenario cache the desktop app uses: hits are equal, changes invalidate."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from wargame.scenario.loader import load_scenario, scenario_document

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
    (entry,) = cache.iterdir()
    good = entry.read_bytes()
    for damage in (b"{not a pickle", good[: len(good) // 2], good[:-7], b"",
                   pickle.dumps({}) + pickle.dumps(("not a scenario", None))):
        entry.write_bytes(damage)
        assert load_scenario(path, cache_dir=cache) == expected
        assert entry.read_bytes() == good  # rewritten from the file
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    assert load_scenario(path, cache_dir=blocker / "sub") == expected


def test_a_cache_hit_skips_validation_and_keeps_the_save_document(tmp_path: Path) -> None:
    path = _copy_tutorial(tmp_path)
    cache = tmp_path / "cache"
    fresh = load_scenario(path)
    load_scenario(path, cache_dir=cache)
    hit = load_scenario(path, cache_dir=cache)
    assert hit is not fresh and hit == fresh
    assert scenario_document(hit) == scenario_document(fresh)
    assert hit.actor("PAK") == fresh.actor("PAK")  # lookups are rebuilt after unpickling
    assert "_index" not in pickle.loads(pickle.dumps(hit)).__dict__


def test_pickled_scenarios_carry_no_cached_lookups(tmp_path: Path) -> None:
    scenario = load_scenario(_copy_tutorial(tmp_path))
    scenario.actor("PAK")
    scenario.derived("probe", lambda: object())
    copy = pickle.loads(pickle.dumps(scenario))
    assert copy == scenario
    assert "_index" not in copy.__dict__ and "_derived" not in copy.__dict__
