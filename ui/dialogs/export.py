"""Export the after-action report: formats, edition (view), short debrief or full, folder,
preview, progress, cancel.

Uses :mod:`wargame.report` (``export_report``; ``build_report`` and ``render``
for the Markdown preview). Both the preview and the export run off the GUI
thread (:class:`~ui.tasks.Task`); the export writes one format at a time so
that progress is visible and *Cancel* stops between formats (files already
written stay, each written atomically). *Short debrief* writes the short edition
(summary, turning points, objectives, hot wash) in the formats that have one (HTML,
PDF, Markdown; the data formats are whole or nothing, so their boxes are disabled
while it is ticked), and the preview shows it. If the report package is missing the
dialog says so and offers nothing to run.
"""

from __future__ import annotations

import html
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui import settings
from ui.controller import Controller
from ui.tasks import Task, TaskContext

FORMATS = ("html", "pdf", "md", "json", "csv")
LABELS = {"html": "HTML (web page)", "pdf": "PDF", "md": "Markdown", "json": "JSON (data)",
          "csv": "CSV (moves, for spreadsheets)"}


def report_module() -> tuple[ModuleType | None, str]:
    """``(wargame.report, "")``, or ``(None, why it cannot be used)``."""
    try:
        module = importlib.import_module("wargame.report")
    except ImportError as exc:
        return None, f"After-action reports are not available in this build ({exc})."
    if not callable(getattr(module, "export_report", None)):
        return None, "After-action reports are not available in this build (no export_report)."
    return module, ""


#: The checkbox for the short debrief edition.
SHORT_LABEL = "Short debrief (summary, turning points, hot wash)"


def markdown_preview(module: ModuleType, save: Path, view: str, short: bool = False) -> str:
    """The report's Markdown for ``view``, short or full (runs in a worker thread; no Qt)."""
    from wargame.session import Session

    build, render = getattr(module, "build_report", None), getattr(module, "render", None)
    if build is None or render is None:
        return "*No preview in this build: export the HTML and open it.*"
    session = Session.open(save, readonly=True)
    try:
        chosen = module.parse_view(view, session.scenario)
        report = build(session, chosen, save_name=save.name)
        data = render(report, "md", short=True) if short else render(report, "md")
        return bytes(data).decode("utf-8")
    finally:
        session.close()


class ExportDialog(QDialog):
    """The File > Export report… dialog of the open (saved) game."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export the after-action report")
        self.controller = controller
        self.save = controller.path
        self.module, problem = report_module()
        if not problem and self.save is None:
            problem = "This game is kept in memory only: there is no save file to report on."
        self.problem = problem
        self.tasks: list[Task] = []
        self.export_task: Task | None = None
        self.preview_task: Task | None = None
        self.written: list[Path] = []
        self.export_failures: list[str] = []  # "<format>: why", of the last export

        self.format_boxes: dict[str, QCheckBox] = {}
        formats = QHBoxLayout()
        for fmt in FORMATS:
            box = QCheckBox(LABELS[fmt])
            box.setChecked(True)
            box.toggled.connect(self._update_buttons)
            self.format_boxes[fmt] = box
            formats.addWidget(box)
        formats.addStretch(1)
        self.view = QComboBox()
        self.view.addItem("Facilitator (everything, hidden information included)", "facilitator")
        self.view.addItem("Public (what was public knowledge)", "public")
        if controller.has_game:
            for actor in controller.scenario.actors:
                if actor.playable:
                    self.view.addItem(f"{controller.team_label(actor.id)} ({actor.id}) — team "
                                      "edition", actor.id)
        self.view.currentIndexChanged.connect(self.request_preview)
        self.view.currentIndexChanged.connect(lambda _i: self._forget_written())
        self.short = QCheckBox(SHORT_LABEL)
        self.short.setToolTip("A few pages for the debrief, beside the full report: the "
                              "executive summary with its turning points, the objectives and "
                              "the hot-wash questions, without the turn-by-turn record. "
                              "Written as …-short.html, .pdf and .md.")
        self.short.toggled.connect(self._on_short_toggled)
        default = str(settings.settings().value("export/folder", "")) or (
            str(self.save.parent / "reports") if self.save else "")
        self.folder = QLineEdit(default)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        self.message = QLabel(problem)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b2182b;" if problem else "")
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setPlaceholderText("The Markdown preview of the chosen edition appears "
                                        "here.")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.open_button = QPushButton("Open the report")
        self.open_button.clicked.connect(self.open_report)
        self.folder_button = QPushButton("Open the folder")
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text())))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)

        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.addRow("Formats", formats)
        form.addRow("Edition", self.view)
        form.addRow("", self.short)
        form.addRow("Folder", folder_row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(form_widget)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(820, 680)
        self._update_buttons()
        self.request_preview()

    # ---- state

    @property
    def available(self) -> bool:
        return not self.problem

    def formats(self) -> list[str]:
        """The ticked formats the chosen edition has (the short one: no JSON or CSV)."""
        return [f for f, box in self.format_boxes.items()
                if box.isChecked() and box.isEnabled()]

    def is_short(self) -> bool:
        return self.short.isChecked()

    def _on_short_toggled(self, short: bool) -> None:
        offered = getattr(self.module, "SHORT_FORMATS", ("html", "pdf", "md"))
        for fmt, box in self.format_boxes.items():
            box.setEnabled(not short or fmt in offered)
            box.setToolTip("" if box.isEnabled() else
                           f"{LABELS[fmt]} is always the whole record: untick "
                           "Short debrief to export it.")
        self._forget_written()
        self.request_preview()

    def view_id(self) -> str:
        return str(self.view.currentData())

    def _update_buttons(self) -> None:
        busy = self.export_task is not None
        self.export_button.setEnabled(self.available and bool(self.formats()) and not busy)
        self.cancel_button.setText("Cancel" if busy else "Close")
        self.open_button.setEnabled(bool(self.written) and not busy)
        self.folder_button.setEnabled(bool(self.written) and not busy)

    def _forget_written(self) -> None:
        """Another edition was chosen: the files listed (and *Open the report*) were the
        previous edition's; say what the next *Export* will write instead."""
        if self.export_task is not None:
            return
        self.written = []
        self.export_failures = []
        cut = "short debrief of the " if self.is_short() else ""
        self.status.setText(f"Export writes the {cut}{self.view.currentText()} edition."
                            if self.available else "")
        self._update_buttons()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export the report to",
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _start(self, work: Any, done: Any) -> Task:
        task = Task(work)
        task.signals.done.connect(done)
        self.tasks = [t for t in self.tasks if not t.finished.is_set()] + [task]
        return task

    # ---- preview

    def request_preview(self) -> None:
        if not self.available or self.module is None or self.save is None:
            return
        if self.preview_task is not None:
            self.preview_task.cancel()
        module, save, view, short = self.module, self.save, self.view_id(), self.is_short()
        self.preview.setPlaceholderText("Building the preview…")
        self.preview.clear()

        def work(ctx: TaskContext) -> tuple[tuple[str, bool], str]:
            text = markdown_preview(module, save, view, short)
            ctx.check()
            return (view, short), text

        task = self._start(work, self._on_preview)
        task.signals.failed.connect(lambda m: self.preview.setPlainText(
            "No preview: " + m.split("\n\n")[0]))
        self.preview_task = task.start()

    def _on_preview(self, result: tuple[tuple[str, bool], str]) -> None:
        edition, text = result
        if edition == (self.view_id(), self.is_short()):
            self.preview.setMarkdown(text)
            self.preview_task = None

    def preview_text(self) -> str:
        return self.preview.toPlainText()

    # ---- export

    def start_export(self) -> Task | None:
        if not self.available or self.export_task is not None or self.module is None:
            return None
        formats, view, short = self.formats(), self.view_id(), self.is_short()
        folder = Path(self.folder.text().strip() or ".").expanduser()
        if not formats or self.save is None:
            return None
        store = settings.settings()
        store.setValue("export/folder", str(folder))
        export, save = self.module.export_report, self.save

        failures: list[str] = []
        self.export_failures = failures
        failed_type = getattr(self.module, "ReportExportError", ())

        def work(ctx: TaskContext) -> list[Path]:
            written: list[Path] = []
            for i, fmt in enumerate(formats):
                ctx.progress(i, len(formats), f"Writing {LABELS[fmt]}…")
                try:
                    paths = (export(save, [fmt], view, folder, short=True) if short
                             else export(save, [fmt], view, folder))
                    written += [Path(p) for p in paths]
                except failed_type as exc:  # one format failed: the others still go out
                    failures.extend(f"{LABELS[f]}: {why}" for f, why in exc.failures.items())
            ctx.progress(len(formats), len(formats), "Done")
            return written

        task = self._start(work, self._on_exported)
        task.signals.progress.connect(self._on_progress)
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_cancelled)
        self.progress.setRange(0, len(formats))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText("Writing the report…")
        self.written = []
        self.export_task = task.start()
        self._update_buttons()
        return task

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{message} (%v of %m)")

    def _finish(self, text: str) -> None:
        self.export_task = None
        self.progress.hide()
        self.status.setText(text)
        self._update_buttons()

    def _on_exported(self, paths: list[Path]) -> None:
        self.written = list(paths)
        text = "Written: " + (", ".join(str(p) for p in paths) or "nothing")
        if self.export_failures:
            failed = "; ".join(html.escape(f) for f in self.export_failures)
            text = (f"{html.escape(text)}<br>"
                    f"<span style='color:#b2182b'>Not written: {failed}</span>")
        self._finish(text)

    def _on_failed(self, message: str) -> None:
        self._finish(f"<span style='color:#b2182b'>Export failed: "
                     f"{message.split(chr(10) + chr(10))[0]}</span>")

    def _on_cancelled(self) -> None:
        self._finish("Cancelled (files already written are complete).")

    def open_report(self) -> bool:
        """Open the HTML (else the first written file) with the desktop's viewer."""
        if not self.written:
            return False
        html = [p for p in self.written if p.suffix == ".html"]
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str((html or self.written)[0])))

    # ---- closing

    def _cancel_or_close(self) -> None:
        if self.export_task is not None:
            self.export_task.cancel()
        else:
            self.reject()

    def wait(self, seconds: float = 10.0) -> None:
        """Block until background work has stopped (closing, tests)."""
        for task in self.tasks:
            task.finished.wait(seconds)

    def done(self, result: int) -> None:
        for task in self.tasks:
            task.cancel()
        self.wait(5)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        for task in self.tasks:
            task.cancel()
        super().closeEvent(event)
