"""System tools and optional modules some tests need: a missing one is an error, never a skip.

``.ci/run`` installs every tool the suite uses (poppler-utils, desktop-file-utils,
appstream, chromium and its driver) and the test extras (Dask). A test that silently
skips where its tool is missing checks nothing, so a missing tool stops the test module
from loading, with what to install, on any machine.
"""

from __future__ import annotations

import importlib
import shutil
from types import ModuleType

import pytest


def needs(*tools: str, package: str = "poppler-utils") -> pytest.MarkDecorator:
    """A mark for a test that runs ``tools``; one not installed stops the module from
    loading, saying to install ``package`` (as .ci/run does)."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(f"needs {', '.join(missing)}: install {package} (.ci/run does)")
    return pytest.mark.tools(*tools)


def import_or_skip(name: str, reason: str) -> ModuleType:
    """The module ``name``, which must import (``reason`` says what it is for and how to
    install it: the test extras)."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise RuntimeError(f"{name} does not import ({reason}): "
                           "pip install -e '.[test]'") from error
