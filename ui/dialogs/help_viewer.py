"""Help › Facilitator's guide and Help › Quick reference: the Markdown documents of
``docs/`` in a viewer window, with their screenshots, printable and savable as PDF.

The documents are looked up beside the installed ``ui`` package (``ui/docs``, where a
bundle or a wheel puts them) and in the source checkout (``docs/``). Links to other
documents of the folder open in the same viewer; web links open in the browser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.printing import choose_printer, page_size, pdf_printer, save_as_pdf

GUIDE = "facilitator-guide.md"
QUICK_REFERENCE = "quick-reference.md"
IMAGE_WIDTH = 720
"""Screenshots are shown at most this wide (they are taken at 1440 pixels)."""


def docs_dir() -> Path | None:
    """The folder holding the guide: beside the installed package, else the checkout's."""
    here = Path(__file__).resolve().parents[1]  # the ui package
    for folder in (here / "docs", here.parent / "docs"):
        if (folder / GUIDE).is_file():
            return folder
    return None


def load_markdown(document: QTextDocument, path: Path) -> None:
    """``path`` into ``document``, images found beside it and scaled to fit."""
    document.setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
    document.setMarkdown(path.read_text(encoding="utf-8"))
    fit_images(document, IMAGE_WIDTH)


def fit_images(document: QTextDocument, width: int) -> int:
    """Give every image of ``document`` at most ``width`` pixels; returns how many."""
    count = 0
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fragment.isValid() and fmt.isImageFormat():
                image = fmt.toImageFormat()
                resource = document.resource(QTextDocument.ResourceType.ImageResource,
                                             QUrl(image.name()))
                natural = getattr(resource, "width", lambda: 0)()
                if natural > width or natural == 0:
                    scaled = QTextImageFormat(image)
                    scaled.setWidth(width)
                    if natural:
                        scaled.setHeight(resource.height() * width / natural)
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(scaled)
                count += 1
            it += 1
        block = block.next()
    return count


def tighten(document: QTextDocument, points: float) -> None:
    """Body text at ``points``, headings only a little larger, less space around blocks:
    a printed reference card rather than a web page."""
    font = document.defaultFont()
    font.setPointSizeF(points)
    document.setDefaultFont(font)
    scale = {1: 1.6, 2: 1.25, 3: 1.1}
    block = document.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        fmt = block.blockFormat()
        fmt.setTopMargin(min(fmt.topMargin(), points * 0.6))
        fmt.setBottomMargin(min(fmt.bottomMargin(), points * 0.3))
        cursor.setBlockFormat(fmt)
        level = fmt.headingLevel()
        if level:
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                QTextCursor.MoveMode.KeepAnchor)
            char = cursor.charFormat()  # the importer's size step would undo the size
            char.clearProperty(QTextFormat.Property.FontSizeAdjustment)
            char.setFontPointSize(points * scale.get(level, 1.0))
            cursor.setCharFormat(char)
        _size_code(document, block, points)
        block = block.next()


def _size_code(document: QTextDocument, block: QTextBlock, points: float) -> None:
    """Code spans (key names) at the body size: the importer gives them the system's
    fixed font, whose size ignores the document's."""
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        fmt = fragment.charFormat()
        if fragment.isValid() and fmt.fontFixedPitch():
            cursor = QTextCursor(document)
            cursor.setPosition(fragment.position())
            cursor.setPosition(fragment.position() + fragment.length(),
                               QTextCursor.MoveMode.KeepAnchor)
            fmt.setFontPointSize(points * 0.95)
            cursor.setCharFormat(fmt)
        it += 1


def write_pdf(markdown: Path, pdf: Path, *, one_page: bool = False) -> int:
    """Print ``markdown`` to the PDF file ``pdf`` (A4); returns the number of pages.

    ``one_page``: set the text (headings tightened, :func:`tighten`) at the largest
    size from 11 points down to 6 at which it fits one page (a reference card).
    """
    printer = pdf_printer(pdf)
    page = page_size(printer)
    document = QTextDocument()
    load_markdown(document, markdown)
    document.setPageSize(page)
    if one_page:
        for tenths in range(110, 59, -5):
            trial = QTextDocument()
            load_markdown(trial, markdown)
            tighten(trial, tenths / 10)
            trial.setPageSize(page)
            document = trial
            if trial.pageCount() == 1:
                break
    pages = document.pageCount()
    document.print_(printer)
    return pages


class HelpViewer(QDialog):
    """A Markdown document of ``docs/`` with its pictures; *Print…* and *Save as PDF…*."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = docs_dir()
        self.path: Path | None = None
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button = QPushButton("Save as PDF…")
        self.pdf_button.clicked.connect(lambda: self.save_pdf(""))
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.print_button)
        row.addWidget(self.pdf_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        self.resize(860, 820)
        self.open_document(name)

    def open_document(self, name: str) -> bool:
        """Show ``name`` (a file of the docs folder); says so if it is not installed."""
        path = self.folder / name if self.folder is not None else None
        found = path is not None and path.is_file()
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(found)
        if not found:
            self.path = None
            self.setWindowTitle("Help")
            self.browser.setPlainText(
                f"{name} is not installed with this copy of the app. It is part of the "
                "project's documentation: docs/" + name + " in the source code.")
            return False
        assert path is not None
        self.path = path
        load_markdown(self.browser.document(), path)
        self.setWindowTitle(self.browser.documentTitle() or _title(path))
        self.message.setText("")
        return True

    def follow(self, url: QUrl) -> None:
        """A link: another document of the folder here, an anchor here, the web outside."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = url.path().rsplit("/", 1)[-1]
        if target.endswith(".md") and self.folder is not None \
                and (self.folder / target).is_file():
            self.open_document(target)
            if url.fragment():
                self.browser.scrollToAnchor(url.fragment())
        elif url.fragment():
            self.browser.scrollToAnchor(url.fragment())

    def text(self) -> str:
        return self.browser.toPlainText()

    def print_document(self) -> bool:
        printer = choose_printer(self)
        if printer is None:
            return False
        self.browser.document().print_(printer)
        return True

    def save_pdf(self, path: str) -> bool:
        """Write the document as a PDF (asks where without ``path``)."""
        if self.path is None:
            return False
        source = self.path
        saved = save_as_pdf(self, path, title="Save as PDF",
                            suggested=Path.home() / f"{source.stem}.pdf",
                            write=lambda pdf: write_pdf(source, pdf,
                                                        one_page=source.name == QUICK_REFERENCE))
        if saved.error:
            self.message.setText(saved.error)
        elif saved.ok:
            pages = saved.pages
            self.message.setText(f"Saved {saved.path} ({pages} page{'s' if pages != 1 else ''}).")
        return saved.ok


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem
