"""Errors of the report service: each says what was wrong and what to pass instead."""

from __future__ import annotations

from wargame.errors import WargameError


class ReportError(WargameError):
    """An after-action report cannot be built or written."""


class ReportViewError(ReportError):
    """The requested view is not ``facilitator``, ``public`` or an actor of the scenario."""


class ReportFormatError(ReportError):
    """A requested output format is not one of html, pdf, md, json."""
