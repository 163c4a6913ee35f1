"""After-action reports: build a report model from a save and a view, then render it.

::

    from wargame.report import export_report
    export_report("game.wgsave", ["html", "pdf", "md", "json"], "PAK", "out/")

writes ``out/game-PAK.html`` (and ``.pdf``, ``.md``, ``.json``): the team edition
for Pakistan, which contains only what :mod:`wargame.views` lets Pakistan see.
The view is ``facilitator``, ``public`` or an actor id. The model is built once
(:func:`~wargame.report.model.build_report`) and every format renders the same
model. Files are written atomically (temporary file, then rename): a report under its
real name is always whole. ``short=True`` writes the short debrief edition instead
(executive summary with its turning points, objectives, hot wash; no turn-by-turn
record) as ``game-PAK-short.pdf`` and so on, beside the full one: the same view,
so it never holds anything the full edition of that view would not. A temporary file
left by an export that was killed (``.<name>.<host>-<pid>.*.tmp``) is removed by the
next export of that file. No Qt here.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import socket
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from wargame.report.common import SHORT_FORMATS, file_stem
from wargame.report.errors import (
    ReportError,
    ReportExportError,
    ReportFormatError,
    ReportViewError,
)
from wargame.report.model import Report, build_report
from wargame.scenario.models import Scenario
from wargame.views import View

__all__ = [
    "FORMATS",
    "SHORT_FORMATS",
    "Report",
    "ReportError",
    "ReportExportError",
    "ReportFormatError",
    "ReportViewError",
    "build_report",
    "export_report",
    "parse_formats",
    "parse_view",
    "render",
]

#: Output formats and their file extensions, in the order they are written.
FORMATS: dict[str, str] = {"html": ".html", "pdf": ".pdf", "md": ".md", "json": ".json",
                           "csv": ".csv"}
_ALIASES = {"markdown": "md", "htm": "html"}


def parse_formats(formats: Sequence[str] | str, short: bool = False) -> list[str]:
    """Normalise format names: comma lists allowed, case-insensitive, duplicates dropped.

    With ``short`` only the formats that have a short edition are allowed, and ``all``
    means those."""
    offered = SHORT_FORMATS if short else tuple(FORMATS)
    items = [formats] if isinstance(formats, str) else list(formats)
    out: list[str] = []
    for item in items:
        for name in str(item).split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name == "all":
                out.extend(f for f in offered if f not in out)
                continue
            name = _ALIASES.get(name, name)
            if name not in FORMATS:
                raise ReportFormatError(f"unknown report format '{name}': use one or more of "
                                        f"{', '.join(FORMATS)} (comma-separated), or all")
            if name not in offered:
                raise ReportFormatError(f"the short debrief edition has no {name} form "
                                        f"(the {name} export is always whole): use "
                                        f"{', '.join(SHORT_FORMATS)}, or drop --short")
            if name not in out:
                out.append(name)
    if not out:
        raise ReportFormatError(f"no report format given: use one or more of "
                                f"{', '.join(FORMATS)}")
    return out


def parse_view(text: str, scenario: Scenario) -> View:
    """``facilitator``, ``public`` or an actor id of the save's scenario."""
    try:
        view = View.parse(str(text).strip(), scenario)
    except ValueError as exc:
        raise ReportViewError(str(exc)) from None
    if view.kind == "actor" and not view.actor:
        raise ReportViewError("empty view: use facilitator, public or an actor id")
    return view


def _renderers() -> dict[str, Callable[..., str | bytes]]:
    from wargame.report.render_csv import render_csv
    from wargame.report.render_html import render_html
    from wargame.report.render_json import render_json
    from wargame.report.render_md import render_md
    from wargame.report.render_pdf import render_pdf

    return {"html": render_html, "pdf": render_pdf, "md": render_md, "json": render_json,
            "csv": render_csv}


def _render_one(report: Report, name: str, short: bool) -> str | bytes:
    renderer = _renderers()[name]
    return renderer(report, short=True) if short else renderer(report)


def render(report: Report, fmt: str, short: bool = False) -> bytes:
    """One format of a built report, as bytes (UTF-8 for the text formats); ``short``:
    the short debrief edition (html, pdf and md only)."""
    (name,) = parse_formats([fmt], short)
    out = _render_one(report, name, short)
    return out.encode("utf-8") if isinstance(out, str) else out


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:40] or "host"


def _temporary_prefix(path: Path) -> str:
    """``.<name>.<host>-<pid>.``: whose temporary file it is, so a dead writer's can go."""
    return f".{path.name}.{_host()}-{os.getpid()}."


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove temporary files of ``path`` left by a writer of this host that has died
    (killed during an export); return them. Another live writer's are kept."""
    host = _host()
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        owner = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        tmp_host, _, pid = owner.rpartition("-")
        if tmp_host != host or not pid.isdigit() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or no way to tell: keep its file
    return True


def _write_atomic(path: Path, data: bytes) -> None:
    remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def export_report(save_path: str | os.PathLike[str], formats: Sequence[str] | str, view: str,
                  out_dir: str | os.PathLike[str], short: bool = False) -> list[Path]:
    """Write the report of a save in each format; return the paths written.

    File names are ``<save-stem>-<view>.<ext>`` (``game-facilitator.html``,
    ``game-PAK.pdf``; ``game-PAK-short.pdf`` for the short debrief edition). Raises
    :class:`ReportFormatError` or :class:`ReportViewError`
    for bad arguments, :class:`~wargame.errors.SaveFileError` for an unreadable
    save, :class:`ReportError` when the output folder cannot be made, and
    :class:`ReportExportError` when one or more formats could not be made or
    written: every other format is still written, and the error lists both.
    """
    from wargame.session import Session

    names = parse_formats(formats, short)
    save = Path(save_path)
    session = Session.open(save, readonly=True)
    chosen = parse_view(view, session.scenario)
    report = build_report(session, chosen, save_name=save.name)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ReportError(f"cannot write the reports into {out}: it is a file, not a folder"
                          ) from None
    except OSError as exc:
        raise ReportError(f"cannot create output folder {out}: {exc.strerror}") from None
    written: list[Path] = []
    failures: dict[str, str] = {}
    for name in names:
        path = out / f"{file_stem(save.stem, report, short)}{FORMATS[name]}"
        problem = _write_format(report, name, path, short)
        if problem is None:
            written.append(path)
        else:
            failures[name] = problem
    if failures:
        raise ReportExportError(written, failures)
    return written


def _write_format(report: Report, name: str, path: Path, short: bool = False) -> str | None:
    """Render and write one format; what went wrong, or None.

    Any failure of one renderer (a bug, an input it cannot lay out) is caught here
    so that the other formats are still written; the old file, if any, is kept.
    """
    try:
        data = _render_one(report, name, short)
    except Exception as exc:  # a renderer's bug must not cost the other formats
        return f"the {name} renderer failed ({type(exc).__name__}: {str(exc)[:300]})"
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write_atomic(path, payload)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror}"
    return None
