"""Serving the app from several processes, each with a listening socket of its own.

Pages are CPU-bound Python, so a busy server runs one process per core. When the processes share one listening
socket (uvicorn's own `--workers`), whichever process wakes first takes every connection waiting: 50 clients that
connect at once were split 9/41 or 18/32 between two processes, and as each client keeps its connection, the
clients of the busier process waited up to four times as long as the others for the whole run. With a socket per
process bound with SO_REUSEPORT, the kernel hands each new connection to one of them by a hash of its addresses,
an even split on average (24/26, 21/29, 19/31 in the same test). Where SO_REUSEPORT is missing, uvicorn's shared
socket is used.

An even split on average is still an uneven one in many runs: 50 clients were split 33/17 in one of five, and the
33 waited twice as long as the 17 for as long as they stayed connected. So each process publishes how many
connections it holds, and a process holding more than its share (by more than one) ends the connection of its next
answer (`Connection: close`). The client reconnects, and the kernel hands the new connection to a process by its
new address: over a few answers the split evens out, at the cost of one handshake for each connection moved.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Sized
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

APP = "devatlas.web.app:create_app"
STARTUP_SECONDS = 30.0  # a process that ends sooner than this after its start failed to start: no restart
STOP_SECONDS = 15.0  # how long the processes get to finish their requests when the server stops


class ServeError(Exception):
    """The server could not start; the message says why."""


def reuse_port_available() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _address(host: str, port: int) -> tuple[socket.AddressFamily, tuple]:  # type: ignore[type-arg]
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}: {exc.strerror}") from None
    return family, address


def check_port_free(host: str, port: int) -> None:
    """Raise ServeError when something listens on the address already. Bound without SO_REUSEPORT on purpose:
    sockets with it would otherwise join another server's group on the same port and share its clients."""
    family, address = _address(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _listening_socket(host: str, port: int) -> socket.socket:
    family, address = _address(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(2048)
    return sock


class ConnectionBalance:
    """ASGI wrapper of one server process: publishes the connections this process holds in `counts[index]` and
    closes the connection of an answer while the process holds more than its share of all processes' connections
    (the share plus one: a split off by one is left alone, or an odd count would move a connection forever)."""

    def __init__(self, app: ASGIApp, counts: ctypes.Array[ctypes.c_int], index: int) -> None:
        self.app, self.counts, self.index = app, counts, index
        self.connections: Sized = ()  # the server's open connections, set once the server exists

    def publish(self) -> int:
        held = self.counts[self.index] = len(self.connections)
        return held

    def over_share(self) -> bool:
        held = self.publish()
        return held > sum(self.counts) / len(self.counts) + 1

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_balanced(message: Message) -> None:
            if message["type"] == "http.response.start" and self.over_share():
                MutableHeaders(scope=message).append("connection", "close")
            await send(message)

        await self.app(scope, receive, send_balanced)


def _worker(host: str, port: int, log_level: str, counts: ctypes.Array[ctypes.c_int], index: int,
            parent: int) -> None:
    """One server process; it ends once `parent` (the process that started it, named by the parent itself: one
    killed while this one was still building its app would otherwise go unnoticed) is gone."""
    import uvicorn

    from devatlas.web.app import create_app

    class PublishingServer(uvicorn.Server):
        """Publishes its connection count on uvicorn's tick (ten times a second), so a process with no answers
        to give, whose clients left, does not go on reporting the connections it had."""

        async def on_tick(self, counter: int) -> bool:
            balance.publish()
            return await super().on_tick(counter)

    sock = _listening_socket(host, port)
    balance = ConnectionBalance(create_app(), counts, index)
    server = PublishingServer(uvicorn.Config(balance, host=host, port=port, log_level=log_level))
    balance.connections = server.server_state.connections
    threading.Thread(target=_end_with_parent, args=(server, parent), daemon=True).start()
    server.run(sockets=[sock])


def _end_with_parent(server: Any, parent: int) -> None:
    """Stop serving once the process that started this one is gone (killed outright, it could not stop its
    processes, which would go on holding the port)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    server.should_exit = True


def serve_processes(host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """Run `workers` server processes until SIGINT or SIGTERM; a process that dies while serving is replaced."""
    if not reuse_port_available():
        import uvicorn

        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level=log_level)
        return
    check_port_free(host, port)
    context = multiprocessing.get_context("spawn")  # each process imports and builds its own app
    counts = context.Array("i", workers, lock=False)  # the connections each process holds (see ConnectionBalance)
    stopping: list[int] = []

    def start(index: int) -> tuple[BaseProcess, float]:
        counts[index] = 0
        process = context.Process(target=_worker, args=(host, port, log_level, counts, index, os.getpid()),
                                  name="devatlas-web")
        process.start()
        return process, time.monotonic()

    def stop(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    running = [start(index) for index in range(workers)]
    try:
        while not stopping:
            wait([process.sentinel for process, _ in running], timeout=1.0)
            for index, (process, started) in enumerate(running):
                if process.is_alive() or stopping:
                    continue
                if time.monotonic() - started < STARTUP_SECONDS:
                    raise ServeError(f"a server process ended as it started (exit code {process.exitcode})")
                print(f"devatlas: a server process ended (exit code {process.exitcode}); starting another",
                      file=sys.stderr)
                running[index] = start(index)
    finally:
        for process, _ in running:
            if process.is_alive():
                process.terminate()  # uvicorn finishes the requests under way, then ends
        deadline = time.monotonic() + STOP_SECONDS
        for process, _ in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
