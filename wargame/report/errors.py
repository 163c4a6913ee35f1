"""Errors of the report service: each says what was wrong and what to pass instead."""

from __future__ import annotations

from pathlib import Path

from wargame.errors import WargameError


class ReportError(WargameError):
    """An after-action report cannot be built or written."""


class ReportViewError(ReportError):
    """The requested view is not ``facilitator``, ``public`` or an actor of the scenario."""


class ReportFormatError(ReportError):
    """A requested output format is not one of html, pdf, md, json."""


class ReportExportError(ReportError):
    """Some formats of a report could not be made; the others were written.

    ``written`` holds the files written, ``failures`` maps each failed format to
    what went wrong. The message names both, one format per line.
    """

    def __init__(self, written: list[Path], failures: dict[str, str]) -> None:
        self.written = list(written)
        self.failures = dict(failures)
        lines = [f"{fmt}: not written: {why}" for fmt, why in self.failures.items()]
        lines += [f"written: {path}" for path in self.written]
        super().__init__("\n".join(lines))
