"""The app survives PySide6's dropped ``None`` references on CPython 3.11 (see ui._compat)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsSimpleTextItem

import ui  # noqa: F401  (pins None)


def test_many_void_calls_do_not_deallocate_none(qapp) -> None:  # type: ignore[no-untyped-def]
    item = QGraphicsSimpleTextItem("x")
    before = sys.getrefcount(None)
    for _ in range(200_000):  # far more than None's natural reference count on 3.11
        item.setVisible(True)
    assert sys.getrefcount(None) > 0
    assert sys.getrefcount(None) >= before - 200_000
