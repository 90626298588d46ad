"""`devatlas serve --workers N` as a user starts it: real processes on a real port, each with its own socket."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devatlas.web.server import reuse_port_available
from tests.web.conftest import free_port

pytestmark = pytest.mark.skipif(not reuse_port_available(), reason="sockets of their own need SO_REUSEPORT")
DEVATLAS = str(Path(sys.executable).parent / "devatlas")


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, read from /proc (no `ps` needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


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
    workers = [pid for pid in _children(process.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
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
    workers = [pid for pid in _children(process.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    process.kill()
    process.wait()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]
