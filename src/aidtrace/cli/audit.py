"""`aidtrace audit`: check the log, prove an entry, publish the signed tree head."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aidtrace.cli.app import app, edge, state
from aidtrace.cli.cases import Actor, default_actor
from aidtrace.errors import InputError
from aidtrace.files import write_private

# The audit library is imported inside each command: `aidtrace --help` imports none of it.
if TYPE_CHECKING:
    from aidtrace.audit.note import Verifier
    from aidtrace.audit.witnesses import WitnessStatus
    from aidtrace.workspace import Workspace

audit_app = typer.Typer(
    help="The tamper-evident audit log: verify it, prove entries, publish its head.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")


def _emit(ctx: typer.Context, doc: object, output: Path | None) -> None:
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    if output is None:
        state(ctx).console.print_json(text)
        return
    write_private(output, text + "\n")
    state(ctx).console.print(f"Written to {output}")


Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the JSON to this file instead of the screen"),
]


@audit_app.command("verify")
@edge
def verify(
    ctx: typer.Context,
    head: Annotated[
        list[Path] | None,
        typer.Option(
            "--head",
            help="A tree head published earlier (repeatable): the log must extend it",
            show_default=False,
        ),
    ] = None,
    public_key: Annotated[
        str | None,
        typer.Option(
            help="Check against this public key (64 hex digits, as in a published head, or the "
            "log's vkey) instead of the workspace's root key: for auditors who do not hold it",
            show_default=False,
        ),
    ] = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            help="A checkpoint published earlier (audit checkpoint): the log must extend it; "
            "with --export, the checkpoint the export must match",
            show_default=False,
        ),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(
            help="Check this export (audit export) instead of a workspace: needs --public-key",
            show_default=False,
        ),
    ] = None,
    witness: Annotated[
        list[str] | None,
        typer.Option(help="A witness's vkey (repeatable): its cosignature must verify"),
    ] = None,
    quorum: Annotated[
        int | None,
        typer.Option(help="Witness cosignatures required [default: every --witness]", min=0),
    ] = None,
) -> None:
    """Check every entry, the signed head, and consistency with earlier heads or checkpoints;
    or, with --export, check an export with the public key alone."""
    from aidtrace import audit
    from aidtrace.audit.head import load_head

    st = state(ctx)
    if export is not None:
        _verify_export(ctx, export, checkpoint, public_key, witness or [], quorum)
        return
    published = [load_head(p) for p in head or []]
    key = _key_bytes(public_key) if public_key else None
    with st.open(read_only=True) as ws:
        result = audit.verify(ws, published, key=key)
        extended = _extends(ws, checkpoint, public_key) if checkpoint else None
    if result.head is None:
        st.console.print("The audit log is empty (and the store has seen no entry).")
        return
    st.console.print(
        f"[green]OK[/green] {result.entries:,} entries; root {result.head.root_hash} "
        f"signed {result.head.timestamp:%Y-%m-%d %H:%M:%S} UTC by key {result.head.key_id[:16]}"
    )
    for path, old in zip(head or [], published, strict=True):
        st.console.print(f"[green]OK[/green] extends {path} (size {old.tree_size:,})")
    if extended is not None:
        st.console.print(f"[green]OK[/green] extends {checkpoint} (size {extended:,})")
    if result.pending or result.torn_bytes:
        st.console.print(
            f"note: {result.pending} whole unsigned entries and {result.torn_bytes} bytes of a "
            "torn entry after the head (a writer was interrupted; the next append repairs it)"
        )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", source=path) from exc


def _log_keys(text: str | None, note: str) -> list[Verifier]:
    """The log's verifier from a vkey, or from a bare hex key and the checkpoint's origin."""
    from aidtrace.audit.checkpoint import read_checkpoint
    from aidtrace.audit.note import ED25519, Verifier, parse_vkey

    if text is None:
        raise InputError("checking without the workspace needs --public-key")
    if "+" in text:
        return [parse_vkey(text)]
    origin, _ = read_checkpoint(note)
    return [Verifier(origin.origin, ED25519, _key_bytes(text))]


def _extends(ws: Workspace, path: Path, public_key: str | None) -> int:
    from aidtrace import audit

    note = _read_text(path)
    pinned = _log_keys(public_key, note) if public_key else []
    return audit.check_checkpoint(ws, note, pinned).tree_size


def _verify_export(
    ctx: typer.Context, directory: Path, checkpoint: Path | None, public_key: str | None,
    witness: list[str], quorum: int | None,
) -> None:  # fmt: skip
    from aidtrace.audit.export import (
        CHECKPOINT_FILE,
        ENTRIES_FILE,
        check_entries,
        check_export,
        endorsed,
    )
    from aidtrace.audit.note import parse_vkey

    note = _read_text(checkpoint or directory / CHECKPOINT_FILE)
    witnesses_ = [parse_vkey(v) for v in witness]
    need = len(witnesses_) if quorum is None else quorum
    keys = endorsed(directory, _log_keys(public_key, note))
    if checkpoint is None:
        done = check_export(directory, keys, witnesses_, need)
    else:
        done = check_entries(directory / ENTRIES_FILE, note, keys, witnesses_, need)
    cosigned = [name for name in done.signed_by if name != done.checkpoint.origin]
    by = f"; cosigned by {', '.join(cosigned)}" if cosigned else ""
    state(ctx).console.print(
        f"[green]OK[/green] {done.entries:,} entries of {done.checkpoint.origin}; root "
        f"{done.checkpoint.root.hex()} signed by the log's key{by}",
        highlight=False,
    )


def _key_bytes(text: str) -> bytes:
    """A raw Ed25519 public key from 64 hex digits or from a vkey."""
    if "+" in text:
        from aidtrace.audit.note import parse_vkey

        return parse_vkey(text).public_key
    return _hex_key(text)


def _hex_key(text: str) -> bytes:
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise InputError("--public-key must be 64 hex digits (an Ed25519 public key)")
    return key


@audit_app.command("prove")
@edge
def prove(
    ctx: typer.Context,
    event: Annotated[
        str, typer.Argument(help="Entry number, leaf-hash prefix, or an alert/case/decision id")
    ],
    output: Output = None,
) -> None:
    """Print an inclusion proof anyone can check with SHA-256 (see docs: audit)."""
    from aidtrace import audit

    with state(ctx).open(read_only=True) as ws:
        doc = audit.prove(ws, event)
    _emit(ctx, doc, output)


@audit_app.command("head")
@edge
def head(ctx: typer.Context, output: Output = None) -> None:
    """Print the current signed tree head: publish it, and verify against it later."""
    from aidtrace import audit

    with state(ctx).open(read_only=True) as ws:
        current = audit.current_head(ws)
    if current is None:
        state(ctx).err.print("The audit log is empty: no head yet.")
        raise typer.Exit(1)
    _emit(ctx, current.to_json(), output)


@audit_app.command("consistency")
@edge
def consistency(
    ctx: typer.Context,
    old_size: Annotated[int, typer.Argument(help="Size of the earlier tree head", min=0)],
    output: Output = None,
) -> None:
    """Print the RFC 9162 consistency proof from an earlier tree size to today's head."""
    from aidtrace import audit

    with state(ctx).open(read_only=True) as ws:
        doc = audit.consistency_proof(audit.open_log(ws), old_size)
    _emit(ctx, doc, output)


@audit_app.command("recover")
@edge
def recover(
    ctx: typer.Context,
    actor: Actor = None,
) -> None:
    """Accept a rolled-back log or a lost head as found, after inspecting it: logged, and the
    entries lost stay counted."""
    from aidtrace.audit.recover import recover as accept

    st = state(ctx)
    with st.open() as ws:
        done = accept(ws, actor or default_actor())
    if done.event_index is None:
        st.console.print("Nothing to recover: the log extends everything the store has seen.")
        return
    seen = done.seen.tree_size if done.seen else 0
    lost = "its head was lost; " if done.head_lost else ""
    st.console.print(
        f"Recovered: {lost}the store had seen {seen:,} entries, the log holds {done.found_size:,}; "
        f"recorded as entry {done.event_index} (a new epoch of marks starts there)"
    )


@audit_app.command("checkpoint")
@edge
def checkpoint(
    ctx: typer.Context,
    vkey: Annotated[
        bool, typer.Option("--vkey", help="Print the log's verifier key instead")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead")
    ] = None,
) -> None:
    """Print the log's head as a C2SP checkpoint (a signed note) to publish and verify against."""
    from aidtrace import audit

    with state(ctx).open(read_only=True) as ws:
        text = audit.log_vkey(ws) + "\n" if vkey else audit.signed_checkpoint(ws).render()
    if output is None:
        state(ctx).console.out(text, end="", highlight=False)
        return
    write_private(output, text)
    state(ctx).console.print(f"Written to {output}")


witness_app = typer.Typer(
    help="The witnesses that cosign this log's checkpoints.", no_args_is_help=True
)
audit_app.add_typer(witness_app, name="witness")


@witness_app.command("add")
@edge
def witness_add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The witness's URL (its submission prefix)")],
    key: Annotated[str, typer.Argument(help="The witness's verifier key (witness init)")],
    actor: Actor = None,
) -> None:
    """Send every new checkpoint to this witness (the current one is sent now)."""
    from aidtrace import audit
    from aidtrace.audit import witnesses

    st = state(ctx)
    with st.open() as ws:
        entry = witnesses.add_witness(ws, url, key, actor or default_actor())
        replies = audit.notify_witnesses(ws)
    st.console.print(f"Added witness {entry.name} at {entry.url}")
    for reply in replies:
        if reply.name == entry.name:
            st.console.print(
                f"  {reply.status}: {reply.detail}" if reply.detail else f"  {reply.status}"
            )


@witness_app.command("quorum")
@edge
def witness_quorum(
    ctx: typer.Context,
    count: Annotated[int, typer.Argument(help="How many witnesses must cosign", min=1)],
) -> None:
    """Set how many witnesses must cosign the latest checkpoint before no alert is raised."""
    from aidtrace.audit import witnesses

    with state(ctx).open() as ws:
        witnesses.set_quorum(ws, count)
    state(ctx).console.print(f"Quorum: {count} witness(es)")


@witness_app.command("send")
@edge
def witness_send(ctx: typer.Context) -> None:
    """Send the current checkpoint to every witness now (after one was down, say)."""
    from aidtrace import audit

    with state(ctx).open() as ws:
        audit.notify_witnesses(ws)
        current = audit.witness_status(ws)
    _show_status(ctx, current)


@witness_app.command("list")
@edge
def witness_list(ctx: typer.Context) -> None:
    """The witnesses, their last answers, and whether a quorum cosigned the latest checkpoint;
    exits 1 when it did not."""
    from aidtrace import audit

    with state(ctx).open(read_only=True) as ws:
        current = audit.witness_status(ws)
    _show_status(ctx, current)
    if current.quorum_missing:
        raise typer.Exit(1)


def _show_status(ctx: typer.Context, current: WitnessStatus) -> None:
    console = state(ctx).console
    if not current.configured:
        console.print("No witnesses configured (aidtrace audit witness add URL KEY).")
        return
    for reply in current.last_replies:
        mark = "cosigned" if reply.name in current.cosigned else str(reply.status)
        console.print(f"{reply.name}: {mark} {reply.detail}".rstrip(), highlight=False)
    verdict = "[red]ALERT: quorum missing[/red]" if current.quorum_missing else "[green]OK[/green]"
    console.print(
        f"{verdict}: {len(current.cosigned)} of {current.quorum} needed cosigned the latest "
        f"checkpoint (size {current.tree_size:,})"
    )


@audit_app.command("export")
@edge
def export(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Directory to write the export to")],
) -> None:
    """Export the signed entries and their cosigned checkpoint (format aidtrace-log-export/1):
    anyone can check it with `audit verify --export DIR --public-key VKEY`."""
    from aidtrace import audit

    with state(ctx).open(read_only=True) as ws:
        count = audit.export(ws, directory)
        vkey = audit.log_vkey(ws)
    state(ctx).console.print(f"Exported {count:,} entries to {directory}")
    state(ctx).console.out(f"Check with the log's key: {vkey}", highlight=False)


@audit_app.command("reconcile")
@edge
def reconcile(
    ctx: typer.Context,
    actor: Actor = None,
) -> None:
    """After a crash: find logged events whose change the store never committed, and record
    them as abandoned (one new event listing them)."""
    from aidtrace import audit

    st = state(ctx)
    with st.open() as ws:
        lost = audit.reconcile(ws, actor or default_actor())
    if not lost:
        st.console.print("Every logged change is in the store: nothing abandoned.")
        return
    st.console.print(f"{len(lost)} logged event(s) never reached the store, now marked abandoned:")
    for claim in lost:
        st.console.print(f"  entry {claim.index}: {claim.kind.value} {claim.ref}", highlight=False)


@audit_app.command("rotate-key")
@edge
def rotate_key(
    ctx: typer.Context,
    actor: Actor = None,
) -> None:
    """Replace the log's signing key (endorsed by the old one, which is shredded); prints the new
    verifier key: every witness must trust it (aidtrace witness trust DIR VKEY)."""
    from aidtrace import audit

    st = state(ctx)
    with st.open() as ws:
        rotated = audit.rotate_key(ws, actor or default_actor())
        vkey = audit.log_vkey(ws)
    st.console.print(
        f"New audit key from entry {rotated.current.from_size:,}, endorsed by the old one."
    )
    st.console.out(f"New verifier key: {vkey}", highlight=False)
