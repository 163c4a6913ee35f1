"""Exception types and the positioned problem record used by every validator.

Every error the engine raises on bad input derives from :class:`WargameError`, so
front ends (the CLI, the desktop app) can catch one type and show a clear message
instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem found in an input file, with the position it was found at.

    ``line`` and ``col`` are 1-based; 0 means "position unknown" (for example a
    missing file). ``path`` is the dotted field path inside the document
    (``moves[3].effects[0].add.actor``), empty for document-level problems.
    """

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class WargameError(Exception):
    """Base class of every error the engine reports to a user."""


class ScenarioError(WargameError):
    """A scenario file (or a scenario embedded in a save) has one or more problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid scenario")

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))  # picklable: crosses worker processes

    @classmethod
    def at(cls, file: str, line: int, col: int, message: str, path: str = "") -> ScenarioError:
        """An error with a single problem."""
        return cls([Problem(file, line, col, path, message)])


class SaveFileError(WargameError):
    """A save file (journal) cannot be read or trusted."""


class SaveNotWritableError(SaveFileError):
    """A save can be read but not written now: another program holds it, the file or its
    folder is read-only, or a write failed (disk full, I/O error). It can still be
    opened read-only, and the game can be saved elsewhere."""


class SaveLockedError(SaveNotWritableError):
    """Another writer holds the save; :attr:`holder` says who (pid, host, program, since)."""

    def __init__(self, message: str, holder: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.holder: dict[str, str] = dict(holder or {})


class IllegalOrderError(WargameError):
    """An order breaks the rules; ``code`` says which rule, ``reason`` says why."""

    def __init__(self, code: str, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(f"{reason} [{code}]")

    def __reduce__(self) -> tuple[type[IllegalOrderError], tuple[str, str]]:
        return (type(self), (self.code, self.reason))  # picklable: crosses worker processes


class CommandError(WargameError):
    """A session command cannot be applied in the current state of the game."""
