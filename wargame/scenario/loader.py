"""Finding and loading scenarios, with a validated-scenario cache for the desktop app.

:func:`load_scenario` reads a file and hands its text to :mod:`wargame.scenario.reader`
(YAML with positions -> pydantic models -> cross-reference pass); every problem in a
file is raised at once in a :class:`~wargame.errors.ScenarioError`, each as
``file:line:col: field.path: message``.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic

from wargame import __version__
from wargame.errors import ScenarioError
from wargame.scenario import models as m
from wargame.scenario.files import (
    REGIONS_MAX_BYTES,
    SCENARIO_MAX_BYTES,
    FileRefused,
    read_regular_file,
    resolve_inside,
)

DEFAULT_SCENARIO = "afghanistan-2022"


def bundled_dir() -> Path:
    """Folder of the scenarios shipped with the package (or the source tree's scenarios/)."""
    packaged = resources.files("wargame") / "bundled_scenarios"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "scenarios"


def bundled_paths() -> list[Path]:
    return sorted(p for p in bundled_dir().glob("*.yaml") if p.is_file())


def resolve_scenario_path(name: str | None) -> Path:
    """A scenario file from a path, or a bundled scenario by id or file stem."""
    if name is None:
        name = DEFAULT_SCENARIO
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    for candidate in bundled_paths():
        if candidate.stem == name:
            return candidate
    for candidate in bundled_paths():
        try:
            if load_scenario(candidate).metadata.id == name:
                return candidate
        except ScenarioError:
            continue
    known = ", ".join(p.stem for p in bundled_paths())
    raise ScenarioError.at(name, 0, 0, f"no such scenario; bundled: {known}")


def load_scenario(path: str | Path, *, cache_dir: Path | None = None) -> m.Scenario:
    """Load, validate and cross-check a scenario file.

    With ``cache_dir`` (the desktop app passes one), a file that validated before is
    read back from the cache instead: the validated models and the document a save
    embeds, pickled, so neither the YAML pass, the cross-check nor pydantic's
    validators run again. An entry is keyed by the file's bytes, the engine's version
    and scenario code, and the versions of pydantic and Python; it records the hash of
    every file the scenario includes (the map outlines) and is ignored when one
    changed. A damaged or unreadable entry is ignored and rewritten. (Pickle runs code
    on load: the cache lives in the user's own cache folder, which only they can write.)
    """
    path = Path(path)
    display = str(path)
    raw = read_scenario_bytes(path, display)
    if cache_dir is None:
        return parse_scenario(raw, filename=display, base_dir=path.parent)
    entry = cache_dir / f"{_cache_key(raw)}.pickle"
    cached = _read_cache(entry, path.parent)
    if cached is not None:
        return cached
    scenario = parse_scenario(raw, filename=display, base_dir=path.parent)
    _write_cache(entry, scenario, path.parent)
    return scenario


def read_scenario_bytes(path: Path, display: str) -> bytes:
    """The bytes of a scenario file: a regular file of at most 5 MB, read with a bound."""
    try:
        return read_regular_file(path, SCENARIO_MAX_BYTES)
    except FileRefused as exc:
        message = str(exc)
        if message.startswith("file is"):  # too large: the position of the first byte
            raise ScenarioError.at(display, 1, 1, message) from None
        raise ScenarioError.at(display, 0, 0, f"cannot read file: {message}") from None


def _include_sha256(base_dir: Path, rel: str) -> str:
    """Hash of a file the scenario includes, read the same guarded way as the loader."""
    target = resolve_inside(base_dir, rel)
    return hashlib.sha256(read_regular_file(target, REGIONS_MAX_BYTES,
                                            follow_links=False)).hexdigest()


def _cache_key(raw: bytes) -> str:
    digest = hashlib.sha256(raw)
    # what a pickle depends on: this engine, the pydantic that built it, the interpreter
    digest.update(f"{__version__}|{pydantic.VERSION}|{sys.version}".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        stat = source.stat()
        digest.update(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def _read_cache(entry: Path, base_dir: Path) -> m.Scenario | None:
    """The cached scenario, or None when the entry is missing, stale or damaged."""
    try:
        with entry.open("rb") as stream:
            includes = pickle.load(stream)
            for rel, sha in includes.items():
                if _include_sha256(base_dir, rel) != sha:
                    return None
            scenario, document = pickle.load(stream)
    except Exception:  # a damaged pickle can raise almost anything
        return None
    if not isinstance(scenario, m.Scenario):
        return None
    scenario.derived("document", lambda: document)
    return scenario


def _write_cache(entry: Path, scenario: m.Scenario, base_dir: Path) -> None:
    includes = {}
    try:
        rel = scenario.map.regions_source
        if rel is not None:
            includes[rel] = _include_sha256(base_dir, rel)
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as stream:
            pickle.dump(includes, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((scenario, scenario_document(scenario)), stream,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except (OSError, FileRefused):
        pass  # a cache that cannot be written only costs time


def parse_scenario(text: str | bytes, *, filename: str, base_dir: Path | None = None
                   ) -> m.Scenario:
    """Validate and cross-check scenario YAML text (``filename`` is used in messages)."""
    from wargame.scenario import reader  # the YAML reader is only needed on a cache miss

    return reader.parse_scenario(text, filename=filename, base_dir=base_dir)


def scenario_from_json(data: dict[str, Any], *, source: str) -> m.Scenario:
    """Rebuild a scenario embedded in a save file (already resolved, regions inline)."""
    try:
        return m.Scenario.model_validate(data)
    except pydantic.ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ScenarioError.at(source, 0, 0, first["msg"], where) from None


def canonical_json(scenario: m.Scenario) -> str:
    return json.dumps(scenario.model_dump(mode="json", by_alias=True), sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)


def scenario_sha256(scenario: m.Scenario) -> str:
    return hashlib.sha256(canonical_json(scenario).encode()).hexdigest()


def scenario_document(scenario: m.Scenario) -> tuple[dict[str, Any], str]:
    """The scenario as the JSON document a save embeds, and its sha256 (cached; read-only)."""

    def build() -> tuple[dict[str, Any], str]:
        text = canonical_json(scenario)
        return json.loads(text), hashlib.sha256(text.encode()).hexdigest()

    return scenario.derived("document", build)
