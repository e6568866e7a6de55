"""``aidtrace keys``: show, rotate, destroy, seal; reveal a record (logged); the access log."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from aidtrace.cli.app import app, edge, progress_bar, state
from aidtrace.errors import AidtraceError

# The privacy library is imported inside each command: `aidtrace --help` imports none of it.
if TYPE_CHECKING:
    from aidtrace.privacy.keys import KeySource

keys_app = typer.Typer(help="Key handling: show, rotate, destroy, seal; reveal a record (logged).")
app.add_typer(keys_app, name="keys")

CONFIRM_WORD = "DESTROY"


@keys_app.command("show")
@edge
def show(ctx: typer.Context) -> None:
    """Where the root key comes from, and every data key by its public id."""
    from aidtrace.keyring import freetext
    from aidtrace.keyring.ring import KeyRing

    st = state(ctx)
    with st.open(read_only=True) as ws:
        st.console.print(f"Key source: {ws.keys.describe()}")
        try:
            st.console.print(f"Root key id: {KeyRing.open(ws).root_id}")
        except AidtraceError as exc:
            st.console.print(f"[red]Root key unavailable:[/red] {exc}")
        rows = ws.engine.query(
            "SELECT k.key_id, k.purpose, k.version, k.status, k.created_at, k.retired_at, "
            "(SELECT count(*) FROM person_fields f WHERE f.key_id = k.key_id) AS sealed "
            "FROM privacy_keys k ORDER BY k.version, k.purpose"
        ).to_pylist()
        sealed, plain = freetext.totals(ws.engine)
    table = Table("key id", "purpose", "version", "status", "created", "retired", "sealed fields")
    for r in rows:
        table.add_row(
            str(r["key_id"]),
            str(r["purpose"]),
            str(r["version"]),
            str(r["status"]),
            f"{r['created_at']:%Y-%m-%d %H:%M}",
            f"{r['retired_at']:%Y-%m-%d %H:%M}" if r["retired_at"] else "",
            f"{r['sealed']:,}",
        )
    st.console.print(table)
    st.console.print(f"Free text (comments, rationales, reasons): {sealed:,} sealed")
    if plain:
        st.console.print(
            f"[yellow]{plain:,} written before sealing are still plaintext:[/yellow] "
            "run `aidtrace keys seal`"
        )


def _new_source(key_file: Path | None, key_env: str | None) -> KeySource | None:
    from aidtrace.privacy.keys import EnvKeySource, FileKeySource

    # Without either option the root key stays and only the data keys move to a new version:
    # the audit log's signing key derives from the root, so a new root is an explicit choice.
    if key_env:
        return EnvKeySource(key_env)
    if key_file:
        return FileKeySource.create(key_file.resolve())
    return None


@keys_app.command("rotate")
@edge
def rotate(
    ctx: typer.Context,
    new_key_file: Annotated[
        Path | None, typer.Option(help="Write the new root key here (outside the workspace)")
    ] = None,
    new_key_env: Annotated[
        str | None, typer.Option(help="Take the new root key from this environment variable")
    ] = None,
    keep_old: Annotated[bool, typer.Option(help="Do not shred the old key file")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Re-encrypt every personal field and re-make every token under new data keys (and a new
    root key, with --new-key-file or --new-key-env)."""
    from aidtrace.keyring.rotate import rotate_keys

    st = state(ctx)
    if not yes:
        typer.confirm("Re-encrypt all personal data under new keys?", abort=True)
    with st.open() as ws, progress_bar(st) as report:
        source = _new_source(new_key_file, new_key_env)
        done = rotate_keys(ws, source, destroy_old=not keep_old, progress=report)
    st.console.print(f"Rotated {', '.join(done.old_key_ids)} -> {', '.join(done.new_key_ids)}")
    for name, n in done.rows.items():
        st.console.print(f"  {name}: {n:,} records re-sealed and re-tokenised")
    st.console.print(f"Key source: {done.new_source}")
    if done.old_source_destroyed:
        st.console.print(f"Old key: {done.old_source_destroyed}")


@keys_app.command("destroy")
@edge
def destroy(
    ctx: typer.Context,
    yes: Annotated[
        bool, typer.Option("--yes", help=f"Do not ask (as if {CONFIRM_WORD} was typed)")
    ] = False,
) -> None:
    """Crypto-shred: destroy the root key. Every personal field becomes unreadable and every
    token unlinkable, for good, in this workspace and in all its copies and backups."""
    from aidtrace.keyring.shred import destroy_keys

    st = state(ctx)
    with st.open() as ws:
        if not yes:
            st.err.print(
                f"This destroys the root key of {ws.path}. Personal data can never be read again."
            )
            answer = typer.prompt(f"Type {CONFIRM_WORD} to proceed")
            if answer.strip() != CONFIRM_WORD:
                st.err.print("Nothing destroyed.")
                raise typer.Exit(1)
        done = destroy_keys(ws)
    st.console.print(f"Key material: {done.key_material}")
    st.console.print(
        f"{done.sealed_fields:,} sealed fields and {done.sealed_texts:,} sealed texts are now "
        f"unreadable; {done.tokens_deleted:,} token rows deleted; "
        f"{done.plaintext_wiped:,} plaintext texts blanked."
    )
    st.console.print(f"Audit: {done.audited}")


@keys_app.command("seal")
@edge
def seal(ctx: typer.Context) -> None:
    """Seal free text written before aidtrace sealed it (comments, rationales, reveal reasons)."""
    from aidtrace.keyring import freetext

    st = state(ctx)
    with st.open() as ws:
        done = freetext.seal_plaintext(ws)
    st.console.print(f"{done:,} texts sealed; none left in plaintext.")


@keys_app.command("reveal")
@edge
def reveal_cmd(
    ctx: typer.Context,
    person_id: Annotated[str, typer.Argument(help="e.g. beneficiary:M000123")],
    reason: Annotated[str, typer.Option(help="Why you need to see it (recorded)")],
    actor: Annotated[str | None, typer.Option(help="Who is asking [default: login name]")] = None,
) -> None:
    """Decrypt one record's personal fields for display; the access is logged."""
    from aidtrace.people.access import reveal

    st = state(ctx)
    with st.open() as ws:
        values = reveal(ws, person_id, actor=actor or getpass.getuser(), reason=reason)
    table = Table("field", "value")
    for field, value in values.items():
        table.add_row(field, str(value))
    st.console.print(table)


@keys_app.command("log")
@edge
def log(
    ctx: typer.Context,
    person_id: Annotated[str | None, typer.Argument(help="Only this record")] = None,
) -> None:
    """Who saw which personal data, when and why."""
    from aidtrace.people.access import access_log

    st = state(ctx)
    with st.open(read_only=True) as ws:
        rows = access_log(ws, person_id)
    table = Table("when", "who", "record", "fields", "why", "outcome")
    for r in rows:
        table.add_row(
            f"{r['accessed_at']:%Y-%m-%d %H:%M:%S}",
            str(r["actor"]),
            str(r["record_id"]),
            str(r["fields"]),
            escape(str(r["reason"])),
            str(r["outcome"]),
        )
    st.console.print(table)
