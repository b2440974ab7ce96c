"""Shared fixtures: real stores (SQLite files in temporary folders, databases on a throwaway
PostgreSQL cluster), a fixed clock, loopback only."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.store import Store
from tests import postgres

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parent.parent

# Test files whose `store` is each engine in turn: the repositories behave the same on both.
# A test among them named `test_sqlite_…` checks what only the SQLite file has (its PRAGMAs,
# backup, the file lock) and runs on SQLite alone.
BOTH_ENGINES = (
    "tests/store/",
    "tests/smm/test_store_reads.py",
    "tests/insights/",
    "tests/alerting/test_money_rank.py",
    "tests/test_engine_setup.py",
    "tests/test_responses.py",
    "tests/ingest/test_follower.py",
    "tests/connectors/test_meta_webhook.py",
    "tests/connectors/test_generic_webhook.py",
    "tests/handlers/test_console_and_actions.py",
    "tests/handlers/slack/",
    "tests/handlers/telegram/test_webhook.py",
    "tests/workers/test_send_started.py",
    "tests/workers/test_send_fence.py",
    "tests/workers/test_schedule_takeover.py",
    "tests/workers/test_heartbeat.py",
    "tests/ingest/test_unread_files.py",
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_target" not in metafunc.fixturenames or "sqlite" in metafunc.function.__name__:
        return
    where = metafunc.definition.path.relative_to(REPO).as_posix()
    if where.startswith(BOTH_ENGINES):
        # The PostgreSQL case needs the throwaway cluster (seconds to start, a database per
        # test): it runs in `make test`, not in the quick `-m "not slow"` set.
        postgres_case = pytest.param("postgres", marks=pytest.mark.slow)
        metafunc.parametrize("store_target", ["sqlite", postgres_case], indirect=True)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Before `-m` deselects: a test that asks for the PostgreSQL cluster itself is slow too.
    for item in items:
        if "postgres_cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres.Cluster]:
    """One throwaway PostgreSQL cluster for the whole run (tests/postgres.py). Missing server
    programs fail the tests that need it, with how to install them: never a silent skip."""
    try:
        cluster = postgres.start()
    except postgres.ClusterMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: postgres.Cluster) -> str:
    """The URL of a new, empty PostgreSQL database of this test's own."""
    return postgres_cluster.new_database()


@pytest.fixture
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where `store` lives: a SQLite file, or (for BOTH_ENGINES) a PostgreSQL URL in turn."""
    if getattr(request, "param", "sqlite") == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return tmp_path / "test.db"


@pytest.fixture
async def store(store_target: Path | str) -> AsyncIterator[Store]:
    opened = await Store.open(store_target, clock=lambda: NOW)
    try:
        yield opened
    finally:
        await opened.close()


# --- The network guard -------------------------------------------------------------------
# Tests talk to servers they start on this machine (the Slack and Telegram fakes, the chat
# model, the health endpoint) and to nothing else. Every connection, name lookup and datagram
# from the test process is checked before it leaves: one beyond loopback raises at once, naming
# the address, and fails its test even when the code under test swallows the error. Processes a
# test starts (telegram-test-api under node, the bot in a crash drill) are not covered; their
# tests point them at loopback ports.


class OffLoopbackConnection(RuntimeError):
    """A test tried to reach an address beyond this machine's loopback interface."""


# Hosts a name lookup may ask for: loopback names, and the wildcards a server binds to.
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost", "ip6-loopback"})
_BIND_ANY = frozenset({"", "0.0.0.0", "::"})
# Every attempt beyond loopback since the current test started, kept so that a test whose code
# catches the guard's error still fails.
_reached: list[str] = []
_originals: dict[str, Any] = {}


def _host_text(host: object) -> str:
    if isinstance(host, bytes):
        return host.decode("ascii", "replace")
    return str(host)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) stays on this machine's loopback interface."""
    name = host.strip("[]").split("%", 1)[0]
    if name.lower() in _LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def _refuse(what: str, host: str, port: object) -> None:
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    _reached.append(f"{what} {target}")
    raise OffLoopbackConnection(
        f"{what} {target} refused: tests reach only loopback (127.0.0.0/8, ::1, localhost, "
        "unix sockets); serve what the test needs on 127.0.0.1 (network guard, tests/conftest.py)"
    )


def _check_address(what: str, address: object) -> None:
    # AF_INET and AF_INET6 addresses are tuples starting with the host; unix socket paths
    # (str or bytes) and other families' addresses never leave the machine.
    if isinstance(address, tuple) and address and isinstance(address[0], str | bytes):
        host = _host_text(address[0])
        if not is_loopback(host):
            _refuse(what, host, address[1] if len(address) > 1 else "?")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check_address("connect to", address)
    _originals["connect"](self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check_address("connect to", address)
    result: int = _originals["connect_ex"](self, address)
    return result


def _guarded_sendto(self: socket.socket, data: Any, *rest: Any) -> int:
    # sendto(data, address) or sendto(data, flags, address)
    if rest:
        _check_address("datagram to", rest[-1])
    result: int = _originals["sendto"](self, data, *rest)
    return result


def _guarded_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and _host_text(host) not in _BIND_ANY and not is_loopback(_host_text(host)):
        _refuse("name lookup of", _host_text(host), port)
    return _originals["getaddrinfo"](host, port, *args, **kwargs)


def _guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    _check_address("connect to", address)
    made: socket.socket = _originals["create_connection"](address, *args, **kwargs)
    return made


_GUARDS: dict[str, tuple[Any, Callable[..., Any]]] = {
    "connect": (socket.socket, _guarded_connect),
    "connect_ex": (socket.socket, _guarded_connect_ex),
    "sendto": (socket.socket, _guarded_sendto),
    "getaddrinfo": (socket, _guarded_getaddrinfo),
    "create_connection": (socket, _guarded_create_connection),
}


def pytest_configure(config: pytest.Config) -> None:
    # Installed before collection, so a module that connects on import is caught too.
    for name, (owner, guard) in _GUARDS.items():
        if name in _originals:
            continue
        _originals[name] = getattr(owner, name)
        setattr(owner, name, guard)


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, (owner, _guard) in _GUARDS.items():
        if name in _originals:
            setattr(owner, name, _originals.pop(name))


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[list[str]]:
    """Fails the test if it tried to reach beyond loopback, even when the error was caught.

    A test that means to trigger the guard clears the list it is given.
    """
    _reached.clear()
    yield _reached
    if _reached:
        attempts = "; ".join(dict.fromkeys(_reached))
        _reached.clear()
        pytest.fail(f"the test tried to reach beyond loopback: {attempts}", pytrace=False)
