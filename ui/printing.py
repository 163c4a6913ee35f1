"""Printing and saving as PDF, shared by the help viewer and the order sheets.

:func:`pdf_printer` makes an A4 PDF printer and :func:`page_size` gives a text
document the printable area at its own scale. :func:`choose_printer` is the *Print…*
button (the system's print dialog), :func:`save_as_pdf` the *Save as PDF…* one: it asks
where (unless told), writes a hidden file beside the target and renames it over the
target only once the PDF is whole, so an earlier file stays until the new one is done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget


def pdf_printer(path: Path) -> QPrinter:
    """A high-resolution printer writing an A4 portrait PDF (12 mm margins) to ``path``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait,
                                      QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    return printer


def page_size(printer: QPrinter) -> QSizeF:
    """The printable area in the units a ``QTextDocument`` lays text out in (the screen's
    logical pixels), so that a 9-point font is 9 points on paper."""
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    inches = printer.pageRect(QPrinter.Unit.Inch).size()
    return QSizeF(inches.width() * dpi, inches.height() * dpi)


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """The printer the user picks in the print dialog, or None if they cancel."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, parent).exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


@dataclass(frozen=True)
class SavedPdf:
    """What :func:`save_as_pdf` did: ``path`` is empty if the user cancelled; ``error``
    says why nothing was written (a sentence for the dialog), else ``pages`` were."""

    path: str
    pages: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.path) and not self.error


def save_as_pdf(parent: QWidget | None, path: str, *, title: str, suggested: Path,
                write: Callable[[Path], int]) -> SavedPdf:
    """Write a PDF with ``write(file) -> pages`` to ``path`` (asks where, starting at
    ``suggested``, when ``path`` is empty). The PDF goes to a hidden ``.<name>.part``
    beside the target first and replaces the target only when it is whole."""
    if not path:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), "PDF (*.pdf)")
        if not path:
            return SavedPdf("")
    target = Path(path)
    partial = target.with_name(f".{target.name}.part")
    try:
        pages = write(partial)
        if not partial.is_file() or partial.stat().st_size == 0:  # Qt reports nothing
            raise OSError("nothing was written")
        partial.replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return SavedPdf(path, error=f"Could not write {path}: choose a folder you can "
                                    "write to.")
    return SavedPdf(path, pages)
