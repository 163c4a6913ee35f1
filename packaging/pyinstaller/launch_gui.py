"""Frozen entry point of the desktop app (PyInstaller)."""

from ui.app import main

raise SystemExit(main())
