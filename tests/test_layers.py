"""The layering contracts in pyproject.toml (import-linter): no import cycles between aidtrace's
top-level packages, the privacy primitives never import the workspace, and neither the accounts
(nor the command line's account commands), the store nor the workspace import the web."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(
    config: Path, cwd: Path, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT), "--no-cache", str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_aidtrace_keeps_its_contracts() -> None:
    result = _lint(ROOT / "pyproject.toml", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# A toy package with aidtrace's shape, checked against aidtrace's own contracts (renamed, no
# ignores): each case adds one import, which must break the contracts or keep them.
TOY = {
    "store/__init__.py": "",
    "workspace.py": "from toy import store\n",
    "web/__init__.py": "from toy import workspace\n",
    "ingest/__init__.py": "from toy import lists\n",
    "lists/__init__.py": "",
    "privacy/__init__.py": "",
    "keyring/__init__.py": "from toy import privacy, workspace\n",
    "audit/__init__.py": "from toy import privacy\n",
    "accounts/__init__.py": "from toy import workspace\n",
    "cli/__init__.py": "",
    "cli/users.py": "from toy import accounts\n",
}


def _contracts_for_toy() -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = ['[tool.importlinter]\nroot_package = "toy"\n']
    for contract in config["tool"]["importlinter"]["contracts"]:
        lines.append("[[tool.importlinter.contracts]]")
        for key, value in contract.items():
            if key == "ignore_imports":
                continue
            lines.append(f"{key} = {json.dumps(value).replace('aidtrace', 'toy')}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("module", "extra", "kept"),
    [
        ("lists/__init__.py", "", True),
        ("lists/__init__.py", "from toy import ingest\n", False),  # a cycle between packages
        ("store/__init__.py", "from toy import web\n", False),
        ("workspace.py", "from toy.web import x\n", False),
        ("store/__init__.py", "from toy import lists\n", True),  # downwards is fine
        ("workspace.py", "from toy import privacy\n", True),  # primitives are below everything
        ("privacy/__init__.py", "from toy import store\n", False),  # primitives know no store
        ("privacy/__init__.py", "from toy.keyring import x\n", False),
        ("accounts/__init__.py", "from toy.web import x\n", False),  # accounts know no web
        ("cli/users.py", "from toy import web\n", False),
        ("cli/__init__.py", "from toy import web\n", True),  # the rest of the CLI may serve it
    ],
)
def test_a_broken_contract_fails(tmp_path: Path, module: str, extra: str, kept: bool) -> None:
    for name, text in {**TOY, "web/x.py": "", "keyring/x.py": ""}.items():
        path = tmp_path / "toy" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + (extra if name == module else ""), encoding="utf-8")
    (tmp_path / "toy" / "__init__.py").write_text("", encoding="utf-8")
    config = tmp_path / "contracts.toml"
    config.write_text(_contracts_for_toy(), encoding="utf-8")
    result = _lint(config, tmp_path, pythonpath=tmp_path)
    assert result.returncode == (0 if kept else 1), result.stdout + result.stderr
    assert ("BROKEN" in result.stdout) is not kept
