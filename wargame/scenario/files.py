"""Reading the files a scenario consists of, without trusting them.

A scenario file and the files it names (the map's ``regions_file``) are read with
:func:`read_regular_file`: only a regular file is read (a folder, a device such as
``/dev/zero``, a FIFO or a socket is refused before a byte is read, and opening
never waits for a writer), its size is checked against a limit first and the read
stops one byte past the limit in case the file grows meanwhile. So no input can
hang a load or fill the memory.

:func:`resolve_inside` turns a path written in a scenario into the real file it
leads to and refuses it unless that file lies inside the scenario's real folder,
after every symbolic link on either side is followed.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Final

__all__ = [
    "REGIONS_MAX_BYTES",
    "SCENARIO_MAX_BYTES",
    "FileRefused", "read_regular_file", "resolve_inside", "size_message", "size_text"]

SCENARIO_MAX_BYTES: Final = 5_000_000
"""Largest scenario file read (the bundled Afghanistan scenario is 0.16 MB)."""
REGIONS_MAX_BYTES: Final = 2_000_000
"""Largest regions file read: 36 times the bundled theatre map (55 kB)."""

_CHUNK: Final = 1 << 20


class FileRefused(Exception):
    """A file cannot or must not be read; the message says why, in the user's terms."""


def size_text(size: int) -> str:
    """'2.1 MB', '640 bytes' (megabytes rounded up, so never equal to a round limit)."""
    if size < 1_000_000:
        return f"{size} bytes"
    return f"{math.ceil(size / 100_000) / 10:g} MB"


def size_message(size: int, limit: int) -> str:
    """'file is 6.1 MB; the limit is 5 MB'."""
    return f"file is {size_text(size)}; the limit is {size_text(limit)}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular_file(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`FileRefused` for something that is not a regular file, a file
    larger than ``limit`` (``file is 6.1 MB; the limit is 5 MB``) or an OS error
    (the message is the system's, such as ``No such file or directory``). With
    ``follow_links=False`` the last component must not be a symbolic link (use it
    on a path :func:`resolve_inside` has already resolved, so that a link swapped
    in afterwards is not followed).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"is {_kind(info.st_mode)}, not a file")
        if info.st_size > limit:
            raise FileRefused(size_message(info.st_size, limit))
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise FileRefused(f"file grew past the limit of {size_text(limit)} while "
                              "it was read")
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def resolve_inside(base_dir: Path, rel: str) -> Path:
    """The real path ``rel`` (relative to ``base_dir``) leads to, if it stays inside.

    Both sides are resolved (every symbolic link followed), so a link inside the
    folder that points outside it, or a path through a linked folder, is refused
    with :class:`FileRefused`. The path must name something other than the folder
    itself; whether it exists is left to the read.
    """
    if Path(rel).is_absolute() or ".." in Path(rel).parts:
        raise FileRefused("must be a path inside the scenario's folder")
    folder = os.path.realpath(base_dir)
    target = os.path.realpath(os.path.join(folder, rel))
    if target == folder:
        raise FileRefused("must be a file inside the scenario's folder, not the folder")
    if os.path.commonpath([folder, target]) != folder:
        raise FileRefused(f"must be a file inside the scenario's folder; '{rel}' leads to "
                          f"'{target}' through a symbolic link")
    return Path(target)
