#!/usr/bin/env bash
# Create the peer's environment: OpenSanctions nomenklatura (logic-v2) in its own venv, never in
# aidtrace's dependencies. run.py finds it at $PEER_PYTHON (default /work/peer-venv/bin/python).
set -euo pipefail
VENV="${1:-/work/peer-venv}"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet nomenklatura
"$VENV/bin/python" -c "import nomenklatura.matching as m; print('logic-v2 ready:', m.get_algorithm('logic-v2'))"
