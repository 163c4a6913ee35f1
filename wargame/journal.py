"""The save file: an append-only JSON-lines journal of commands.

Line 1 is the header: format name and version, engine version, the full resolved
scenario and its sha256, the seed, the seats and the number of turns. Every
further line is one command with a sequence number and a chained checksum
(sha256 over the previous checksum and the line's canonical JSON), written,
flushed and fsynced before the command counts as done.

Reading is strict: an unknown format or version, a scenario whose hash does not
match, a gap in sequence numbers or a bad checksum raise :class:`SaveFileError`
and the file is left untouched. Only a *torn last line* (a crash in the middle
of a write) is tolerated: it is reported in :attr:`JournalContents.torn` and
everything before it is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from wargame import __version__
from wargame.errors import SaveFileError

FORMAT = "wargame-journal"
VERSION = 1
_GENESIS = "0" * 16


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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


@dataclass
class JournalContents:
    header: Header
    commands: list[Command] = field(default_factory=list)
    torn: str | None = None
    """Description of a torn last line that was dropped, if any."""
    good_bytes: int = 0
    """Length of the file up to the end of the last good line."""


def _fail(path: Path, line: int, message: str) -> SaveFileError:
    return SaveFileError(f"{path}:{line}: {message}")


def read_journal(path: str | Path) -> JournalContents:
    """Read and check a journal. Raises :class:`SaveFileError` if it cannot be trusted."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveFileError(f"{path}: cannot read save file: {exc.strerror}") from None
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
        except (UnicodeDecodeError, ValueError) as exc:
            if number == len(complete) and number > 1 and torn is None:
                torn = f"line {number} is incomplete ({exc}); it was dropped"
                break
            raise _fail(path, number, f"not a valid journal line ({exc})") from None
        parsed.append((number, obj))
        offset += len(line) + 1
    if not parsed:
        raise _fail(path, 1, "no header line")
    header = _header(path, parsed[0][1])
    contents = JournalContents(header=header, torn=torn)
    previous = _GENESIS
    for index, (number, obj) in enumerate(parsed[1:], start=1):
        checksum = obj.pop("checksum", None)
        if not isinstance(checksum, str):
            raise _fail(path, number, "command without a checksum")
        expected = chain(previous, obj)
        if checksum != expected:
            raise _fail(path, number, "checksum mismatch: the file was altered or damaged "
                        "(it has not been changed; restore a backup or replay up to here)")
        if obj.get("seq") != index:
            raise _fail(path, number, f"sequence number {obj.get('seq')} where {index} expected")
        try:
            contents.commands.append(Command(int(obj["seq"]), str(obj["cmd"]),
                                             dict(obj["args"]), str(obj.get("at", ""))))
        except (KeyError, TypeError, ValueError) as exc:
            raise _fail(path, number, f"malformed command ({exc})") from None
        previous = checksum
    contents.good_bytes = offset
    return contents


def _header(path: Path, obj: dict[str, Any]) -> Header:
    if obj.get("format") != FORMAT:
        raise _fail(path, 1, f"not a wargame save file (format {obj.get('format')!r})")
    if obj.get("version") != VERSION:
        raise _fail(path, 1, f"save format version {obj.get('version')!r} is not supported "
                    f"(this engine reads version {VERSION}); use a matching engine version")
    try:
        scenario = obj["scenario"]
        digest = hashlib.sha256(canonical(scenario).encode()).hexdigest()
        if digest != obj["scenario_sha256"]:
            raise _fail(path, 1, "the embedded scenario does not match its sha256")
        return Header(scenario=scenario, scenario_sha256=obj["scenario_sha256"],
                      seed=int(obj["seed"]), seats=obj.get("seats", {}),
                      turns=int(obj["turns"]), engine=str(obj.get("engine", "")),
                      created=str(obj.get("created", "")), title=str(obj.get("title", "")),
                      parent=obj.get("parent"))
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(path, 1, f"malformed header ({exc})") from None


class JournalWriter:
    """Appends commands durably; one writer per file."""

    def __init__(self, path: Path, handle: IO[bytes], last_checksum: str, next_seq: int) -> None:
        self.path = path
        self._handle = handle
        self._last = last_checksum
        self.next_seq = next_seq

    @classmethod
    def create(cls, path: str | Path, header: Header) -> JournalWriter:
        """Start a new journal; refuses to overwrite an existing file."""
        path = Path(path)
        try:
            handle = open(path, "xb")  # noqa: SIM115 - kept open for appending
        except FileExistsError:
            raise SaveFileError(f"{path}: already exists; choose another name") from None
        except OSError as exc:
            raise SaveFileError(f"{path}: cannot create save file: {exc.strerror}") from None
        writer = cls(path, handle, _GENESIS, 1)
        writer._write_line(canonical(header.body()))
        _fsync_dir(path)
        return writer

    @classmethod
    def append_to(cls, path: str | Path, contents: JournalContents) -> JournalWriter:
        """Continue an existing journal (after :func:`read_journal`)."""
        path = Path(path)
        if contents.torn is not None:
            backup = path.with_name(path.name + ".torn")
            data = path.read_bytes()
            backup.write_bytes(data)
            with open(path, "r+b") as handle:
                handle.truncate(contents.good_bytes)
                handle.flush()
                os.fsync(handle.fileno())
        last = _GENESIS
        if contents.commands:
            last = chain_of(contents)
        appender = open(path, "ab")  # noqa: SIM115
        return cls(path, appender, last, len(contents.commands) + 1)

    def append(self, name: str, args: Mapping[str, Any], at: str = "") -> Command:
        command = Command(self.next_seq, name, args, at)
        body = command.body()
        checksum = chain(self._last, body)
        self._write_line(canonical({**body, "checksum": checksum}))
        self._last = checksum
        self.next_seq += 1
        return command

    def _write_line(self, text: str) -> None:
        self._handle.write(text.encode("utf-8") + b"\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


def chain_of(contents: JournalContents) -> str:
    previous = _GENESIS
    for command in contents.commands:
        previous = chain(previous, command.body())
    return previous


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
    """Replace a file atomically: write a temporary file beside it, then rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path)
