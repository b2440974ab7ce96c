"""The test network guard: anything beyond loopback fails at once, loopback keeps working."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from tests.conftest import REPO, OffLoopbackConnection, is_loopback

# TEST-NET-1 and its IPv6 twin (RFC 5737, RFC 3849): documentation addresses nothing answers,
# so without the guard a connection there hangs until its timeout or fails as unreachable.
TEST_NET = "192.0.2.1"
TEST_NET_V6 = "2001:db8::1"
# Without the guard a connection to TEST-NET would wait this long; the guard answers at once.
HANG_GUARD_S = 20.0


@pytest.fixture
def expect_refusals(loopback_only: list[str]) -> Iterator[list[str]]:
    """The guard's record for a test that means to trip it; checked, then cleared."""
    yield loopback_only
    assert loopback_only, "the guard recorded no attempt beyond loopback"
    loopback_only.clear()


def test_a_connection_beyond_loopback_raises_the_guard_error_naming_the_address(
    expect_refusals: list[str],
) -> None:
    with socket.socket() as sock:
        sock.settimeout(HANG_GUARD_S)
        with pytest.raises(OffLoopbackConnection, match=r"connect to 192\.0\.2\.1:9 refused"):
            sock.connect((TEST_NET, 9))
        with pytest.raises(OffLoopbackConnection, match=r"192\.0\.2\.1:9"):
            sock.connect_ex((TEST_NET, 9))
    with pytest.raises(OffLoopbackConnection, match=r"192\.0\.2\.1:80"):
        socket.create_connection((TEST_NET, 80), timeout=HANG_GUARD_S)
    with pytest.raises(OffLoopbackConnection, match=r"\[2001:db8::1\]:443"):
        socket.create_connection((TEST_NET_V6, 443), timeout=HANG_GUARD_S)
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        pytest.raises(OffLoopbackConnection, match=r"datagram to 192\.0\.2\.1:53"),
    ):
        udp.sendto(b"?", (TEST_NET, 53))
    assert expect_refusals[0] == "connect to 192.0.2.1:9"


def test_a_name_lookup_beyond_loopback_raises_before_any_query_leaves(
    expect_refusals: list[str],
) -> None:
    with pytest.raises(OffLoopbackConnection, match=r"name lookup of example\.org:443"):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(OffLoopbackConnection, match=r"example\.org:80"):
        socket.create_connection(("example.org", 80), timeout=HANG_GUARD_S)


async def test_asyncio_and_aiohttp_clients_are_guarded_too(expect_refusals: list[str]) -> None:
    with pytest.raises(OffLoopbackConnection, match=r"192\.0\.2\.1:443"):
        await asyncio.wait_for(asyncio.open_connection(TEST_NET, 443), HANG_GUARD_S)
    timeout = aiohttp.ClientTimeout(total=HANG_GUARD_S)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        with pytest.raises(OffLoopbackConnection, match=r"slack\.com"):
            await http.get("https://slack.com/api/auth.test")


def test_loopback_unix_sockets_and_server_binds_still_work() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        for host in ("127.0.0.1", "localhost"):
            with socket.create_connection((host, port), timeout=HANG_GUARD_S) as client:
                accepted, _ = server.accept()
                with accepted:
                    client.sendall(b"ping")
                    assert accepted.recv(4) == b"ping"
    # Servers bind to every interface by name lookup of the wildcard.
    assert socket.getaddrinfo("0.0.0.0", 0, type=socket.SOCK_STREAM)
    assert socket.getaddrinfo(None, 0, type=socket.SOCK_STREAM)
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"unix")
        assert right.recv(4) == b"unix"


def test_unix_socket_paths_pass(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.sock")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        server.listen()
        with socket.socket(socket.AF_UNIX) as client:
            client.settimeout(HANG_GUARD_S)
            client.connect(path)
            accepted, _ = server.accept()
            accepted.close()


async def test_a_local_aiohttp_server_answers_through_the_guard() -> None:
    app = web.Application()

    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="hello")

    app.router.add_get("/", hello)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        timeout = aiohttp.ClientTimeout(total=HANG_GUARD_S)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            for host in ("127.0.0.1", "localhost"):
                async with http.get(f"http://{host}:{port}/") as response:
                    assert await response.text() == "hello"
    finally:
        await runner.cleanup()


def test_ipv6_loopback_passes() -> None:
    if not socket.has_ipv6:
        pytest.skip("this Python has no IPv6 support")
    with socket.socket(socket.AF_INET6) as server:
        try:
            server.bind(("::1", 0))
        except OSError as error:
            pytest.skip(f"no ::1 on this machine: {error}")
        server.listen()
        with socket.create_connection(("::1", server.getsockname()[1]), HANG_GUARD_S):
            accepted, _ = server.accept()
            accepted.close()


@pytest.mark.parametrize(
    ("host", "stays"),
    [
        ("127.0.0.1", True),
        ("127.45.6.7", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("10.0.0.1", False),
        ("192.168.1.10", False),
        ("172.16.0.1", False),
        ("0.0.0.0", False),
        ("::ffff:192.0.2.1", False),
        ("fe80::1%lo", False),
        ("localhost.example.org", False),
        ("api.telegram.org", False),
    ],
)
def test_only_loopback_addresses_and_names_count_as_local(host: str, stays: bool) -> None:
    assert is_loopback(host) is stays


@pytest.mark.slow
def test_a_caught_guard_error_still_fails_its_test(tmp_path: Path) -> None:
    # Code under test that retries or logs on any exception must not hide a call outward: the
    # guard remembers the attempt and fails the test when it ends.
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n")
    (tmp_path / "test_swallow.py").write_text(
        "import socket\n\n\n"
        "def test_swallows():\n"
        "    try:\n"
        f"        socket.create_connection(({TEST_NET!r}, 443), timeout=1)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
            *("-o", "asyncio_default_fixture_loop_scope=function", "-c", os.devnull),
            *("--rootdir", str(tmp_path), str(tmp_path)),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S * 6,
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert "the test tried to reach beyond loopback: connect to 192.0.2.1:443" in run.stdout
    assert "1 passed, 1 error" in run.stdout


def test_the_guard_lets_threads_reach_loopback() -> None:
    # Worker threads (asyncio's resolver, the telegram emulator's helpers) pass through too.
    results: list[bool] = []

    def look_up() -> None:
        results.append(bool(socket.getaddrinfo("localhost", 80)))

    worker = threading.Thread(target=look_up)
    worker.start()
    worker.join(HANG_GUARD_S)
    assert results == [True]
