"""Where a web desk request's time goes: the load test's request mix, in-process, under cProfile.

    python benchmarks/web/profile_requests.py WORKSPACE [--iterations 20] [--top 40] [--save OUT]
                                                        [--no-profile] [--only decide,comment]

``WORKSPACE`` is one built by ``demo_desk.py`` (its users all have ``PASSWORD``). One signed-in
user runs the load script's iteration (dashboard, queue, alert, case, comment, decide,
screening as-you-type, lists) through an in-process client; the output is the time per route
(wall and CPU milliseconds: the process's CPU time, DuckDB's threads included, which stays
meaningful on a loaded machine where wall times do not) and the functions with the most
cumulative time; ``--no-profile`` measures without cProfile's overhead. No server, no network:
only the app's own work. FastAPI's thread pool is replaced by direct calls so that the profiler
(one thread) sees the routes' work; timings are therefore for one request at a time.
``--save`` also writes the profile (``pstats``) to compare runs by function: on a shared
machine the functions' shares of the total say more than wall times. ``--only`` profiles the
named routes alone (every route is still run and timed).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import fastapi.dependencies.utils
import fastapi.routing
import httpx
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))
from demo_desk import PASSWORD

from aidtrace.web import create_app
from aidtrace.web.settings import WebSettings

APPS: list[FastAPI] = []  # closed at the end, as a stopping server closes its desk
NAMES = ("Abdul Ghani Baradar", "عبدالغنی برادر", "Sirajuddin Haqqani", "Mohammad Hassan")


async def _inline(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    return func(*args, **kwargs)


def run_inline() -> None:
    """Sync routes and dependencies run on the event loop's thread, where cProfile looks."""
    fastapi.routing.run_in_threadpool = _inline  # type: ignore[assignment]
    fastapi.dependencies.utils.run_in_threadpool = _inline  # type: ignore[assignment]


async def signed_in(ws: Path) -> tuple[httpx.AsyncClient, str]:
    app = create_app(ws, settings=WebSettings(secure_cookies=False))
    APPS.append(app)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://desk")
    token = (await client.get("/api/csrf")).json()["csrf_token"]
    body = {"username": "load-01", "password": PASSWORD}
    r = await client.post("/api/session", json=body, headers={"x-csrf-token": token})
    r.raise_for_status()
    return client, token


async def open_cases(client: httpx.AsyncClient, token: str) -> dict[str, str]:
    """One case per alert of the first page (reused when the workspace already has them)."""
    cases: dict[str, str] = {}
    for a in (await client.get("/api/alerts?page=1")).json()["alerts"]:
        r = await client.post(
            "/api/cases", json={"alert_ids": [a["alert_id"]]}, headers={"x-csrf-token": token}
        )
        if r.status_code != 201:
            r = await client.get(f"/api/alerts/{a['alert_id']}")
        cases[a["alert_id"]] = r.json()["case_id"]
    return cases


class Profiled:
    """Which routes the profiler watches (none: it is never switched on)."""

    def __init__(self, profiler: cProfile.Profile | None, routes: frozenset[str] | None) -> None:
        self.profiler, self.routes = profiler, routes

    def watches(self, route: str) -> bool:
        return self.profiler is not None and (self.routes is None or route in self.routes)


UNPROFILED = Profiled(None, None)


async def mix(
    client: httpx.AsyncClient,
    token: str,
    cases: dict[str, str],
    rng: random.Random,
    profiled: Profiled = UNPROFILED,
) -> list[tuple[str, float, float, int]]:
    alert_id = rng.choice(sorted(cases))
    case_id = cases[alert_id]
    name = rng.choice(NAMES)
    form = {"csrf_token": token}
    steps = [
        ("dashboard", "GET", "/", {}),
        ("queue", "GET", "/alerts?sort=severity", {}),
        ("alert", "GET", f"/alerts/{alert_id}", {}),
        ("case", "GET", f"/cases/{case_id}", {}),
        ("comment", "POST", f"/cases/{case_id}/comment", {"data": {**form, "body": "checked"}}),
        (
            "decide",
            "POST",
            f"/cases/{case_id}/decide",
            {"data": {**form, "outcome": "escalate", "rationale": "needs a field visit"}},
        ),
        *(
            ("screening", "GET", f"/screening/results?q={name[:cut]}", {})
            for cut in (len(name) // 3, 2 * len(name) // 3, len(name))
        ),
        ("lists", "GET", "/lists", {}),
    ]
    timings = []
    for route, method, url, kw in steps:
        watched = profiled.watches(route)
        if watched and profiled.profiler is not None:
            profiled.profiler.enable()
        start, cpu = time.perf_counter(), time.process_time()
        r = await client.request(method, url, **kw)
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        if watched and profiled.profiler is not None:
            profiled.profiler.disable()
        timings.append((route, wall, used, r.status_code))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--save", type=Path, help="write the profile here (pstats format)")
    parser.add_argument("--no-profile", action="store_true", help="time only, no cProfile")
    parser.add_argument("--only", help="profile these routes alone (comma-separated)")
    args = parser.parse_args()
    run_inline()
    by_route: dict[str, list[float]] = defaultdict(list)
    cpu_by_route: dict[str, list[float]] = defaultdict(list)
    profiler = cProfile.Profile()

    async def session() -> None:
        client, token = await signed_in(args.workspace)
        cases = await open_cases(client, token)
        rng = random.Random(1)
        await mix(client, token, cases, rng)  # warm the caches, as a running desk would be
        only = frozenset(args.only.split(",")) if args.only else None
        profiled = Profiled(None if args.no_profile else profiler, only)
        for _ in range(args.iterations):
            for route, secs, cpu, status in await mix(client, token, cases, rng, profiled):
                assert status < 400, (route, status)
                by_route[route].append(secs * 1000)
                cpu_by_route[route].append(cpu * 1000)

    asyncio.run(session())
    for app in APPS:
        app.state.desk.close()  # the searches' events noted last are appended here
    total = 0.0
    for route, values in sorted(by_route.items()):
        values.sort()
        cpu = sorted(cpu_by_route[route])
        total += sum(cpu)
        print(
            f"{route:10} n={len(values):4} p50={values[len(values) // 2]:7.1f} ms"
            f"  cpu p50={cpu[len(cpu) // 2]:7.1f} mean={sum(cpu) / len(cpu):7.1f} ms"
        )
    requests = sum(len(v) for v in by_route.values())
    print(f"all        n={requests:4} cpu mean={total / requests:7.1f} ms per request")
    if args.no_profile:
        return
    if args.save:
        profiler.dump_stats(args.save)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
