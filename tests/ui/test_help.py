"""Help › The facilitator's guide and Help › Quick reference: the documents in a viewer with
their screenshots, links between documents, and the one-page printable card (PDF)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from tests.tools import needs
from ui.dialogs.help_viewer import GUIDE, IMAGE_WIDTH, HelpViewer, docs_dir, write_pdf

from .conftest import REPO

DOCS = REPO / "docs"


def _images(document: QTextDocument) -> list[tuple[str, float]]:
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                found.append((fmt.toImageFormat().name(), fmt.toImageFormat().width()))
            it += 1
        block = block.next()
    return found


def test_the_guide_opens_from_the_help_menu_with_its_screenshots(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert docs_dir() == DOCS
    window.guide_action.trigger()
    viewer = window.help_viewers[GUIDE]
    assert viewer.isVisible() and viewer.windowTitle() == "The facilitator's guide"
    text = viewer.text()
    for section in ("Before the day", "Setting up the game", "Running a turn", "Rulings",
                    "Injects", "Undo and redo", "The public display", "The debrief"):
        assert section in text
    linked = re.findall(r"!\[[^\]]*\]\((screenshots/[^)]+)\)", GUIDE_TEXT)
    assert len(linked) >= 10
    images = _images(viewer.browser.document())
    assert [name for name, _w in images] == linked
    for name, width in images:
        assert (DOCS / name).is_file(), name
        assert not viewer.browser.document().resource(
            QTextDocument.ResourceType.ImageResource, QUrl(name)).isNull(), name
        assert 0 < width <= IMAGE_WIDTH  # taken at 1440 pixels, shown to fit
    window.guide_action.trigger()  # again: the same window comes forward
    assert list(window.help_viewers) == [GUIDE]


GUIDE_TEXT = (DOCS / GUIDE).read_text(encoding="utf-8")


def test_links_to_other_documents_open_in_the_viewer(window) -> None:  # type: ignore[no-untyped-def]
    viewer = window.show_guide()
    assert "gui.md#public-display" in GUIDE_TEXT
    viewer.follow(QUrl("gui.md#public-display"))
    assert viewer.path == DOCS / "gui.md"
    assert "The facilitator's desktop app" in viewer.windowTitle()


def test_a_document_that_is_not_installed_is_said_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    viewer = HelpViewer("no-such-guide.md")
    qtbot.addWidget(viewer)
    assert "not installed" in viewer.text()
    assert not viewer.pdf_button.isEnabled() and not viewer.save_pdf("/tmp/x.pdf")


@needs("pdfinfo", "pdftotext")
def test_the_quick_reference_prints_on_one_page(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    viewer = window.show_quick_reference()
    assert "Ctrl+Return" in viewer.text()
    pdf = tmp_path / "card.pdf"
    assert viewer.save_pdf(str(pdf))
    assert "1 page" in viewer.message.text()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Ctrl+Return" in words and "Hot wash" in words
    # the printed card in docs/ is the same one page
    committed = subprocess.run(["pdfinfo", str(DOCS / "quick-reference.pdf")],
                               capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", committed.stdout, re.M)


def test_an_unwritable_pdf_keeps_nothing_half_written(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    viewer = window.show_quick_reference()
    missing = tmp_path / "no-such-folder" / "card.pdf"
    assert not viewer.save_pdf(str(missing))
    assert "Could not write" in viewer.message.text() and not missing.exists()


def test_write_pdf_long_text_takes_more_pages(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long = tmp_path / "long.md"
    long.write_text("# Long\n\n" + "\n\n".join(f"Paragraph {i} " + "word " * 80
                                                for i in range(60)))
    assert write_pdf(long, tmp_path / "long.pdf") > 1
    assert write_pdf(long, tmp_path / "card.pdf", one_page=True) > 1  # cannot fit: says so
