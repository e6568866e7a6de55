"""`aidtrace witness`: run a witness for someone else's audit log, on your own machine.

A donor or auditor creates a witness (``init``), trusts a workspace's log by its verifier key
(``trust``, the key ``aidtrace audit checkpoint --vkey`` prints) and serves it (``serve``); the
workspace adds the witness with ``aidtrace audit witness add URL KEY``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from aidtrace.cli.app import app, edge, state

# The witness library is imported inside each command: `aidtrace --help` imports none of it.

witness_app = typer.Typer(
    help="Run a witness: it cosigns a log's checkpoints and refuses forks and rollbacks.",
    no_args_is_help=True,
)
app.add_typer(witness_app, name="witness")

Directory = Annotated[Path, typer.Argument(help="The witness's directory (key and state)")]


@witness_app.command("init")
@edge
def init(
    ctx: typer.Context,
    directory: Directory,
    name: Annotated[str, typer.Option(help="The witness's key name, e.g. donor.example/w1")],
) -> None:
    """Create a witness with a new key; prints its verifier key to give to the log's owner."""
    from aidtrace.audit.witness import init_witness

    verifier = init_witness(directory, name)
    state(ctx).console.out(verifier.vkey(), highlight=False)


@witness_app.command("trust")
@edge
def trust(
    ctx: typer.Context,
    directory: Directory,
    vkey: Annotated[str, typer.Argument(help="The log's verifier key (audit checkpoint --vkey)")],
) -> None:
    """Cosign checkpoints of the log with this verifier key."""
    from aidtrace.audit.witness import trust_log

    verifier = trust_log(directory, vkey)
    state(ctx).console.print(f"Trusting the log {verifier.name}")


@witness_app.command("serve")
@edge
def serve(
    ctx: typer.Context,
    directory: Directory,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port)")] = 7380,
) -> None:
    """Serve add-checkpoint (C2SP tlog-witness) until interrupted."""
    from aidtrace.audit.witness import Witness
    from aidtrace.audit.witness_server import make_server

    witness = Witness(directory, clock=lambda: int(time.time()))
    server = make_server(witness, host, port)
    bound_host, bound_port = server.server_address[:2]
    state(ctx).console.out(
        f"Witness {witness.name} listening on http://{bound_host!s}:{bound_port}",
        highlight=False,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
