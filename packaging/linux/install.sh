#!/usr/bin/env bash
# Install the unpacked bundle for the current user: programs on ~/.local/bin, the
# desktop entry, icon, AppStream metadata and the save-file MIME type under ~/.local/share.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
mkdir -p "$prefix/bin" "$prefix/lib"
rm -rf "$prefix/lib/wargame"
cp -a "$here" "$prefix/lib/wargame"
ln -sf "$prefix/lib/wargame/wargame-gui" "$prefix/bin/wargame-gui"
ln -sf "$prefix/lib/wargame/wargame" "$prefix/bin/wargame"
cp -a "$here/share/." "$prefix/share/"
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" || true
echo "installed to $prefix (make sure $prefix/bin is on PATH)"
