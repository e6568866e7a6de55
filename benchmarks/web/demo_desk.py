"""Build a demo-like desk: the demo scenario imported and run, plus users for every role.

    python benchmarks/web/demo_desk.py OUT_DIR [--scale 10k] [--users 50]

Calls the ordinary CLI (``aidtrace demo generate``, ``import``, ``lists load``, ``run``) so the
workspace is exactly what an operator would have; then adds ``admin``, ``analyst``, ``reviewer``,
``auditor``, ``donor-viewer`` and ``load-01`` … ``load-NN`` (alternately analyst and reviewer),
all with the password in ``PASSWORD``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from aidtrace.accounts.users import Role, add_user
from aidtrace.workspace import Workspace

PASSWORD = "correct horse battery"
IMPORTS = (
    ("needs", "geography.csv"),
    ("organisations", "organisations.csv"),
    ("fx", "fx.csv"),
    ("prices", "prices.csv"),
    ("ledger", "ledger.csv"),
    ("distributions", "distributions.csv"),
    ("iati", "iati.xml"),
    ("staff", "staff.csv"),
    ("attendance", "attendance.csv"),
    ("beneficiaries", "beneficiaries.csv"),
)


def _cli(*args: str | Path) -> None:
    exe = Path(sys.executable).with_name("aidtrace")
    subprocess.run([str(exe), *map(str, args)], check=True, stdout=subprocess.DEVNULL)


def load_users(count: int) -> list[tuple[str, Role]]:
    roles = (Role.ANALYST, Role.REVIEWER)
    return [(f"load-{i + 1:02d}", roles[i % 2]) for i in range(count)]


def build(out: Path, scale: str, users: int) -> Path:
    """Create ``out/ws`` (keys in ``out/keys``) and return the workspace path."""
    os.environ.setdefault("AIDTRACE_KEY_DIR", str(out / "keys"))
    data, ws = out / "scenario", out / "ws"
    _cli("demo", "generate", data, "--scale", scale)
    _cli("-w", ws, "init")
    for kind, name in IMPORTS:
        if (data / name).exists():
            _cli("-w", ws, "import", kind, data / name)
    _cli("-w", ws, "lists", "load", data / "watchlist.xml")
    _cli("-w", ws, "run")
    with Workspace.open(ws) as opened:
        for role in Role:
            add_user(opened, role.value.replace("_", "-"), PASSWORD, role)
        for name, role in load_users(users):
            add_user(opened, name, PASSWORD, role)
    return ws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", default="10k")
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    print(build(args.out.resolve(), args.scale, args.users))


if __name__ == "__main__":
    main()
