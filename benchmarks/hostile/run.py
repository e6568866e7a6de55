"""Time and peak memory of the real CLI on each hostile input, in a fresh workspace each.

Every file from ``files.py`` is generated in a temporary directory, then ``aidtrace import`` (or
``aidtrace lists load``) runs on it as a child process of its own; its wall time, its peak
resident memory (``ru_maxrss`` of that child alone, from ``wait4``) and its exit code and last
line of output are recorded. A two-row beneficiary list is measured the same way as the control:
what any import costs (interpreter, imports, opening the store).

Target: every hostile file refused (exit 2, one line) in under 5 s and under 1 GiB.

    .venv/bin/python benchmarks/hostile/run.py [--out benchmarks/hostile/results.md]

``--src DIR --revision REV --only NAME... --append`` runs the CLI of another source tree (for
instance ``git archive REV src`` unpacked in DIR) on the cases named, and appends its table: the
"before" figures of a change.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.hostile import files  # noqa: E402

AIDTRACE = Path(sys.executable).with_name("aidtrace")
TARGET_SECONDS = 5.0
TARGET_MIB = 1024
# A child that regresses must not take the shared machine with it.
CHILD_SECONDS = 300
CHILD_ADDRESS_SPACE = 16 << 30


@dataclass(frozen=True)
class Case:
    name: str
    file_name: str
    write: Callable[[Path], Path]
    command: tuple[str, ...]  # the CLI arguments before the file
    settings: tuple[tuple[str, int], ...] = ()  # written to the workspace's aidtrace.toml


def _control(path: Path) -> Path:
    path.write_text(f"{','.join(files.HEADER)}\nX1,Ahmad\nX2,Mahmud\n", encoding="utf-8")
    return path


IMPORT_PEOPLE = ("import", "beneficiaries")
LOAD_LIST = ("lists", "load", "--format", "un_xml")
CASES = (
    Case("control: two-row beneficiary list", "ok.csv", _control, IMPORT_PEOPLE),
    Case(
        "XLSX cell bomb (1 cell → 1.1 GB)", "bomb.xlsx", files.write_xlsx_cell_bomb, IMPORT_PEOPLE
    ),
    Case(
        "XLSX declaring A1:XFD1048576",
        "dimension.xlsx",
        files.write_xlsx_huge_dimension,
        IMPORT_PEOPLE,
    ),
    Case("XLSX rows reaching column XFD", "wide.xlsx", files.write_xlsx_wide_rows, IMPORT_PEOPLE),
    Case("CSV with a 10 MB name cell", "long.csv", files.write_csv_long_cell, IMPORT_PEOPLE),
    Case("CSV with a duplicate header", "dup.csv", files.write_csv_duplicate_header, IMPORT_PEOPLE),
    Case("UN list nested 100,000 deep", "deep.xml", files.write_deep_xml, LOAD_LIST),
    Case("UN list: billion laughs", "laughs.xml", files.write_billion_laughs, LOAD_LIST),
    Case("UN list: 200 MiB text node", "text.xml", files.write_xml_huge_text, LOAD_LIST),
    Case("IATI: 10 MB narrative", "narrative.xml", files.write_iati_narrative, ("import", "iati")),
    Case("IATI nested 100,000 deep", "iati_deep.xml", files.write_iati_deep, ("import", "iati")),
    Case(
        "CSV of 100,000 people, within every bound; import_memory_limit = 400",
        "many.csv",
        files.write_csv_many_people,
        IMPORT_PEOPLE,
        (("import_memory_limit", 400),),
    ),
)


@dataclass(frozen=True)
class Outcome:
    case: Case
    size: int
    seconds: float
    cpu_seconds: float
    peak_mib: float
    exit_code: int
    message: str

    @property
    def on_target(self) -> str:
        """'yes' for a hostile file refused (exit 2) within the targets; '—' for the control."""
        if self.case.name.startswith("control"):
            return "—"
        # CPU time, not wall time: the machine is shared and wall time measures the others too.
        fast = self.cpu_seconds < TARGET_SECONDS and self.peak_mib < TARGET_MIB
        return "yes" if fast and self.exit_code == 2 else "**no**"


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds, peak MiB, exit code, last line of output) of one CLI run."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, env=env, preexec_fn=_limit_child
        )
        # Reaped with wait4, which gives this child's own resource usage.
        timer = threading.Timer(CHILD_SECONDS, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = [ln for ln in out.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, child.returncode, lines[-1] if lines else ""


def measure(case: Case, work: Path, src: Path | None) -> Outcome:
    env = {**os.environ, "AIDTRACE_KEY_DIR": str(work / "keys"), "COLUMNS": "200"}
    cli = [str(AIDTRACE)]
    if src is not None:
        env["PYTHONPATH"] = str(src)
        cli = [sys.executable, "-m", "aidtrace.cli"]
    workspace = work / f"ws-{case.file_name}"
    init = [*cli, "-w", str(workspace), "init"]
    subprocess.run(init, env=env, check=True, capture_output=True)
    _configure(workspace / "aidtrace.toml", case.settings)
    path = case.write(work / case.file_name)
    args = [*cli, "-w", str(workspace), *case.command, str(path)]
    seconds, cpu, peak, code, message = run_child(args, env)
    size = path.stat().st_size
    path.unlink()
    return Outcome(case, size, seconds, cpu, peak, code, message.replace(str(work) + "/", ""))


def _configure(config: Path, settings: tuple[tuple[str, int], ...]) -> None:
    """Set each ``name = value`` in ``config``, replacing the line of that name if there is one."""
    lines = config.read_text(encoding="utf-8").splitlines()
    for name, value in settings:
        lines = [ln for ln in lines if ln.partition("=")[0].strip() != name]
        lines.append(f"{name} = {value}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


PHONETIC = (
    "import sys, time\n"
    "from aidtrace.privacy.names_keys import NamesLayerKeys\n"
    "token = 'a' * int(sys.argv[1])\n"
    "start = time.perf_counter()\n"
    "NamesLayerKeys().phonetic(token)\n"
    "print(time.perf_counter() - start)\n"
)


def phonetic_seconds(chars: int, src: Path | None) -> float:
    """Seconds to make the phonetic key of one name token of ``chars`` repeated vowels (the
    name tokenising step of an import; the token is within no bound, to time the step alone)."""
    env = {**os.environ, **({"PYTHONPATH": str(src)} if src else {})}
    args = [sys.executable, "-c", PHONETIC, str(chars)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def commit() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return head + (" (with uncommitted changes under src/)" if dirty else "")


def _size(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MiB" if n >= 1 << 20 else f"{n / 1024:,.1f} KiB"


def report(outcomes: list[Outcome], revision: str, before: bool = False) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    title = (
        f"## Before: the same files on commit {revision}"
        if before
        else "# Hostile inputs: time and peak memory of the CLI refusing them"
    )
    lines = [
        title,
        "",
        f"Commit {revision}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"{platform.machine()}, Python {platform.python_version()}; 2 cores shared with other "
        f"jobs (load average {load}). Each file is generated, then the real CLI runs on it in a "
        "fresh workspace as a child process; peak = that child's ru_maxrss, CPU = its user + "
        "system time (less sensitive than wall time to other jobs on the machine). Both times "
        "include starting the interpreter and opening the workspace (see the control row).",
        "",
        f"Target: refused (exit 2) in < {TARGET_SECONDS:g} s and < {TARGET_MIB:,} MiB peak; "
        "'on target' judges CPU time, as wall time on a shared machine also measures the other "
        "jobs.",
        "",
        "| input | file | command | exit | wall s | CPU s | peak MiB | on target | the user sees |",
        "|---|---:|---|---:|---:|---:|---:|---|---|",
    ]
    for o in outcomes:
        message = o.message if len(o.message) <= 220 else o.message[:217] + "…"
        lines.append(
            f"| {o.case.name} | {_size(o.size)} | `aidtrace {' '.join(o.case.command)}` | "
            f"{o.exit_code} | {o.seconds:.2f} | {o.cpu_seconds:.2f} | {o.peak_mib:,.0f} | "
            f"{o.on_target} | {message.replace('|', '/')} |"
        )
    return "\n".join(lines) + "\n"


def phonetic_report(timings: dict[int, float]) -> str:
    rows = "".join(f"| {chars:,} | {seconds:.2f} |\n" for chars, seconds in timings.items())
    return (
        "\nPhonetic key of one name token of repeated vowels (the name tokenising an import "
        "does), in a child process:\n\n| token characters | seconds |\n|---:|---:|\n" + rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--src", type=Path, help="run the CLI of this source tree instead")
    parser.add_argument("--revision", help="the commit --src was taken from")
    parser.add_argument("--only", nargs="*", help="cases whose name contains one of these")
    parser.add_argument("--append", action="store_true", help="append to --out")
    parser.add_argument(
        "--phonetic", type=int, nargs="*", default=[300_000, 1_000_000], help="token lengths"
    )
    args = parser.parse_args()
    revision = args.revision or commit()
    cases = [c for c in CASES if not args.only or any(o in c.name for o in args.only)]
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="aidtrace-hostile-") as tmp:
        for case in cases:
            outcome = measure(case, Path(tmp), args.src)
            print(
                f"{case.name}: exit {outcome.exit_code}, {outcome.seconds:.2f} s "
                f"({outcome.cpu_seconds:.2f} s CPU), "
                f"{outcome.peak_mib:,.0f} MiB — {outcome.message[:160]}",
                flush=True,
            )
            outcomes.append(outcome)
    text = report(outcomes, revision, before=args.append)
    left_out = [c.name for c in CASES if c not in cases]
    if left_out:
        text += (
            f"\nNot run on this commit: {'; '.join(left_out)}. They take that code minutes or "
            "gigabytes, more than a shared machine should give.\n"
        )
    timings = {n: phonetic_seconds(n, args.src) for n in args.phonetic}
    text += phonetic_report(timings) if timings else ""
    if args.append and args.out.exists():
        text = args.out.read_text(encoding="utf-8") + "\n" + text
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
