"""Cost of sealing (AES-GCM) and tokenising (HMAC tokens + hardened Bloom filter) per record.

Each stage runs in a fresh subprocess so its peak resident memory is its own:

* ``seal``     — seal the personal fields (8 per record here) with ``FieldCipher``;
* ``tokenise`` — build the ``person_tokens`` row (27 tokens + Bloom filter) per record;
* ``import``   — the whole ``beneficiaries`` importer on a CSV: read, validate, seal,
  tokenise, write to DuckDB in one transaction.

Usage: ``python benchmarks/privacy/bench.py [N]`` (default 1,000,000); writes ``results.json``
and ``results.md`` beside this file. The machine has 2 cores shared with other jobs.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCH = 50_000
SYLLABLES = ("mo", "ham", "mad", "gul", "ah", "zar", "gho", "na", "far", "i", "da", "sher")
SYLLABLES += ("wa", "zir", "kha", "lil", "rah", "man", "nur", "ul", "lah", "ka", "rim", "ba")
FA = ("محمد", "گل", "احمد", "زرغونه", "فریده", "شیر", "وزیر", "خلیل", "رحمان", "نور", "کریم")


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).title()


def records(n: int, seed: int = 7) -> Iterator[dict[str, object]]:
    """Plausible beneficiary rows: about 2,000 distinct given names, Zipf-like reuse."""
    rng = random.Random(seed)
    pool = [_name(rng, rng.randint(2, 3)) for _ in range(2_000)]
    cum, total = [], 0.0
    for i in range(len(pool)):
        total += 1 / (i + 1)
        cum.append(total)
    for i in range(n):
        given, father, grand = rng.choices(pool, cum_weights=cum, k=3)
        yield {
            "member_id": f"M{i:08d}",
            "household_id": f"H{i // 5:07d}",
            "list_id": "L1",
            "agency_org_id": "ORG-1",
            "given_name": given,
            "father_name": father,
            "grandfather_name": grand,
            "family_name": "",
            "name_fa": f"{rng.choice(FA)} {rng.choice(FA)}",
            "gender": rng.choice("mf"),
            "birth_year": rng.randint(1940, 2020),
            "phone": f"07{rng.randint(0, 99_999_999):08d}",
            "tazkira": f"1400-{rng.randint(1, 12):02d}01-{rng.randint(0, 99999):05d}",
            "district_code": f"AF{rng.randint(100, 499)}",
            "village": _name(rng, 2),
            "enumerator_id": f"E{rng.randint(1, 300)}",
            "registered_on": "2025-03-01",
            "household_size": rng.randint(1, 9),
        }


def _ring() -> object:
    from aidtrace.keyring.ring import KeyRing

    return KeyRing.derive(os.urandom(32), 1)


def batches(n: int) -> Iterator[list[dict[str, object]]]:
    """Records in batches, so generating them is not timed and never all held at once."""
    rows: list[dict[str, object]] = []
    for row in records(n):
        rows.append(row)
        if len(rows) == BATCH:
            yield rows
            rows = []
    if rows:
        yield rows


class Clock:
    """Wall and CPU seconds spent inside ``with clock:`` blocks only."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> None:
        self._w, self._c = time.perf_counter(), time.process_time()

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._w
        self.cpu += time.process_time() - self._c


def stage_seal(n: int, clock: Clock) -> int:
    from aidtrace.people.layout import BENEFICIARIES
    from aidtrace.privacy.crypto import FieldCipher

    cipher = FieldCipher(_ring())  # type: ignore[arg-type]
    fields = 0
    for rows in batches(n):
        with clock:
            for row in rows:
                pid = f"beneficiary:{row['member_id']}"
                for field, value in BENEFICIARIES.personal(row).items():
                    cipher.seal(pid, field, str(value))
                    fields += 1
    return fields


def stage_tokenise(n: int, clock: Clock) -> int:
    from datetime import date

    from aidtrace.people.layout import BENEFICIARIES
    from aidtrace.people.tokens import token_row
    from aidtrace.privacy.bloom import BloomEncoder
    from aidtrace.privacy.keys import KeyPurpose
    from aidtrace.privacy.tokens import Tokeniser

    ring = _ring()
    kid, key = ring.active_key(KeyPurpose.LINKAGE_TOKENS)  # type: ignore[attr-defined]
    tok, bloom = Tokeniser(key, kid), BloomEncoder(key)
    count = 0
    for rows in batches(n):
        with clock:
            for row in rows:
                row["registered_on"] = date(2025, 3, 1)
                pid = f"beneficiary:{row['member_id']}"
                contract = BENEFICIARIES.contract(pid, row)
                token_row(tok, bloom, contract, BENEFICIARIES.personal(row))
                count += 1
    return count


def stage_import(n: int, clock: Clock, csv_path: str) -> int:
    from aidtrace.ingest import get_importer
    from aidtrace.progress import no_progress
    from aidtrace.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Workspace.create(root / "ws", key_file=root / "k.key") as ws, clock:
            return get_importer("beneficiaries").load(ws, Path(csv_path), no_progress).rows


def write_csv(n: int, path: Path) -> None:
    import csv

    header = list(next(records(1)))
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerow(["#beneficiary+id", "#household+id", "#meta+list", "#org+id",
                      "#beneficiary+name+given", "#beneficiary+name+father",
                      "#beneficiary+name+grandfather", "#beneficiary+name+family",
                      "#beneficiary+name+i_fa", "#beneficiary+gender", "#beneficiary+birth+year",
                      "#contact+phone", "#beneficiary+id+tazkira", "#adm2+code", "#loc+village",
                      "#enumerator+id", "#date+registered", "#household+size"])  # fmt: skip
        for row in records(n):
            out.writerow([row[c] for c in header])


def child(stage: str, n: int, extra: str) -> None:
    """Run one stage and print its figures as JSON (called in a subprocess)."""
    clock = Clock()
    if stage == "import":
        units = stage_import(n, clock, extra)
    else:
        units = {"seal": stage_seal, "tokenise": stage_tokenise}[stage](n, clock)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"stage": stage, "records": n, "units": units, "seconds": clock.wall,
                      "cpu_seconds": clock.cpu, "peak_rss_mb": peak / 1024}))  # fmt: skip


def run(stage: str, n: int, extra: str = "") -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", stage, str(n), extra],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    results = [run("seal", n), run("tokenise", n)]
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "beneficiaries.csv"
        write_csv(n, csv_path)
        results.append(run("import", n, str(csv_path)))
    for r in results:
        r["seconds_per_million"] = float(r["seconds"]) / n * 1e6  # type: ignore[arg-type]
        r["cpu_seconds_per_million"] = float(r["cpu_seconds"]) / n * 1e6  # type: ignore[arg-type]
    meta = {"machine": f"{platform.machine()}, {os.cpu_count()} cores shared with other jobs",
            "python": platform.python_version(), "records": n,
            "load_average_at_end": os.getloadavg()}  # fmt: skip
    (HERE / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    lines = [
        f"# Privacy cost per record ({n:,} records; {meta['machine']})",
        "",
        "| stage | what | wall s | wall s per 1M | CPU s per 1M | peak RSS MB |",
        "|---|---|---|---|---|---|",
    ]
    what = {"seal": "AES-GCM, 8 fields/record", "tokenise": "27 tokens + Bloom/record",
            "import": "CSV -> validated -> sealed + tokens -> DuckDB"}  # fmt: skip
    for r in results:
        lines.append(
            f"| {r['stage']} | {what[str(r['stage'])]} | {float(r['seconds']):.1f} | "  # type: ignore[arg-type]
            f"{float(r['seconds_per_million']):.0f} | "  # type: ignore[arg-type]
            f"{float(r['cpu_seconds_per_million']):.0f} | {float(r['peak_rss_mb']):.0f} |"  # type: ignore[arg-type]
        )
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
    else:
        main()
