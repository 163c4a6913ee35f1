"""Work-arounds for bugs in the Qt binding that the app must survive.

PySide6 6.12.0 on CPython 3.11 returns ``None`` from every C++ ``void`` method
without taking a reference to it (harmless from 3.12 on, where ``None`` is
immortal, PEP 683). Each call such as ``item.setPos(...)`` or
``painter.setPen(...)`` therefore drops ``None``'s reference count by one; after
a few thousand calls CPython aborts with "Fatal Python error: none_dealloc",
which would kill a facilitator's session within minutes.
:func:`pin_none` makes ``None`` effectively immortal on 3.11 by adding 2**48
references (enough for centuries of calls), which is what 3.12 does natively.
"""

from __future__ import annotations

import sys

_PINNED = False
PIN = 1 << 48


def pin_none() -> None:
    """Give ``None`` a huge reference count on CPython < 3.12 (idempotent)."""
    global _PINNED
    if _PINNED or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's 1st field
    refcount.value += PIN
    _PINNED = True
