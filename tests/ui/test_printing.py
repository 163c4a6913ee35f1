"""ui.printing.save_as_pdf: a PDF replaces the old file only when it is whole."""

from __future__ import annotations

from pathlib import Path

from ui.printing import save_as_pdf


def test_a_failed_write_keeps_the_old_file_and_no_partial(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "sheets.pdf"
    target.write_bytes(b"the old PDF")

    def nothing(partial: Path) -> int:  # Qt's printer says nothing when it cannot write
        partial.write_bytes(b"")
        return 3

    saved = save_as_pdf(None, str(target), title="t", suggested=target, write=nothing)
    assert not saved.ok and saved.error.startswith(f"Could not write {target}")
    assert target.read_bytes() == b"the old PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["sheets.pdf"]  # no .sheets.pdf.part


def test_a_whole_pdf_replaces_the_old_one(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "sheets.pdf"
    target.write_bytes(b"the old PDF")
    written: list[Path] = []

    def write(partial: Path) -> int:
        assert not partial.exists() and partial.parent == tmp_path
        assert partial.name.startswith(".")  # hidden until whole
        written.append(partial)
        partial.write_bytes(b"%PDF-1.4 new")
        return 2

    saved = save_as_pdf(None, str(target), title="t", suggested=target, write=write)
    assert saved.ok and saved.pages == 2 and saved.path == str(target)
    assert target.read_bytes() == b"%PDF-1.4 new" and not written[0].exists()


def test_a_folder_that_does_not_exist_is_a_message(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.help_viewer import write_pdf

    doc = tmp_path / "card.md"
    doc.write_text("# Card\n\nSome text.\n")
    target = tmp_path / "missing" / "card.pdf"
    saved = save_as_pdf(None, str(target), title="t", suggested=target,
                        write=lambda pdf: write_pdf(doc, pdf))
    assert saved.error == f"Could not write {target}: choose a folder you can write to."
    assert not target.parent.exists()
