"""A frequency attack on an exported file re-identifies fewer than 1 % of its records, and a
dictionary attack finds nobody without the round's secret.

The attacker holds agency A's linkage file and, as reference population, the plaintext of every
person in A's register (names and birth years, without the link to rows): the strongest
frequency attacker there is short of holding the secret. See ``consortium.attack``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from aidtrace.consortium import linkfile, registers, secret
from aidtrace.consortium.attack import ENCODED, attack_column, dictionary_attack, frequency_attack
from aidtrace.consortium.share_tokens import ShareEncoder
from aidtrace.keyring.ring import KeyRing
from aidtrace.privacy.keys import KeyPurpose
from aidtrace.privacy.tokens import default_name_keys
from aidtrace.workspace import Workspace

from .conftest import Round, member_ids

Plain = tuple[linkfile.LinkageFile, list[dict[str, object]], list[int | None]]


def _plain(exported: Round) -> Plain:
    """Agency A's file, its rows' plaintext (in file order, for scoring) and birth years."""
    read = linkfile.read(exported.files[0])
    ids = member_ids(exported.workspaces[0], exported.headers[0])
    rows = {r["member_id"]: r for r in exported.registers.a}
    people: list[dict[str, object]] = [
        dict(rows[ids[o]]) for o in read.table.column("record_id").to_pylist()
    ]
    years = [registers.gregorian_year(p) for p in people]  # type: ignore[arg-type]
    return read, people, years


@pytest.mark.parametrize("column", list(ENCODED))
def test_a_frequency_attack_reidentifies_under_one_percent(exported: Round, column: str) -> None:
    read, people, years = _plain(exported)
    outcome = attack_column(read.table, column, people, years)
    assert outcome.reidentified < 0.01, outcome


def test_the_attack_works_where_frequencies_tell(exported: Round) -> None:
    # The same attack on a single given-name token (which aidtrace does not share) recovers
    # the given name of a large share of the records: the compound tokens are what stop it.
    read, people, years = _plain(exported)
    encoder = ShareEncoder(bytes(32), "attack")
    given = [encoder.tok.name(str(p["given_name"]))[0] for p in people]
    keys = default_name_keys()
    names = [keys.normalise(str(p["given_name"])) for p in people]
    year_tokens = read.table.column("year_tok").to_pylist()
    outcome = frequency_attack(given, year_tokens, names, list(years))
    assert outcome.values_right > 0.1, outcome


def test_whole_bloom_filters_do_not_repeat(exported: Round) -> None:
    # Randomised filters: identical names almost never give identical filters, so counting
    # whole filters (the frequency attack on Bloom encodings) finds nothing to align.
    read, _, _ = _plain(exported)
    words = zip(*(read.table.column(f"bloom{i}").to_pylist() for i in range(4)), strict=True)
    names = Counter(read.table.column("names_tok").to_pylist())
    assert max(names.values()) > 1  # the names do repeat...
    assert max(Counter(words).values()) == 1  # ...their filters do not


Person = tuple[dict[str, object], dict[str, object]]


def _dictionary(rows: list[dict[str, str]]) -> list[Person]:
    """The attacker's dictionary: every person of the register, as the export reads them."""
    people: list[Person] = []
    for row in rows:
        public: dict[str, object] = {
            "district_code": row["district_code"],
            "gender": row["gender"],
            "registered_on": date.fromisoformat(row["registered_on"]),
        }
        personal: dict[str, object] = {
            k: row[k] for k in ("given_name", "father_name", "grandfather_name", "phone", "tazkira")
        }
        for k in ("birth_year", "age"):
            if row[k]:
                personal[k] = int(row[k])
        people.append((public, personal))
    return people


def _guessed_keys(check: str) -> list[bytes]:
    """Keys an attacker without the secret might try: nothing, or what the file's header says."""
    return [
        bytes(32),
        hashlib.sha256(b"demo").digest(),
        hashlib.sha256(check.encode()).digest(),
        bytes.fromhex(check) * 4,
    ]


def _workspace_keys(workspace: Path) -> list[bytes]:
    """The exporting workspace's own keys: the round's secret must be none of them."""
    with Workspace.open(workspace, read_only=True) as ws:
        ring = KeyRing.open(ws)
        return [
            ring.active_key(p)[1] for p in (KeyPurpose.LINKAGE_TOKENS, KeyPurpose.FIELD_ENCRYPTION)
        ]


def test_a_dictionary_attack_finds_nobody_without_the_secret(exported: Round) -> None:
    read = linkfile.read(exported.files[0])
    people = _dictionary(exported.registers.a)
    keys = _guessed_keys(read.header.check) + _workspace_keys(exported.workspaces[0])
    for key in keys:
        assert dictionary_attack(read.table, people, ShareEncoder(key, read.header.check)) == 0


def test_with_the_secret_a_member_finds_the_people_it_can_name(exported: Round) -> None:
    # The residual risk the threat model names: a member holding the secret and a file can
    # check whether people it can name are on another agency's list.
    with Workspace.open(exported.workspaces[0], read_only=True) as ws:
        c = secret.load(ws, "demo")
        encoder = ShareEncoder(c.secret(), c.current.check)
    read = linkfile.read(exported.files[0])
    assert dictionary_attack(read.table, _dictionary(exported.registers.a), encoder) > 0.99
