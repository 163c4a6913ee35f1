"""Render the debrief screenshots in docs/screenshots/report-*.png from the golden save.

    python benchmarks/report_screenshots.py [--save tests/data/golden-12.wgsave] [--out DIR]

Exports the facilitator edition of the save as HTML and PDF, then:

* ``report-html-<section>.png``: the summary, timeline and spillover sections of the
  HTML, each cut out as a page of its own and photographed by headless Chromium
  (skipped, with a message, when no Chromium is installed);
* ``report-pdf-pages.png``: eight PDF pages side by side (cover, contents and the
  first page of six sections), rasterised by ``pdftoppm`` (poppler-utils);
* ``report-pdf-spillover.png``: the first page of the spillover section.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HTML_SECTIONS = {"summary": 900, "timeline": 900, "spillover": 760}  # section -> height
PDF_SECTIONS = ("summary", "trajectories", "timeline", "misperception", "spillover",
                "indicators")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def section_page(html: str, anchor: str) -> str:
    """The report's head and banner with only one section in its <main>."""
    head, _, body = html.partition("<main>")
    start = body.index(f'<h2 class="section" id="{anchor}">')
    end = body.find('<h2 class="section"', start + 1)
    return f"{head}<main>{body[start:end if end > 0 else None]}</main></body></html>"


def html_shots(html_file: Path, out: Path, work: Path) -> None:
    browser = next((b for b in BROWSERS if shutil.which(b)), None)
    if browser is None:
        print("no Chromium found: HTML screenshots skipped", file=sys.stderr)
        return
    html = html_file.read_text(encoding="utf-8")
    for anchor, height in HTML_SECTIONS.items():
        page = work / f"{anchor}.html"
        page.write_text(section_page(html, anchor), encoding="utf-8")
        target = out / f"report-html-{anchor}.png"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", f"--window-size=1200,{height}",
                        f"--screenshot={target}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        print(target)


def first_pages(pdf: Path) -> dict[str, int]:
    """1-based page where each section's heading first appears (contents page excluded)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    from wargame.report.common import SECTION_NUMBER, SECTIONS

    found: dict[str, int] = {}
    for number, page in enumerate(text.split("\f"), start=1):
        if number <= 2:
            continue  # the cover and the contents list every heading
        for anchor, title in SECTIONS:
            heading = rf"^\s*{SECTION_NUMBER[anchor]}\.\s+{re.escape(title)}"
            if anchor not in found and re.search(heading, page, re.MULTILINE):
                found[anchor] = number
    return found


def rasterise(pdf: Path, page: int, dpi: int, work: Path) -> Path:
    stem = work / f"page-{page}-{dpi}"
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-png",
                    "-singlefile", str(pdf), str(stem)], check=True)
    return stem.with_suffix(".png")


def montage(images: list[Path], columns: int, target: Path) -> None:
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    _app = QGuiApplication.instance() or QGuiApplication([])
    pages = [QImage(str(p)) for p in images]
    gap = 24
    w, h = pages[0].width(), pages[0].height()
    rows = -(-len(pages) // columns)
    sheet = QImage(columns * w + (columns + 1) * gap, rows * h + (rows + 1) * gap,
                   QImage.Format.Format_RGB32)
    sheet.fill(QColor("#5b6470"))
    painter = QPainter(sheet)
    for i, page in enumerate(pages):
        row, col = divmod(i, columns)
        painter.drawImage(gap + col * (w + gap), gap + row * (h + gap), page)
    painter.end()
    if not sheet.save(str(target)):
        raise OSError(f"cannot write {target}")
    print(target)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--save", default=str(ROOT / "tests" / "data" / "golden-12.wgsave"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from wargame.report import export_report

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        html_file, pdf = export_report(args.save, ["html", "pdf"], "facilitator", work)
        html_shots(html_file, out, work)
        starts = first_pages(pdf)
        missing = [a for a in PDF_SECTIONS if a not in starts]
        if missing:
            raise SystemExit(f"sections not found in the PDF: {', '.join(missing)}")
        pages = [1, 2, *(starts[a] for a in PDF_SECTIONS)]
        montage([rasterise(pdf, p, 60, work) for p in pages], 4, out / "report-pdf-pages.png")
        spill = rasterise(pdf, starts["spillover"], 80, work)
        shutil.copy(spill, out / "report-pdf-spillover.png")
        print(out / "report-pdf-spillover.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
