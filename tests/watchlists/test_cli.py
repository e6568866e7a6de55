"""``aidtrace lists`` in process: load, show, diff, export, update, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.workspace import Workspace

from .conftest import ListServer, refs, send, un_publication

runner = CliRunner()
UN = "watchlists/un/un_consolidated_{}.xml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _workspace(tmp_path: Path) -> str:
    ws = str(tmp_path / "ws")
    assert invoke("init", ws, "--key-file", str(tmp_path / "k.key"))[0] == 0
    return ws


def test_load_show_diff_export(tmp_path: Path, shared_data: Path) -> None:
    ws = _workspace(tmp_path)
    old, new = (
        str(shared_data / UN.format("2025-04-19")),
        str(shared_data / UN.format("2026-02-27")),
    )
    code, out, err = invoke("-w", ws, "lists", "load", old, new)
    assert code == 0, err
    assert "un@1 (877 entries" in out
    assert "+130 added, -4 removed" in out
    code, out, _ = invoke("-w", ws, "lists", "load", new, "--format", "un_xml")
    assert "already loaded as un@2" in out
    code, out, _ = invoke("-w", ws, "lists", "show")
    assert "un@2" in out
    code, out, _ = invoke("-w", ws, "lists", "show", "un")
    assert "snapshot_id: un@2" in out
    code, out, _ = invoke("-w", ws, "lists", "diff", "un@1", "un@2", "--json")
    assert code == 0
    payload = json.loads(out)
    assert len(payload["added"]) == 130
    assert payload["removed"] == ["IQi.074", "QDi.317", "QDi.328", "QDi.336"]
    assert all(a["fields"] for a in payload["amended"])
    code, out, _ = invoke("-w", ws, "lists", "diff", "un@1", "un@2")
    assert "removed  QDi.317" in out
    code, out, _ = invoke("-w", ws, "lists", "entry", "un", "TAi.002", "--raw")
    assert code == 0
    assert json.loads(out[: out.index("<INDIVIDUAL>")])["programmes"] == ["UN 1988 Taliban"]
    assert "<REFERENCE_NUMBER>TAi.002</REFERENCE_NUMBER>" in out
    code, _, err = invoke("-w", ws, "lists", "entry", "un@1", "XXi.999")
    assert code == 2
    assert "no entry" in err
    target = tmp_path / "un.ftm.json"
    code, _, err = invoke("-w", ws, "lists", "export", "--out", str(target))
    assert code == 0
    assert "1,003 entries" in err
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2 * 1003


def test_errors_are_one_line(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    bad = tmp_path / "bad.xml"
    bad.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>", encoding="utf-8")
    code, out, err = invoke("-w", ws, "lists", "load", str(bad))
    assert code == 2
    assert "malformed XML" in err
    assert "Traceback" not in out + err
    code, _, err = invoke("-w", ws, "lists", "diff", "un@1", "un@2")
    assert code == 2
    assert "no list snapshot" in err


def test_update_from_loopback(tmp_path: Path, shared_data: Path, list_server: ListServer) -> None:
    ws = _workspace(tmp_path)
    url = list_server.file("/un.xml", shared_data / UN.format("2025-04-19"))
    code, out, err = invoke("-w", ws, "lists", "update", "un", "--url", f"un={url}")
    assert code == 0, err
    assert "sha256 929a40ec" in out
    assert "un: updated to un@1, 877 entries" in out
    assert "current un@1" in out
    missing = list_server.url("/missing.xml")
    code, out, err = invoke(
        "-w", ws, "lists", "update", "un", "--url", f"un={missing}", "--retries", "0"
    )
    assert code == 1
    assert "un: not updated" in err
    assert "previous snapshot stays" in err


def test_formats_listed(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    code, out, _ = invoke("-w", ws, "lists", "formats")
    assert code == 0
    for name in (
        "un_xml",
        "ofac_csv",
        "ofac_xml",
        "ofac_advanced_xml",
        "eu_xml",
        "uk_xml",
        "ofsi_csv",
        "ftm_json",
        "ftm_delta",
    ):
        assert name in out


def test_load_under_a_chosen_list_name(tmp_path: Path, shared_data: Path) -> None:
    ws = _workspace(tmp_path)
    t1 = str(shared_data / "watchlists/opensanctions/yente_t1/entities.ftm.json")
    code, out, err = invoke("-w", ws, "lists", "load", t1, "--list", "os_eu_fsf")
    assert code == 0, err
    assert "os_eu_fsf@1 (6 entries" in out


def test_update_fetches_everything_before_opening_the_store(
    tmp_path: Path, list_server: ListServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(tmp_path)
    good = un_publication(tmp_path / "good.xml", refs(12))
    empty = un_publication(tmp_path / "empty.xml", [], "2026-03-02")
    order: list[str] = []

    def serving(route: str, body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
        def serve(handler: BaseHTTPRequestHandler) -> None:
            order.append(route)
            send(handler, body)

        return serve

    for route, path in (("/un.xml", good), ("/mirror.xml", empty)):
        list_server.routes[route] = serving(route, path.read_bytes())
    (Path(ws) / "lists.toml").write_text(
        f'[sources.un]\nurl = "{list_server.url("/un.xml")}"\n'
        f'[sources.mirror]\nurl = "{list_server.url("/mirror.xml")}"\nformat = "un_xml"\n'
        f'[sources.gone]\nurl = "{list_server.url("/gone.xml")}"\nformat = "un_xml"\n',
        encoding="utf-8",
    )
    opened = Workspace.open.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Workspace], /, *args: object, **kwargs: object) -> Workspace:
        order.append("open")
        return opened(cls, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Workspace, "open", classmethod(spy))
    code, out, err = invoke(
        "-w", ws, "lists", "update", "un", "mirror", "gone", "--retries", "0", "--as", "amina"
    )
    assert order == ["/un.xml", "/mirror.xml", "open"]
    assert code == 1
    assert "un: updated to un@1, 12 entries" in out
    assert "current un@1" in out
    assert "mirror: not updated (refused: it holds no entries (the current un@1 holds 12))" in err
    assert "gone: not updated (failed: " in err
    assert "HTTP 404" in err
    assert "Traceback" not in out + err
    assert not list((Path(ws) / "tmp").iterdir())  # downloads are not left behind


def _screens_baradar(ws: str) -> bool:
    code, out, err = invoke("-w", ws, "screen", "Abdul Ghani Baradar", "--json")
    assert code == 0, err
    return "TAi.024" in out


def test_a_bad_publication_is_refused_and_the_good_one_restores(
    tmp_path: Path, shared_data: Path
) -> None:
    ws = _workspace(tmp_path)
    good = str(shared_data / UN.format("2026-02-27"))
    empty = str(un_publication(tmp_path / "empty.xml", [], "2026-03-06"))
    assert invoke("-w", ws, "lists", "load", good)[0] == 0
    code, out, err = invoke("-w", ws, "lists", "load", empty)
    assert code == 2
    assert "refused: it holds no entries (the current un@1 holds 1,003)" in err
    assert "--force" in err
    assert len(err.strip().splitlines()) == 1
    assert _screens_baradar(ws)
    code, out, err = invoke("-w", ws, "lists", "load", empty, "--force", "--as", "amina")
    assert code == 0, err
    assert "un@2 (0 entries" in out
    assert "forced past: it holds no entries" in out
    assert not _screens_baradar(ws)
    code, out, err = invoke("-w", ws, "lists", "load", good)
    assert code == 0, err
    assert "un@1 is current again" in out
    assert "+1003 added" in out
    assert _screens_baradar(ws)
    code, out, _ = invoke("-w", ws, "lists", "show")
    rows = {line.split()[1]: line for line in out.splitlines() if "│ un@" in line}
    assert "current" in rows["un@1"]
    assert "current" not in rows["un@2"]
    code, out, err = invoke("-w", ws, "lists", "rollback", "un@2", "--as", "amina")
    assert code == 0, err
    assert "un: current un@1 → un@2 (0 entries); +0 added, -1003 removed" in out
    assert invoke("-w", ws, "lists", "show", "un")[1].count("snapshot_id: un@2") == 1
    code, _, err = invoke("-w", ws, "lists", "rollback", "un@2")
    assert code == 2
    assert "already the current snapshot" in err
