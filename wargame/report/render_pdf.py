"""PDF rendering with reportlab platypus: title page, contents, running headers, page numbers.

Charts are vector graphics drawn from the same layout as the SVG charts
(:func:`wargame.report.charts.to_drawing`). Tables repeat their header row and
split between rows. DejaVu fonts are used when installed (so en dashes, arrows
and accented names render), else Helvetica. Every text goes into a Paragraph
through :func:`xml.sax.saxutils.escape`, so player-written text can never
become Paragraph markup. Output is reproducible: ``invariant=1`` fixes the
document id and dates.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents  # type: ignore[import-untyped]

from wargame.labels import readable
from wargame.report import charts as ch
from wargame.report.common import (
    OUTCOME_LABELS,
    Lookup,
    attributions_shown,
    busiest_link,
    clean,
    debrief_hot_wash,
    edition_banner,
    edition_sections,
    edition_subtitle,
    grouped_off_ramps,
    held,
    move_rows,
    num,
    pct,
    section_numbers,
    signed,
)
from wargame.report.model import Report, TurnSection
from wargame.report.printable import printable
from wargame.report.render_html import all_changes

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/share/fonts/TTF"))
PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
FRAME_W = PAGE_W - 2 * MARGIN
ACCENT = colors.HexColor("#1f4e79")
MUTED = colors.HexColor("#5b6472")
RULE = colors.HexColor("#d9dde3")
SOFT = colors.HexColor("#f4f6f8")
BANNER = {"facilitator": colors.HexColor("#8b1e1e"), "actor": ACCENT,
          "public": colors.HexColor("#3c6e3c")}
OUTCOME_COLORS = {"critical": "#145a24", "success": "#1e6b30", "partial": "#7a5500",
                  "failure": "#47505c", "blowback": "#8b1e1e"}
TOC_TURN_LIMIT = 24


def register_fonts() -> dict[str, str]:
    """Register DejaVu Sans if present; return the font names to use for each role."""
    files = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
             "italic": "DejaVuSans-Oblique.ttf", "bolditalic": "DejaVuSans-BoldOblique.ttf",
             "mono": "DejaVuSansMono.ttf"}
    for folder in FONT_DIRS:
        if all((folder / f).is_file() for f in files.values()):
            names = {role: f"WG-{Path(f).stem}" for role, f in files.items()}
            for role, f in files.items():
                if names[role] not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(names[role], str(folder / f)))
            from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]

            base = names["regular"]
            addMapping(base, 0, 0, names["regular"])
            addMapping(base, 1, 0, names["bold"])
            addMapping(base, 0, 1, names["italic"])
            addMapping(base, 1, 1, names["bolditalic"])
            return names
    return {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique",
            "bolditalic": "Helvetica-BoldOblique", "mono": "Courier"}


def cut_to_width(line: str, font: str, size: float, width: float) -> list[str]:
    """``line`` cut into pieces no wider than ``width`` points (at least one character each).

    Each character is measured once (time linear in the length: the old loop
    re-measured the rest of the line after every cut, which took minutes for a
    10,000-character word).
    """
    pieces: list[str] = []
    widths: dict[str, float] = {}
    start, used = 0, 0.0
    for i, char in enumerate(line):
        w = widths.get(char)
        if w is None:
            w = widths[char] = stringWidth(char, font, size)
        if used + w > width and i > start:
            pieces.append(line[start:i])
            start, used = i, 0.0
        used += w
    pieces.append(line[start:])
    return pieces


def esc(text: Any) -> str:
    """Player or scenario text made inert for Paragraph markup."""
    return escape(clean(text))


class Styles:
    def __init__(self, fonts: dict[str, str]) -> None:
        f = fonts
        self.fonts = f
        base = ParagraphStyle("base", fontName=f["regular"], fontSize=9.5, leading=12.5,
                              alignment=TA_LEFT, spaceAfter=3)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=10)
        self.muted = ParagraphStyle("muted", parent=self.small, textColor=MUTED)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=9.8, spaceAfter=0)
        self.cell_r = ParagraphStyle("cell_r", parent=self.cell, alignment=2)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=f["bold"])
        self.head_r = ParagraphStyle("head_r", parent=self.head, alignment=2)
        self.bullet = ParagraphStyle("bullet", parent=base, leftIndent=11, bulletIndent=2)
        self.h1 = ParagraphStyle("h1", parent=base, fontName=f["bold"], fontSize=24,
                                 leading=29, spaceAfter=8)
        self.h2 = ParagraphStyle("h2", parent=base, fontName=f["bold"], fontSize=15, leading=19,
                                 textColor=ACCENT, spaceBefore=4, spaceAfter=8)
        self.h3 = ParagraphStyle("h3", parent=base, fontName=f["bold"], fontSize=11.5,
                                 leading=14.5, spaceBefore=9, spaceAfter=4)
        self.h4 = ParagraphStyle("h4", parent=base, fontName=f["bold"], fontSize=8.5, leading=11,
                                 textColor=MUTED, spaceBefore=6, spaceAfter=2)
        self.kicker = ParagraphStyle("kicker", parent=base, fontSize=10, textColor=MUTED,
                                     spaceAfter=4)
        self.edition = ParagraphStyle("edition", parent=base, fontName=f["bold"], fontSize=14,
                                      leading=18, textColor=ACCENT, spaceAfter=6)
        self.log = ParagraphStyle("log", parent=base, fontSize=7, leading=8.6, spaceAfter=1.5,
                                  leftIndent=7, bulletIndent=0,
                                  textColor=colors.HexColor("#3a4350"))
        self.toc0 = ParagraphStyle("toc0", parent=base, fontSize=10.5, leading=15, leftIndent=14,
                                   firstLineIndent=-14)
        self.toc1 = ParagraphStyle("toc1", parent=base, fontSize=8.5, leading=10.5,
                                   leftIndent=30, firstLineIndent=-10, textColor=MUTED)


class Heading(Paragraph):  # type: ignore[misc]
    """A paragraph that registers itself in the table of contents and the PDF outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str,
                 toc_text: str | None = None) -> None:
        super().__init__(text, style)
        self.toc_level = level
        self.toc_key = key
        self.toc_text = toc_text if toc_text is not None else text


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, report: Report, styles: Styles,
                 short: bool = False) -> None:
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN, invariant=1,
                         title=clean(report.title), author="wargame",
                         subject=clean(report.view.title), creator="wargame report",
                         producer="wargame", pageCompression=1)
        self.report = report
        self.styles = styles
        self.banner = clean(edition_banner(report, short))
        frame = Frame(MARGIN, MARGIN, FRAME_W, PAGE_H - 2 * MARGIN - 6 * mm, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN, MARGIN, FRAME_W, PAGE_H - 2 * MARGIN, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover], onPage=self.cover_page),
                               PageTemplate("body", [frame], onPage=self.body_page)])
        self.total_pages = 0
        """Page count of the previous pass, for "Page N of M" footers."""
        self._footer_total = 0
        self._running_title: str | None = None
        """The page header's title, shortened to fit once for every page."""

    def build(self, flowables: list[Flowable], **kwargs: object) -> None:
        self._footer_total = self.total_pages
        super().build(flowables, **kwargs)
        self.total_pages = self.page

    def _allSatisfied(self) -> bool:
        """Also run another pass until the footers' page total is the real one."""
        return bool(super()._allSatisfied()) and self._footer_total == self.total_pages

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.toc_key)
            self.canv.addOutlineEntry(flowable.toc_text, flowable.toc_key,
                                      level=flowable.toc_level, closed=flowable.toc_level > 0)
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_text, self.page,
                                     flowable.toc_key))

    def _banner(self, canvas: Canvas, y: float) -> None:
        canvas.setFillColor(BANNER.get(self.report.view.kind, ACCENT))
        canvas.rect(MARGIN, y, FRAME_W, 5.2 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(self.styles.fonts["bold"], 7.5)
        canvas.drawCentredString(PAGE_W / 2, y + 1.7 * mm, self.banner)

    def cover_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        self._banner(canvas, PAGE_H - MARGIN + 2 * mm)
        canvas.restoreState()

    def body_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        fonts = self.styles.fonts
        top = PAGE_H - MARGIN + 1 * mm
        canvas.setFont(fonts["regular"], 7.5)
        canvas.setFillColor(MUTED)
        edition = clean(self.report.view.title)
        if self._running_title is None:
            room = FRAME_W - stringWidth(edition, fonts["regular"], 7.5) - 14
            title = f"After-action report · {clean(self.report.purpose.game_title)}"
            if stringWidth(title, fonts["regular"], 7.5) > room:
                title = cut_to_width(title, fonts["regular"], 7.5,
                                     room - stringWidth("…", fonts["regular"], 7.5))[0]
                title = title.rstrip() + "…"
            self._running_title = title
        title = self._running_title
        canvas.drawString(MARGIN, top, title)
        canvas.drawRightString(PAGE_W - MARGIN, top, edition)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 2.2 * mm, PAGE_W - MARGIN, top - 2.2 * mm)
        canvas.line(MARGIN, MARGIN - 4 * mm, PAGE_W - MARGIN, MARGIN - 4 * mm)
        canvas.setFillColor(BANNER.get(self.report.view.kind, ACCENT))
        canvas.setFont(fonts["bold"], 7)
        canvas.drawString(MARGIN, MARGIN - 8 * mm, self.banner)
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts["regular"], 7.5)
        total = f" of {self._footer_total}" if self._footer_total else ""
        canvas.drawRightString(PAGE_W - MARGIN, MARGIN - 8 * mm, f"Page {doc.page}{total}")
        canvas.restoreState()


class PDFBuilder:
    def __init__(self, report: Report, short: bool = False) -> None:
        self.r = report
        self.short = short
        self.sections = edition_sections(short)
        self.numbers = section_numbers(self.sections)
        self.s = Styles(register_fonts())
        self.L = Lookup(report)
        self.specs = ch.all_charts(report)
        self.story: list[Flowable] = []

    # ------------------------------------------------------------------ helpers

    def p(self, text: Any, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(esc(text), style or self.s.body)

    def markup(self, markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph from markup whose variable parts the caller has escaped with esc()."""
        return Paragraph(markup, style or self.s.body)

    def add(self, *items: Flowable) -> None:
        self.story.extend(items)

    def bullets(self, lines: Sequence[Any], style: ParagraphStyle | None = None) -> None:
        for line in lines:
            self.add(Paragraph(esc(line), style or self.s.bullet, bulletText="•"))

    def empty(self, text: str) -> None:
        self.add(self.markup(f"<i>{esc(text)}</i>", self.s.muted))

    def h2(self, anchor: str) -> None:
        title = dict(self.sections)[anchor]
        number = self.numbers[anchor]
        # The short edition runs its few sections on; the full one starts each on a page.
        self.add(CondPageBreak(70 * mm) if self.short else PageBreak())
        self.add(Heading(f"{number}. {esc(title)}", self.s.h2, 0, anchor,
                         f"{number}. {title}"))

    def h3(self, text: str, key: str | None = None, level: int = 1) -> None:
        if key is not None:
            self.add(CondPageBreak(40 * mm))
            self.add(Heading(esc(text), self.s.h3, level, key, text))
        else:
            self.add(CondPageBreak(25 * mm))
            self.add(self.p(text, self.s.h3))

    def h4(self, text: str) -> None:
        self.add(self.p(text.upper(), self.s.h4))

    def wrap(self, text: Any, width: float, font: str | None = None, size: float = 8) -> str:
        """Text broken into lines that fit ``width`` points (long words are cut).

        Table cells hold these plain multi-line strings rather than Paragraphs:
        plain cell text is drawn as is (never parsed as markup) and is measured
        once, not on every layout pass.
        """
        font = font or self.s.fonts["regular"]
        lines: list[str] = []
        for part in clean(text).split("\n"):
            for line in simpleSplit(part, font, size, width) or [""]:
                if stringWidth(line, font, size) <= width:
                    lines.append(line)
                else:
                    lines.extend(cut_to_width(line, font, size, width))
        return "\n".join(lines)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Any]],
              widths: Sequence[float], right: Sequence[int] = (),
              styles: Sequence[tuple[Any, ...]] = ()) -> None:
        """A table with a repeated header that splits between rows.

        Cells are plain text, wrapped to the column (never parsed as markup), or
        flowables the caller built; ``styles`` adds TableStyle commands (rows
        counted from 1, below the header).
        """
        total = sum(widths)
        cols = [w / total * FRAME_W for w in widths]
        data: list[list[Any]] = [[Paragraph(esc(h), self.s.head_r if i in right else self.s.head)
                                  for i, h in enumerate(header)]]
        for row in rows:
            cells: list[Any] = []
            for i, value in enumerate(row):
                if isinstance(value, Flowable):
                    cells.append(value)
                else:
                    cells.append(self.wrap("–" if value is None else value, cols[i] - 6.5))
            data.append(cells)
        t = Table(data, colWidths=cols, repeatRows=1, splitByRow=1, splitInRow=1, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 1), (-1, -1), self.s.fonts["regular"]),
            ("FONTSIZE", (0, 1), (-1, -1), 8),
            ("LEADING", (0, 1), (-1, -1), 9.8),
            ("BACKGROUND", (0, 0), (-1, 0), SOFT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.HexColor("#c3c9d1")),
            ("LINEBELOW", (0, 1), (-1, -1), 0.35, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        commands += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in right]
        commands += list(styles)
        t.setStyle(TableStyle(commands))
        self.add(t, Spacer(1, 5))

    def chart(self, spec: ch.AnyChart) -> None:
        drawing = ch.to_drawing(spec, FRAME_W, self.s.fonts["regular"], self.s.fonts["bold"])
        caption = f"<b>{esc(spec.title)}</b>"
        if spec.caption:
            caption += f" <font color='#5b6472'>{esc(spec.caption)}</font>"
        self.add(KeepTogether([self.markup(caption, self.s.small), drawing, Spacer(1, 8)]))

    # ------------------------------------------------------------------ sections

    def cover(self) -> None:
        r = self.r
        s = self.s
        self.add(Spacer(1, 6 * mm if self.short else 38 * mm))
        self.add(self.p("AFTER-ACTION REPORT", s.kicker))
        self.add(self.p(r.purpose.game_title, s.h1))
        self.add(self.p(edition_subtitle(r, self.short), s.edition))
        self.add(self.p(r.view.description, s.body))
        self.add(Spacer(1, 10 * mm))
        p = r.purpose
        facts = [
            ("Scenario", f"{p.scenario_title} ({p.scenario_id})"),
            ("Game dates", f"{p.start_date} to {p.end_date}, {p.days_per_turn} days per turn"),
            ("Turns", f"{p.turns_played} of {p.turns_planned} played"
             + ("" if p.ended else " (game still running)")),
            ("Save file", r.appendix.save_name),
            ("Engine", f"recorded with {r.appendix.engine}, report by {r.appendix.report_engine}"),
        ]
        data = [[self.p(k, s.muted), self.p(v, s.body)] for k, v in facts]
        t = Table(data, colWidths=[32 * mm, FRAME_W - 32 * mm], hAlign="LEFT", splitInRow=1)
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT)]))
        self.add(t)
        if self.short:  # three sections run on from the cover; the PDF outline lists them
            self.add(NextPageTemplate("body"), Spacer(1, 6 * mm))
            return
        self.add(NextPageTemplate("body"), PageBreak())
        toc = TableOfContents(levelStyles=[self.s.toc0, self.s.toc1], dotsMinLevel=0)
        self.add(self.p("Contents", self.s.h2), toc)

    def summary(self) -> None:
        r, L = self.r, self.L
        self.h2("summary")
        self.bullets(r.summary.headline)
        self.h3("Final situation")
        self.table(["Rivalry", "Start", "Peak", "Final", "Change"],
                   [[f.name, f"{f.start_rung} · {f.start_name}",
                     f"{f.peak_rung} · {f.peak_name} "
                     + (f"(turn {f.peak_turn})" if f.peak_turn else "(start)"),
                     f"{f.final_rung} · {f.final_name}", signed(f.change)]
                    for f in r.summary.final], [30, 24, 28, 28, 10], right=(4,))
        self.h3("Turning points")
        if r.summary.turning_points:
            why_none = ("a change in this team's perception" if r.view.kind == "actor"
                        else "not visible in this edition")
            self.table(["Turn", "Rivalry", "Change", "Thresholds crossed", "Why"],
                       [[tp.turn, tp.rivalry_name, f"{tp.from_rung} → {tp.to_rung}",
                         ", ".join(tp.thresholds) or "–", "; ".join(tp.causes) or why_none]
                        for tp in r.summary.turning_points], [7, 24, 10, 20, 45], right=(0,))
        else:
            self.empty("No rung changed during the game.")
        self.h3("Threshold crossings")
        if r.summary.threshold_crossings:
            self.bullets([f"Turn {c.turn}: {L.rivalry(c.rivalry)} crossed {c.name} "
                          + ("going up" if c.direction == "up" else "coming back down")
                          for c in r.summary.threshold_crossings])
        else:
            self.empty("No threshold was crossed.")
        self.h3("Loss of control")
        lines = [f"Incident, turn {x.turn}: {x.text}" for x in r.summary.loss_of_control]
        lines += [f"Near miss, turn {x.turn}, {L.rivalry(x.rivalry)}: rolled {num(x.roll, 3)} "
                  f"against {num(x.probability, 3)}" for x in r.summary.near_misses]
        if lines:
            self.bullets(lines)
        else:
            self.empty("No incidents.")
        self.h3("Decision points and off-ramps")
        if r.summary.off_ramps and self.short:
            self.table(["Turns", "Rivalry", "Off-ramp", "By", "What became of it"],
                       [[", ".join(map(str, g.turns)), L.rivalry(g.rivalry),
                         "War gate: mediation offered" if g.kind == "war_gate"
                         else "De-escalation offer", L.actor(g.actor),
                         g.fate] for g in grouped_off_ramps(r)],
                       [16, 28, 20, 18, 18])
        elif r.summary.off_ramps:
            status = {"reciprocated": "reciprocated in turn {t}", "unreciprocated":
                      "not reciprocated (missed)", "pending": "awaiting an answer",
                      "offered": "offered to both sides"}
            self.table(["Turn", "Rivalry", "Off-ramp", "By", "What became of it"],
                       [[o.turn, L.rivalry(o.rivalry),
                         "War gate: mediation offered" if o.kind == "war_gate"
                         else "De-escalation offer", L.actor(o.actor),
                         status[o.status].format(t=o.resolved_turn)]
                        for o in r.summary.off_ramps], [7, 30, 22, 20, 21], right=(0,))
        else:
            self.empty("No off-ramps were offered.")

    def purpose(self) -> None:
        r, L = self.r, self.L
        p = r.purpose
        self.h2("purpose")
        if p.summary:
            self.add(self.markup(f"<i>{esc(p.summary)}</i>"))
        if p.scenario_notes:
            self.add(self.p(p.scenario_notes))
        on = [lv for lv in r.levers if lv.on_since]
        treatments = ("; ".join(f"{lv.name} (on from turn {lv.on_since})" for lv in on) if on
                      else "no policy lever was pulled" if r.levers
                      else "the scenario defines no policy levers")
        self.bullets([f"Start date: {p.start_date}",
                      f"Turns: {p.turns_planned} planned, {p.turns_played} played; "
                      f"{p.days_per_turn} days each; "
                      f"{p.orders_per_turn} order(s) per actor per turn",
                      f"Treatments: {treatments}"])
        self.h3("Rivalries and starting rungs")
        self.table(["Rivalry", "Sides", "Start", "Cap", "Thresholds"],
                   [[rv.name, f"{L.actor(rv.sides[0])} – {L.actor(rv.sides[1])}",
                     f"{rv.start_rung} · {rv.rungs[rv.start_rung].name}", rv.cap,
                     "; ".join(f"{t.name} ({t.below}→{t.below + 1})" for t in rv.thresholds)]
                    for rv in r.rivalries], [24, 24, 20, 6, 36], right=(3,))
        if p.sources:
            self.h3("Sources")
            self.bullets([f"{s.id}: {s.citation}" + (f" ({s.url})" if s.url else "")
                          for s in p.sources], self.s.small)
        self.h3("Known limitations")
        self.bullets(p.limitations, self.s.small)
        if p.rule_parameters:
            self.h3("Rule parameters")
            items = sorted(p.rule_parameters.items())
            half = (len(items) + 1) // 2
            rows = []
            for i in range(half):
                a = items[i]
                b = items[i + half] if i + half < len(items) else ("", None)
                rows.append([a[0], num(a[1], 4), b[0], num(b[1], 4) if b[0] else ""])
            self.table(["Parameter", "Value", "Parameter", "Value"], rows, [32, 12, 32, 12],
                       right=(1, 3))
        if p.linkages:
            self.h3("Spillover linkages")
            self.table(["Between", "And", "Weight", "Reason"],
                       [[L.rivalry(lk.a), L.rivalry(lk.b), num(lk.weight), lk.reason]
                        for lk in p.linkages], [28, 28, 8, 36], right=(2,))

    def seats(self) -> None:
        self.h2("seats")
        rows = []
        for s in self.r.seats:
            seat = ("AI seat" if s.ai else "Human team" if s.kind == "human"
                    else "Facilitator" if s.kind == "facilitator" else "does not give orders")
            notes = "; ".join(x for x in ("nuclear-armed" if s.nuclear else "",
                                          "non-playable" if not s.playable else "") if x)
            rows.append([self.markup(f"<font color='{s.color}'>■</font> {esc(s.actor_name)} "
                                     f"<font color='#5b6472'>({esc(s.actor)})</font>",
                                     self.s.cell),
                         s.label, self.markup(f"<b>{esc(seat)}</b>" if s.ai else esc(seat),
                                              self.s.cell), notes or "–"])
        self.table(["Actor", "Played by", "Seat", "Notes"], rows, [36, 26, 18, 20])
        self.add(self.p("AI seats follow each actor's written doctrine; their reasons are shown "
                        "with their orders in the facilitator edition.", self.s.muted))

    def trajectories(self) -> None:
        r = self.r
        self.h2("trajectories")
        self.add(self.p({"facilitator": "True rung (solid) and each side's perceived rung "
                                        "(dashed).",
                         "actor": "Rungs as this team perceived them at the end of each turn.",
                         "public": "Rungs as publicly known."}[r.view.kind], self.s.muted))
        for spec in self.specs["trajectories"] + self.specs["tension"]:
            self.chart(spec)
        self.h3("Every rung change")
        changes = all_changes(r)
        if changes:
            self.table(["Turn", "Rivalry", "Change", "New rung", "Thresholds"],
                       [[tp.turn, tp.rivalry_name, f"{tp.from_rung} → {tp.to_rung}", tp.to_name,
                         ", ".join(tp.thresholds) or "–"] for tp in changes],
                       [7, 30, 10, 28, 25], right=(0,))
        else:
            self.empty("No rung changed.")

    def turn(self, t: TurnSection) -> None:
        L = self.L
        toc = len(self.r.turns) <= TOC_TURN_LIMIT
        title = f"Turn {t.turn} — opens {t.date}" + ("" if t.complete else " (still open)")
        if toc:
            self.h3(title, key=f"turn-{t.turn}", level=1)
        else:
            self.add(CondPageBreak(40 * mm), self.p(title, self.s.h3))
        if t.events:
            self.h4("Events and injects")
            self.bullets([("[inject] " if e.kind == "inject" else "") + e.text
                          + ("" if e.visibility == "public" else f" ({e.visibility})")
                          for e in t.events])
        if t.signals:
            self.h4("Signals")
            self.bullets([e.text + ("" if e.visibility == "public" else " (private)")
                          for e in t.signals])
        if t.sheets and not t.complete:
            self.h4("Sealed orders" + (" (yours)" if self.r.view.kind == "actor" else ""))
            rows = []
            for sh in t.sheets:
                for o in sh.orders:
                    rows.append([f"{sh.actor_name} ({sh.seat})",
                                 o.move_name + (f" → {L.actor(o.target)}" if o.target else ""),
                                 o.rationale or "–"])
            if rows:
                self.table(["Actor", "Order", "Rationale"], rows, [26, 34, 40])
        if t.moves:
            self.h4("Orders, odds and dice")
            rows = []
            looks: list[tuple[Any, ...]] = []
            for mv, details in move_rows(t):
                who = mv.actor_name + (" (acting on its own)" if mv.autonomous else "")
                what = mv.move_name + (f" → {mv.target_name}" if mv.target_name else "") + (
                    " (covert/private)" if mv.visibility != "public" else "")
                dice = (f"{mv.target_2d6}+ / {mv.roll_2d6}" if mv.target_2d6 is not None
                        else "–")
                result = OUTCOME_LABELS.get(mv.outcome or "", "–")
                if mv.ruling and mv.ruling.kind == "override":
                    result += f" (proposed: {OUTCOME_LABELS.get(mv.ruling.proposed or '', '–')})"
                row_no = len(rows) + 1
                looks.append(("TEXTCOLOR", (4, row_no), (4, row_no),
                              colors.HexColor(OUTCOME_COLORS.get(mv.outcome or "", "#333333"))))
                looks.append(("FONTNAME", (4, row_no), (4, row_no), self.s.fonts["bold"]))
                rows.append([who, what, pct(mv.probability), dice, result,
                             " · ".join(details) or "–"])
            self.table(["Actor", "Move", "Odds", "Need / rolled", "Outcome", "Details"], rows,
                       [15, 21, 6, 9, 11, 38], right=(2, 3), styles=looks)
        if held(t):
            self.add(self.p("Held (no orders): " + ", ".join(held(t)) + ".", self.s.small))
        if t.overrides:
            self.h4("White Cell rulings")
            self.bullets([e.text for e in t.overrides])
        if t.notes or t.bookmarks:
            self.h4("Notes and bookmarks")
            self.bullets([f"Bookmark {b.label}" + (f": {b.text}" if b.text else "")
                          for b in t.bookmarks]
                         + [f"{n.author}{' (team)' if n.scope == 'team' else ''}: {n.text}"
                            for n in t.notes])
        if t.rungs:
            self.h4("Rungs at the end of the turn")
            self.add(self.markup("; ".join(f"{esc(L.rivalry(x.rivalry))}: <b>{x.rung}</b> "
                                           f"{esc(x.name)}" for x in t.rungs), self.s.small))
        if t.belief_shifts:
            self.h4("Largest shifts in suspicion")
            text = "; ".join(f"{esc(L.actor(b.observer))} of {esc(L.actor(b.subject))}: "
                             f"{pct(b.old)} → <b>{pct(b.new)}</b>"
                             + (" (acted above its signal)" if b.diverged else "")
                             for b in t.belief_shifts)
            if t.belief_updates > len(t.belief_shifts):
                text += f" <font color='#5b6472'>({t.belief_updates} updates in all)</font>"
            self.add(self.markup(text, self.s.small))
        if t.log:
            self.h4("Log")
            items = [Paragraph(esc(e.text), self.s.log, bulletText="·") for e in t.log]
            half = (len(items) + 1) // 2
            rows = [[items[i], items[i + half] if i + half < len(items) else ""]
                    for i in range(half)]
            grid = Table(rows, colWidths=[FRAME_W / 2] * 2, hAlign="LEFT", splitByRow=1,
                         splitInRow=1)
            grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                                      ("TOPPADDING", (0, 0), (-1, -1), 0),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
            self.add(grid, Spacer(1, 4))

    def timeline(self) -> None:
        self.h2("timeline")
        self.add(self.p("Each turn: events and injects, signals, the orders this edition may "
                        "read with their odds, PROs and CONs, dice (the 2d6 equivalent: the number "
                        "needed, or more, and the roll) and outcomes, White Cell rulings with "
                        "their reasons, notes, and the rungs at the end of the turn.",
                        self.s.muted))
        if not self.r.turns:
            self.empty("No turn has been played.")
        for t in self.r.turns:
            self.turn(t)

    def misperception(self) -> None:
        r, L = self.r, self.L
        m = r.misperception
        self.h2("misperception")
        self.add(self.p(m.basis))
        if r.view.kind == "facilitator":
            self.h3("Misread rungs")
            if m.misreads:
                self.table(["Turn", "Rivalry", "Observer", "Believed", "True"],
                           [[x.turn, L.rivalry(x.rivalry), L.actor(x.observer), x.perceived,
                             x.true] for x in m.misreads], [8, 38, 30, 12, 12],
                           right=(0, 3, 4))
            else:
                self.empty("No side misread a rung at the end of a turn.")
        self.h3("Attributions of covert and proxy acts")
        shown, note = attributions_shown(r)
        if note:
            self.add(self.p(note))
        if shown:
            fac = r.view.kind == "facilitator"
            header = ["Turn", "Observer", "Blamed"] + (["Act", "Really", "Verdict"]
                                                       if fac else [])
            rows: list[list[Any]] = []
            for a in shown:
                row: list[Any] = [a.turn, L.actor(a.observer),
                                  ", ".join(L.actor(b) for b in a.blamed) or "no one"]
                if fac:
                    row += [a.key or "–", L.actor(a.actual), "–" if a.correct is None
                            else "correct" if a.correct else "misattributed"]
                rows.append(row)
            self.table(header, rows, [7, 19, 30, 10, 19, 15] if fac else [8, 30, 62],
                       right=(0,))
        elif not note:
            self.empty("No attributions visible in this edition.")
        self.h3("Beliefs: P(hostile)")
        if self.specs["beliefs"]:
            for spec in self.specs["beliefs"]:
                self.chart(spec)
        else:
            self.empty("Beliefs are private to each team; none are shown in this edition.")
        self.h3("Signal–action divergence")
        if m.divergences:
            self.table(["Turn", "Observer", "Actor", "Signalled", "Acted"],
                       [[d.turn, L.actor(d.observer), L.actor(d.subject),
                         "–" if d.declared is None else d.declared,
                         "–" if d.acted is None else d.acted] for d in m.divergences],
                       [8, 34, 34, 12, 12], right=(0, 3, 4))
        else:
            self.empty("No action exceeded a signal in this edition.")

    def spillover(self) -> None:
        r, L = self.r, self.L
        self.h2("spillover")
        for spec in self.specs["spillover"]:
            self.chart(spec)
        if busiest_link(r):
            self.add(self.p(busiest_link(r)))
        if r.spillover.chains:
            self.h3("Pressure passed along the linkage graph")
            self.table(["Turn", "Origin", "Pressure reached"],
                       [[c.turn, "misattribution" if c.origin == "misattribution"
                         else L.rivalry(c.origin),
                         "; ".join(f"{L.rivalry(x.rivalry)} ({signed(x.pressure)})"
                                   for x in c.targets)] for c in r.spillover.chains],
                       [8, 40, 52], right=(0,))
        self.h3("Rivalries that rose by spillover")
        if r.spillover.rises:
            self.bullets([f"Turn {x.turn}: {x.text}" + (f" (chance {pct(x.probability)})"
                                                        if x.probability is not None else "")
                          for x in r.spillover.rises])
        else:
            self.empty("No rivalry rose by spillover.")
        if r.view.kind != "facilitator":
            self.add(self.p("Spillover pressure is a hidden mechanic; only its visible results "
                            "appear here.", self.s.muted))

    def indicators(self) -> None:
        r = self.r
        self.h2("indicators")
        for spec in self.specs["indicators"]:
            self.chart(spec)
        if r.indicators:
            self.table(["Indicator", "Start", "End", "Change", "Better"],
                       [[i.name, num(i.values[0]), num(i.values[-1]),
                         signed(i.values[-1] - i.values[0]), i.better] for i in r.indicators],
                       [46, 12, 12, 12, 18], right=(1, 2, 3))
        else:
            self.empty("The scenario defines no indicators.")
        self.h3("Escalation scores")
        weights = ", ".join(f"{readable(k)} {v}" for k, v in
                            sorted(r.escalation_scores.weights.items(), key=lambda kv: kv[1]))
        self.add(self.p(f"Counted from {r.escalation_scores.basis}; weights: {weights}.",
                        self.s.muted))
        for spec in self.specs["scores"]:
            self.chart(spec)
        self.table(["Actor", "Total", "Highest in one turn"],
                   [[s.name, num(s.total), num(max(s.values)) if s.values else "–"]
                    for s in r.escalation_scores.series], [60, 20, 20], right=(1, 2))

    def objectives(self) -> None:
        r, L = self.r, self.L
        self.h2("objectives")
        if r.objectives.items:
            self.table(["Actor", "Objective", "Scored", "Met in turns", "Points", "At the end"],
                       [[o.actor_name, o.description,
                         "each turn" if o.scoring == "each_turn" else "at the end",
                         ", ".join(str(t) for t in o.met_turns) or "–",
                         f"{num(o.points_earned)} / {num(o.points)}",
                         "open" if o.met_at_end is None else "met" if o.met_at_end
                         else "not met"] for o in r.objectives.items],
                       [20, 34, 11, 15, 10, 10], right=(4,))
        else:
            self.empty("Objectives are private to each team; none are shown in this edition."
                       if r.view.kind == "public" else "No objectives.")
        if r.objectives.totals:
            self.add(self.p("Objective points: " + "; ".join(
                f"{x.name} {num(x.points)}" for x in r.objectives.totals) + "."))
        if self.short:  # the levers' aims and side effects are in the full edition
            return
        self.h3("Policy levers")
        if r.levers:
            self.table(["Lever", "Actor", "On since", "Aims and outcome", "Side effects"],
                       [[lv.name, L.actor(lv.actor),
                         f"turn {lv.on_since}" if lv.on_since is not None else "not pulled",
                         "; ".join(f"{a.name} {a.direction}: {num(a.start)} → {num(a.end)} "
                                   f"({a.verdict})" for a in lv.aims) or "–",
                         "; ".join(lv.side_effects) or "–"] for lv in r.levers],
                       [22, 14, 10, 30, 24])
        else:
            self.empty("The scenario defines no policy levers.")

    def annotations(self) -> None:
        r = self.r
        self.h2("annotations")
        self.h3("Bookmarks")
        if r.annotations.bookmarks:
            self.table(["Turn", "Label", "Text"],
                       [[b.turn, b.label, b.text or "–"] for b in r.annotations.bookmarks],
                       [8, 30, 62], right=(0,))
        else:
            self.empty("No bookmarks in this edition.")
        self.h3("Notes")
        if r.annotations.notes:
            self.table(["Turn", "Author", "Note"],
                       [[n.turn, f"{n.author} ({_scope(n.scope)})", n.text]
                        for n in r.annotations.notes], [8, 24, 68], right=(0,))
        else:
            self.empty("No notes in this edition.")

    def hot_wash(self) -> None:
        h = debrief_hot_wash(self.r) if self.short else self.r.hot_wash
        self.h2("hotwash")
        self.add(self.p("After US Army TC 25-20: what was supposed to happen, what happened, why, "
                        "and what to sustain or improve (for policy and for game design).",
                        self.s.muted))
        for title, items, none in (
                ("What was supposed to happen", h.supposed, "Not stated."),
                ("What happened", h.happened, "Nothing recorded."),
                ("Why", h.why, "No rung changed; discuss why the crisis stayed contained."),
                ("Sustain", h.sustain, "No notes marked 'Sustain:' yet."),
                ("Improve", h.improve, "No notes marked 'Improve:' yet.")):
            self.h3(title)
            if items:
                self.bullets(items)
            else:
                self.empty(none)

    def appendix(self) -> None:
        a = self.r.appendix
        self.h2("appendix")
        facts = [("Save file", a.save_name),
                 ("Scenario", f"{a.scenario_id}, sha256 {a.scenario_sha256}"),
                 ("Engine", f"{a.engine} (report: {a.report_engine})"),
                 ("Created", a.created)]
        if a.seed is not None:
            facts.append(("Seed", str(a.seed)))
        if a.command_count is not None:
            facts.append(("Commands", f"{a.command_count} in the journal (undo and redo "
                                      "included)"))
        if a.parent:
            facts.append(("Branched from", ", ".join(f"{k}={v}" for k, v in
                                                     sorted(a.parent.items()))))
        self.table(["Item", "Value"], facts, [22, 78])
        self.add(self.p(a.replay))
        if a.replay_warnings:
            self.bullets([f"Warning: {w}" for w in a.replay_warnings])
        if a.turn_hashes:
            hashes = list(a.turn_hashes)
            third = (len(hashes) + 2) // 3
            rows = []
            for i in range(third):
                row: list[Any] = []
                for k in range(3):
                    j = i + k * third
                    row += [hashes[j].turn, hashes[j].state_hash] if j < len(hashes) else ["", ""]
                rows.append(row)
            self.table(["Turn", "State hash"] * 3, rows, [7, 26, 7, 26, 7, 26], right=(0, 2, 4))
        self.add(self.p("The JSON export of this edition holds the full visible event log and "
                        "every number above; docs/aar-format.md documents its fields.",
                        self.s.muted))

    def build(self) -> bytes:
        writers = {"summary": self.summary, "purpose": self.purpose, "seats": self.seats,
                   "trajectories": self.trajectories, "timeline": self.timeline,
                   "misperception": self.misperception, "spillover": self.spillover,
                   "indicators": self.indicators, "objectives": self.objectives,
                   "annotations": self.annotations, "hotwash": self.hot_wash,
                   "appendix": self.appendix}
        self.cover()
        for anchor, _title in self.sections:
            writers[anchor]()
        buffer = io.BytesIO()
        doc = ReportDoc(buffer, self.r, self.s, self.short)
        doc.multiBuild(self.story)
        return buffer.getvalue()


def _scope(scope: str) -> str:
    return "White Cell" if scope == "facilitator" else "team"


def render_pdf(report: Report, short: bool = False) -> bytes:
    """The PDF of a report, its texts bounded for print (:mod:`wargame.report.printable`);
    ``short``: the debrief edition's sections only."""
    return PDFBuilder(printable(report), short).build()
