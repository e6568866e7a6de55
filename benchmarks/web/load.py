"""Load test of the web desk: 50 concurrent users browsing and deciding, on loopback.

    python benchmarks/web/load.py [--workspace WS] [--runs 50:1 50:0 1:0] [--iterations 2]

Without ``--workspace`` it first builds a demo-like desk (``demo_desk.py``, scale 10k) in a
temporary directory. The server is the real ``aidtrace serve`` (one uvicorn process) on
127.0.0.1; the users are asyncio tasks with their own sessions. Each iteration of a user's
script reads the dashboard, the queue (sorted and filtered), an alert's evidence and its case,
comments on the case and records a decision, types a name into the screening box (three
requests, as the page does while typing) and opens the lists page. Sign-ins (Argon2id) are
timed apart. Results go to ``results.json`` and ``results.md`` beside this script.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from demo_desk import PASSWORD, build, load_users

HERE = Path(__file__).parent
NAMES = ("Abdul Ghani Baradar", "عبدالغنی برادر", "Sirajuddin Haqqani", "Mohammad Hassan")
Sample = tuple[str, float, int]  # route, seconds, status
# Where results.md's hand-written sections begin (CPU per request from profile_requests.py).
KEPT = "## CPU per request"


class User:
    def __init__(self, base: str, name: str, samples: list[Sample], think: float = 0.0) -> None:
        self.client = httpx.AsyncClient(base_url=base, timeout=60)
        self.name, self.samples, self.cookies, self.token = name, samples, "", ""
        self.think, self.rng = think, random.Random(name)

    async def call(self, route: str, method: str, url: str, **kw: object) -> httpx.Response:
        # Session cookies are Secure: httpx keeps them from plain HTTP, so they go by hand.
        headers = {"cookie": self.cookies, "x-csrf-token": self.token}
        if self.think and route not in ("sign-in", "setup"):
            # A person reads a page before the next click: 0.5–1.5 × the mean think time.
            await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
        start = time.perf_counter()
        r = await self.client.request(method, url, headers=headers, **kw)  # type: ignore[arg-type]
        self.samples.append((route, time.perf_counter() - start, r.status_code))
        return r

    async def sign_in(self) -> None:
        r = await self.client.get("/api/csrf")
        nonce = r.cookies.get("aidtrace_csrf") or _cookie(r, "aidtrace_csrf")
        self.cookies, self.token = f"aidtrace_csrf={nonce}", r.json()["csrf_token"]
        body = {"username": self.name, "password": PASSWORD}
        r = await self.call("sign-in", "POST", "/api/session", json=body)
        r.raise_for_status()
        self.cookies += f"; aidtrace_session={_cookie(r, 'aidtrace_session')}"


def _cookie(r: httpx.Response, name: str) -> str:
    for value in r.headers.get_list("set-cookie"):
        if value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    raise RuntimeError(f"no {name} cookie")


async def iteration(
    u: User, alerts: list[dict[str, str]], cases: dict[str, str], kinds: list[str]
) -> None:
    rng = random.Random(f"{u.name}{len(u.samples)}")
    alert = rng.choice(alerts)
    case_id = cases[alert["alert_id"]]
    await u.call("dashboard", "GET", "/")
    await u.call("queue", "GET", "/alerts?sort=severity")
    await u.call("queue", "GET", f"/alerts?kind={rng.choice(kinds)}&sort=newest")
    await u.call("alert", "GET", f"/alerts/{alert['alert_id']}")
    await u.call("case", "GET", f"/cases/{case_id}")
    form = {"csrf_token": u.token, "body": f"checked by {u.name}"}
    await u.call("comment", "POST", f"/cases/{case_id}/comment", data=form)
    form = {
        "csrf_token": u.token,
        "outcome": "escalate",
        "rationale": f"{u.name}: needs a field visit",
    }
    await u.call("decide", "POST", f"/cases/{case_id}/decide", data=form)
    await u.call("case", "GET", f"/cases/{case_id}")
    name = rng.choice(NAMES)
    for cut in (len(name) // 3, 2 * len(name) // 3, len(name)):
        await u.call("screening", "GET", "/screening/results", params={"q": name[:cut]})
    await u.call("lists", "GET", "/lists")


async def run_users(
    base: str, users: int, iterations: int, seconds: float, think: float
) -> tuple[list[Sample], float]:
    samples: list[Sample] = []
    people = [User(base, name, samples, think) for name, _ in load_users(users)]
    gate = asyncio.Semaphore(4)  # Argon2id is meant to be slow: 50 at once on 2 cores time out

    async def sign_in(p: User) -> None:
        async with gate:
            await p.sign_in()

    await asyncio.gather(*(sign_in(p) for p in people))
    opener = people[0]
    listing = (await opener.call("setup", "GET", "/api/alerts?page=1")).json()
    alerts = listing["alerts"]
    for page in range(2, listing["pages"] + 1):
        alerts += (await opener.call("setup", "GET", f"/api/alerts?page={page}")).json()["alerts"]
    cases: dict[str, str] = {}
    for a in alerts:  # one case per alert, opened before the clock starts
        r = await opener.call("setup", "POST", "/api/cases", json={"alert_ids": [a["alert_id"]]})
        if r.status_code != 201:  # already in a case (a rerun on the same workspace)
            r = await opener.call("setup", "GET", f"/api/alerts/{a['alert_id']}")
        cases[a["alert_id"]] = r.json()["case_id"]
    kinds = sorted({a["kind"] for a in alerts})
    deadline = time.monotonic() + seconds

    async def script(u: User) -> None:
        for _ in range(iterations):
            if time.monotonic() > deadline:
                return
            await iteration(u, alerts, cases, kinds)

    start = time.perf_counter()
    await asyncio.gather(*(script(p) for p in people))
    elapsed = time.perf_counter() - start
    for p in people:
        await p.client.aclose()
    return samples, elapsed


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def summarise(
    samples: list[Sample], elapsed: float, users: int, think: float, load_before: float
) -> dict[str, object]:
    measured = [s for s in samples if s[0] not in ("sign-in", "setup")]
    by_route: dict[str, list[float]] = defaultdict(list)
    for route, secs, _ in samples:
        by_route[route].append(secs)
    lat = [s[1] for s in measured]
    return {
        "users": users,
        "think_s": think,
        "requests": len(measured),
        "errors": sum(1 for s in measured if s[2] >= 400),
        "elapsed_s": round(elapsed, 1),
        "requests_per_s": round(len(measured) / elapsed, 1),
        "p50_ms": round(_pct(lat, 0.50), 1),
        "p95_ms": round(_pct(lat, 0.95), 1),
        "p99_ms": round(_pct(lat, 0.99), 1),
        "max_ms": round(max(lat) * 1000, 1),
        "routes": {
            r: {"n": len(v), "p50_ms": round(_pct(v, 0.5), 1), "p95_ms": round(_pct(v, 0.95), 1)}
            for r, v in sorted(by_route.items())
        },
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "commit": code_commit(),
        "machine": f"{os.cpu_count()} cores shared with other work (1-minute load average "
        f"{load_before:.0f} at the start, {os.getloadavg()[0]:.0f} at the end), server and "
        "clients on one host",
    }


def code_commit() -> str:
    """The commit of the aidtrace code the server runs (the package this script imports), with
    "+changes" when its source differs from that commit."""
    import aidtrace

    src = Path(aidtrace.__file__).resolve().parent
    git = ["git", "-C", str(src)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "."], capture_output=True,
                           text=True)  # fmt: skip
    commit = head.stdout.strip() or "unknown"
    return f"{commit}+changes" if dirty.stdout.strip() else commit


def serve(ws: Path, port: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("aidtrace")
    proc = subprocess.Popen([str(exe), "-w", str(ws), "serve", "--port", str(port)])
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def write(runs: list[dict[str, object]]) -> None:
    (HERE / "results.json").write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")
    first = runs[0]
    lines = [
        "# Web desk load test",
        "",
        "Concurrent users on loopback against one `aidtrace serve` process, "
        f"demo scenario (scale 10k); {first['machine']}. Each user runs its script "
        "(dashboard, queue, alert, case, comment, decide, screening as-you-type, lists) with "
        "the given mean think time between requests; 0 is a stress run, no pause at all. "
        f"Code at commit `{first['commit']}`.",
        "",
        "| users | think s | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms "
        "| load avg start/end |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        *(
            f"| {r['users']} | {r['think_s']} | {r['requests']} | {r['errors']} | "
            f"{r['requests_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['max_ms']} | {r['load_average'][0]} / {r['load_average'][1]} |"  # type: ignore[index]
            for r in runs
        ),
        "",
    ]
    for r in runs:
        routes = r["routes"]
        assert isinstance(routes, dict)
        lines += [
            f"Per route, {r['users']} users, think time {r['think_s']} s:",
            "",
            "| route | n | p50 ms | p95 ms |",
            "|---|---:|---:|---:|",
            *(f"| {k} | {v['n']} | {v['p50_ms']} | {v['p95_ms']} |" for k, v in routes.items()),
            "",
        ]
    lines.append("Sign-ins (Argon2id, 64 MiB) and case set-up are timed apart, not in the totals.")
    (HERE / "results.md").write_text("\n".join(lines) + "\n" + _kept(), encoding="utf-8")


def _kept() -> str:
    """The sections of results.md written by hand (from ``KEPT`` on): a rerun keeps them."""
    path = HERE / "results.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    at = text.find(KEPT)
    return "\n" + text[at:] if at >= 0 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path)
    parser.add_argument(
        "--runs",
        nargs="+",
        default=["50:1.0", "50:0", "1:0"],
        help="USERS:THINK pairs, one run each (THINK: mean seconds between a user's requests)",
    )
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--port", type=int, default=8471)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plan = [(int(u), float(t)) for u, t in (r.split(":") for r in args.runs)]
        ws = args.workspace or build(Path(tmp), "10k", max(u for u, _ in plan))
        runs = []
        for users, think in plan:
            load_before = os.getloadavg()[0]
            proc = serve(ws, args.port)
            try:
                base = f"http://127.0.0.1:{args.port}"
                samples, elapsed = asyncio.run(
                    run_users(base, users, args.iterations, args.seconds, think)
                )
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            runs.append(summarise(samples, elapsed, users, think, load_before))
            print(json.dumps({k: v for k, v in runs[-1].items() if k != "routes"}, indent=2))
    write(runs)


if __name__ == "__main__":
    main()
