"""A second process that holds a workspace open for a while, as another aidtrace command would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The child opens the workspace, says "ready", and holds it until `seconds` pass or its standard
# input has something to read (a line the parent writes, or its end when the parent leaves the
# block), then closes it and exits.
CHILD = """
import select, sys
from pathlib import Path
from aidtrace.workspace import Workspace
path, access, seconds, command = sys.argv[1:5]
ws = Workspace.open(Path(path), read_only=access == "read", command=command)
print("ready", flush=True)
select.select([sys.stdin], [], [], float(seconds))
ws.close()
"""


@contextmanager
def held(
    workspace: Path, access: str, seconds: float = 60, command: str = "aidtrace import"
) -> Iterator[subprocess.Popen[str]]:
    """Run a process that holds ``workspace`` (``access`` "read" or "write") for ``seconds``
    or until the block ends; yields the process once it holds the workspace."""
    args = [sys.executable, "-c", CHILD, str(workspace), access, str(seconds), command]
    child = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        _, err = child.communicate(timeout=30)
        raise AssertionError(f"the holding process failed: {err}")
    try:
        yield child
    finally:
        child.communicate(timeout=30)  # closes its standard input: it lets go and exits
