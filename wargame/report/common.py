"""What every renderer shares: the section list, number formats and text cleaning."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wargame.report.model import (
    AttributionInfo,
    HotWash,
    MoveResult,
    Report,
    SheetInfo,
    TurnSection,
)

#: (anchor, title) of each top-level section, in order; every format shows all of them.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Executive summary"),
    ("purpose", "Purpose, scenario and assumptions"),
    ("seats", "Cells and players"),
    ("trajectories", "Escalation trajectories"),
    ("timeline", "Timeline, turn by turn"),
    ("misperception", "Misperception ledger"),
    ("spillover", "Spillover chains"),
    ("indicators", "Indicators and escalation scores"),
    ("objectives", "Objectives and levers"),
    ("annotations", "Bookmarks and annotations"),
    ("hotwash", "Hot wash"),
    ("appendix", "Appendix: replay"),
)

SECTION_NUMBER = {anchor: i + 1 for i, (anchor, _) in enumerate(SECTIONS)}

#: Sections of the short debrief edition: the executive summary (its final situation,
#: turning points, threshold crossings, loss-of-control incidents and off-ramps), the
#: objectives and the hot wash; no turn-by-turn material.
SHORT_SECTIONS: tuple[str, ...] = ("summary", "objectives", "hotwash")

#: Formats that have a short edition; JSON and CSV are data exports and always whole.
SHORT_FORMATS: tuple[str, ...] = ("html", "pdf", "md")


#: Titles the short edition gives its sections where they print less than the full ones.
_SHORT_TITLES = {"objectives": "Objectives"}


def edition_sections(short: bool = False) -> tuple[tuple[str, str], ...]:
    """(anchor, title) of the sections an edition prints: all of them, or the short set."""
    if not short:
        return SECTIONS
    return tuple((a, _SHORT_TITLES.get(a, t)) for a, t in SECTIONS if a in SHORT_SECTIONS)


def section_numbers(sections: tuple[tuple[str, str], ...]) -> dict[str, int]:
    """Each printed section's number, counted over the sections that are printed."""
    return {anchor: i + 1 for i, (anchor, _) in enumerate(sections)}

OUTCOME_LABELS = {
    "critical": "Critical success",
    "success": "Success",
    "partial": "Partial",
    "failure": "Failure",
    "blowback": "Blowback",
}

#: Characters no report text keeps: C0 and C1 control characters but tab, line feed and
#: carriage return; the explicit bidirectional embeddings, overrides and isolates (an
#: unclosed one reverses or reorders the rest of the line it lands in, so a team name
#: could disguise the log line around it; right-to-left text itself needs none of them,
#: and the marks LRM, RLM and ALM are kept); noncharacters; lone surrogates, which
#: cannot be written as UTF-8.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                      "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})


def clean(text: Any) -> str:
    """Text safe for every text format: the characters of ``_CONTROL`` removed, the
    Unicode line and paragraph separators made plain line feeds."""
    return _CONTROL.sub("", "" if text is None else str(text)).translate(_SEPARATORS)


def pct(value: Any) -> str:
    if value is None:
        return "–"
    return f"{float(value) * 100:.0f}%"


def num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    text = f"{float(value):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def signed(value: Any) -> str:
    if value is None:
        return "–"
    v = float(value)
    return ("+" if v > 0 else "") + num(v)


class Lookup:
    """Names of actors and rivalries in a report (ids fall back to themselves)."""

    def __init__(self, report: Report) -> None:
        self.actors = {s.actor: s.actor_name for s in report.seats}
        self.rivalries = {r.id: r.name for r in report.rivalries}
        self.seats = {s.actor: s for s in report.seats}

    def actor(self, actor_id: str | None) -> str:
        if not actor_id:
            return "–"
        return self.actors.get(actor_id, actor_id)

    def rivalry(self, rivalry_id: str | None) -> str:
        if not rivalry_id:
            return "–"
        return self.rivalries.get(rivalry_id, rivalry_id)


def move_details(mv: MoveResult) -> list[str]:
    """The fine print of one resolved move, as plain sentences (renderers escape them)."""
    out = []
    if mv.rationale:
        out.append(f"Rationale: {mv.rationale}")
    if mv.factors:
        out.append("Factors: " + ", ".join(f"{f.label} ({signed(f.pros)})" for f in mv.factors))
    if mv.capability_term:
        out.append(f"Capability {signed(mv.capability_term)}")
    if mv.jump:
        out.append("A jump")
    if mv.war_gate:
        out.append("Held at the war gate")
    if mv.decision:
        d = mv.decision
        verdict = "approved" if d.passed else "refused"
        sub = f", {d.substitute} played instead" if d.substitute else ""
        out.append(f"Leadership decision check ({d.reason}) {verdict} at {pct(d.probability)}, "
                   f"rolled {num(d.roll)}{sub}")
    if mv.ruling:
        out.append(f"White Cell {mv.ruling.kind.replace('_', ' ')}: {mv.ruling.reason}")
    if mv.effects:
        out.append("Effects: " + ", ".join(mv.effects))
    return out


def ai_reason(sheet: SheetInfo | None, key: str | None) -> str:
    """A computer seat's reason for the order ``key`` (a sheet's reasons align with its orders)."""
    if key is None or sheet is None or not sheet.reasons or \
            len(sheet.reasons) != len(sheet.orders):
        return ""
    for order, reason in zip(sheet.orders, sheet.reasons, strict=True):
        if order.key == key:
            return reason
    return ""


def move_rows(turn: TurnSection) -> list[tuple[MoveResult, list[str]]]:
    """Each resolved move of a turn with its fine print, the team's rationale or AI reason first.

    Sealed orders and their results share one table in every format; the
    sealed-orders table of its own appears only for a turn still open.
    """
    sheets = {sh.actor: sh for sh in turn.sheets}
    rows = []
    for mv in turn.moves:
        details = move_details(mv)
        reason = ai_reason(sheets.get(mv.actor), mv.key)
        if reason:
            details.insert(1 if mv.rationale else 0, f"AI reasoning: {reason}")
        rows.append((mv, details))
    return rows


def held(turn: TurnSection) -> list[str]:
    """Actors whose visible sealed orders were empty (they held)."""
    return [sh.actor_name for sh in turn.sheets if not sh.orders]


def attributions_shown(report: Report) -> tuple[list[AttributionInfo], str]:
    """The attribution rows worth a table, and a sentence about the rest.

    The facilitator edition lists only the misattributions (who was wrongly
    blamed for which act) and counts the rest; other editions list every
    attribution they can see.
    """
    rows = list(report.misperception.attributions)
    if report.view.kind != "facilitator" or not rows:
        return rows, ""
    wrong = [a for a in rows if a.correct is False]
    known = sum(1 for a in rows if a.correct is not None)
    return wrong, (f"{known} attributions of covert and proxy acts were judged; "
                   f"{len(wrong)} blamed the wrong actor (listed below)."
                   if wrong else f"All {known} attributions of covert and proxy acts were right.")


def busiest_link(report: Report) -> str:
    """One sentence on the linkage that carried the most spillover pressure ("" if none did).

    Empty outside the facilitator edition, whose model alone has the linkages.
    """
    links = [lk for lk in report.spillover.links if lk.turns]
    if not links:
        return ""
    top = max(links, key=lambda lk: lk.pressure)  # the first such in scenario order on a tie
    L = Lookup(report)
    count = len(top.turns)
    return (f"Busiest linkage: {L.rivalry(top.a)} – {L.rivalry(top.b)}, pressure "
            f"{top.pressure:.2f} in {count} turn{'s' if count != 1 else ''} "
            f"({', '.join(str(t) for t in top.turns)}); {len(links)} of "
            f"{len(report.spillover.links)} linkages carried pressure.")


def debrief_hot_wash(report: Report) -> HotWash:
    """The hot wash as the short debrief edition prints it: the objective lines of *What
    was supposed to happen* and *What happened* left out, since the objectives table
    shows each objective and its result (and the executive summary's headline, which
    *What happened* starts with), and the unanswered off-ramp lines of *Why*,
    which the summary's off-ramp table lists. The model appends exactly one such line
    per objective at the end of the first two lists, the headline but its first line at
    the start of the second, and one per unanswered off-ramp at
    the end of the third (``model._Builder.hot_wash``)."""
    h, count = report.hot_wash, len(report.objectives.items)
    missed = sum(o.status == "unreciprocated" for o in report.summary.off_ramps)
    headline = max(len(report.summary.headline) - 1, 0)  # repeated from the summary
    return h.model_copy(update={"supposed": h.supposed[:len(h.supposed) - count],
                                "happened": h.happened[headline:len(h.happened) - count],
                                "why": h.why[:len(h.why) - missed]})


@dataclass(frozen=True)
class OffRampGroup:
    """Off-ramps of one rivalry, kind, actor and fate, with the turns they came in."""

    rivalry: str
    kind: str
    actor: str | None
    fate: str
    turns: tuple[int, ...]


_FATES = {"unreciprocated": "not reciprocated (missed)", "pending": "awaiting an answer",
          "offered": "offered to both sides"}


def grouped_off_ramps(report: Report) -> list[OffRampGroup]:
    """The executive summary's off-ramps folded for the short edition: one row per
    rivalry, kind, actor and fate (reciprocated ones keep a row each), first turn first."""
    groups: dict[tuple[str, str, str | None, str], list[int]] = {}
    for o in report.summary.off_ramps:
        fate = (f"reciprocated in turn {o.resolved_turn}" if o.status == "reciprocated"
                else _FATES[o.status])
        groups.setdefault((o.rivalry, o.kind, o.actor, fate), []).append(o.turn)
    return [OffRampGroup(rivalry, kind, actor, fate, tuple(turns))
            for (rivalry, kind, actor, fate), turns in groups.items()]


def edition_banner(report: Report, short: bool = False) -> str:
    v = report.view
    debrief = "SHORT DEBRIEF · " if short else ""
    if v.kind == "facilitator":
        return (f"{debrief}FACILITATOR EDITION — contains hidden information; "
                "do not give to teams")
    if v.kind == "public":
        return f"{debrief}PUBLIC EDITION — public information only"
    return (f"{debrief}TEAM EDITION — {v.title.removeprefix('Team edition: ')} — "
            "only what this team saw")


def edition_subtitle(report: Report, short: bool = False) -> str:
    """The cover's edition line: the view's title, and which cut of the report it is."""
    if not short:
        return report.view.title
    return f"{report.view.title} · short debrief"


def file_stem(save_stem: str, report: Report, short: bool = False) -> str:
    return f"{save_stem}-{report.view.label}" + ("-short" if short else "")
