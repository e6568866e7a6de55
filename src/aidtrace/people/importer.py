"""Importers for the personal lists: ``beneficiaries`` and ``staff`` (``docs/formats.md``).

The plaintext of a personal field lives only in this process's memory. Each file is read and
validated in full, screened in memory (the optional ``screen`` hook), then every personal field is
sealed with AES-GCM (``person_fields``) and turned into linkage tokens (``person_tokens``); only
ciphertext, tokens and non-personal fields (``people``) reach the store, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyarrow as pa

from aidtrace.alerts.evidence import ImportHitEvidence
from aidtrace.alerts.model import Alert, AlertKind, Finder, Severity, detected
from aidtrace.alerts.store import save_alerts
from aidtrace.ingest.profiles import Profile
from aidtrace.ingest.registry import ImportResult, import_table_once, register
from aidtrace.ingest.tabular import TableSpec
from aidtrace.keyring.ring import KeyRing
from aidtrace.people.layout import BENEFICIARIES, STAFF, PeopleLayout
from aidtrace.people.store import sealed_rows, write_people
from aidtrace.people.tokens import gregorian_birth_year, token_row
from aidtrace.privacy.bloom import BloomEncoder
from aidtrace.privacy.crypto import FieldCipher
from aidtrace.privacy.keys import KeyPurpose
from aidtrace.privacy.tokens import NameKeys, Tokeniser
from aidtrace.progress import Progress
from aidtrace.workspace import Workspace

SCREENING_MONITOR = "screening-at-import"


@dataclass(frozen=True)
class NameRecord:
    """What the screening hook sees of one person, in plaintext, in memory only."""

    person_id: str
    kind: str
    given_name: str
    father_name: str
    grandfather_name: str
    family_name: str
    name_fa: str
    birth_year: int | None
    district_code: str
    tazkira: str = ""
    gender: str = ""  # as recorded (male, female, M, F…), compared with a listed person's


@dataclass(frozen=True)
class ScreeningHit:
    """A possible watchlist match. It carries ids and numbers only, never the name, so
    nothing personal can reach the alert store through it."""

    person_id: str
    entry_id: str
    score: float
    features: Mapping[str, float]
    list_snapshot: str | None = None


# Given a batch of people (plaintext, in memory), return the hits; called per batch of an import
# (``people.screening.screening_hook`` connects the screening engine).
ScreeningHook = Callable[[Sequence[NameRecord]], Iterable[ScreeningHit]]


@runtime_checkable
class CountingHook(Protocol):
    """A screening hook that weighs names against the whole file: the importer hands it every
    batch of the file to ``count`` before it screens the first one."""

    def count(self, records: Sequence[NameRecord]) -> None: ...

    def __call__(self, records: Sequence[NameRecord]) -> Iterable[ScreeningHit]: ...


@runtime_checkable
class ClosingHook(Protocol):
    """A screening hook that holds something for the length of an import (worker processes):
    the importer closes it once the last batch is screened, or the import failed."""

    def close(self) -> None: ...

    def __call__(self, records: Sequence[NameRecord]) -> Iterable[ScreeningHit]: ...


def hit_alert(hit: ScreeningHit) -> Alert:
    severity = Severity.HIGH if hit.score >= 0.9 else Severity.MEDIUM
    return detected(
        Finder(SCREENING_MONITOR),
        AlertKind.SANCTIONS_MATCH,
        subject=hit.person_id,
        score=float(hit.score),
        summary=f"{hit.person_id} resembles watchlist entry {hit.entry_id} (screened at import)",
        identity_key=hit.entry_id,
        severity=severity,
        evidence=ImportHitEvidence(
            entry_id=hit.entry_id, features={k: float(v) for k, v in hit.features.items()}
        ),
        list_snapshot=hit.list_snapshot,
    )


def name_record(layout: PeopleLayout, person_id: str, row: Mapping[str, object]) -> NameRecord:
    def text(name: str) -> str:
        value = row.get(name)
        return value if isinstance(value, str) else ""

    registered = row.get("registered_on")
    year = gregorian_birth_year(row, registered if isinstance(registered, date) else None)
    return NameRecord(
        person_id,
        layout.kind,
        text("given_name"),
        text("father_name"),
        text("grandfather_name"),
        text("family_name"),
        text("name_fa"),
        year,
        text("district_code"),
        text("tazkira"),
        text("gender"),
    )


@dataclass
class PeopleImporter:
    """Imports one kind of personal list; ``screen`` and ``names`` are injected."""

    name: str
    description: str
    layout: PeopleLayout
    screen: ScreeningHook | None = None
    names: NameKeys | None = None

    @property
    def spec(self) -> TableSpec:
        """The columns the list holds (what ``--check`` validates)."""
        return self.layout.spec

    def with_screening(self, screen: ScreeningHook) -> PeopleImporter:
        """A copy that screens every imported person with ``screen``."""
        return replace(self, screen=screen)

    def screened(self, workspace: Workspace) -> PeopleImporter:
        """A copy that screens every imported person against the workspace's current
        watchlists; this importer itself when no watchlist is loaded."""
        # Imported here: the screening engine (and its compiled build) loads only when a
        # personal list is imported, not whenever the importers are listed.
        from aidtrace.people.screening import screening_hook

        hook = screening_hook(workspace)
        return self if hook is None else self.with_screening(hook)

    def load(
        self,
        workspace: Workspace,
        path: Path,
        progress: Progress,
        mapping: Mapping[str, str] | None = None,
        profile: Profile | None = None,
    ) -> ImportResult:
        return import_table_once(
            workspace,
            self.name,
            path,
            self.layout.spec,
            progress,
            lambda ws, table, import_id: self._seal(ws, table, import_id, progress),
            mapping,
            profile,
        )

    def _seal(
        self, workspace: Workspace, table: pa.Table, import_id: str, progress: Progress
    ) -> int:
        """Seal and store ``table`` batch by batch, screening each batch when asked; the rows.

        A screening hook that counts (``CountingHook``) first sees every batch to count, so the
        first batch of a large file is weighed against the whole file's names, as the last is."""
        try:
            return self._seal_batches(workspace, table, import_id, progress)
        finally:
            if isinstance(self.screen, ClosingHook):
                self.screen.close()

    def _seal_batches(
        self, workspace: Workspace, table: pa.Table, import_id: str, progress: Progress
    ) -> int:
        sealer = Sealer.open(workspace, self.names)
        if isinstance(self.screen, CountingHook):
            for records in self._records(table):
                self.screen.count(records)
        hits: list[ScreeningHit] = []
        done = 0
        for batch in table.to_batches(max_chunksize=BATCH_ROWS):
            rows = batch.to_pylist()
            ids = [self.layout.person_id(r) for r in rows]
            if self.screen is not None:
                records = [name_record(self.layout, i, r) for i, r in zip(ids, rows, strict=True)]
                hits.extend(self.screen(records))
            write_people(workspace.engine, *sealer.tables(self.layout, ids, rows, import_id))
            done += len(rows)
            progress(f"sealing {self.layout.kind} records", done, table.num_rows)
        if hits:
            save_alerts(workspace, [hit_alert(h) for h in hits], run_id=import_id)
        return done

    def _records(self, table: pa.Table) -> Iterator[list[NameRecord]]:
        """The file's people as the screening hook sees them, a batch at a time."""
        for batch in table.to_batches(max_chunksize=BATCH_ROWS):
            rows = batch.to_pylist()
            yield [name_record(self.layout, self.layout.person_id(r), r) for r in rows]


# Plaintext is held one batch at a time (plus the validated file), bounding memory.
BATCH_ROWS = 50_000


@dataclass(frozen=True)
class Sealer:
    """Seals personal fields and makes tokens under a workspace's active keys."""

    cipher: FieldCipher
    tokeniser: Tokeniser
    bloom: BloomEncoder

    @classmethod
    def open(cls, workspace: Workspace, names: NameKeys | None = None) -> Sealer:
        ring = KeyRing.open(workspace)
        kid, key = ring.active_key(KeyPurpose.LINKAGE_TOKENS)
        return cls(FieldCipher(ring), Tokeniser(key, kid, names), BloomEncoder(key))

    def tables(
        self,
        layout: PeopleLayout,
        ids: list[str],
        rows: list[dict[str, object]],
        import_id: str,
    ) -> tuple[pa.Table, pa.Table, pa.Table]:
        """The ``people``, ``person_fields`` and ``person_tokens`` rows of a batch."""
        public, sealed, tokens = [], [], []
        for pid, row in zip(ids, rows, strict=True):
            personal = layout.personal(row)
            public.append(layout.public(pid, row, import_id))
            sealed.extend(sealed_rows(self.cipher, pid, personal))
            tokens.append(
                token_row(self.tokeniser, self.bloom, layout.contract(pid, row), personal)
            )
        return (
            pa.Table.from_pylist(public),
            pa.Table.from_pylist(sealed, schema=SEALED_SCHEMA),
            pa.Table.from_pylist(tokens),
        )


SEALED_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("field", pa.string()),
        ("key_id", pa.string()),
        ("ciphertext", pa.binary()),
    ]
)

register(
    PeopleImporter(
        "beneficiaries",
        "beneficiary lists (personal fields sealed, tokens for linkage)",
        BENEFICIARIES,
    )
)
register(
    PeopleImporter("staff", "payroll lists (personal fields sealed, tokens for linkage)", STAFF)
)
