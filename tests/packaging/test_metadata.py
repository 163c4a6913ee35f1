"""Desktop metadata of the bundle: a valid desktop entry, AppStream file and MIME type."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.wargame_engine.Wargame"


def _validator(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a metadata validator; a missing one fails the test (.ci/run installs
    desktop-file-utils and appstream)."""
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed: install desktop-file-utils and appstream")
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)


def test_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "wargame-gui"
    assert section["Icon"] == APP_ID
    assert section["MimeType"].rstrip(";") == "application/x-wargame-save"
    assert "Education" in section["Categories"].split(";")
    out = _validator("desktop-file-validate", str(LINUX / f"{APP_ID}.desktop"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout + out.stderr == "", "no errors, warnings or hints"


def test_appstream_metadata() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("project_license") == "MIT"
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == f"{APP_ID}.desktop"
    binaries = {b.text for b in root.iter("binary")}
    assert binaries == {"wargame-gui", "wargame"}
    out = _validator("appstreamcli", "validate", "--no-net",
                     str(LINUX / f"{APP_ID}.metainfo.xml"))
    assert out.returncode == 0, out.stdout + out.stderr


def test_mime_type_matches_save_files() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(LINUX / "wargame-save.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-wargame-save"
    glob = mime.find("m:glob", ns)
    assert glob is not None and glob.get("pattern") == "*.wgsave"


def test_icon_is_svg() -> None:
    root = ET.parse(ROOT / "packaging" / "icons" / "wargame.svg").getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 256 256"


@pytest.mark.parametrize("script", ["launch_gui.py", "launch_cli.py"])
def test_frozen_entry_points_exist(script: str) -> None:
    text = (ROOT / "packaging" / "pyinstaller" / script).read_text()
    assert "main()" in text
