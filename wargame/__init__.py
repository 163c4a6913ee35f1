"""A turn-based political-military wargame engine.

The engine is a pure library: it never imports Qt. Scenarios are YAML files
validated by :mod:`wargame.scenario`; games are run by :class:`wargame.session.Session`
and recorded in an append-only journal (:mod:`wargame.journal`).
"""

from __future__ import annotations

__version__ = "0.1.0"
