#!/usr/bin/env bash
# Build the desktop bundle: dist/wargame/ (both programs, bundled scenarios) plus the
# freedesktop metadata, packed as dist/wargame-<version>-linux-<arch>.tar.gz.
# Usage: packaging/build.sh   (uses .venv; installs PyInstaller into it if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || { echo "run ./dev test first to create .venv" >&2; exit 2; }
"$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install -q "pyinstaller>=6.10"
version=$("$PY" -c "import wargame; print(wargame.__version__)")
arch=$(uname -m)
rm -rf build/pyinstaller dist/wargame
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist \
  --workpath build/pyinstaller packaging/pyinstaller/wargame.spec
share=dist/wargame/share
install -Dm644 packaging/linux/io.github.wargame_engine.Wargame.desktop \
  "$share/applications/io.github.wargame_engine.Wargame.desktop"
install -Dm644 packaging/linux/io.github.wargame_engine.Wargame.metainfo.xml \
  "$share/metainfo/io.github.wargame_engine.Wargame.metainfo.xml"
install -Dm644 packaging/linux/wargame-save.xml "$share/mime/packages/wargame-save.xml"
install -Dm644 packaging/icons/wargame.svg \
  "$share/icons/hicolor/scalable/apps/io.github.wargame_engine.Wargame.svg"
install -Dm755 packaging/linux/install.sh dist/wargame/install.sh
# Self-checks of the frozen programs, headless.
QT_QPA_PLATFORM=offscreen dist/wargame/wargame scenarios
QT_QPA_PLATFORM=offscreen dist/wargame/wargame play --auto --seed 1 --quiet >/dev/null
QT_QPA_PLATFORM=offscreen dist/wargame/wargame-gui --smoke-test
dist/wargame/wargame serve --self-check  # team stations: page, map, websocket, a sealed sheet
tar -C dist -czf "dist/wargame-$version-linux-$arch.tar.gz" wargame
du -sh dist/wargame "dist/wargame-$version-linux-$arch.tar.gz"
