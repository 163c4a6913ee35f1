"""Turn each report format back into plain text, so tests can search what a reader would see."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


def norm(text: str) -> str:
    """Whitespace collapsed, typographic quotes kept (texts are compared as written)."""
    return " ".join(text.split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style",):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style",):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(raw: bytes) -> str:
    """What a browser shows (text nodes joined), plus the unescaped source as a fallback."""
    source = raw.decode("utf-8")
    parser = _Text()
    parser.feed(source)
    return norm("".join(parser.parts)) + "\n" + norm(html.unescape(source))


def md_text(raw: bytes) -> str:
    """Markdown with its backslash escapes removed."""
    return norm(re.sub(r"\\(.)", r"\1", raw.decode("utf-8")))


def json_strings(raw: bytes) -> str:
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                out.append(str(k))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif value is not None:
            out.append(str(value))

    walk(json.loads(raw))
    return "\n".join(norm(s) for s in out)


def pdf_text(raw: bytes, tmp: Path) -> str | None:
    """Text of a PDF via poppler's pdftotext, or None when it is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    path = tmp / "report.pdf"
    path.write_bytes(raw)
    done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True)
    return norm(done.stdout.decode("utf-8"))


def plain(fmt: str, raw: bytes) -> str:
    return {"html": html_text, "md": md_text, "json": json_strings}[fmt](raw)


def pdf_pages(raw: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", raw))
