"""The manual and the README: the CLI reference matches the program, the front door stays small,
and every page and included file the site names exists (the strict build in scripts/check checks
links and anchors on top)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
SNIPPET = re.compile(r'^--8<-- "([^"]+)"$', re.MULTILINE)


def cli_reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "scripts" / "cli_reference.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nav_pages(node: object) -> list[str]:
    """Every page path named in a MkDocs nav tree."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [page for item in node for page in nav_pages(item)]
    if isinstance(node, dict):
        return [page for value in node.values() for page in nav_pages(value)]
    return []


def included_files() -> set[str]:
    return {m for page in DOCS.rglob("*.md") for m in SNIPPET.findall(page.read_text("utf-8"))}


def test_cli_reference_is_current() -> None:
    committed = (DOCS / "reference" / "cli.md").read_text("utf-8")
    assert cli_reference().render() == committed, (
        "docs/reference/cli.md is out of date: run .venv/bin/python scripts/cli_reference.py"
    )


def test_cli_reference_names_every_command() -> None:
    page = cli_reference().render()
    for command in ("aidtrace init", "aidtrace lists update", "aidtrace audit verify"):
        assert f"`{command}`" in page
    assert "--workspace" in page


def test_readme_is_a_front_door() -> None:
    assert len(README.read_bytes()) <= 10_240


@pytest.mark.parametrize("phrase", ["/tmp/", "/work/", "load average", "this session"])
def test_readme_says_nothing_about_the_build_machine(phrase: str) -> None:
    lines = [line for line in README.read_text("utf-8").splitlines() if phrase in line.lower()]
    assert not lines, f"README mentions {phrase!r}: {lines}"


def test_every_page_in_the_nav_exists() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    missing = [page for page in nav_pages(config["nav"]) if not (DOCS / page).is_file()]
    assert not missing


def included_part_exists(include: str) -> bool:
    """`path` or `path:section` (a part between `[start:section]` and `[end:section]` markers)."""
    path, _, section = include.partition(":")
    if not (ROOT / path).is_file():
        return False
    text = (ROOT / path).read_text("utf-8")
    return not section or (f"[start:{section}]" in text and f"[end:{section}]" in text)


def test_every_included_file_exists() -> None:
    assert included_files(), "no page includes a file"
    assert not [part for part in included_files() if not included_part_exists(part)]


def test_the_demo_table_appears_on_the_site() -> None:
    assert "README.md:demo-table" in included_files()
    assert included_part_exists("README.md:demo-table")


def test_every_benchmark_result_has_a_page() -> None:
    results = {str(p.relative_to(ROOT)) for p in (ROOT / "benchmarks").glob("*/results.md")}
    assert not results - included_files()
