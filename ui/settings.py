"""Persistent desktop settings: recent games, the crash-recovery marker, window layout.

Settings live in the platform's usual place (``QSettings`` with the organisation
and application names set by :mod:`ui.app`). Tests and portable installs point
``WARGAME_GUI_SETTINGS`` at an INI file instead.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANISATION = "wargame"
APPLICATION = "wargame-gui"
SAVE_SUFFIX = ".wgsave"
MAX_RECENT = 10

_RECENT = "games/recent"
_CURRENT = "games/current"
"""Set while a game is open; cleared on a clean close. Still set at start-up = a crash."""


def settings() -> QSettings:
    override = os.environ.get("WARGAME_GUI_SETTINGS")
    if override:
        return QSettings(override, QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def recent_games() -> list[str]:
    value = settings().value(_RECENT, [])
    if isinstance(value, str):
        value = [value] if value else []
    return [str(v) for v in (value or []) if Path(str(v)).exists()]


def add_recent(path: str | Path) -> None:
    path = str(Path(path).resolve())
    items = [p for p in recent_games() if p != path]
    store = settings()
    store.setValue(_RECENT, [path, *items][:MAX_RECENT])
    store.sync()


def current_game() -> str | None:
    value = settings().value(_CURRENT, "")
    return str(value) if value else None


def set_current_game(path: str | Path | None) -> None:
    store = settings()
    if path is None:
        store.remove(_CURRENT)
    else:
        store.setValue(_CURRENT, str(Path(path).resolve()))
    store.sync()


def games_dir() -> Path:
    """``<user data dir>/games`` (created on demand)."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir(APPLICATION, ORGANISATION)) / "games"
    return folder


def default_save_path(scenario_id: str, folder: Path | None = None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", scenario_id).strip("-") or "game"
    return (folder or games_dir()) / f"{slug}-{stamp}{SAVE_SUFFIX}"


def scenario_cache_dir() -> Path:
    """Where validated scenarios are cached (``WARGAME_CACHE_DIR`` overrides)."""
    override = os.environ.get("WARGAME_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APPLICATION, ORGANISATION)) / "scenarios"
