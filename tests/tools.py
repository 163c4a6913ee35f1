"""System tools and optional modules some tests need: skipped where missing, except in CI.

``.ci/run`` installs every tool the suite uses (poppler-utils, desktop-file-utils,
appstream, chromium and its driver) and the test extras (Dask), and sets
``WARGAME_CI=1``. There a missing tool or module is an error, never a skip: a test that
silently skips in CI checks nothing.
"""

from __future__ import annotations

import importlib
import os
import shutil
from types import ModuleType

import pytest

IN_CI = any(os.environ.get(name) == "1" for name in ("CI", "WARGAME_CI"))
"""True under .ci/run (``WARGAME_CI=1``) or a CI service (``CI=1``)."""


def needs(*tools: str, package: str = "poppler-utils") -> pytest.MarkDecorator:
    """A mark skipping the test where one of ``tools`` is not installed (``package`` says
    what to install); in CI a missing tool stops the module from loading."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    reason = f"needs {', '.join(missing)} ({package})"
    if missing and IN_CI:
        raise RuntimeError(f"{reason}: CI must install it (.ci/run)")
    return pytest.mark.skipif(bool(missing), reason=reason)


def import_or_skip(name: str, reason: str) -> ModuleType:
    """``pytest.importorskip`` outside CI; in CI the module must import."""
    if IN_CI:
        return importlib.import_module(name)
    return pytest.importorskip(name, reason=reason)
