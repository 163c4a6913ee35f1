"""The save file: an append-only JSON-lines journal of commands.

Line 1 is the header: format name and version, engine version, the full resolved
scenario and its sha256, the seed, the seats and the number of turns. Every
further line is one command with a sequence number. Every line carries a chained
checksum (sha256 over the previous checksum and the line's canonical JSON): the
header's starts the chain (format version 2), so an edit to the seed, seats,
turns, engine or scenario breaks it just as an edit to a command does. A line is
written, flushed and fsynced before its command counts as done.

Reading is strict: an unknown format or version, a scenario whose hash does not
match, a gap in sequence numbers, a bad checksum or a field of the wrong type
raise :class:`SaveFileError` and the file is left untouched. Only a *torn last
line* (a crash in the middle of a write) is tolerated: it is reported in
:attr:`JournalContents.torn` and everything before it is kept. Version 1 saves
(header outside the chain) still load, with a note saying so.

Writing: one writer per save. :class:`JournalWriter` holds an exclusive lock on
the file (``flock``) for as long as it is open and leaves a note of who holds it
(``<save>.lock``: pid, host, program, since) for the message a second writer
gets. The kernel drops the lock when its holder dies, so a lock left by a crash
never blocks anyone; its stale note is simply overwritten. Writes go through an
unbuffered descriptor; after a failed write or fsync (disk full, I/O error) the
file is cut back to the end of its last complete line and the writer refuses
further commands, so no half-written line can be followed by acknowledged ones.
The system calls go through :data:`FILES` (a :class:`FileLayer`), which tests
replace to inject faults.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.errors import CommandError, SaveFileError, SaveLockedError, SaveNotWritableError

FORMAT = "wargame-journal"
VERSION = 2
"""Written by this engine. 2: the header is chained (its checksum starts the chain)."""
READABLE_VERSIONS = (1, 2)
MAX_TURNS = 1000
_GENESIS = "0" * 16
_UNPROTECTED_HEADER = (
    "this save was written in format version 1, whose header (seed, seats, turns, engine "
    "version, embedded scenario) is not covered by the checksums: an edit there cannot be "
    "detected. The commands are checked as usual; new saves use version 2, which checks "
    "the header too.")


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _check_savable(body: Mapping[str, Any]) -> None:
    """Refuse a command whose text cannot be written as UTF-8 (a lone UTF-16 surrogate,
    which a paste can carry), before anything is written."""
    try:
        canonical(body).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _unsavable(exc) from None


def _unsavable(exc: UnicodeEncodeError) -> CommandError:
    bad = str(exc.object[exc.start:exc.end])
    return CommandError(f"the text holds a character that cannot be saved (U+{ord(bad[0]):04X}, "
                        "half of a broken character pair): remove it and try again")


def chain(previous: str, body: Mapping[str, Any]) -> str:
    """Checksum of a line: sha256(previous checksum + canonical body), 16 hex digits."""
    return hashlib.sha256((previous + canonical(body)).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Command:
    """One journal line after the header."""

    seq: int
    name: str
    args: Mapping[str, Any]
    at: str = ""
    """Wall-clock time of entry (ISO 8601), for the audit trail only; rules never read it."""

    def body(self) -> dict[str, Any]:
        return {"seq": self.seq, "cmd": self.name, "args": dict(self.args), "at": self.at}


@dataclass(frozen=True, slots=True)
class Header:
    scenario: Mapping[str, Any]
    scenario_sha256: str
    seed: int
    seats: Mapping[str, Mapping[str, str]]
    turns: int
    engine: str = __version__
    created: str = ""
    title: str = ""
    parent: Mapping[str, Any] | None = None
    """For a what-if branch: the save it branched from and at which command."""

    def body(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": VERSION, "engine": self.engine,
            "created": self.created, "title": self.title,
            "scenario_sha256": self.scenario_sha256, "seed": self.seed,
            "seats": {k: dict(v) for k, v in self.seats.items()}, "turns": self.turns,
            "parent": dict(self.parent) if self.parent else None,
            "scenario": dict(self.scenario),
        }

    def line(self) -> tuple[str, str]:
        """The header line as written (with its checksum) and that checksum."""
        body = self.body()
        checksum = chain(_GENESIS, body)
        return canonical({**body, "checksum": checksum}), checksum


@dataclass
class JournalContents:
    header: Header
    commands: list[Command] = field(default_factory=list)
    torn: str | None = None
    """Description of a torn last line that was dropped, if any."""
    good_bytes: int = 0
    """Length of the file up to the end of the last good line."""
    version: int = VERSION
    last_checksum: str = _GENESIS
    """The checksum the next command chains from."""
    notes: list[str] = field(default_factory=list)
    """Things the reader should know about this save (e.g. an unprotected old header)."""


def _fail(path: Path, line: int, message: str) -> SaveFileError:
    return SaveFileError(f"{path}:{line}: {message}")


def read_journal(path: str | Path) -> JournalContents:
    """Read and check a journal. Raises :class:`SaveFileError` if it cannot be trusted."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveFileError(f"{path}: cannot read save file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise _fail(path, 1, "the save file is empty")
    lines = raw.split(b"\n")
    complete = lines[:-1]
    tail = lines[-1]
    torn: str | None = None
    if tail.strip():
        torn = f"line {len(lines)} was cut off mid-write ({len(tail)} bytes); it was dropped"
    offset = 0
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(complete, start=1):
        try:
            obj = json.loads(line.decode("utf-8"))
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            if number == len(complete) and number > 1 and torn is None:
                torn = f"line {number} is incomplete ({exc}); it was dropped"
                break
            raise _fail(path, number, f"not a valid journal line ({exc})") from None
        parsed.append((number, obj))
        offset += len(line) + 1
    if not parsed:
        raise _fail(path, 1, "no header line")
    version, previous = _check_header_chain(path, parsed[0][1])
    contents = JournalContents(header=_header(path, parsed[0][1]), torn=torn, version=version)
    if version == 1:
        contents.notes.append(_UNPROTECTED_HEADER)
    for index, (number, obj) in enumerate(parsed[1:], start=1):
        checksum = obj.pop("checksum", None)
        if not isinstance(checksum, str):
            raise _fail(path, number, "command without a checksum")
        try:
            expected = chain(previous, obj)
        except (ValueError, RecursionError) as exc:
            raise _fail(path, number, f"not a valid journal line ({exc})") from None
        if checksum != expected:
            raise _fail(path, number, "checksum mismatch: this line or one before it (the "
                        "header included) was altered or damaged (the file has not been "
                        "changed; restore a backup or replay up to here)")
        contents.commands.append(_command(path, number, index, obj))
        previous = checksum
    contents.good_bytes = offset
    contents.last_checksum = previous
    return contents


def _check_header_chain(path: Path, obj: dict[str, Any]) -> tuple[int, str]:
    """The header's format version and the checksum the first command chains from."""
    if obj.get("format") != FORMAT:
        raise _fail(path, 1, f"not a wargame save file (format {obj.get('format')!r})")
    version = obj.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise _fail(path, 1, f"save format version {version!r} is not supported "
                    f"(this engine reads versions {', '.join(map(str, READABLE_VERSIONS))}); "
                    "use a matching engine version")
    if version == 1:
        return 1, _GENESIS
    checksum = obj.pop("checksum", None)
    if not isinstance(checksum, str):
        raise _fail(path, 1, "header without a checksum")
    try:
        expected = chain(_GENESIS, obj)
    except (ValueError, RecursionError) as exc:
        raise _fail(path, 1, f"malformed header ({exc})") from None
    if checksum != expected:
        raise _fail(path, 1, "header checksum mismatch: the seed, seats, turns, engine "
                    "version or scenario of this save were altered or damaged (the file has "
                    "not been changed)")
    return version, checksum


def _command(path: Path, number: int, index: int, obj: dict[str, Any]) -> Command:
    seq, name, args, at = obj.get("seq"), obj.get("cmd"), obj.get("args"), obj.get("at", "")
    if type(seq) is not int or seq != index:
        raise _fail(path, number, f"sequence number {seq!r} where {index} expected")
    if not isinstance(name, str) or not name:
        raise _fail(path, number, f"malformed command: 'cmd' must be a name, not {name!r}")
    if not isinstance(args, dict):
        raise _fail(path, number, "malformed command: 'args' must be a JSON object")
    if not isinstance(at, str):
        raise _fail(path, number, "malformed command: 'at' must be a text")
    return Command(seq, name, args, at)


def _header(path: Path, obj: dict[str, Any]) -> Header:
    def bad(message: str) -> SaveFileError:
        return _fail(path, 1, f"malformed header: {message}")

    scenario, digest = obj.get("scenario"), obj.get("scenario_sha256")
    if not isinstance(scenario, dict):
        raise bad("'scenario' must be a JSON object (the embedded scenario)")
    try:
        actual = hashlib.sha256(canonical(scenario).encode()).hexdigest()
    except (ValueError, RecursionError) as exc:
        raise bad(f"the embedded scenario cannot be read ({exc})") from None
    if actual != digest:
        raise _fail(path, 1, "the embedded scenario does not match its sha256")
    seed, turns, seats, parent = obj.get("seed"), obj.get("turns"), obj.get("seats", {}), \
        obj.get("parent")
    if type(seed) is not int:
        raise bad(f"'seed' must be a whole number, not {seed!r}")
    if type(turns) is not int or not 1 <= turns <= MAX_TURNS:
        raise bad(f"'turns' must be a whole number from 1 to {MAX_TURNS}, not {turns!r}")
    if not isinstance(seats, dict) or not all(
            isinstance(actor, str) and isinstance(seat, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in seat.items())
            for actor, seat in seats.items()):
        raise bad("'seats' must map actor ids to {\"kind\": ..., \"team\": ...} objects")
    if parent is not None and not isinstance(parent, dict):
        raise bad("'parent' must be a JSON object or null")
    texts = {k: obj.get(k, "") for k in ("engine", "created", "title")}
    for key, value in texts.items():
        if not isinstance(value, str):
            raise bad(f"'{key}' must be a text, not {value!r}")
    return Header(scenario=scenario, scenario_sha256=actual, seed=seed, seats=seats,
                  turns=turns, engine=texts["engine"], created=texts["created"],
                  title=texts["title"], parent=parent)


# =========================================================================== the file layer


class FileLayer:
    """The system calls the journal writer makes, one method each (tests inject faults).

    Descriptors are unbuffered: a byte the writer has not been told is written
    never sits in a user-space buffer to reach the file later.
    """

    def open_new(self, path: Path) -> int:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o644)

    def open_append(self, path: Path) -> int:
        return os.open(path, os.O_WRONLY | os.O_APPEND | _CLOEXEC)

    def write(self, fd: int, data: bytes | memoryview) -> int:
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def truncate(self, fd: int, size: int) -> None:
        os.ftruncate(fd, size)

    def close(self, fd: int) -> None:
        os.close(fd)

    def lock(self, fd: int) -> bool:
        """Take an exclusive, non-blocking lock; False if another descriptor holds it."""
        return _lock(fd)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
FILES = FileLayer()
"""The file layer every writer uses unless given another."""


def _lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: a mandatory lock on one byte far beyond any save's end
        import msvcrt

        os.lseek(fd, 1 << 40, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            return True  # a file system without locks: nothing to hold
        raise
    return True


# =========================================================================== the lock note


def lock_note_path(path: Path) -> Path:
    """Where the writer of ``path`` leaves its name for others (``game.wgsave.lock``)."""
    return path.with_name(path.name + ".lock")


def _program() -> str:
    argv = sys.argv
    name = Path(argv[0]).name if argv and argv[0] else "python"
    if name == "__main__.py":
        name = Path(argv[0]).parent.name
    if name == "ui":
        name = "wargame-gui"
    words = [name] + ([argv[1]] if name == "wargame" and len(argv) > 1 else [])
    return " ".join(words)


def _leave_lock_note(path: Path) -> None:
    note = {"pid": str(os.getpid()), "host": socket.gethostname(), "program": _program(),
            "since": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    # the note only improves a second writer's message; the lock is what counts
    with contextlib.suppress(OSError):
        lock_note_path(path).write_text(json.dumps(note) + "\n", encoding="utf-8")


def _remove_lock_note(path: Path) -> None:
    note = lock_note_path(path)
    try:
        if read_lock_note(path).get("pid") == str(os.getpid()):
            note.unlink()
    except OSError:
        pass


def read_lock_note(path: Path) -> dict[str, str]:
    """What the current (or last) writer of ``path`` said about itself; {} if nothing."""
    try:
        data = json.loads(lock_note_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: str(data[k]) for k in ("pid", "host", "program", "since") if k in data}


def _locked(path: Path) -> SaveLockedError:
    holder = read_lock_note(path)
    if holder:
        who = (f"{holder.get('program', 'a program')} (pid {holder.get('pid', '?')} on "
               f"{holder.get('host', '?')}, since {holder.get('since', '?')})")
    else:
        who = "another program (it left no details)"
    return SaveLockedError(f"{path}: this game is already open for writing in {who}. Only "
                           "one program may write a save at a time: close the game there "
                           "first, or open it read-only.", holder)


# =========================================================================== the writer


class JournalWriter:
    """Appends commands durably; the one writer of its file while open (it holds the lock)."""

    def __init__(self, path: Path, fd: int, last_checksum: str, next_seq: int,
                 good_bytes: int, files: FileLayer) -> None:
        self.path = path
        self._fd: int | None = fd
        self._files = files
        self._last = last_checksum
        self.next_seq = next_seq
        self.good_bytes = good_bytes
        """Length of the file up to the end of its last complete line."""
        self.failure: str | None = None
        """Why this writer stopped writing (after a failed write), else None."""

    @classmethod
    def create(cls, path: str | Path, header: Header, *,
               files: FileLayer | None = None) -> JournalWriter:
        """Start a new journal; refuses to overwrite an existing file."""
        path, files = Path(path), files or FILES
        try:
            text, checksum = header.line()
        except UnicodeEncodeError as exc:  # checked before the file exists
            raise _unsavable(exc) from None
        try:
            fd = files.open_new(path)
        except FileExistsError:
            raise SaveFileError(f"{path}: already exists; choose another name") from None
        except (PermissionError, IsADirectoryError):
            raise SaveNotWritableError(f"{path}: cannot create a save file here (permission "
                                       "denied); choose a folder you can write to") from None
        except OSError as exc:
            raise SaveFileError(f"{path}: cannot create save file: {exc.strerror}") from None
        writer = cls(path, fd, checksum, 1, 0, files)
        try:
            files.lock(fd)
            writer._write_line(text)
        except (OSError, SaveFileError) as exc:
            writer.close()
            _remove_quietly(path)  # it held at most part of a header: nothing to keep
            reason = exc.strerror if isinstance(exc, OSError) else writer.failure
            raise SaveNotWritableError(f"{path}: cannot create the save file ({reason})"
                                       ) from None
        _leave_lock_note(path)
        _fsync_dir(path)
        return writer

    @classmethod
    def resume(cls, path: str | Path, *, files: FileLayer | None = None
               ) -> tuple[JournalWriter, JournalContents]:
        """Lock an existing journal, read it, and continue it (a torn tail is cut off)."""
        path, files = Path(path), files or FILES
        try:
            fd = files.open_append(path)
        except FileNotFoundError:
            raise SaveFileError(f"{path}: no such save file") from None
        except IsADirectoryError:
            raise SaveFileError(f"{path}: is a folder, not a save file") from None
        except PermissionError:
            raise SaveNotWritableError(
                f"{path}: this save cannot be written (permission denied: the file or its "
                "folder is read-only). Open it read-only, or copy it to a folder you can "
                "write to.") from None
        except OSError as exc:
            raise SaveNotWritableError(f"{path}: cannot open the save for writing "
                                       f"({exc.strerror}); open it read-only") from None
        try:
            if not files.lock(fd):
                raise _locked(path)
            contents = read_journal(path)  # under the lock: nobody appends meanwhile
            if contents.torn is not None:
                _cut_torn_tail(path, fd, contents, files)
        except BaseException:
            files.close(fd)
            raise
        _leave_lock_note(path)
        writer = cls(path, fd, contents.last_checksum, len(contents.commands) + 1,
                     contents.good_bytes, files)
        return writer, contents

    def append(self, name: str, args: Mapping[str, Any], at: str = "") -> Command:
        if self.failure is not None or self._fd is None:
            raise SaveNotWritableError(self.failure or f"{self.path}: the save is closed")
        command = Command(self.next_seq, name, args, at)
        body = command.body()
        _check_savable(body)
        checksum = chain(self._last, body)
        self._write_line(canonical({**body, "checksum": checksum}))
        self._last = checksum
        self.next_seq += 1
        return command

    def _write_line(self, text: str) -> None:
        assert self._fd is not None
        data = memoryview(text.encode("utf-8") + b"\n")
        try:
            rest = data
            while rest:
                written = self._files.write(self._fd, rest)
                if written <= 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                rest = rest[written:]
            self._files.fsync(self._fd)
        except OSError as exc:
            self._stop(exc)
        self.good_bytes += len(data)

    def _stop(self, exc: OSError) -> None:
        """After a failed write: cut the file back to its last complete line, write no more."""
        assert self._fd is not None
        reason = exc.strerror or str(exc)
        try:
            self._files.truncate(self._fd, self.good_bytes)
            self._files.fsync(self._fd)
            kept = "The save was cut back to its last complete command and is intact."
        except OSError:
            kept = ("The save may end with a partial line, which the next load drops; the "
                    "commands before it are intact.")
        self.failure = (f"{self.path}: writing to the save failed ({reason}), so the last "
                        f"command was not recorded. {kept} Nothing more is written to it: "
                        "save a copy elsewhere to carry on, or free space and open it again.")
        raise SaveNotWritableError(self.failure)

    def close(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _remove_lock_note(self.path)
        with contextlib.suppress(OSError):
            self._files.close(fd)


def _cut_torn_tail(path: Path, fd: int, contents: JournalContents, files: FileLayer) -> None:
    """Keep a copy of the damaged file beside it, then cut the torn line off."""
    backup = path.with_name(path.name + ".torn")
    number = 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{path.name}.torn-{number}")
    try:
        write_atomic(backup, path.read_bytes())
        files.truncate(fd, contents.good_bytes)
        files.fsync(fd)
    except OSError as exc:
        raise SaveNotWritableError(
            f"{path}: its last line was cut off mid-write and must be removed before play "
            f"can go on, but that failed ({exc.strerror}); the file is unchanged. Free some "
            "space, or open it read-only.") from None


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path.parent if str(path.parent) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace a file atomically: write a temporary file beside it, then rename.

    On failure the temporary file is removed and the target is left as it was.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove_quietly(tmp)
        raise
    _fsync_dir(path)
