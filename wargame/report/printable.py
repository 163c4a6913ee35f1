"""A print copy of a report: every text bounded so that the PDF stays a readable size.

The HTML, Markdown, JSON and CSV editions hold every text whole. A printed page
cannot: a 10,000-character word as a team name, repeated in every log line that
names the team, became thousands of pages and took more than ten CPU minutes to
lay out. The PDF therefore renders a copy of the report in which

* a long **name** (of an actor, team, rivalry, move, indicator, objective, event:
  any ``name``, ``*_name`` or ``team`` field over :data:`NAME_LIMIT` characters)
  is shortened wherever it occurs in any text (titles appear once and are only
  bounded like other texts);
* a **word** (a run without white space) over :data:`WORD_LIMIT` characters is cut;
* a **text** over :data:`TEXT_LIMIT` characters is cut, and says how much is left
  out and where the whole text is.

Every cut ends in "…", so a reader can see that something is missing. A report
with no over-long text comes back unchanged (the same object).
"""

from __future__ import annotations

import re
from typing import Any

from wargame.report.model import Report

NAME_LIMIT = 80
"""Longest name printed whole (the longest bundled name is under 60 characters)."""
WORD_LIMIT = 100
"""Longest run of characters without white space printed whole (a long web address, a
SHA-256 digest)."""
TEXT_LIMIT = 2000
"""Longest text printed whole (about a third of a page of body text)."""
ELLIPSIS = "…"
_NAME_KEYS = ("name", "team")
_LONG_WORD = re.compile(rf"\S{{{WORD_LIMIT + 1},}}")


def _is_name_field(key: str) -> bool:
    return key in _NAME_KEYS or key.endswith("_name")


def _long_names(data: Any, key: str = "", found: set[str] | None = None) -> set[str]:
    """Every value of a name field over :data:`NAME_LIMIT` characters, anywhere in ``data``."""
    found = set() if found is None else found
    if isinstance(data, dict):
        for k, v in data.items():
            _long_names(v, str(k), found)
    elif isinstance(data, (list, tuple)):
        for v in data:
            _long_names(v, key, found)
    elif isinstance(data, str) and len(data) > NAME_LIMIT and _is_name_field(key):
        found.add(data)
    return found


def _short(text: str, limit: int) -> str:
    return text[: limit - 1].rstrip() + ELLIPSIS


class Fitter:
    """Bounds texts for print; built once per report from its long names."""

    def __init__(self, long_names: set[str]) -> None:
        # Longest first, so that a name containing another is replaced whole.
        self.names = sorted(long_names, key=len, reverse=True)

    def needed(self, text: str) -> bool:
        return len(text) > WORD_LIMIT and (
            len(text) > TEXT_LIMIT or bool(self.names) or _LONG_WORD.search(text) is not None)

    def fit(self, text: str) -> str:
        """``text`` with long names shortened, long words cut and its length bounded."""
        if not self.needed(text):
            return text
        for name in self.names:
            if name in text:
                text = text.replace(name, _short(name, NAME_LIMIT))
        text = _LONG_WORD.sub(lambda m: _short(m.group(0), WORD_LIMIT), text)
        if len(text) > TEXT_LIMIT:
            cut = text.rfind(" ", TEXT_LIMIT - 200, TEXT_LIMIT)
            kept = text[: cut if cut > 0 else TEXT_LIMIT].rstrip()
            text = (f"{kept} {ELLIPSIS} [{len(text) - len(kept):,} more characters: the "
                    "HTML, Markdown and JSON reports hold the whole text]")
        return text

    def walk(self, data: Any) -> Any:
        if isinstance(data, str):
            return self.fit(data)
        if isinstance(data, dict):
            return {k: self.walk(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return type(data)(self.walk(v) for v in data)
        return data


def printable(report: Report) -> Report:
    """The report with every text bounded for print (the same object if nothing is long)."""
    data = report.model_dump()
    fitter = Fitter(_long_names(data))
    fitted = fitter.walk(data)
    if fitted == data:
        return report
    return Report.model_validate(fitted)
