"""Every page of the desk, and one alert of every kind, in Dari and Pashto: no English left.

A page is read as a browser shows it: its text, and the labels, placeholders and titles a
reader meets. Data keeps its own words (names, ids, codes, amounts, the monitors' evidence
values that are not fixed words): the desk marks such text as data (``<bdi>``, ``<code>``,
``<pre>``, ``dir="auto"``, ``dir="ltr"``), so what is left is the desk's own words, and each
must be translated. A message of the catalogue shown as written fails too.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.web.i18n import LOCALE_DIR
from aidtrace.workspace import Workspace

from .conftest import sign_in

LANGUAGES = {"fa-AF": "fa_AF", "ps": "ps"}
DATA_TAGS = {"bdi", "code", "pre", "script", "style", "mark", "del", "ins", "option"}
VOID = {"br", "input", "img", "meta", "link", "hr", "wbr"}
# Words that stay as they are in every language: the product, units, file formats, and the
# test workspace's user names (data, shown inside translated sentences and labels).
KEPT = {"aidtrace", "US", "CSV", "AFN", "UN", "SH", "sha", "admin", "analyst", "reviewer",
        "auditor", "donor-viewer", "Password2026!"}  # fmt: skip
WORD = re.compile(r"^[A-Za-z][A-Za-z'’-]*[A-Za-z]$")


class _Text(HTMLParser):
    """The words a reader meets outside data: text, and labels in attributes. An element in
    ``lang="en"`` says that it is English on purpose (a library's error detail) and is left
    out with the data."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: inside data?
        self.found: list[str] = []

    def _in_data(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        data = (
            self._in_data() or tag in DATA_TAGS or values.get("dir") in ("auto", "ltr")
            or values.get("lang") == "en"
        )  # fmt: skip
        if not data:
            for name in ("aria-label", "placeholder", "title", "alt"):
                if values.get(name):
                    self.found.append(str(values[name]))
        if tag not in VOID:
            self.stack.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._in_data() and data.strip():
            self.found.append(data.strip())


def _english(text: str) -> bool:
    """Whether a text holds an English word: three Latin letters or more, not a code (codes
    and ids carry digits, dots, colons or underscores) and not a kept word."""
    words = [w.strip("()[],;.:!?“”\"'·") for w in text.split()]
    return any(len(w) >= 3 and WORD.match(w) and w not in KEPT for w in words)


def english_left(html: str) -> list[str]:
    """The desk's own text on a page that is still in English."""
    parser = _Text()
    parser.feed(html)
    return [t for t in parser.found if _english(t)]


def _catalogue() -> set[str]:
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        return {m.id for m in read_po(fh) if isinstance(m.id, str) and m.id}


def test_the_reader_finds_english_ui_text_and_skips_data() -> None:
    html = (
        "<p>Alert queue <bdi>Abdul Ghani</bdi> <code>un:TAi.1</code></p><a>f17eaac20f</a>"
        '<td dir="auto">cash</td><input placeholder="a few words"><p>هشدار US$ 12 S721320</p>'
        '<p lang="en">the analyst role may not view_audit</p><p>نقش admin</p>'
    )
    assert english_left(html) == ["Alert queue", "a few words"]


def _one_per_kind(path: Path) -> list[str]:
    with Workspace.open(path, read_only=True) as ws:
        rows = ws.engine.query("SELECT alert_id, kind FROM alerts ORDER BY alert_id").to_pylist()
    chosen: dict[str, str] = {}
    for row in rows:
        chosen.setdefault(str(row["kind"]), str(row["alert_id"]))
    return sorted(chosen.values())


def _pages(client: TestClient, path: Path) -> list[str]:
    with Workspace.open(path, read_only=True) as ws:
        snapshot = ws.engine.query("SELECT snapshot_id FROM list_snapshots LIMIT 1").to_pylist()
    pages = ["/", "/alerts", "/cases", "/cases?queue=all", "/screening", "/lists", "/audit",
             "/audit/reveals", "/audit/reveals/analyst", "/users", "/nowhere"]  # fmt: skip
    if snapshot:
        pages.append(f"/lists/{snapshot[0]['snapshot_id']}")
    return pages + [f"/alerts/{a}" for a in _one_per_kind(path)]


@pytest.mark.parametrize("tag", list(LANGUAGES))
def test_every_page_and_alert_kind_is_translated(
    demo_client: TestClient, demo_template: Path, tag: str
) -> None:
    token = sign_in(demo_client, Role.ANALYST)
    # A case, so that the case queue and the case file have rows to show.
    first = _one_per_kind(demo_template)[0]
    case = demo_client.post(f"/alerts/{first}/case", data={"csrf_token": token})
    assert case.status_code == 200
    pages = [*_pages(demo_client, demo_template), str(case.url.path)]
    catalogue = _catalogue()
    left: dict[str, list[str]] = {}
    for role in (Role.ANALYST, Role.ADMIN):  # the analyst's pages, then the admin's
        sign_in(demo_client, role)
        for page in pages:
            response = demo_client.get(page, headers={"accept-language": tag})
            assert response.status_code in (200, 403, 404), (page, response.status_code)
            english = english_left(response.text)
            if english:
                left[f"{role.value} {page}"] = english
    as_written = {t for found in left.values() for t in found} & catalogue
    assert not as_written, as_written  # a message of the catalogue, not passed through it
    assert not left, json.dumps(left, ensure_ascii=False, indent=1)


def test_every_alert_kind_has_a_label() -> None:
    from aidtrace.alerts import model
    from aidtrace.web.labels import KIND_LABELS

    kinds = getattr(model, "AlertKind", None)
    if kinds is None:
        pytest.skip("the alert kinds are not enumerated in this tree")
    assert {str(k) for k in kinds} <= set(KIND_LABELS)
