"""Words for identifiers: ``de_escalation`` reads "de-escalation", ``non_violent`` "non-violent".

Enum values and ids are written with underscores; shown to people they become
words. Most underscores are spaces ("status quo", "loss of control"), but some
compounds take a hyphen in English. One function, used by the app and the
reports, so the same id never reads two ways.
"""

from __future__ import annotations

HYPHENATED: dict[str, str] = {
    "de_escalation": "de-escalation",
    "non_violent": "non-violent",
}
"""Compounds spelled with a hyphen (matched as whole words inside a longer id too)."""

WORDS: dict[str, str] = {"reroll": "re-roll"}
"""Single words written closed up in an id."""


def readable(identifier: object) -> str:
    """``identifier`` (an enum value or an id) as words: hyphenated compounds keep their
    hyphen, every other underscore is a space. ``readable("de_escalation")`` is
    ``"de-escalation"``; ``readable("loss_of_control")`` is ``"loss of control"``."""
    text = str(getattr(identifier, "value", identifier))
    words = text.split("_")
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = "_".join(words[i:i + 2])
        if i + 1 < len(words) and pair in HYPHENATED:
            out.append(HYPHENATED[pair])
            i += 2
        else:
            out.append(WORDS.get(words[i], words[i]))
            i += 1
    return " ".join(out)
