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


def _pdftotext(raw: bytes, tmp: Path) -> str | None:
    """poppler's pdftotext output for a PDF (pages end with a form feed), or None when
    it is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    path = tmp / "report.pdf"
    path.write_bytes(raw)
    done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True)
    return done.stdout.decode("utf-8")


def pdf_text(raw: bytes, tmp: Path) -> str | None:
    """Text of a PDF, or None when pdftotext is not installed."""
    text = _pdftotext(raw, tmp)
    return None if text is None else norm(text)


def pdf_page_texts(raw: bytes, tmp: Path) -> list[str] | None:
    """Text of each page of a PDF, or None when pdftotext is not installed."""
    text = _pdftotext(raw, tmp)
    return None if text is None else [norm(page) for page in text.split("\f")[:-1]]


def csv_text(raw: bytes) -> str:
    """Every cell of a CSV report, one per line."""
    import csv
    import io

    rows = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
    return "\n".join(norm(cell) for row in rows for cell in row)


def plain(fmt: str, raw: bytes) -> str:
    return {"html": html_text, "md": md_text, "json": json_strings, "csv": csv_text}[fmt](raw)


def pdf_pages(raw: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", raw))


def pdf_page_contents(raw: bytes) -> list[bytes]:
    """The decoded content stream (drawing operators) of each page, in page order.

    Enough of a PDF reader for reportlab's output: objects are not in object
    streams, and streams are FlateDecode, optionally behind ASCII85Decode.
    """
    import base64
    import zlib

    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", raw, re.S)}

    def decode(number: int) -> bytes:
        body = objects[number]
        head, _, data = body.partition(b"stream")
        data = data[data.index(b"\n") + 1:data.rindex(b"endstream")]
        filters = re.findall(rb"/(ASCII85Decode|FlateDecode)", head.split(b">>")[0])
        for name in filters:
            if name == b"ASCII85Decode":
                data = base64.a85decode(data.strip().removesuffix(b"~>"), adobe=False,
                                        ignorechars=b" \t\n\r\x0b")
            else:
                data = zlib.decompress(data)
        return data

    def pages(number: int) -> list[int]:
        body = objects[number]
        kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
        if kids is None:
            return [number]
        return [p for k in re.findall(rb"(\d+) 0 R", kids.group(1)) for p in pages(int(k))]

    root = next(n for n, b in objects.items() if re.search(rb"/Type\s*/Pages\b", b)
                and not re.search(rb"/Parent\s", b))
    out = []
    for page in pages(root):
        refs = re.search(rb"/Contents\s*(\[.*?\]|\d+ 0 R)", objects[page], re.S)
        parts = re.findall(rb"(\d+) 0 R", refs.group(1)) if refs else []
        out.append(b"\n".join(decode(int(p)) for p in parts))
    return out


def pdf_operators(content: bytes) -> dict[str, int]:
    """How often each path operator occurs in a content stream (m, l, c, re, S, f, B ...).

    Strings (the text drawn) are dropped first, so words in them are not counted.
    """
    bare = re.sub(rb"\((?:\\.|[^\\)])*\)", b" ", content)
    ops = {"m", "l", "c", "v", "y", "re", "h", "S", "s", "f", "F", "B", "b", "n"}
    counts: dict[str, int] = {}
    for token in bare.split():
        word = token.decode("latin-1")
        if word in ops:
            counts[word] = counts.get(word, 0) + 1
    return counts
