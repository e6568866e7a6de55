"""Fixtures for the web desk: a workspace with one user per role and signed-in clients."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role, add_user
from aidtrace.audit import open_log
from aidtrace.audit.frames import read_frame
from aidtrace.audit.log import LOG
from aidtrace.audit.verify import load_tree
from aidtrace.demo.job import run_demo
from aidtrace.events import Event, decode
from aidtrace.web import create_app
from aidtrace.web.seed import seed
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
UN_2026 = SHARED_DATA / "watchlists" / "un" / "un_consolidated_2026-02-27.xml"
PASSWORD = "correct horse battery"
# Argon2id at minimal cost: verification is what tests exercise, not the work factor.
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
USERS = {role: role.value.replace("_", "-") for role in Role}


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One workspace with a user per role, built once (Argon2id hashing is slow on purpose)."""
    root = tmp_path_factory.mktemp("template")
    path = root / "ws"
    with Workspace.create(path, key_file=root / "keys" / "root.key", clock=FakeClock()) as ws:
        for role, name in USERS.items():
            add_user(ws, name, PASSWORD, role, display_name=f"{name.title()} User", hasher=CHEAP)
    return path


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, template_workspace: Path) -> Path:
    """The template plus the real UN list (2026-02-27) and screening alerts raised against it."""
    path = tmp_path_factory.mktemp("seeded") / "ws"
    shutil.copytree(template_workspace, path)
    with Workspace.open(path, clock=FakeClock()) as ws:
        seed(ws, UN_2026)
    return path


@pytest.fixture
def seeded_path(tmp_path: Path, seeded_template: Path) -> Path:
    path = tmp_path / "seeded"
    shutil.copytree(seeded_template, path)
    return path


@pytest.fixture
def seeded_client(seeded_path: Path, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(seeded_path, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def desk_path(tmp_path: Path, template_workspace: Path) -> Path:
    """A private copy of the template workspace (same key file, which tests only read)."""
    path = tmp_path / "ws"
    shutil.copytree(template_workspace, path)
    return path


@pytest.fixture
def app_factory(desk_path: Path, clock: FakeClock) -> Callable[..., TestClient]:
    def make(**settings: object) -> TestClient:
        app = create_app(
            desk_path,
            settings=WebSettings(secure_cookies=False, **settings),
            clock=clock,  # type: ignore[arg-type]
        )
        return TestClient(app, raise_server_exceptions=False)

    return make


@pytest.fixture
def client(app_factory: Callable[..., TestClient]) -> Iterator[TestClient]:
    with app_factory() as c:
        yield c


def csrf(client: TestClient) -> str:
    token: str = client.get("/api/csrf").json()["csrf_token"]
    return token


def sign_in(client: TestClient, role: Role) -> str:
    """Sign ``client`` in as the user of ``role``; returns the CSRF token for later posts."""
    token = csrf(client)
    r = client.post(
        "/api/session",
        json={"username": USERS[role], "password": PASSWORD},
        headers={"x-csrf-token": token},
    )
    assert r.status_code == 200, r.text
    return token


@pytest.fixture
def login() -> Callable[[TestClient, Role], str]:
    return sign_in


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo scenario (tiny) run end to end: every alert kind the monitors raise, on people,
    organisations, payrolls and money; plus a user per role. Built once (about half a minute)."""
    root = tmp_path_factory.mktemp("demo")
    run_demo(root / "demo", seed=1, scale="tiny")
    path = root / "demo" / "workspace"
    with Workspace.open(path, clock=FakeClock()) as ws:
        for role, name in USERS.items():
            add_user(ws, name, PASSWORD, role, display_name=f"{name.title()} User", hasher=CHEAP)
    return path


@pytest.fixture
def demo_client(tmp_path: Path, demo_template: Path, clock: FakeClock) -> Iterator[TestClient]:
    """A desk over a private copy of the demo workspace (its key file stays where the demo put
    it, outside the workspace, and is only read)."""
    path = tmp_path / "demo"
    shutil.copytree(demo_template, path)
    app = create_app(path, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def audit_events(ws: Workspace) -> list[Event]:
    """Every event in the workspace's audit log, in order."""
    log = open_log(ws)
    _, _, offsets = load_tree(log)
    blob = log.path(LOG).read_bytes()
    frames = [read_frame(blob, offset) for offset in offsets]
    return [decode(f.entry) for f in frames if f is not None]
