"""Cross-agency linkage at scale: two demo registers, encoded, linked with `aidtrace share link`.

    .venv/bin/python benchmarks/consortium/bench.py N [--out DIR] [--seed S] [--engine duckdb]

1. Generates two agencies' registers of N people each (``consortium.registers``: 10 % of B are
   A's people registered again, 5 % are look-alikes named like one of A's).
2. Encodes each register exactly as ``aidtrace share export`` does (``ShareEncoder`` on each
   person's plaintext; the workspace import and decryption are left out, they only hand the
   encoder the same values) and writes the two linkage files.
3. Runs ``aidtrace share link`` on them in a child process: wall time and the child's peak
   resident memory are measured there and nowhere else.
4. Scores the result's cross-agency pairs against the planted truth, and runs the frequency
   attack of ``consortium.attack`` on agency A's file.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from aidtrace.consortium import linkfile, registers
from aidtrace.consortium.attack import ENCODED, attack_column
from aidtrace.consortium.encoding import default_workers, encode_people
from aidtrace.consortium.secret import round_check

SECRET = hashlib.sha256(b"benchmark round").digest()
ID_KEY = b"benchmark ids"
REGISTERED = date(2026, 1, 15)


def _personal(row: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {
        k: row[k] for k in ("given_name", "father_name", "grandfather_name", "phone", "tazkira")
    }
    if row["birth_year"]:
        out["birth_year"] = int(row["birth_year"])
    if row["age"]:
        out["age"] = int(row["age"])
    return out


def opaque(member_id: str) -> str:
    return hmac.digest(ID_KEY, member_id.encode(), hashlib.sha256)[: linkfile.ID_BYTES].hex()


def encode(rows: list[dict[str, str]], agency: str, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds (this process and its encoding workers) to write one file."""
    started, cpu = time.perf_counter(), _cpu()
    public = [
        {"district_code": r["district_code"], "gender": r["gender"], "registered_on": REGISTERED}
        for r in rows
    ]
    people = [(p, _personal(r)) for p, r in zip(public, rows, strict=True)]
    encoder, shared = encode_people(SECRET, round_check(SECRET), people)
    ids = [opaque(r["member_id"]) for r in rows]
    order = sorted(range(len(ids)), key=ids.__getitem__)
    header = linkfile.Header(
        consortium="bench",
        round=1,
        check=round_check(SECRET),
        agency=agency,
        export_id=linkfile.new_export_id(),
        records=len(rows),
        bloom_bits=encoder.bloom.stored_bits,
        flip=encoder.flip,
    )
    table = encoder.table([ids[i] for i in order], [shared[i] for i in order])
    linkfile.write(path, header, table)
    return time.perf_counter() - started, _cpu() - cpu


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def link(files: list[Path], result: Path, engine: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (GiB) of `aidtrace share link` in a child."""
    aidtrace = Path(sys.executable).with_name("aidtrace")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [
        str(aidtrace),
        "share",
        "link",
        *map(str, files),
        "-o",
        str(result),
        "--engine",
        engine,
    ]
    subprocess.run(command, check=True)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    # ru_maxrss of the children is the largest of any child: the encoding workers are smaller.
    return wall, cpu, usage.ru_maxrss / (1 << 20)


def found_pairs(result: Path) -> set[tuple[str, str]]:
    document = json.loads(result.read_text())
    found = set()
    for cluster in document["clusters"]:
        for pair in cluster["pairs"]:
            a, b = pair["a"], pair["b"]
            found.add((a[1], b[1]) if a[0] == "AGENCY-A" else (b[1], a[1]))
    return found


def attack(rows: list[dict[str, str]], path: Path) -> dict[str, float]:
    """Re-identified share per shared name column (see ``consortium.attack``)."""
    table = linkfile.read(path).table
    by_id = {opaque(r["member_id"]): r for r in rows}
    people = [by_id[i] for i in table.column("record_id").to_pylist()]
    years = [registers.gregorian_year(p) for p in people]
    return {
        column: round(attack_column(table, column, people, years).reidentified, 5)
        for column in ENCODED
    }


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, default=Path("/tmp/aidtrace-consortium-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", default="duckdb")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    commit = _commit()  # now: the run imports this tree's code at its start
    started = time.perf_counter()
    regs = registers.generate(args.n, seed=args.seed)
    generated = time.perf_counter() - started
    files = [args.out / "a.share", args.out / "b.share"]
    encoded = [encode(regs.a, "AGENCY-A", files[0]), encode(regs.b, "AGENCY-B", files[1])]
    load_before_link = os.getloadavg()[0]
    result = args.out / "result.json"
    wall, cpu, peak = link(files, result, args.engine)
    truth = frozenset((opaque(a), opaque(b)) for a, b in regs.truth)
    near = frozenset((opaque(a), opaque(b)) for a, b in regs.lookalikes)
    got = found_pairs(result)
    score = registers.score(got, truth)
    report = {
        "people_per_agency": args.n,
        "engine": args.engine,
        "planted_pairs": len(truth),
        "lookalike_pairs": len(near),
        "generate_s": round(generated, 1),
        "commit": commit,
        "encode_wall_s_per_agency": [round(e[0], 1) for e in encoded],
        "encode_cpu_s_per_agency": [round(e[1], 1) for e in encoded],
        "encode_workers": default_workers(),
        "load_average_before_link": round(load_before_link, 1),
        "link_wall_s": round(wall, 1),
        "link_cpu_s": round(cpu, 1),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "link_peak_rss_gib": round(peak, 2),
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "lookalikes_linked": len(got & near),
        "file_mib": round(files[0].stat().st_size / (1 << 20), 1),
        "attack_reidentified": attack(regs.a, files[0]),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
