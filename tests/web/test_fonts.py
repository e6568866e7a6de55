"""The bundled Arabic-script face: served, licensed, declared, and drawing every Pashto and Dari
letter the desk's pages use (read from the font's own character map)."""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from fastapi.testclient import TestClient

from aidtrace.web.pages import STATIC

FONTS = STATIC / "fonts"
# Pashto's own letters, and Dari's beside the Arabic ones (پ چ ژ گ ی).
LETTERS = "ډړښګڼېۍځڅږټپچژگی"


def _tables(data: bytes) -> dict[str, bytes]:
    """The font tables of a WOFF 1.0 file (zlib-compressed sfnt tables)."""
    assert data[:4] == b"wOFF"
    count = struct.unpack(">H", data[12:14])[0]
    tables = {}
    for i in range(count):
        tag, offset, size, original, _ = struct.unpack(">4sIIII", data[44 + 20 * i : 64 + 20 * i])
        raw = data[offset : offset + size]
        tables[tag.decode()] = zlib.decompress(raw) if size < original else raw
    return tables


def _codepoints(data: bytes) -> set[int]:
    """Every character the font maps to a glyph (cmap formats 4 and 12)."""
    cmap = _tables(data)["cmap"]
    found: set[int] = set()
    for i in range(struct.unpack(">H", cmap[2:4])[0]):
        offset = struct.unpack(">I", cmap[8 + 8 * i : 12 + 8 * i])[0]
        form = struct.unpack(">H", cmap[offset : offset + 2])[0]
        if form == 4:
            width = struct.unpack(">H", cmap[offset + 6 : offset + 8])[0]
            n = width // 2
            ends = struct.unpack(f">{n}H", cmap[offset + 14 : offset + 14 + width])
            starts = struct.unpack(f">{n}H", cmap[offset + 16 + width : offset + 16 + 2 * width])
            for start, end in zip(starts, ends, strict=True):
                found.update(range(start, end + 1))
        elif form == 12:
            groups = struct.unpack(">I", cmap[offset + 12 : offset + 16])[0]
            for g in range(groups):
                start, end, _ = struct.unpack(
                    ">III", cmap[offset + 16 + 12 * g : offset + 28 + 12 * g]
                )
                found.update(range(start, end + 1))
    return found


@pytest.mark.parametrize("weight", ["400", "700"])
def test_the_bundled_face_draws_every_pashto_letter(weight: str) -> None:
    cmap = _codepoints((FONTS / f"vazirmatn-arabic-{weight}-normal.woff").read_bytes())
    missing = [c for c in LETTERS if ord(c) not in cmap]
    assert not missing, missing


def test_the_face_is_declared_first_for_right_to_left_pages_and_licensed() -> None:
    css = (STATIC / "app.css").read_text()
    faces = re.findall(r"@font-face \{[^}]*\}", css)
    assert len(faces) == 2
    assert all('"Vazirmatn"' in f for f in faces)
    for face in faces:
        for url in re.findall(r"url\(([^)]+)\)", face):
            assert (STATIC / url).is_file(), url
    assert re.search(r'\[dir=rtl\] body \{ font-family: "Vazirmatn"', css)
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "OFL-Vazirmatn.txt").read_text()


def test_the_desk_serves_the_face(client: TestClient) -> None:
    response = client.get("/static/fonts/vazirmatn-arabic-400-normal.woff2")
    assert response.status_code == 200
    assert response.content[:4] == b"wOF2"
