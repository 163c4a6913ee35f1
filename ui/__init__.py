"""PySide6 desktop app for facilitators (the only package that imports Qt)."""
