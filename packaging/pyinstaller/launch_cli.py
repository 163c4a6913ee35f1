"""Frozen entry point of the ``wargame`` command (PyInstaller)."""

from wargame.cli import main

raise SystemExit(main())
