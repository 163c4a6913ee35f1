"""PySide6 desktop app for facilitators (the only package that imports Qt)."""

from ui._compat import pin_none

pin_none()
