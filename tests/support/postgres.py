"""A real PostgreSQL server for the tests: the one named by DEVATLAS_TEST_POSTGRES_URL, or a private cluster
started on 127.0.0.1 from Debian's `postgresql` package (installed first when missing and we are root)."""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _install() -> None:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise PostgresUnavailable("PostgreSQL is not installed and cannot be installed here (not root or no apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"], check=True,
                   env=env, capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


def start_postgres() -> str:
    """A URL of a running server with an empty database; the private cluster stops when the tests end."""
    url = os.environ.get("DEVATLAS_TEST_POSTGRES_URL")
    if url:
        return url
    bin_dir = _bin_dir()
    if bin_dir is None:
        _install()
        bin_dir = _bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable("PostgreSQL binaries not found after installing")
    data = Path(tempfile.mkdtemp(prefix="devatlas-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data / "db"), "-U", "devatlas", "-A", "trust",
                                 "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
    port = _free_port()
    log = data / "server.log"
    subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data / "db"), "-l", str(log), "-w", "-o",
                                 f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off", "start"]),
                   check=True, capture_output=True)
    def stop() -> None:
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(data, ignore_errors=True)

    atexit.register(stop)
    deadline = time.time() + 30
    while time.time() < deadline:
        done = subprocess.run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "devatlas",
                               "devatlas_test"], capture_output=True)
        if done.returncode == 0:
            return f"postgresql+psycopg://devatlas@127.0.0.1:{port}/devatlas_test"
        time.sleep(0.5)
    raise PostgresUnavailable(f"PostgreSQL did not start; see {log}")
