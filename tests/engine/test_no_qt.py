"""The engine never imports Qt: every wargame module imports with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "ui"):
            raise ImportError(f"blocked import of {name}")
        return None

sys.meta_path.insert(0, Block())
import wargame
names = [m.name for m in pkgutil.walk_packages(wargame.__path__, "wargame.")]
for name in names:
    if name == "wargame.__main__":
        continue
    importlib.import_module(name)
print(len(names))
"""


def test_every_wargame_module_imports_without_pyside6() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 20
