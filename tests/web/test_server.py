"""`devatlas serve --workers N` as a user starts it: real processes on a real port, each with its own socket."""

from __future__ import annotations

import asyncio
import ctypes
import http.client
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from benchmarks.bench_web import client_ports_by_process, server_processes
from devatlas.web.server import ConnectionBalance, reuse_port_available
from tests.web.conftest import free_port

pytestmark = pytest.mark.skipif(not reuse_port_available(), reason="sockets of their own need SO_REUSEPORT")
DEVATLAS = str(Path(sys.executable).parent / "devatlas")


def _alive(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _serve(registry_url: str, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen([DEVATLAS, "serve", "--workers", "2", "--port", str(port), "--db", registry_url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**{k: v for k, v in os.environ.items() if k != "DEVATLAS_DATABASE_URL"},
                                 "DEVATLAS_PAGE_CACHE_MB": "0"})


@pytest.fixture
def server(registry_url: str) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    process = _serve(registry_url, port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/search?q=opština", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"the server did not answer: {process.communicate()[1][-2000:]}")
    yield process, port
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


def test_two_processes_answer_on_one_port_and_stop_together(server: tuple[subprocess.Popen[str], int]) -> None:
    """The processes build the app from the registry given on the command line, answer on one port, and end
    when the server is stopped."""
    process, port = server
    workers = server_processes(process.pid)
    assert len(workers) == 2
    page = httpx.get(f"http://127.0.0.1:{port}/search", params={"q": "Laktaši"}, timeout=10)
    assert page.status_code == 200 and "Lakta" in page.text
    for _ in range(20):  # a new connection each time: the kernel picks a process for each
        assert httpx.get(f"http://127.0.0.1:{port}/places/1", timeout=10).status_code in (200, 404)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert not [pid for pid in workers if _alive(pid)]


def test_a_second_server_on_a_busy_port_says_so_instead_of_sharing_it(
        server: tuple[subprocess.Popen[str], int], registry_url: str) -> None:
    _, port = server
    second = _serve(registry_url, port)
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in stderr and "Traceback" not in stderr


def test_the_processes_end_when_the_server_is_killed_outright(server: tuple[subprocess.Popen[str], int]) -> None:
    process, _ = server
    workers = server_processes(process.pid)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


def test_processes_still_starting_end_when_the_server_is_killed_outright(registry_url: str) -> None:
    """Killed while its processes are still building their apps (seconds after they start), the server leaves
    none behind: each knows its parent by the pid the parent gave it, not by asking once its app is built."""
    process = _serve(registry_url, free_port())
    deadline = time.monotonic() + 30
    while len(workers := server_processes(process.pid)) < 2:
        assert time.monotonic() < deadline, "the server started no processes"
        time.sleep(0.05)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 60
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    leftover = [pid for pid in workers if _alive(pid)]
    for pid in leftover:
        os.kill(pid, signal.SIGKILL)
    assert not leftover


def _answer_headers(counts: list[int], index: int, held: int) -> list[tuple[bytes, bytes]]:
    """The headers a process answers with while it holds `held` connections and the others' counts are `counts`."""

    async def app(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})  # type: ignore[operator]

    sent: list[dict] = []  # type: ignore[type-arg]

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        sent.append(message)

    shared = (ctypes.c_int * len(counts))(*counts)
    balance = ConnectionBalance(app, shared, index)
    balance.connections = range(held)
    with ThreadPoolExecutor(1) as own_loop:  # a thread of its own: the suite may have a loop running in this one
        own_loop.submit(asyncio.run, balance({"type": "http"}, None, send)).result()  # type: ignore[arg-type]
    assert shared[index] == held  # published for the others
    return sent[0]["headers"]


def test_a_process_over_its_share_of_connections_asks_the_client_to_reconnect() -> None:
    close = (b"connection", b"close")
    assert close in _answer_headers([0, 24], 0, held=27)  # 27 of 51: over 25.5 + 1
    assert close not in _answer_headers([0, 24], 0, held=26)  # off by one from an even split: left alone
    assert close not in _answer_headers([0, 27], 0, held=23)  # under its share
    assert close in _answer_headers([0, 0, 0], 0, held=2)  # two where the others hold none
    assert close not in _answer_headers([0], 0, held=50)  # a single process has nobody to hand clients to


def _connect(port: int, processes: list[int]) -> tuple[http.client.HTTPConnection, int]:
    """A new connection and the process that accepted it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.connect()
    client_port = connection.sock.getsockname()[1]
    deadline = time.monotonic() + 10
    while (holder := client_ports_by_process(port, processes).get(client_port)) is None:
        assert time.monotonic() < deadline, "no server process accepted the connection"
        time.sleep(0.02)
    return connection, holder


def _asked_to_reconnect(connection: http.client.HTTPConnection) -> bool:
    connection.request("GET", "/login")
    answer = connection.getresponse()
    answer.read()
    assert answer.status == 200
    return (answer.getheader("connection") or "").lower() == "close"


def test_clients_piled_on_one_process_are_spread_over_both(server: tuple[subprocess.Popen[str], int]) -> None:
    """Ten keep-alive clients all on one process (the others' connections closed as they land): answers ask some
    to reconnect, and clients that do end up split evenly, give or take one."""
    process, port = server
    workers = server_processes(process.pid)
    first, busy = _connect(port, workers)
    pool = [first]
    while len(pool) < 10:
        connection, holder = _connect(port, workers)
        if holder == busy:
            pool.append(connection)
        else:
            connection.close()
    time.sleep(0.3)  # the other process publishes that it holds nothing
    asked = [_asked_to_reconnect(connection) for connection in pool]
    assert sum(asked) >= 5, asked
    for _ in range(10):  # clients reconnect when asked, and the kernel places the new connections
        for index, connection in enumerate(pool):
            if _asked_to_reconnect(connection):
                connection.close()
                pool[index] = _connect(port, workers)[0]
    held = Counter(client_ports_by_process(port, workers).values())
    assert sum(held.values()) == 10 and max(held.values()) - min(held.values()) <= 2, held
    for connection in pool:
        connection.close()
